"""Structural validation of one transaction set: order, loops, repeats, elements.

A set's structure is a tree of :class:`Seg` and :class:`Loop` (a loop's first
child is its trigger segment), written in the standard's order. Each set's
structure is compiled once into a :class:`SetMachine` (precomputed transition
tables: segment ID -> next state and loop action). :func:`match` runs it over
the set's segments once, keeps a stack of open loop instances, and builds a
light tree of *loop instances*: dicts mapping a segment ID to its list of
``(position, elements)`` and a loop name to its list of child instances.
Element values are validated with the precompiled per-segment regex; only a
failing segment is re-checked element by element to name the problem.
"""

import re
import sys

from ..errors import EdiValidationError, Location
from . import schema

# Segment-level error codes (EdiError.code)
UNRECOGNIZED_SEGMENT = "unrecognized_segment"
UNEXPECTED_SEGMENT = "unexpected_segment"
MISSING_SEGMENT = "missing_segment"
LOOP_REPEAT = "loop_repeat"
SEGMENT_REPEAT = "segment_repeat"
SEGMENT_NOT_IN_SET = "segment_not_in_set"
SEGMENT_ORDER = "segment_order"
#: A well-formed segment the set's table does not define where it stands,
#: skipped and reported as a warning when reading with ``unknown_segments="warn"``.
UNKNOWN_SEGMENT = "unknown_segment"

#: How readers treat such a segment (see :func:`integration_core.edi.api.read`).
UNKNOWN_SEGMENTS_REJECT = "reject"
UNKNOWN_SEGMENTS_WARN = "warn"
UNKNOWN_SEGMENT_POLICIES = (UNKNOWN_SEGMENTS_REJECT, UNKNOWN_SEGMENTS_WARN)

#: Maximum use or loop repeat ">1" in the standard's tables: no limit.
UNBOUNDED = sys.maxsize

# Envelope-level error codes (EdiError.code)
UNSUPPORTED_SET = "unsupported_set"
MISSING_SET_TRAILER = "missing_set_trailer"
SET_CONTROL_MISMATCH = "set_control_mismatch"
SEGMENT_COUNT = "segment_count"
DUPLICATE_SET_CONTROL = "duplicate_set_control"
WRONG_GROUP = "set_in_wrong_group"
MISSING_GROUP_HEADER = "missing_group_header"
MISSING_GROUP_TRAILER = "missing_group_trailer"
GROUP_CONTROL_MISMATCH = "group_control_mismatch"
GROUP_SET_COUNT = "group_set_count"
UNSUPPORTED_VERSION = "unsupported_version"
MISSING_INTERCHANGE_TRAILER = "missing_interchange_trailer"
INTERCHANGE_CONTROL_MISMATCH = "interchange_control_mismatch"
INTERCHANGE_GROUP_COUNT = "interchange_group_count"
ENVELOPE_ELEMENT = "envelope_element"
INTERNAL = "internal"

_KNOWN_IDS = schema.known_segment_ids()
#: A segment ID as X12 builds them: a letter, then one or two letters or digits.
_WELL_FORMED_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}\Z")


class Seg:
    __slots__ = ("segment_id", "required", "max_use")

    def __init__(self, segment_id, max_use=1, required=False):
        self.segment_id = segment_id
        self.max_use = max_use
        self.required = required


class Loop:
    __slots__ = (
        "name",
        "required",
        "max_use",
        "children",
        "index",
        "required_children",
        "is_loop",
        "next_required",
        "max_uses",
        "_machine",
    )

    def __init__(self, name, max_use, children, required=False):
        self.name = name
        self.max_use = max_use
        self.required = required
        self.children = tuple(children)
        self.is_loop = tuple(isinstance(child, Loop) for child in self.children)
        self.max_uses = tuple(child.max_use for child in self.children)
        index = {}
        for position, child in enumerate(self.children):
            index.setdefault(child_id(child), []).append(position)
        self.index = {key: tuple(value) for key, value in index.items()}
        self.required_children = tuple(
            position for position, child in enumerate(self.children) if child.required
        )
        # next_required[i]: the first mandatory child at index >= i (or a big number)
        size = len(self.children)
        self.next_required = tuple(
            min((r for r in self.required_children if r >= i), default=size + 1)
            for i in range(size + 1)
        )
        self._machine = None

    def machine(self):
        """Return this structure compiled into a :class:`SetMachine` (cached)."""
        if self._machine is None:
            self._machine = SetMachine(self)
        return self._machine

    @property
    def segment_id(self):
        return child_id(self)

    def segment_ids(self):
        """Every segment ID used anywhere in this loop."""
        ids = set()
        for child in self.children:
            ids |= (
                child.segment_ids() if isinstance(child, Loop) else {child.segment_id}
            )
        return ids


