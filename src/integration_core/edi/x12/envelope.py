"""X12 interchanges: ISA/GS/ST envelopes around the transaction sets, read and written.

:func:`read_interchanges` never raises for bad input; every problem becomes an
:class:`~..errors.EdiError` in the result, located by interchange, group and
set control numbers, segment position and element position. One bad set is
reported and the others are still read.
"""

import dataclasses
import datetime
import decimal
import logging

from .. import model
from ..errors import (
    EdiError,
    EdiSyntaxError,
    EdiValidationError,
    Location,
    ReadResult,
    SetResult,
)
from . import schema, sets
from .common import SegmentWriter, fmt_date
from .syntax import Delimiters, decode, split_interchanges
from .validate import (  # noqa: F401 - the envelope codes are part of this module's API
    DUPLICATE_SET_CONTROL,
    ENVELOPE_ELEMENT,
    ENVELOPE_IDS,
    GROUP_CONTROL_MISMATCH,
    GROUP_SET_COUNT,
    INTERCHANGE_CONTROL_MISMATCH,
    INTERCHANGE_GROUP_COUNT,
    INTERNAL,
    MISSING_GROUP_HEADER,
    MISSING_GROUP_TRAILER,
    MISSING_INTERCHANGE_TRAILER,
    MISSING_SET_TRAILER,
    SEGMENT_COUNT,
    SET_CONTROL_MISMATCH,
    UNKNOWN_SEGMENT_POLICIES,
    UNKNOWN_SEGMENTS_REJECT,
    UNSUPPORTED_SET,
    UNSUPPORTED_VERSION,
    WRONG_GROUP,
    SegmentMemo,
    SetContext,
    check_segment,
    match,
)

_logger = logging.getLogger(__name__)

_ISA12 = {schema.V4010: "00401", schema.V5010: "00501"}


@dataclasses.dataclass
class GroupInfo:
    """One functional group (GS...GE) as read: what a 997/999 answers."""

    interchange_control: str
    group_control: str
    functional_id: str
    version: str  # GS08, e.g. "004010" or "005010X222A1"
    date: datetime.date | None = None  # GS04
    set_controls: set = dataclasses.field(default_factory=set, repr=False)
    sets: list = dataclasses.field(default_factory=list)  # SetResult
    errors: list = dataclasses.field(default_factory=list)  # group-level EdiError


@dataclasses.dataclass
class X12ReadResult(ReadResult):
    """A :class:`~..errors.ReadResult` that also lists the functional groups read."""

    groups: list = dataclasses.field(default_factory=list)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def read_interchanges(data, *, unknown_segments=UNKNOWN_SEGMENTS_REJECT):
    """Read every interchange in ``data`` (bytes or str) into typed documents.

    Never raises for bad input: problems are :class:`~..errors.EdiError` s in
    the returned :class:`X12ReadResult` (``errors``, and per set in ``sets``).
    Bytes are decoded as ASCII, else UTF-8 (see :func:`.syntax.decode`).

    :param unknown_segments: ``"reject"`` (default): a segment the set's
        table does not define where it stands is an error and the set is
        rejected; ``"warn"``: such a segment, when well formed (a 2-3
        character segment ID), is skipped and reported in the set's
        ``warnings`` (and the result's), and the set is accepted when
        nothing else is wrong.
    :raises ValueError: for another ``unknown_segments`` value.
    """
    if unknown_segments not in UNKNOWN_SEGMENT_POLICIES:
        raise ValueError(
            f"unknown_segments must be one of {UNKNOWN_SEGMENT_POLICIES}, "
            f"not {unknown_segments!r}"
        )
    result = X12ReadResult()
    try:
        text = decode(data)
    except EdiSyntaxError as error:
        result.errors.append(error)
        return result
    for item in split_interchanges(text):
        if isinstance(item, EdiError):
            result.errors.append(item)
            continue
        try:
            _InterchangeReader(item, result, unknown_segments).read()
        except Exception as error:  # a bug must not lose the rest of the file
            _logger.exception("X12 reader failed on an interchange")
            result.errors.append(
                EdiSyntaxError(f"internal reader error: {error!r}", code=INTERNAL)
            )
    if not result.interchanges and not result.errors:
        result.errors.append(
            EdiSyntaxError(
                "no interchange found: the file is empty", code="empty", expected="ISA"
            )
        )
    return result


