"""Tell an X12 interchange from an EDIFACT one by its first bytes.

An X12 interchange starts with ``ISA``; an EDIFACT one with the service string
advice ``UNA`` or directly with the interchange header ``UNB``. A byte order
mark and leading whitespace (some partners' translators add a newline) are
skipped. Anything else is not an interchange we can read.
"""

from .errors import EdiSyntaxError, Location

X12 = "X12"
EDIFACT = "EDIFACT"
STANDARDS = (X12, EDIFACT)

_BOMS = ("\ufeff", "\ufffe")
_UTF8_BOM = b"\xef\xbb\xbf"
_PREFIXES = {"ISA": X12, "UNA": EDIFACT, "UNB": EDIFACT}
_EXPECTED = "an X12 interchange starting with ISA or an EDIFACT one with UNA or UNB"
_PREVIEW_LENGTH = 16


def detect_standard(data):
    """Return :data:`X12` or :data:`EDIFACT` for the interchange in ``data``.

    :param data: the file's content, ``bytes`` or ``str``; only its start is
        looked at.
    :raises EdiSyntaxError: ``code="empty"`` when there is nothing but
        whitespace, ``code="unknown_standard"`` when it starts with anything
        else (binary garbage, XML, a CSV export...).
    """
    head = _text_head(data)
    if not head:
        raise EdiSyntaxError(
            "the file is empty",
            location=Location(segment_position=1),
            code="empty",
            expected=_EXPECTED,
        )
    standard = _PREFIXES.get(head[:3])
    if standard is None:
        raise EdiSyntaxError(
            f"the file starts with {head!r}, not an interchange header",
            location=Location(segment_position=1),
            code="unknown_standard",
            expected=_EXPECTED,
        )
    return standard


def _text_head(data):
    """Return the start of ``data`` as text, without BOM and leading whitespace."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if raw.startswith(_UTF8_BOM):
            raw = raw[len(_UTF8_BOM) :]
        # latin-1 maps every byte to one character, so garbage stays visible.
        return raw.lstrip()[:_PREVIEW_LENGTH].decode("latin-1")
    if isinstance(data, str):
        return data.lstrip("".join(_BOMS)).lstrip()[:_PREVIEW_LENGTH]
    raise TypeError(f"expected bytes or str, got {type(data).__name__}")
