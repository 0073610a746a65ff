"""ANSI X12 codec: 850, 855, 856, 810, 832, 997 and 999 in versions 004010 and 005010.

The set tables (segment order, loops, repeats, requirements) and the element
definitions follow the X12 004010 and 005010 standards; see ``schema`` and
each ``ts*`` module.

Public API:

* :func:`read_interchanges` - bytes or text to typed documents; never raises
  for bad input, every problem is an :class:`~..errors.EdiError` in the result
  (``unknown_segments="warn"`` skips well-formed segments the set's table
  does not define where they stand, as warnings).
* :func:`write_interchange` - an :class:`~..model.Interchange` to X12 text;
  raises :class:`~..errors.EdiValidationError` for a document it cannot write.
* :func:`functional_ack` - the 997/999 interchange answering a read result.
"""

from .ack import functional_ack
from .envelope import (
    GroupInfo,
    X12ReadResult,
    default_delimiters,
    read_interchanges,
    write_interchange,
)
from .schema import V4010, V5010, VERSIONS
from .syntax import Delimiters

__all__ = [
    "Delimiters",
    "GroupInfo",
    "V4010",
    "V5010",
    "VERSIONS",
    "X12ReadResult",
    "default_delimiters",
    "functional_ack",
    "read_interchanges",
    "write_interchange",
]
