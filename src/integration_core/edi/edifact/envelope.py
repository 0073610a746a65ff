"""Interchange envelope: reading files into documents, writing interchanges.

Reading never raises for bad input: every problem becomes an
:class:`~integration_core.edi.errors.EdiError` in the
:class:`~integration_core.edi.errors.ReadResult`, and one bad message does not
stop the others. Envelope problems (UNB/UNG/UNE/UNZ) are reported in
``ReadResult.errors`` only; if the UNB cannot identify the interchange its
messages are rejected too.
"""

import datetime
import logging

from .. import model
from ..errors import EdiSyntaxError, EdiValidationError, Location, ReadResult, SetResult
from . import contrl, desadv, invoic, orders, ordrsp, pricat, syntax
from .common import ASSOCIATION_CODES, VERSIONS, Reader, Writer
from .directory import ELEMENTS
from .spec import check_segment, compile_elements, match_structure

_logger = logging.getLogger(__name__)

#: Errors kept per message and outside messages: past these, the input is
#: rejected anyway and listing a million errors would only cost memory and time.
MAX_ERRORS_PER_MESSAGE = 200
MAX_ENVELOPE_ERRORS = 1000

#: ``unknown_segments`` policies (as :mod:`integration_core.edi.api`).
UNKNOWN_SEGMENTS_REJECT = "reject"
UNKNOWN_SEGMENTS_WARN = "warn"

MODULES = (orders, ordrsp, desadv, invoic, pricat, contrl)
MESSAGES = {module.TYPE: module for module in MODULES}
DOCUMENT_MODULES = {module.DOCUMENT: module for module in MODULES}
VERSION_BY_S009 = {value: key for key, value in VERSIONS.items()}

ENVELOPE_ELEMENTS = {
    "UNB": compile_elements(
        "!(!a4,!n1) !(!an..35,an..4,an..14) !(!an..35,an..4,an..14) !(!n..8,!n4) "
        "!an..14 (!an..14,an2) an..14 a1 n1 an..35 n1"
    ),
    "UNZ": compile_elements("!n..6 !an..14"),
    "UNG": compile_elements(
        "!an..6 !(!an..35,an..4) !(!an..35,an..4) !(!n..8,!n4) !an..14 !an..3 "
        "!(!an..3,!an..3,an..6) an..14"
    ),
    "UNE": compile_elements("!n..6 !an..14"),
}


class _InterchangeState:
    def __init__(self, unb, position):
        self.unb = unb
        self.position = position
        self.control = unb.get(4)
        self.usable = False
        self.interchange = None
        self.messages = 0
        self.groups = 0
        self.versions = []


class _GroupState:
    def __init__(self, control):
        self.control = control
        self.messages = 0