def child_id(child):
    return child.children[0].segment_id if isinstance(child, Loop) else child.segment_id


def M(segment_id, max_use=1):  # noqa: N802 - reads like the standard's tables
    """A mandatory segment."""
    return Seg(segment_id, max_use, required=True)


def O(segment_id, max_use=1):  # noqa: N802, E743
    """An optional segment."""
    return Seg(segment_id, max_use)


class SetContext:
    """Where we are (for error locations), the errors and warnings found so far.

    ``unknown_segments`` is the policy for a well-formed segment the set's
    table does not define where it stands: :data:`UNKNOWN_SEGMENTS_REJECT`
    (an error) or :data:`UNKNOWN_SEGMENTS_WARN` (skipped, a warning).
    """

    __slots__ = (
        "interchange_control",
        "group_control",
        "set_control",
        "set_type",
        "errors",
        "warnings",
        "group_date",
        "component",
        "warn_unknown",
    )

    def __init__(self, interchange_control, group_control, set_control, set_type, **kw):
        self.interchange_control = interchange_control
        self.group_control = group_control
        self.set_control = set_control
        self.set_type = set_type
        self.errors = []
        self.warnings = []
        self.group_date = kw.get("group_date")  # GS04, fallback for missing dates
        self.component = kw.get("component", ">")
        policy = kw.get("unknown_segments", UNKNOWN_SEGMENTS_REJECT)
        self.warn_unknown = policy == UNKNOWN_SEGMENTS_WARN

    def location(self, position=None, segment_id="", element=None, component=None):
        return Location(
            self.interchange_control,
            self.group_control,
            self.set_control,
            self.set_type,
            position,
            segment_id,
            element,
            component,
        )

    def error(
        self, code, message, position, segment_id, element=None, expected="", **kw
    ):
        self.errors.append(
            EdiValidationError(
                message,
                location=self.location(
                    position, segment_id, element, kw.get("component")
                ),
                code=code,
                expected=expected,
            )
        )

    def warn(self, code, message, position, segment_id, expected=""):
        self.warnings.append(
            EdiValidationError(
                message,
                location=self.location(position, segment_id),
                code=code,
                expected=expected,
            )
        )

    def problems(self, problems, position, segment_id):
        for problem in problems:
            self.error(
                problem.code,
                problem.message,
                position,
                segment_id,
                problem.element_position,
                problem.expected,
                component=problem.component_position,
            )


def check_segment(ctx, specs, raw, elements, position):
    """Validate one segment's elements, recording problems in ``ctx``."""
    segment_id = elements[0]
    spec = specs.get(segment_id)
    if spec is None:  # e.g. a 999's IK3 in a 004010 group
        ctx.error(
            SEGMENT_NOT_IN_SET,
            f"segment {segment_id} is not defined in this version of X12",
            position,
            segment_id,
            expected="a segment of this version",
        )
        return False
    if not spec.matches(raw, len(elements) - 1):
        problems = spec.check(elements)
        if problems:
            ctx.problems(problems, position, segment_id)
            return False
    return True


#: Segment IDs that end a transaction set's body: its SE, or an envelope
#: segment that shows the SE is missing.
ENVELOPE_IDS = frozenset({"SE", "ST", "GS", "GE", "IEA", "ISA"})

#: How many validated segments a :class:`SegmentMemo` keeps before it starts over.
MEMO_SIZE = 1 << 12


class SegmentMemo:
    """Split segments that passed validation, keyed by their text.

    Trading partners repeat a lot of segments word for word (the same parties,
    units, dates, descriptions, hierarchy levels). A segment's validity only
    depends on its text and the element specs, so one memo per specs table
    lets a repeated segment skip both the split and the regex. The memo is
    emptied when it holds :data:`MEMO_SIZE` segments, which bounds its memory.
    """

    __slots__ = ("specs", "separator", "valid")

    def __init__(self, specs, separator):
        self.specs = specs
        self.separator = separator
        self.valid = {}