class _InterchangeReader:
    def __init__(self, raw, result, unknown_segments=UNKNOWN_SEGMENTS_REJECT):
        self.raw = raw
        self.result = result
        self.unknown_segments = unknown_segments
        self.delimiters = raw.delimiters
        self.segments = raw.segments
        self.separator = raw.delimiters.element
        isa = self._elements(0)
        self.isa_version = isa[12] if len(isa) > 12 else ""
        self.version = schema.V4010 if self.isa_version < "00500" else schema.V5010
        self.specs = schema.compiled(self.version, self.delimiters)
        self.control = isa[13] if len(isa) > 13 else ""
        self.group = None
        self.group_specs = self.specs
        self.group_version = self.version
        self.group_count = 0
        self.interchange = None
        self.memos = {}  # id(specs) -> SegmentMemo

    def _elements(self, index):
        """Return segment ``index`` split into its elements (ID first).

        Transaction sets are split one at a time (see :meth:`_read_set`), into
        tuples: tuples of strings are untracked by the garbage collector once
        it has seen them, and only one set's are alive at a time.
        """
        return tuple(self.segments[index].split(self.separator))

    # -- locations and errors ------------------------------------------------

    def _error(
        self, code, message, index, element=None, expected="", group=None, cls=None
    ):
        group = group if group is not None else self.group
        segments = self.segments
        segment_id = self._elements(index)[0][:10] if index < len(segments) else ""
        error = (cls or EdiValidationError)(
            message,
            location=Location(
                interchange_control=self.control,
                group_control=group.group_control if group else "",
                segment_position=self.raw.first_segment_number + index,
                segment_id=segment_id,
                element_position=element,
            ),
            code=code,
            expected=expected,
        )
        self.result.errors.append(error)
        if group is not None:
            group.errors.append(error)
        return error

    def _check_envelope(self, index, specs=None):
        elements = self._elements(index)
        spec = (specs or self.specs)[elements[0]]
        if spec.matches(self.segments[index], len(elements) - 1):
            return True
        for problem in spec.check(elements):
            self._error(
                ENVELOPE_ELEMENT,
                problem.message,
                index,
                problem.element_position,
                problem.expected,
            )
        return False

    # -- walk ----------------------------------------------------------------

    def read(self):
        self._read_isa()
        count = len(self.segments)
        index = 1
        while index < count:
            tag = self._elements(index)[0]
            if tag == "ST":
                index = self._read_set(index)
                continue
            if tag == "GS":
                self._open_group(index)
            elif tag == "GE":
                self._close_group(index)
            elif tag == "IEA":
                self._read_iea(index)
                if index + 1 < count:
                    self._error("unexpected_segment", "segments after IEA", index + 1)
                return
            else:
                what = "SE without ST" if tag == "SE" else f"segment {tag[:10]!r}"
                self._error(
                    "unexpected_segment",
                    f"{what} outside a transaction set",
                    index,
                    expected="GS, ST, GE or IEA",
                )
            index += 1
        if self.group is not None:
            self._error(
                MISSING_GROUP_TRAILER, "GE is missing", count - 1, expected="GE"
            )
        self._error(
            MISSING_INTERCHANGE_TRAILER,
            "IEA is missing: the interchange is truncated",
            count - 1,
            expected="IEA",
            cls=EdiSyntaxError,
        )

    def _read_isa(self):
        isa = self._elements(0)
        self._check_envelope(0)
        if self.isa_version not in _ISA12.values():
            self._error(
                UNSUPPORTED_VERSION,
                f"ISA12 version {self.isa_version!r} is not supported",
                0,
                12,
                "00401 or 00501",
            )
        field = lambda position: isa[position] if len(isa) > position else ""  # noqa: E731
        self.interchange = model.Interchange(
            standard="X12",
            version=self.version,
            sender=model.Identity(field(6).strip(), field(5)),
            receiver=model.Identity(field(8).strip(), field(7)),
            control_number=self.control,
            prepared_at=_isa_datetime(field(9), field(10)),
            test=field(15) == "T",
            ack_requested=field(14) == "1",
        )
        self.result.interchanges.append(self.interchange)

    def _read_iea(self, index):
        if self.group is not None:
            self._error(
                MISSING_GROUP_TRAILER, "GE is missing before IEA", index, expected="GE"
            )
            self.group = None
        self._check_envelope(index)
        iea = self._elements(index)
        if len(iea) > 1 and iea[1] != str(self.group_count):
            self._error(
                INTERCHANGE_GROUP_COUNT,
                f"IEA01 says {iea[1]} groups, the interchange has {self.group_count}",
                index,
                1,
                str(self.group_count),
            )
        if len(iea) > 2 and iea[2] != self.control:
            self._error(
                INTERCHANGE_CONTROL_MISMATCH,
                f"IEA02 {iea[2]!r} does not match ISA13 {self.control!r}",
                index,
                2,
                self.control,
            )

    def _open_group(self, index):
        if self.group is not None:
            self._error(
                MISSING_GROUP_TRAILER, "GE is missing before GS", index, expected="GE"
            )
        gs = self._elements(index)
        field = lambda position: gs[position] if len(gs) > position else ""  # noqa: E731
        self.group = GroupInfo(self.control, field(6), field(1), field(8))
        self.group_count += 1
        self.result.groups.append(self.group)
        self.group_specs, self.group_version = self.specs, self.version
        version = field(8)
        if version.startswith("00401"):
            self.group_specs = schema.compiled(schema.V4010, self.delimiters)
            self.group_version = schema.V4010
        elif version.startswith("00501"):
            self.group_specs = schema.compiled(schema.V5010, self.delimiters)
            self.group_version = schema.V5010
        else:
            self._error(
                UNSUPPORTED_VERSION,
                f"GS08 version {version!r} is not supported",
                index,
                8,
                "004010 or 005010",
            )
        self._check_envelope(index)
        stamp = _gs_datetime(field(4), field(5))
        if stamp is not None:
            self.group.date = stamp.date()
            if self.group_count == 1:
                self.interchange.prepared_at = stamp

    def _close_group(self, index):
        group = self.group
        if group is None:
            self._error(MISSING_GROUP_HEADER, "GE without GS", index, expected="GS")
            return
        self._check_envelope(index)
        ge = self._elements(index)
        if len(ge) > 1 and ge[1] != str(len(group.sets)):
            self._error(
                GROUP_SET_COUNT,
                f"GE01 says {ge[1]} sets, the group has {len(group.sets)}",
                index,
                1,
                str(len(group.sets)),
            )
        if len(ge) > 2 and ge[2] != group.group_control:
            self._error(
                GROUP_CONTROL_MISMATCH,
                f"GE02 {ge[2]!r} does not match GS06 {group.group_control!r}",
                index,
                2,
                group.group_control,
            )
        self.group = None

    # -- transaction sets ----------------------------------------------------

    def _read_set(self, start):
        """Read the set whose ST is at ``start``; return the index after it."""
        if self.group is None:
            self._error(
                MISSING_GROUP_HEADER,
                "ST outside a functional group",
                start,
                expected="GS",
            )
            self.group = GroupInfo(self.control, "", "", "")
            self.result.groups.append(self.group)
            self.group_specs, self.group_version = self.specs, self.version
        group = self.group
        st = self._elements(start)
        set_type = st[1] if len(st) > 1 else ""
        control = st[2] if len(st) > 2 else ""
        ctx = SetContext(
            self.control,
            group.group_control,
            control,
            set_type[:10],
            group_date=group.date,
            component=self.delimiters.component,
            unknown_segments=self.unknown_segments,
        )
        document = end = None
        try:
            check_segment(ctx, self.group_specs, self.segments[start], st, 1)
            handler = sets.by_set_id(set_type, group.version or self.version)
            self._check_header(ctx, handler, group)
            if handler is None:
                end = self._set_end(start)
                self._check_trailer(ctx, start, end)
            else:
                root, end = match(
                    sets.structure(handler, self.group_version),
                    self._memo(),
                    self.segments,
                    start,
                    ctx,
                    close=lambda end: self._check_trailer(ctx, start, end),
                )
                if not ctx.errors:
                    document = handler.read(root, ctx)
        except Exception as error:  # a bug must not lose the rest of the file
            _logger.exception("X12 reader failed on set %s %s", set_type, control)
            ctx.error(INTERNAL, f"internal reader error: {error!r}", None, "")
            if end is None:
                end = self._set_end(start)
        if document is not None and not ctx.errors:
            document.control_number = control
            self.interchange.documents.append(document)
        else:
            document = None
        ctx.errors.sort(key=_position)  # file order: SE checks ran before the body
        set_result = SetResult(
            set_type,
            control,
            group.group_control,
            self.control,
            document,
            ctx.errors,
            ctx.warnings,
        )
        group.sets.append(set_result)
        group.set_controls.add(control)
        self.result.sets.append(set_result)
        self.result.errors.extend(ctx.errors)
        self.result.warnings.extend(ctx.warnings)
        return end + 1 if self._is_trailer(end) else end

    def _memo(self):
        """Return the :class:`SegmentMemo` of the current group's specs."""
        specs = self.group_specs
        memo = self.memos.get(id(specs))
        if memo is None:
            memo = self.memos[id(specs)] = SegmentMemo(specs, self.separator)
        return memo

    def _set_end(self, start):
        """Return the index of the first envelope segment after ``start``."""
        for index in range(start + 1, len(self.segments)):
            if self._elements(index)[0] in ENVELOPE_IDS:
                return index
        return len(self.segments)

    def _is_trailer(self, index):
        return index < len(self.segments) and self._elements(index)[0] == "SE"

    def _check_header(self, ctx, handler, group):
        control = ctx.set_control
        if handler is None:
            ctx.error(
                UNSUPPORTED_SET,
                f"transaction set {ctx.set_type!r} is not supported",
                1,
                "ST",
                1,
                ", ".join(sets.SET_IDS),
            )
        elif group.functional_id and handler.FUNCTIONAL_ID != group.functional_id:
            ctx.error(
                WRONG_GROUP,
                f"a {ctx.set_type} does not belong in a {group.functional_id!r} group",
                1,
                "ST",
                1,
                f"GS01 {handler.FUNCTIONAL_ID}",
            )
        if control in group.set_controls:
            ctx.error(
                DUPLICATE_SET_CONTROL,
                f"set control number {control!r} is used twice in the group",
                1,
                "ST",
                2,
                "a unique control number",
            )

    def _check_trailer(self, ctx, start, end):
        """Check the SE at ``end`` (or report it missing) against the set's ST."""
        control = ctx.set_control
        if not self._is_trailer(end):
            ctx.error(
                MISSING_SET_TRAILER,
                "SE is missing",
                end - start + 1,
                "SE",
                expected="SE",
            )
            return
        se = self._elements(end)
        position = end - start + 1
        check_segment(ctx, self.group_specs, self.segments[end], se, position)
        if len(se) > 1 and se[1] != str(position):
            ctx.error(
                SEGMENT_COUNT,
                f"SE01 says {se[1]} segments, the set has {position}",
                position,
                "SE",
                1,
                str(position),
            )
        if len(se) > 2 and se[2] != control:
            ctx.error(
                SET_CONTROL_MISMATCH,
                f"SE02 {se[2]!r} does not match ST02 {control!r}",
                position,
                "SE",
                2,
                control,
            )