class _FileReader:
    """Drives pydifact over the chunks of one file and dispatches segments."""

    def __init__(self, result, unknown_segments="reject"):
        self.result = result
        self.unknown_segments = unknown_segments
        self.position = 0
        self.interchange = None
        self.group = None
        self.message = None
        self.message_errors = []
        self.encoding_problem = ""
        self.envelope_errors = 0
        self.seen_segments = False

    # ---------------------------------------------------------------- driving

    def run(self, data):
        text, self.encoding_problem = syntax.decode(data)
        if self.encoding_problem:
            self.envelope_error(
                EdiSyntaxError, "bad_encoding", self.encoding_problem, None, ""
            )
        for chars, chunk, has_una, una_problem in syntax.split_chunks(text):
            if una_problem is not None:
                self.envelope_error(
                    EdiSyntaxError,
                    una_problem.code,
                    str(una_problem),
                    None,
                    "UNA",
                    una_problem.expected,
                )
            if has_una and self.interchange is not None:
                self.close_interchange(None)
            self.read_chunk(chunk, chars)
        self.finish()

    def read_chunk(self, chunk, chars):
        raw_segments = syntax.iter_raw_segments(chunk, chars)
        while True:
            try:
                raw = next(raw_segments)
            except StopIteration:
                break
            except Exception as exc:  # pydifact raises EDISyntaxError, RuntimeError...
                self.chunk_error("syntax", f"cannot tokenise: {exc}")
                return
            self.segment(raw)
            if self.saturated():
                return  # rest of this chunk is inside the same rejected message
        if self.encoding_problem and "\ufffd" in chunk:
            self.chunk_error(
                "bad_encoding", "characters not valid in the character set"
            )
        if chunk.strip() and not syntax.ends_with_terminator(chunk, chars):
            self.chunk_error(
                "unterminated_segment",
                "the last segment has no segment terminator (truncated data?)",
            )

    def finish(self):
        if self.message is not None:
            self.finish_message(trailer=None)
        if self.interchange is not None:
            self.close_interchange(None)
        if not self.seen_segments and not self.result.errors:
            self.envelope_error(
                EdiSyntaxError,
                "empty",
                "no EDIFACT segments found",
                None,
                "",
                "UNA or UNB",
            )

    # ------------------------------------------------------------- dispatching

    def segment(self, raw):
        tag = raw[0]
        if not (
            type(tag) is str
            and len(tag) == 3
            and tag.isascii()
            and tag.isalnum()
            and tag.isupper()
        ):
            self.position += 1
            self.chunk_error("invalid_tag", f"{str(tag)[:20]!r} is not a segment tag")
            return
        self.seen_segments = True
        self.position += 1
        els = raw[1:]
        message = self.message
        if message is not None and tag[:2] != "UN":
            message.append(syntax.Seg(tag, els, len(message) + 1))
            return
        handler = _HANDLERS.get(tag)
        if handler is not None:
            handler(self, syntax.Seg(tag, els, self.position))
        elif message is not None:
            message.append(syntax.Seg(tag, els, len(message) + 1))
        else:
            self.envelope_error(
                EdiValidationError,
                "unexpected_segment",
                f"segment {tag} outside a message",
                self.position,
                tag,
            )

    def saturated(self):
        if self.message is not None:
            return len(self.message_errors) >= MAX_ERRORS_PER_MESSAGE
        return self.envelope_errors > MAX_ENVELOPE_ERRORS

    def chunk_error(self, code, text):
        if self.message is not None:
            if len(self.message_errors) >= MAX_ERRORS_PER_MESSAGE:
                return  # the message is rejected anyway; keep memory bounded
            seg_position = len(self.message) + 1
            location = self.set_location(self.message[0], seg_position, "")
            self.message_errors.append(
                EdiSyntaxError(text, location=location, code=code)
            )
        else:
            self.envelope_error(EdiSyntaxError, code, text, self.position or None, "")

    def envelope_error(
        self, cls, code, text, position, tag, expected="", element=None, component=None
    ):
        self.envelope_errors += 1
        if self.envelope_errors > MAX_ENVELOPE_ERRORS:
            if self.envelope_errors == MAX_ENVELOPE_ERRORS + 1:
                self.result.errors.append(
                    cls(
                        "too many errors outside messages; the rest are not listed",
                        code="too_many_errors",
                    )
                )
            return
        location = Location(
            interchange_control=self.interchange.control if self.interchange else "",
            group_control=self.group.control if self.group else "",
            segment_position=position,
            segment_id=tag,
            element_position=element,
            component_position=component,
        )
        self.result.errors.append(
            cls(text, location=location, code=code, expected=expected)
        )

    def set_location(self, unh, position, tag):
        return Location(
            interchange_control=self.interchange.control if self.interchange else "",
            group_control=self.group.control if self.group else "",
            set_control=unh.get(0),
            set_type=unh.get(1, 0),
            segment_position=position,
            segment_id=tag,
        )

    def check_envelope_segment(self, seg):
        problems = []

        def report(code, text, _seg, element, component, expected):
            problems.append(code)
            self.envelope_error(
                EdiValidationError,
                code,
                text,
                seg.pos,
                seg.tag,
                expected,
                element,
                component,
            )

        check_segment(seg, ENVELOPE_ELEMENTS[seg.tag], report)
        return problems

    # ------------------------------------------------------------ interchange

    def on_unb(self, unb):
        if self.message is not None:
            self.finish_message(trailer=None)
        if self.interchange is not None:
            self.close_interchange(unb)
        state = _InterchangeState(unb, unb.pos)
        self.interchange = state
        self.group = None
        problems = self.check_envelope_segment(unb)
        syntax_id = unb.get(0, 0)
        if syntax_id not in syntax.SYNTAX_ENCODINGS:
            self.envelope_error(
                EdiValidationError,
                "unsupported_syntax",
                f"syntax identifier {syntax_id!r}",
                unb.pos,
                "UNB",
                "UNOA, UNOB, UNOC or UNOY",
                1,
                1,
            )
            problems.append("unsupported_syntax")
        prepared_at = self.unb_datetime(unb)
        if prepared_at is None or problems:
            return
        state.usable = True
        state.interchange = model.Interchange(
            standard="EDIFACT",
            version="",
            sender=model.Identity(unb.get(1, 0), unb.get(1, 1)),
            receiver=model.Identity(unb.get(2, 0), unb.get(2, 1)),
            control_number=state.control,
            prepared_at=prepared_at,
            test=unb.get(10) == "1",
            ack_requested=unb.get(8) == "1",
        )
        self.result.interchanges.append(state.interchange)

    def unb_datetime(self, unb):
        date, time = unb.get(3, 0), unb.get(3, 1)
        try:
            if len(date) == 6:
                year = int(date[:2])
                year += 2000 if year < 69 else 1900  # POSIX %y pivot, as pydifact
            elif len(date) == 8:
                year = int(date[:4])
            else:
                raise ValueError(date)
            return datetime.datetime(
                year, int(date[-4:-2]), int(date[-2:]), int(time[:2]), int(time[2:4])
            )
        except ValueError:
            self.envelope_error(
                EdiValidationError,
                "invalid_date",
                f"preparation date/time {date!r} {time!r}",
                unb.pos,
                "UNB",
                "YYMMDD or CCYYMMDD and HHMM",
                4,
            )
            return None

    def on_unz(self, unz):
        if self.message is not None:
            self.finish_message(trailer=None)
        if self.interchange is None:
            self.envelope_error(
                EdiValidationError,
                "unexpected_segment",
                "UNZ without UNB",
                unz.pos,
                "UNZ",
                "UNB first",
            )
            return
        if self.group is not None:
            self.close_group(None)
        self.close_interchange(None, unz)

    def close_interchange(self, next_seg, unz=None):
        state = self.interchange
        if unz is None:
            where = next_seg.pos if next_seg is not None else self.position + 1
            self.envelope_error(
                EdiValidationError,
                "missing_segment",
                "interchange is not closed by UNZ",
                where,
                "UNZ",
                "UNZ before the next interchange or the end",
            )
        else:
            self.check_envelope_segment(unz)
            expected = state.groups if state.groups else state.messages
            if unz.get(0) != str(expected):
                self.envelope_error(
                    EdiValidationError,
                    "bad_count",
                    f"UNZ count {unz.get(0)!r}, found {expected}",
                    unz.pos,
                    "UNZ",
                    str(expected),
                    1,
                )
            if unz.get(1) != state.control:
                self.envelope_error(
                    EdiValidationError,
                    "control_mismatch",
                    f"UNZ reference {unz.get(1)!r} differs from UNB",
                    unz.pos,
                    "UNZ",
                    state.control,
                    2,
                )
        if state.interchange is not None:
            state.interchange.version = state.versions[0] if state.versions else "D96A"
        self.interchange = None
        self.group = None

    # ----------------------------------------------------------------- groups

    def on_ung(self, ung):
        if self.message is not None:
            self.finish_message(trailer=None)
        if self.group is not None:
            self.close_group(ung)
        self.check_envelope_segment(ung)
        self.group = _GroupState(ung.get(4))
        if self.interchange is not None:
            self.interchange.groups += 1
        else:
            self.envelope_error(
                EdiValidationError,
                "unexpected_segment",
                "UNG outside an interchange",
                ung.pos,
                "UNG",
                "UNB first",
            )

    def on_une(self, une):
        if self.message is not None:
            self.finish_message(trailer=None)
        if self.group is None:
            self.envelope_error(
                EdiValidationError,
                "unexpected_segment",
                "UNE without UNG",
                une.pos,
                "UNE",
                "UNG first",
            )
            return
        self.close_group(None, une)

    def close_group(self, next_seg, une=None):
        group = self.group
        if une is None:
            where = next_seg.pos if next_seg is not None else self.position
            self.envelope_error(
                EdiValidationError,
                "missing_segment",
                "group is not closed by UNE",
                where,
                "UNE",
            )
        else:
            self.check_envelope_segment(une)
            if une.get(0) != str(group.messages):
                self.envelope_error(
                    EdiValidationError,
                    "bad_count",
                    f"UNE count {une.get(0)!r}, found {group.messages}",
                    une.pos,
                    "UNE",
                    str(group.messages),
                    1,
                )
            if une.get(1) != group.control:
                self.envelope_error(
                    EdiValidationError,
                    "control_mismatch",
                    f"UNE reference {une.get(1)!r} differs from UNG",
                    une.pos,
                    "UNE",
                    group.control,
                    2,
                )
        self.group = None

    # --------------------------------------------------------------- messages

    def on_unh(self, unh):
        if self.message is not None:
            self.finish_message(trailer=None)
        self.message = [syntax.Seg("UNH", unh.els, 1)]
        self.message_errors = []
        if self.interchange is not None:
            self.interchange.messages += 1
        if self.group is not None:
            self.group.messages += 1

    def on_unt(self, unt):
        if self.message is None:
            self.envelope_error(
                EdiValidationError,
                "unexpected_segment",
                "UNT without UNH",
                unt.pos,
                "UNT",
                "UNH first",
            )
            return
        seg = syntax.Seg("UNT", unt.els, len(self.message) + 1)
        self.message.append(seg)
        self.finish_message(trailer=seg)

    def finish_message(self, trailer):
        segments, errors = self.message, self.message_errors
        self.message, self.message_errors = None, []
        unh = segments[0]
        state = self.interchange
        set_result = SetResult(
            set_type=unh.get(1, 0),
            control_number=unh.get(0),
            group_control=self.group.control if self.group else "",
            interchange_control=state.control if state else "",
        )
        self.result.sets.append(set_result)
        reader = Reader(self.set_location(unh, None, ""), "")
        reader.errors.extend(errors)
        warn = self.unknown_segments == UNKNOWN_SEGMENTS_WARN
        document = read_message(reader, segments, trailer, state, warn)
        if state is None or not state.usable:
            reader.error(
                "envelope_invalid",
                "the interchange header (UNB) is missing or invalid",
                unh,
                expected="a valid UNB before the message",
            )
        set_result.errors = reader.errors
        set_result.warnings = reader.warnings
        if not reader.errors and document is not None:
            set_result.document = document
            state.interchange.documents.append(document)
        self.result.errors.extend(reader.errors)
        self.result.warnings.extend(reader.warnings)