def match(structure, memo, segments, st_index, ctx, close=None):
    """Validate the transaction set whose ST is ``segments[st_index]``.

    Reads from the segment after ST up to the first envelope segment
    (:data:`ENVELOPE_IDS`: normally the set's SE) or the end of ``segments``
    and returns ``(root, end)``: the root loop instance and the index of that
    envelope segment (``len(segments)`` when there is none). Positions are
    1-based within the set, ST being 1. ``close(end)``, when given, is called
    before the mandatory segments missing at the end are reported, so that
    the trailer's own errors come first.

    Runs the structure's :class:`SetMachine`: per segment, one dict lookup
    gives the next state and what to do (loops to close, mandatory segments
    skipped, repeat limit, loop to open), then one regex validates the
    elements, unless ``memo`` (a :class:`SegmentMemo` for the set's specs)
    already holds the same segment text.
    """
    machine = structure.machine()
    lookups = machine.lookups
    specs, known, separator = memo.specs, memo.valid, memo.separator
    root = instance = {}
    stack = []  # (instance, repeat count) of each enclosing open loop
    state = run = 0
    end = len(segments)
    for index in range(st_index + 1, end):
        raw = segments[index]
        position = index - st_index + 1
        elements = known.get(raw)
        invalid = False
        if elements is None:
            elements = tuple(raw.split(separator))
            spec = specs.get(elements[0])
            count = len(elements) - 1
            if spec is None or (
                (spec.patterns.get(count) or spec.fast(count)).fullmatch(raw) is None
            ):
                invalid = True  # reported once the segment is placed
            else:
                if len(known) >= MEMO_SIZE:
                    known.clear()
                known[raw] = elements
        segment_id = elements[0]
        action = lookups[state](segment_id)
        if action is None:
            if segment_id in ENVELOPE_IDS:
                end = index
                break
            if ctx.warn_unknown and _WELL_FORMED_ID.match(segment_id):
                _skipped(ctx, machine.segment_ids, segment_id, position)
                continue
            _unplaced(ctx, machine.segment_ids, segment_id, position)
            if invalid and segment_id in specs:
                check_segment(ctx, specs, raw, elements, position)
            continue
        state, repeat, max_use, pops, missing, loop_name, child = action
        if pops:
            instance, run = stack[-pops]
            del stack[-pops:]
        if missing:
            for skipped in missing:
                _missing(ctx, skipped, position)
        run = run + 1 if repeat else 1
        if run > max_use:
            _repeat(ctx, child, loop_name is not None, segment_id, position)
        if invalid:
            check_segment(ctx, specs, raw, elements, position)
        if loop_name is None:
            segments_here = instance.get(segment_id)
            if segments_here is None:
                instance[segment_id] = [(position, elements)]
            else:
                segments_here.append((position, elements))
        else:
            stack.append((instance, run))
            opened = {segment_id: [(position, elements)]}
            siblings = instance.get(loop_name)
            if siblings is None:
                instance[loop_name] = [opened]
            else:
                siblings.append(opened)
            instance, run = opened, 1
    if close is not None:
        close(end)
    end_position = end - st_index + 1  # the SE's, or where it would be
    for skipped in machine.final_missing[state]:
        _missing(ctx, skipped, end_position)
    return root, end


