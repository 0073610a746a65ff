"""EDIFACT syntax over pydifact: decoding, interchange splitting, segments.

pydifact (MIT, >= 0.2.1, < 0.3) does all the tokenising: its ``Tokenizer``
and ``Parser.convert_tokens_to_raw_segments`` turn text into raw element lists
and its ``Serializer`` escapes and joins segments on writing.
We call those directly instead of ``Parser.parse`` / ``Interchange.from_str``
because those (a) look up segment plugins and XML directories and emit
warnings for every segment, which costs about a quarter of the time and which
we redo ourselves, and (b) drop everything before a ``UNA`` found mid-file.

What this module adds is only *where* pydifact starts: the text is cut before
each ``UNA`` (new delimiters) and before each ``UNH`` that follows an
unescaped segment terminator, so that a tokenising error in one message (for
example a release character before a line break) costs that message only.
"""

import logging
import re

from pydifact.control.characters import Characters
from pydifact.parser import Parser
from pydifact.segments import Segment
from pydifact.serializer import Serializer
from pydifact.tokenizer import Tokenizer

_logger = logging.getLogger(__name__)

#: UNB 0001 syntax identifier -> Python codec.
SYNTAX_ENCODINGS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}

DEFAULT_UNA = ":+.? '"


class FastCharacters(Characters):
    """pydifact ``Characters`` whose truth test costs no Python call.

    pydifact's tokenizer evaluates ``if self.characters and ...`` for every
    character it reads; the plain class answers through a Python-level
    ``__len__``. ``True.__bool__`` is a C method-wrapper: CPython's truth slot
    calls it without arguments and it returns True, about twice as fast.
    Behaviour is otherwise identical.
    """

    __bool__ = True.__bool__


_UNB_SNIFF = re.compile(rb"UNB.(UNO[A-Z])")


class Seg:
    """One segment as read: tag, raw pydifact elements, 1-based position.

    Elements are ``str`` for simple elements and ``list[str]`` for composites,
    exactly as pydifact produces them.
    """

    __slots__ = ("tag", "els", "pos")

    def __init__(self, tag, els, pos):
        self.tag = tag
        self.els = els
        self.pos = pos

    def get(self, element, component=0):
        """Return a value by 0-based element (after the tag) and component."""
        els = self.els
        if element >= len(els):
            return ""
        value = els[element]
        if type(value) is str:
            return value if component == 0 else ""
        return value[component] if component < len(value) else ""

    def __repr__(self):
        return f"Seg({self.tag!r}, {self.els!r}, pos={self.pos})"


class SyntaxProblem(Exception):
    """Raised inside this module; the envelope turns it into an EdiSyntaxError."""

    def __init__(self, message, code="syntax", expected=""):
        super().__init__(message)
        self.code = code
        self.expected = expected


def decode(data):
    """Decode ``data`` by the syntax identifier of its first UNB.

    Returns ``(text, problem)``: ``problem`` is a message when the bytes are
    not valid for that character set (they are then decoded with U+FFFD
    replacement characters, and the messages containing them are rejected).
    """
    if isinstance(data, str):
        return data, ""
    match = _UNB_SNIFF.search(data[:4096])
    syntax = match.group(1).decode("ascii") if match else "UNOC"
    encoding = SYNTAX_ENCODINGS.get(syntax, "latin-1")
    try:
        return data.decode(encoding), ""
    except UnicodeDecodeError as exc:
        problem = f"bytes {exc.start}-{exc.end} are not valid {syntax} ({encoding})"
        return data.decode(encoding, errors="replace"), problem


def parse_una(text):
    """Return pydifact ``Characters`` for a 9-character UNA or raise SyntaxProblem."""
    if len(text) < 9:
        raise SyntaxProblem("UNA service string advice is truncated", "bad_una")
    chars = text[3:9]
    significant = chars[0] + chars[1] + chars[3] + chars[5]
    if len(set(significant)) != 4 or any(c.isalnum() for c in significant):
        raise SyntaxProblem(
            f"UNA delimiters {chars!r} are not distinct non-alphanumeric characters",
            "bad_una",
            "4 distinct delimiters, e.g. ':+.? \\''",
        )
    if chars[2] not in ".,":
        raise SyntaxProblem(f"UNA decimal mark {chars[2]!r}", "bad_una", "'.' or ','")
    return FastCharacters.from_str("UNA" + chars)