_HANDLERS = {
    "UNB": _FileReader.on_unb,
    "UNZ": _FileReader.on_unz,
    "UNG": _FileReader.on_ung,
    "UNE": _FileReader.on_une,
    "UNH": _FileReader.on_unh,
    "UNT": _FileReader.on_unt,
}


def read_message(reader, segments, trailer, state, warn_unknown=False):
    """Validate one message and map it to a document; errors go to ``reader``.

    With ``warn_unknown``, a segment that the message structure does not
    define where it stands is skipped and reported in ``reader.warnings``
    (code ``unknown_segment``) instead of rejecting the message.
    """
    unh = segments[0]
    module = MESSAGES.get(unh.get(1, 0))
    key = (unh.get(1, 1), unh.get(1, 2))
    version = VERSION_BY_S009.get(key)
    if module is None:
        reader.error(
            "unsupported_message",
            f"message type {unh.get(1, 0)!r}",
            unh,
            2,
            1,
            ", ".join(MESSAGES),
        )
        return None
    if version is None and module is contrl:
        version = contrl.version_of(key)
    if version is None:
        reader.error(
            "unsupported_version",
            f"message version {':'.join(key)!r}",
            unh,
            2,
            2,
            "D:96A or D:01B",
        )
        return None
    if state is not None and key in VERSION_BY_S009:
        state.versions.append(version)
    reader.version = version
    if unh.get(1, 3) != "UN":
        reader.error(
            "invalid_code", f"controlling agency {unh.get(1, 3)!r}", unh, 2, 4, "UN"
        )
    if trailer is not None:
        _check_trailer(reader, unh, trailer, len(segments))
    problems, skipped = [], set()

    def structure_report(code, text, seg, expected, missing_tag=None):
        if code == "unexpected_segment" and warn_unknown:
            skipped.add(seg.pos)
            reader.warn(
                "unknown_segment",
                f"{text} ({module.TYPE} {version}); ignored",
                seg,
                expected,
            )
            return
        problems.append((code, text, seg, expected, missing_tag))

    root = match_structure(segments, module.STRUCTURES[version], structure_report)
    table = ELEMENTS[version]
    for seg in segments:
        spec = table.get(seg.tag)
        if spec is not None and seg.pos not in skipped:
            check_segment(seg, spec, reader.error)
    for code, text, seg, expected, missing_tag in problems:
        reader.error(code, text, seg, expected=expected, segment_id=missing_tag)
    if reader.errors:
        return None
    document = module.read(root, reader)
    if reader.errors:
        return None
    document.control_number = unh.get(0)
    return document