class SetMachine:
    """A transaction set structure compiled into a finite state machine.

    A state is one path of open loops, each with the index of the child last
    matched in it (its *cursor*), from the set itself (cursor -1 before the
    first segment) to the innermost open loop. The structure tree is finite
    and not recursive, so there are few states (tens per set).

    ``transitions[state]`` maps a segment ID to the tuple ``(next state,
    repeat, max_use, pops, missing, loop_name, child)``:

    * ``repeat``: the segment (or loop trigger) is the child the cursor
      already points at, so its repeat count goes up, else it restarts at 1;
    * ``max_use``: the child's maximum use;
    * ``pops``: how many open loops the segment closes;
    * ``missing``: the mandatory children skipped by closing those loops and
      by moving the cursor forward, in the order they are reported;
    * ``loop_name``: the loop the segment opens (it is its trigger), or ``None``;
    * ``child``: the matched :class:`Seg` or :class:`Loop`.

    A segment ID with no entry is out of place in that state.
    ``final_missing[state]`` lists the mandatory children missing when the
    set ends in that state. Each transition is computed with the rules of
    the standard's loop semantics: the innermost open loop is searched first,
    from its cursor on (a loop's trigger only starts a new instance, from the
    parent), then each enclosing loop outwards.
    """

    __slots__ = ("transitions", "lookups", "final_missing", "segment_ids")

    def __init__(self, structure):
        self.segment_ids = frozenset(structure.segment_ids())
        ordered_ids = sorted(self.segment_ids)
        start = ((structure, -1),)
        paths = [start]
        numbers = {start: 0}
        self.transitions = []
        self.final_missing = []
        for path in paths:  # grows while it is walked: a breadth-first search
            table = {}
            for segment_id in ordered_ids:
                found = _find_target(path, segment_id)
                if found is None:
                    continue
                next_path, action = _transition(path, *found)
                number = numbers.get(next_path)
                if number is None:
                    number = numbers[next_path] = len(paths)
                    paths.append(next_path)
                table[segment_id] = (number, *action)
            self.transitions.append(table)
            self.final_missing.append(
                tuple(
                    skipped
                    for loop, cursor in reversed(path)
                    for skipped in _required_after(loop, cursor)
                )
            )
        self.transitions = tuple(self.transitions)
        self.lookups = tuple(table.get for table in self.transitions)
        self.final_missing = tuple(self.final_missing)


def _find_target(path, segment_id):
    """Return ``(level, child index)`` where ``segment_id`` goes, or ``None``."""
    for level in range(len(path) - 1, -1, -1):
        loop, cursor = path[level]
        for candidate in loop.index.get(segment_id, ()):
            if candidate >= cursor and (candidate or not level):
                return level, candidate
    return None


def _required_after(loop, cursor):
    return tuple(
        loop.children[required]
        for required in loop.required_children
        if required > cursor
    )


def _transition(path, level, target):
    """Return the path after a segment matching child ``target`` at ``level``."""
    closed = path[level + 1 :]
    loop, cursor = path[level]
    missing = [
        skipped
        for inner, inner_cursor in reversed(closed)
        for skipped in _required_after(inner, inner_cursor)
    ]
    missing += [
        loop.children[required]
        for required in loop.required_children
        if cursor < required < target
    ]
    child = loop.children[target]
    next_path = (*path[:level], (loop, target))
    loop_name = None
    if loop.is_loop[target]:
        next_path += ((child, 0),)
        loop_name = child.name
    action = (
        target == cursor,
        child.max_use,
        len(closed),
        tuple(missing),
        loop_name,
        child,
    )
    return next_path, action


def _repeat(ctx, child, is_loop, segment_id, position):
    what = "loop" if is_loop else "segment"
    ctx.error(
        LOOP_REPEAT if is_loop else SEGMENT_REPEAT,
        f"{what} {segment_id} occurs more than {child.max_use} times",
        position,
        segment_id,
        expected=f"at most {child.max_use}",
    )


def _missing(ctx, child, position):
    what = "loop" if isinstance(child, Loop) else "segment"
    ctx.error(
        MISSING_SEGMENT,
        f"mandatory {what} {child_id(child)} is missing before this position",
        position,
        child_id(child),
        expected=child_id(child),
    )


def _unplaced_reason(ctx, structure_ids, segment_id):
    """Return ``(code, message)`` saying why ``segment_id`` has no place here."""
    if segment_id in structure_ids:
        return SEGMENT_ORDER, f"segment {segment_id} is out of sequence"
    if segment_id in _KNOWN_IDS:
        message = f"segment {segment_id} is not used in a {ctx.set_type}"
        return SEGMENT_NOT_IN_SET, message
    return UNRECOGNIZED_SEGMENT, f"unrecognized segment ID {segment_id[:10]!r}"


def _unplaced(ctx, structure_ids, segment_id, position):
    code, message = _unplaced_reason(ctx, structure_ids, segment_id)
    ctx.error(
        code, message, position, segment_id[:10], expected="a segment of this set here"
    )


def _skipped(ctx, structure_ids, segment_id, position):
    """Report a well-formed segment with no place here as skipped (warn policy)."""
    _, message = _unplaced_reason(ctx, structure_ids, segment_id)
    ctx.warn(
        UNKNOWN_SEGMENT,
        f"{message}: skipped",
        position,
        segment_id,
        expected="a segment of this set here",
    )