def _is_escaped(text, index, release):
    """True when the character at ``index`` follows an odd run of release characters."""
    run = 0
    index -= 1
    while index >= 0 and text[index] == release:
        run += 1
        index -= 1
    return run % 2 == 1


def _boundary_pattern(chars):
    term = re.escape(chars.segment_terminator)
    data = re.escape(chars.data_separator)
    return re.compile(rf"{term}[ \r\n\t]*(?=UNA|UNH{data})")


def split_chunks(text):
    """Yield ``(characters, chunk, has_una, una_problem)`` pieces of ``text``.

    A piece starts at the beginning, at each ``UNA`` (which sets new
    delimiters) and at each ``UNH``; each ends with its segment terminator.
    A broken UNA is reported and the default delimiters are used.
    """
    pos = 0
    length = len(text)
    chars = FastCharacters.from_str("UNA" + DEFAULT_UNA)
    while pos < length:
        while pos < length and text[pos] in " \r\n\t":
            pos += 1
        if pos >= length:
            return
        has_una = text.startswith("UNA", pos)
        problem = None
        if has_una:
            try:
                chars = parse_una(text[pos : pos + 9])
                pos += 9
                while pos < length and text[pos] in " \r\n\t":
                    pos += 1
            except SyntaxProblem as exc:
                problem = exc
                chars = FastCharacters.from_str("UNA" + DEFAULT_UNA)
                pos += min(9, length - pos)
        pattern = _boundary_pattern(chars)
        release = chars.escape_character
        start = pos
        end = length
        for match in pattern.finditer(text, pos):
            if not _is_escaped(text, match.start(), release):
                end = match.start() + 1
                nxt = match.end()
                if text.startswith("UNA", nxt):
                    break
                yield chars, text[start:end], has_una, problem
                has_una, problem = False, None
                start = nxt
        else:
            end = length
        yield chars, text[start:end], has_una, problem
        pos = end


_PARSER = Parser()


def iter_raw_segments(chunk, chars):
    """Yield pydifact raw segments (``[tag, element, ...]``) of one chunk.

    pydifact raises ``EDISyntaxError`` (and in older releases ``RuntimeError``)
    on a truncated chunk or a release character before a line feed; callers
    convert any exception into an EdiSyntaxError for the chunk.
    """
    tokens = Tokenizer().get_tokens(chunk, chars)
    return _PARSER.convert_tokens_to_raw_segments(tokens)


def ends_with_terminator(chunk, chars):
    """True when the chunk's last segment is terminated (pydifact silently drops
    a trailing unterminated segment that ends in a separator)."""
    stripped = chunk.rstrip(" \r\n\t")
    if not stripped.endswith(chars.segment_terminator):
        return False
    return not _is_escaped(stripped, len(stripped) - 1, chars.escape_character)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def make_characters(una=DEFAULT_UNA):
    return FastCharacters.from_str("UNA" + una)


def serialize(segments, chars, with_una=True, break_lines=False):
    """Serialise ``(tag, elements)`` pairs with pydifact's escaping serializer."""
    pyd_segments = [_to_pydifact(tag, elements) for tag, elements in segments]
    return Serializer(chars).serialize(pyd_segments, with_una, break_lines)


def _to_pydifact(tag, elements):
    cleaned = [_trim_composite(e) for e in elements]
    while cleaned and cleaned[-1] == "":
        cleaned.pop()
    return Segment(tag, *cleaned)


def _trim_composite(element):
    if type(element) is str:
        return element
    if element is None:
        return ""
    values = ["" if c is None else c for c in element]
    while values and values[-1] == "":
        values.pop()
    if len(values) > 1:
        return values
    return values[0] if values else ""