def _check_trailer(reader, unh, unt, count):
    if unt.get(0) != str(count):
        reader.error(
            "bad_count",
            f"UNT segment count {unt.get(0)!r}, found {count}",
            unt,
            1,
            None,
            str(count),
        )
    if unt.get(1) != unh.get(0):
        reader.error(
            "control_mismatch",
            f"UNT reference {unt.get(1)!r} differs from UNH",
            unt,
            2,
            None,
            unh.get(0),
        )


def read_interchanges(data, *, unknown_segments=UNKNOWN_SEGMENTS_REJECT):
    """Read every interchange in ``data`` (bytes or str) into typed documents.

    Never raises for bad input: problems are located
    :class:`~integration_core.edi.errors.EdiError` objects in the result.
    Bytes are decoded by the first UNB syntax identifier (UNOA/UNOB ASCII,
    UNOC ISO 8859-1, UNOY UTF-8).

    :param unknown_segments: ``"reject"`` (default): a well-formed segment
        that the message's directory structure does not define where it
        stands rejects the message (``unexpected_segment``). ``"warn"``: it
        is skipped and reported in ``SetResult.warnings`` and
        ``ReadResult.warnings`` (``unknown_segment``, with its position),
        and the message is accepted if nothing else is wrong.
    """
    if unknown_segments not in (UNKNOWN_SEGMENTS_REJECT, UNKNOWN_SEGMENTS_WARN):
        raise ValueError(
            f"unknown_segments must be 'reject' or 'warn', not {unknown_segments!r}"
        )
    result = ReadResult()
    try:
        _FileReader(result, unknown_segments).run(data)
    except Exception as exc:  # a bug of ours must not look like a crash to callers
        _logger.exception("EDIFACT reader failed")
        result.errors.append(
            EdiSyntaxError(f"internal reader error: {exc!r}", code="internal_error")
        )
    return result


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_interchange(
    interchange, *, una=True, break_lines=False, delimiters=syntax.DEFAULT_UNA
):
    """Serialise ``interchange`` as UN/EDIFACT text (UNA, UNB...UNZ).

    The syntax identifier is UNOC (syntax version 3) when every character fits
    ISO 8859-1, UNOY (version 4) otherwise; encode the result accordingly.
    Preparation time is written to the minute. ``delimiters`` are the six UNA
    characters (component, data, decimal mark, release, reserved, terminator);
    with ``una=False`` only the defaults make sense. Raises
    :class:`~integration_core.edi.errors.EdiValidationError` naming the
    document and field when something cannot be written.
    """
    _check_envelope(interchange)
    try:
        chars = syntax.parse_una("UNA" + delimiters)
    except syntax.SyntaxProblem as exc:
        raise EdiValidationError(str(exc), code="unwritable_value") from exc
    body = message_segments(interchange)
    body_text = syntax.serialize(body, chars, with_una=False, break_lines=break_lines)
    envelope_text = interchange.sender.identifier + interchange.receiver.identifier
    try:
        (body_text + envelope_text).encode("latin-1")
        syntax_id, syntax_version = "UNOC", 3
    except UnicodeEncodeError:
        syntax_id, syntax_version = "UNOY", 4
    unb = _unb(interchange, syntax_id, syntax_version)
    unz = ("UNZ", [str(len(interchange.documents)), interchange.control_number])
    header = syntax.serialize([unb], chars, with_una=una, break_lines=break_lines)
    trailer = syntax.serialize([unz], chars, with_una=False, break_lines=break_lines)
    return header + body_text + trailer


