"""X12 delimiters, decoding and the split of a file into interchanges and segments.

The delimiters come from each ISA segment: the element separator is its 4th
character, the component separator is ISA16, the segment terminator is the
character after ISA16 and, from version 00402 on, ISA11 is the repetition
separator. CR and LF after terminators (any line ending) are dropped unless
they are themselves a delimiter; leading whitespace and a byte order mark are
skipped. Every problem becomes an :class:`~..errors.EdiSyntaxError`.
"""

import dataclasses
import typing

from ..errors import EdiSyntaxError, Location

#: Length of a well-formed ISA segment, terminator included.
ISA_LENGTH = 106
_WHITESPACE = " \t\r\n\f\v\ufeff"


class Delimiters(typing.NamedTuple):
    element: str = "*"
    component: str = ">"
    repetition: str = ""  # ISA11 from 00402 on; empty in 004010
    segment: str = "~"
    suffix: str = ""  # written after each terminator, e.g. "\n" (writer only)


@dataclasses.dataclass
class RawInterchange:
    """One ISA...IEA stretch of a file, split into segment strings."""

    delimiters: Delimiters
    segments: list  # segment strings, no terminator, no line breaks
    first_segment_number: int  # 1-based position of the ISA in the file
    complete: bool  # False when the file ended (or another ISA began) before IEA


def decode(data):
    """Return ``data`` as text, or raise :class:`EdiSyntaxError`.

    X12's basic and extended character sets are 7-bit, so bytes are decoded
    as ASCII; files from partners who send accented names in UTF-8 are
    accepted too. Latin-1 is deliberately not used as a fallback: it decodes
    every byte, so binary garbage would pass as text. Anything else is
    reported with the offset of the first undecodable byte.
    """
    if isinstance(data, str):
        return data
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise EdiSyntaxError(
            f"cannot read a {type(data).__name__}",
            code="not_text",
            expected="bytes or str",
        )
    data = bytes(data)
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EdiSyntaxError(
            f"byte 0x{data[error.start]:02x} at offset {error.start} is neither ASCII"
            " nor UTF-8",
            code="undecodable",
            expected="ASCII or UTF-8 text",
        ) from None


def _syntax_error(message, offset, code, expected=""):
    return EdiSyntaxError(
        f"{message} at offset {offset}",
        location=Location(),
        code=code,
        expected=expected,
    )


def _valid_delimiter(char):
    return bool(char) and not char.isalnum() and char not in " \t"


def read_delimiters(text, start):
    """Return ``(delimiters, end)`` of the ISA at ``start``; ``end`` is its terminator.

    Tolerates ISA elements padded to the wrong width: the component separator
    is found after the 16th element separator rather than at a fixed offset.
    """
    element = text[start + 3 : start + 4]
    if not _valid_delimiter(element) or element in "\r\n":
        raise _syntax_error(
            f"ISA element separator {element!r} is not a delimiter",
            start + 3,
            "bad_delimiter",
            "a non-alphanumeric character after ISA",
        )
    index = start + 3
    for _ in range(15):
        index = text.find(element, index + 1, start + ISA_LENGTH * 4)
        if index < 0:
            raise _syntax_error(
                "ISA segment is truncated: fewer than 16 elements",
                start,
                "truncated",
                "16 ISA elements",
            )
    component, terminator = text[index + 1 : index + 2], text[index + 2 : index + 3]
    if not terminator:
        raise _syntax_error(
            "ISA segment is truncated", start, "truncated", "ISA16 and a terminator"
        )
    if not _valid_delimiter(component) or component in "\r\n":
        raise _syntax_error(
            f"ISA16 component separator {component!r} is not a delimiter",
            index + 1,
            "bad_delimiter",
            "a non-alphanumeric character",
        )
    if not _valid_delimiter(terminator) or len({element, component, terminator}) < 3:
        raise _syntax_error(
            f"segment terminator {terminator!r} is not a distinct delimiter",
            index + 2,
            "bad_delimiter",
            "a non-alphanumeric character different from the other delimiters",
        )
    elements = text[start : index + 1].split(element)
    repetition = elements[11] if len(elements) > 12 else ""
    version = elements[12] if len(elements) > 12 else ""
    if not (
        version >= "00402"
        and len(repetition) == 1
        and _valid_delimiter(repetition)
        and repetition not in (element, component, terminator, "\r", "\n")
    ):
        repetition = ""
    return Delimiters(element, component, repetition, terminator), index + 2


def _is_segment_start(text, index, terminator, floor):
    """Tell whether ``index`` starts a segment: only line breaks since a terminator."""
    index -= 1
    while index >= floor and text[index] in "\r\n" and text[index] != terminator:
        index -= 1
    return index >= floor and text[index] == terminator


def _find_segment(text, tag, delimiters, start, stop):
    """Return the index of the next segment ``tag`` in ``text[start:stop]``, or -1."""
    needle = tag + delimiters.element
    index = text.find(needle, start, stop)
    while index >= 0 and not _is_segment_start(
        text, index, delimiters.segment, start - 1
    ):
        index = text.find(needle, index + 1, stop)
    return index


def _next_isa(text, start):
    index = text.find("ISA", start)
    while index >= 0 and _valid_delimiter(text[index + 3 : index + 4]) is False:
        index = text.find("ISA", index + 1)
    return index


def _split_segments(chunk, delimiters):
    terminator = delimiters.segment
    if terminator != "\r" and delimiters.element != "\r":
        chunk = chunk.replace("\r", "")
    if terminator != "\n" and delimiters.element != "\n":
        chunk = chunk.replace("\n", "")
    segments = chunk.split(terminator)
    if segments and not segments[-1]:
        segments.pop()  # after the last terminator
    if "" in segments:  # doubled terminators: rare, so tested for first
        segments = [segment for segment in segments if segment]
    return segments


def split_interchanges(text):
    """Yield :class:`RawInterchange` s and :class:`EdiSyntaxError` s in file order."""
    length = len(text)
    position = 0
    segment_number = 1
    while True:
        while position < length and text[position] in _WHITESPACE:
            position += 1
        if position >= length:
            return
        if not text.startswith("ISA", position):
            found = text[position : position + 20]
            yield _syntax_error(
                f"expected an ISA segment, found {found!r}",
                position,
                "missing_isa",
                "ISA",
            )
            position = _next_isa(text, position + 1)
            if position < 0:
                return
            continue
        try:
            delimiters, isa_end = read_delimiters(text, position)
        except EdiSyntaxError as error:
            yield error
            position = _next_isa(text, position + 3)
            if position < 0:
                return
            continue
        iea = _find_segment(text, "IEA", delimiters, isa_end + 1, length)
        limit = length if iea < 0 else iea
        next_isa = _find_segment(text, "ISA", delimiters, isa_end + 1, limit)
        complete = iea >= 0 and next_isa < 0
        if next_isa >= 0:
            end = next_isa
        elif iea >= 0:
            end = text.find(delimiters.segment, iea)
            end = length if end < 0 else end + 1
        else:
            end = length
        segments = _split_segments(text[position:end], delimiters)
        yield RawInterchange(delimiters, segments, segment_number, complete)
        segment_number += len(segments)
        position = end