def _position(error):
    position = error.location.segment_position
    return 0 if position is None else position


def _isa_datetime(date, time):
    if not (date.isdigit() and time.isdigit() and len(date) == 6 and len(time) == 4):
        return datetime.datetime(1970, 1, 1)
    try:
        return datetime.datetime(
            2000 + int(date[:2]),
            int(date[2:4]),
            int(date[4:6]),
            int(time[:2]),
            int(time[2:4]),
        )
    except ValueError:
        return datetime.datetime(1970, 1, 1)


def _gs_datetime(date, time):
    if not (date.isdigit() and time.isdigit() and len(date) == 8 and len(time) >= 4):
        return None
    try:
        seconds = int(time[4:6]) if len(time) >= 6 else 0
        return datetime.datetime(
            int(date[:4]),
            int(date[4:6]),
            int(date[6:8]),
            int(time[:2]),
            int(time[2:4]),
            seconds,
        )
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def default_delimiters(version, newline=False):
    """``* > ~`` in 004010; ``* : ^ ~`` in 005010 (``^`` is ISA11)."""
    suffix = "\n" if newline else ""
    if version == schema.V4010:
        return Delimiters("*", ">", "", "~", suffix)
    return Delimiters("*", ":", "^", "~", suffix)


def write_interchange(interchange, *, delimiters=None, newline=False):
    """Return ``interchange`` as X12 text.

    Documents are grouped into GS groups by functional ID (in order of first
    appearance); ISA13 is ``interchange.control_number`` zero-padded to 9,
    groups are numbered 1, 2... and sets 0001, 0002... unless a document has
    its own ``control_number``.

    :param delimiters: a :class:`~.syntax.Delimiters`; defaults per version.
    :param newline: write a line feed after each segment terminator.
    :raises EdiValidationError: naming the document, element and what was
        expected, for a document that cannot be written.
    """
    version = interchange.version
    if interchange.standard != "X12" or version not in _ISA12:
        raise EdiValidationError(
            f"cannot write a {interchange.standard} {version} interchange as X12",
            code=UNSUPPORTED_VERSION,
            expected="X12 004010 or 005010",
        )
    if delimiters is None:
        delimiters = default_delimiters(version, newline)
    elif newline and not delimiters.suffix:
        delimiters = delimiters._replace(suffix="\n")
    _check_delimiters(delimiters, version)
    specs = schema.compiled(version, delimiters)
    control = str(interchange.control_number).zfill(9)
    envelope = SegmentWriter(
        specs,
        delimiters,
        f"interchange {control}",
        Location(interchange_control=control),
    )
    out = [_isa_segment(interchange, control, delimiters, version, specs)]
    groups = {}
    for document in interchange.documents:
        handler = sets.by_document(document, version)
        if handler is None:
            raise EdiValidationError(
                f"cannot write a {type(document).__name__} as X12",
                location=Location(interchange_control=control),
                code=UNSUPPORTED_SET,
                expected=", ".join(cls.__name__ for cls in model.DOCUMENT_TYPES),
            )
        groups.setdefault(handler.FUNCTIONAL_ID, []).append((handler, document))
    set_number = 0
    stamp = interchange.prepared_at
    for group_number, (functional_id, members) in enumerate(groups.items(), 1):
        group_control = str(group_number)
        envelope.seg(
            "GS",
            functional_id,
            interchange.sender.identifier,
            interchange.receiver.identifier,
            fmt_date(stamp),
            _fmt_time(stamp),
            group_control,
            "X",
            version,
            where="GS",
        )
        out.append(envelope.segments[-1])
        used = set()
        for handler, document in members:
            set_number += 1
            set_control = document.control_number or f"{set_number:04d}"
            if set_control in used:
                raise EdiValidationError(
                    f"{type(document).__name__} {_document_name(document)}: set control"
                    f" number {set_control!r} is used twice in group {group_control}",
                    location=Location(control, group_control, set_control),
                    code=DUPLICATE_SET_CONTROL,
                    expected="unique set control numbers",
                )
            used.add(set_control)
            out.extend(
                _write_set(
                    handler,
                    document,
                    set_number,
                    specs,
                    delimiters,
                    (control, group_control),
                    stamp,
                    version,
                )
            )
        envelope.seg("GE", str(len(members)), group_control)
        out.append(envelope.segments[-1])
    envelope.seg("IEA", str(len(groups)), control)
    out.append(envelope.segments[-1])
    terminator = delimiters.segment + delimiters.suffix
    return terminator.join(out) + terminator