def message_segments(interchange):
    """Return the ``(tag, elements)`` of every message (UNH...UNT), unescaped.

    This is what :func:`write_interchange` serialises between UNB and UNZ.
    """
    _check_envelope(interchange)
    body = []
    references = set()
    for index, document in enumerate(interchange.documents, start=1):
        body.extend(_message_segments(interchange, document, index, references))
    return body


def _fail(text, expected=""):
    raise EdiValidationError(
        text,
        location=Location(segment_id="UNB"),
        code="unwritable_value",
        expected=expected,
    )


def _check_written(writer, module, version):
    """Check what a writer produced against the directory; raise if it breaks it.

    The writers check each field as they go; this catches what only the
    whole message shows (a group repeated more often than the directory
    allows, say) before a partner's translator does.
    """
    segments = [
        syntax.Seg(tag, elements, position)
        for position, (tag, elements) in enumerate(writer.segments, start=2)
    ]

    def report(code, text, seg, *_args, **_kwargs):
        if seg is None:
            writer.fail("message", f"{text}: {code}")
        writer.fail(f"segment {seg.pos} {seg.tag}", f"{text} ({code})")

    table = ELEMENTS[version]
    for seg in segments:
        spec = table.get(seg.tag)
        if spec is not None:
            check_segment(seg, spec, report)
    unh = syntax.Seg("UNH", ["1", [module.TYPE, *VERSIONS[version], "UN"]], 1)
    unt = syntax.Seg("UNT", [str(len(segments) + 2), "1"], len(segments) + 2)
    match_structure([unh, *segments, unt], module.STRUCTURES[version], report)


