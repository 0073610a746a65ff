"""One entry point for both EDI standards: read, write and acknowledge.

:func:`read` looks at the first bytes to pick the X12 or the EDIFACT codec,
:func:`write` and :func:`acknowledge` follow the interchange's ``standard``.
Callers (the Odoo addons, the ``edi-onboard`` command) never branch on the
standard themselves.
"""

import importlib
import logging

from .detect import EDIFACT, STANDARDS, X12, detect_standard
from .errors import EdiSyntaxError, ReadResult

_logger = logging.getLogger(__name__)

_CODEC_MODULES = {
    X12: "integration_core.edi.x12",
    EDIFACT: "integration_core.edi.edifact",
}


def codec(standard):
    """Return the codec package for ``standard`` (``"X12"`` or ``"EDIFACT"``)."""
    if standard not in _CODEC_MODULES:
        expected = ", ".join(STANDARDS)
        raise ValueError(f"unknown EDI standard {standard!r} (expected {expected})")
    return importlib.import_module(_CODEC_MODULES[standard])


#: How readers treat a well-formed segment the standard does not define where
#: it stands: reject the set (an error), or accept the set and report it as a
#: warning (``SetResult.warnings``) where the standard allows extra segments.
UNKNOWN_SEGMENTS_REJECT = "reject"
UNKNOWN_SEGMENTS_WARN = "warn"
UNKNOWN_SEGMENT_POLICIES = (UNKNOWN_SEGMENTS_REJECT, UNKNOWN_SEGMENTS_WARN)


def read(data, *, unknown_segments=UNKNOWN_SEGMENTS_REJECT):
    """Read every interchange in ``data`` (``bytes`` or ``str``), X12 or EDIFACT.

    Never raises for bad content: a file that is neither standard comes back
    as a :class:`~.errors.ReadResult` holding one :class:`~.errors.EdiSyntaxError`.

    :param unknown_segments: :data:`UNKNOWN_SEGMENTS_REJECT` (default) or
        :data:`UNKNOWN_SEGMENTS_WARN`, per trading partner.
    """
    if unknown_segments not in UNKNOWN_SEGMENT_POLICIES:
        raise ValueError(
            f"unknown_segments must be one of {UNKNOWN_SEGMENT_POLICIES}, "
            f"not {unknown_segments!r}"
        )
    try:
        standard = detect_standard(data)
    except EdiSyntaxError as error:
        _logger.info("EDI file not recognised: %s", error)
        return ReadResult(errors=[error])
    return codec(standard).read_interchanges(data, unknown_segments=unknown_segments)


def write(interchange):
    """Return ``interchange`` as X12 or EDIFACT text, per ``interchange.standard``."""
    return codec(interchange.standard).write_interchange(interchange)


def acknowledge(
    result, *, sender, receiver, control_number, prepared_at, standard=None
):
    """Return the functional acknowledgement (997/999 or CONTRL) for ``result``.

    :param result: the :class:`~.errors.ReadResult` of :func:`read`.
    :param standard: ``"X12"`` or ``"EDIFACT"``; found from ``result`` when
        omitted (its interchanges, else its set types: X12 ones are numeric).
    :raises ValueError: when the standard cannot be told from ``result``.
    """
    standard = standard or result_standard(result)
    return codec(standard).functional_ack(
        result,
        sender=sender,
        receiver=receiver,
        control_number=control_number,
        prepared_at=prepared_at,
    )


def result_standard(result):
    """Return the standard of what ``result`` read, or raise :class:`ValueError`."""
    for interchange in result.interchanges:
        if interchange.standard in STANDARDS:
            return interchange.standard
    for set_result in result.sets:
        if set_result.set_type:
            return X12 if set_result.set_type.isdigit() else EDIFACT
    raise ValueError(
        "cannot tell the EDI standard: the result holds no interchange or set"
    )