def _write_set(handler, document, number, specs, delimiters, controls, stamp, version):
    control, group_control = controls
    set_control = document.control_number or f"{number:04d}"
    label = f"{type(document).__name__} {_document_name(document)}".rstrip()
    writer = SegmentWriter(
        specs,
        delimiters,
        label,
        Location(control, group_control, set_control, handler.SET_ID),
    )
    writer.prepared_at = stamp
    writer.version = version
    try:
        writer.seg(
            "ST", handler.SET_ID, set_control, getattr(handler, "CONVENTION", "")
        )
        handler.write(document, writer)
    except EdiError:
        raise
    except (AttributeError, TypeError, ValueError, decimal.InvalidOperation) as error:
        writer.fail(f"cannot be written: {error}", "invalid_document")
    writer.seg("SE", str(len(writer.segments) + 1), set_control)
    return writer.segments


def _document_name(document):
    return str(
        getattr(document, "number", "")
        or getattr(document, "acknowledged_control_number", "")
    )


def _check_delimiters(delimiters, version):
    chars = [delimiters.element, delimiters.component, delimiters.segment]
    if version != schema.V4010:
        chars.append(delimiters.repetition)
    if (
        any(len(char) != 1 or char.isalnum() or char == " " for char in chars)
        or len(set(chars)) != len(chars)
        or delimiters.suffix not in ("", "\n", "\r\n", "\r")
    ):
        raise EdiValidationError(
            f"invalid delimiters {delimiters!r}",
            code="bad_delimiter",
            expected="distinct single non-alphanumeric characters",
        )