def _check_envelope(interchange):
    if interchange.standard != "EDIFACT":
        _fail(f"interchange standard {interchange.standard!r}", "EDIFACT")
    if interchange.version not in VERSIONS:
        _fail(f"interchange version {interchange.version!r}", "D96A or D01B")
    for field, identity in (
        ("sender", interchange.sender),
        ("receiver", interchange.receiver),
    ):
        if not identity.identifier or len(identity.identifier) > 35:
            _fail(
                f"interchange {field}.identifier {identity.identifier!r}",
                "1-35 characters",
            )
        if len(identity.qualifier) > 4:
            _fail(
                f"interchange {field}.qualifier {identity.qualifier!r}",
                "at most 4 characters",
            )
    control = interchange.control_number
    if not control or len(control) > 14:
        _fail(f"interchange control_number {control!r}", "1-14 characters")
    if not isinstance(interchange.prepared_at, datetime.datetime):
        _fail(f"interchange prepared_at {interchange.prepared_at!r}", "a datetime")


def _unb(interchange, syntax_id, syntax_version):
    stamp = interchange.prepared_at
    if syntax_version == 3:
        if not 1969 <= stamp.year <= 2068:
            _fail(
                f"interchange prepared_at {stamp} with syntax version 3",
                "years 1969-2068",
            )
        date = stamp.strftime("%y%m%d")
    else:
        date = f"{stamp.year:04d}{stamp.month:02d}{stamp.day:02d}"
    elements = [
        [syntax_id, str(syntax_version)],
        [interchange.sender.identifier, interchange.sender.qualifier],
        [interchange.receiver.identifier, interchange.receiver.qualifier],
        [date, f"{stamp.hour:02d}{stamp.minute:02d}"],
        interchange.control_number,
        "",
        "",
        "",
        "1" if interchange.ack_requested else "",
        "",
        "1" if interchange.test else "",
    ]
    return ("UNB", elements)


def _message_segments(interchange, document, index, references):
    module = DOCUMENT_MODULES.get(type(document))
    if module is None:
        _fail(
            f"document {index} is a {type(document).__name__}",
            "one of " + ", ".join(cls.__name__ for cls in DOCUMENT_MODULES),
        )
    location = Location(
        interchange_control=interchange.control_number,
        set_control=document.control_number or str(index),
        set_type=module.TYPE,
    )
    writer = Writer(document, interchange.version, interchange, location)
    module.write(document, writer)
    _check_written(writer, module, interchange.version)
    reference = document.control_number or str(index)
    if len(reference) > 14:
        writer.fail(
            "control_number", f"{reference!r} is too long", "at most 14 characters"
        )
    if reference in references:
        writer.fail(
            "control_number",
            f"{reference!r} is used twice in the interchange",
            "unique message references",
        )
    references.add(reference)
    agency, release = VERSIONS[interchange.version]
    identifier = [module.TYPE, agency, release, "UN"]
    association = ASSOCIATION_CODES.get((module.TYPE, interchange.version))
    if association:
        identifier.append(association)
    segments = [("UNH", [reference, identifier])]
    segments.extend(writer.segments)
    segments.append(("UNT", [str(len(segments) + 1), reference]))
    return segments
