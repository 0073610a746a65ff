"""UN/EDIFACT codec (D.96A and D.01B, EANCOM style) over pydifact.

Public API:

* :func:`read_interchanges` - bytes or text to a
  :class:`~integration_core.edi.errors.ReadResult`; never raises for bad input.
* :func:`write_interchange` - an :class:`~integration_core.edi.model.Interchange`
  to EDIFACT text; raises EdiValidationError for unwritable data.
* :func:`functional_ack` - a CONTRL interchange answering a ReadResult.
* :data:`X12_TO_REC20` / :data:`REC20_TO_X12` - the unit translation table.
"""

from .contrl import functional_ack
from .envelope import read_interchanges, write_interchange
from .syntax import SYNTAX_ENCODINGS
from .units import REC20_TO_X12, X12_TO_REC20

__all__ = [
    "REC20_TO_X12",
    "SYNTAX_ENCODINGS",
    "X12_TO_REC20",
    "functional_ack",
    "read_interchanges",
    "write_interchange",
]