def _fmt_time(stamp):
    text = f"{stamp.hour:02d}{stamp.minute:02d}"
    return text + f"{stamp.second:02d}" if stamp.second else text


def _isa_segment(interchange, control, delimiters, version, specs):
    values = _isa_values(interchange, control, delimiters, version)
    text = delimiters.element.join(("ISA", *values))
    spec = specs["ISA"]
    if not spec.matches(text, 16) or text.count(delimiters.element) != 16:
        problems = spec.check(("ISA", *values)) or [
            schema.Problem("invalid_character", None, "a value holds a delimiter")
        ]
        raise EdiValidationError(
            f"interchange {control}: {problems[0].message}",
            location=Location(
                interchange_control=control,
                segment_position=1,
                segment_id="ISA",
                element_position=problems[0].element_position,
            ),
            code=problems[0].code,
            expected=problems[0].expected,
        )
    return text


def _isa_values(interchange, control, delimiters, version):
    stamp = interchange.prepared_at
    sender, receiver = interchange.sender, interchange.receiver
    for identity, which in ((sender, "sender"), (receiver, "receiver")):
        if len(identity.identifier) > 15 or not identity.identifier:
            raise EdiValidationError(
                f"interchange {control}: {which} identifier {identity.identifier!r}"
                " must be 1 to 15 characters",
                location=Location(interchange_control=control, segment_id="ISA"),
                code="element_too_long" if identity.identifier else "missing_element",
                expected="AN 1/15",
            )
    return (
        "00",
        " " * 10,
        "00",
        " " * 10,
        sender.qualifier,
        sender.identifier.ljust(15),
        receiver.qualifier,
        receiver.identifier.ljust(15),
        f"{stamp.year % 100:02d}{stamp.month:02d}{stamp.day:02d}",
        f"{stamp.hour:02d}{stamp.minute:02d}",
        delimiters.repetition if version != schema.V4010 else "U",
        _ISA12[version],
        control,
        "1" if interchange.ack_requested else "0",
        "T" if interchange.test else "P",
        delimiters.component,
    )
