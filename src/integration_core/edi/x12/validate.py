"""Structural validation of one transaction set: order, loops, repeats, elements.

A set's structure is a tree of :class:`Seg` and :class:`Loop` (a loop's first
child is its trigger segment), written in the standard's order. :func:`match`
walks the set's segments once, keeps a stack of open loops, and builds a
light tree of *loop instances*: dicts mapping a segment ID to its list of
``(position, elements)`` and a loop name to its list of child instances.
Element values are validated with the precompiled per-segment regex; only a
failing segment is re-checked element by element to name the problem.
"""

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
    )

    def __init__(self, name, max_use, children, required=False):
        self.name = name
        self.max_use = max_use
        self.required = required
        self.children = tuple(children)
        self.is_loop = tuple(isinstance(child, Loop) for child in self.children)
        index = {}
        for position, child in enumerate(self.children):
            index.setdefault(child_id(child), []).append(position)
        self.index = {key: tuple(value) for key, value in index.items()}
        self.required_children = tuple(
            position for position, child in enumerate(self.children) if child.required
        )

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
    """Where we are (for error locations) and the errors found so far."""

    __slots__ = (
        "interchange_control",
        "group_control",
        "set_control",
        "set_type",
        "errors",
        "group_date",
        "component",
    )

    def __init__(self, interchange_control, group_control, set_control, set_type, **kw):
        self.interchange_control = interchange_control
        self.group_control = group_control
        self.set_control = set_control
        self.set_type = set_type
        self.errors = []
        self.group_date = kw.get("group_date")  # GS04, fallback for missing dates
        self.component = kw.get("component", ">")

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
    spec = specs[segment_id]
    if not spec.matches(raw, len(elements) - 1):
        problems = spec.check(elements)
        if problems:
            ctx.problems(problems, position, segment_id)
            return False
    return True


def match(structure, specs, raws, splits, st_index, se_index, ctx):
    """Validate the segments between ST and SE against ``structure``.

    ``st_index``/``se_index`` index ``raws``/``splits`` (``se_index`` may be
    where a missing SE would be). Positions are 1-based within the set, ST
    being 1. Returns the root loop instance.
    """
    root = {}
    loops = [structure]
    cursors = [-1]
    counts = [[0] * len(structure.children)]
    instances = [root]
    base = st_index - 1
    for index in range(st_index + 1, se_index):
        elements = splits[index]
        segment_id = elements[0]
        position = index - base
        level = len(loops) - 1
        target = -1
        while level >= 0:
            candidates = loops[level].index.get(segment_id)
            if candidates:
                cursor = cursors[level]
                for candidate in candidates:
                    # a loop's trigger only starts a new instance, from the parent
                    if candidate >= cursor and (candidate or not level):
                        target = candidate
                        break
                if target >= 0:
                    break
            level -= 1
        if target < 0:
            _unplaced(ctx, structure, segment_id, position)
            if segment_id in specs:
                check_segment(ctx, specs, raws[index], elements, position)
            continue
        while len(loops) - 1 > level:
            _close(ctx, loops.pop(), cursors.pop(), counts.pop(), position, segment_id)
            instances.pop()
        loop = loops[level]
        cursor = cursors[level]
        for required in loop.required_children:
            if cursor < required < target:
                _missing(ctx, loop.children[required], position)
        child = loop.children[target]
        level_counts = counts[level]
        level_counts[target] += 1
        cursors[level] = target
        if level_counts[target] > child.max_use:
            is_loop = loop.is_loop[target]
            ctx.error(
                LOOP_REPEAT if is_loop else SEGMENT_REPEAT,
                f"{'loop' if is_loop else 'segment'} {segment_id} occurs more than"
                f" {child.max_use} times",
                position,
                segment_id,
                expected=f"at most {child.max_use}",
            )
        spec = specs[segment_id]
        count = len(elements) - 1
        pattern = spec.patterns.get(count) or spec.fast(count)
        if pattern.fullmatch(raws[index]) is None:
            check_segment(ctx, specs, raws[index], elements, position)
        entry = (position, elements)
        if loop.is_loop[target]:
            instance = {segment_id: [entry]}
            instances[level].setdefault(child.name, []).append(instance)
            loops.append(child)
            cursors.append(0)
            child_counts = [0] * len(child.children)
            child_counts[0] = 1
            counts.append(child_counts)
            instances.append(instance)
        else:
            segments = instances[level].get(segment_id)
            if segments is None:
                instances[level][segment_id] = [entry]
            else:
                segments.append(entry)
    end_position = se_index - base
    while loops:
        _close(ctx, loops.pop(), cursors.pop(), counts.pop(), end_position, "SE")
    return root


def _close(ctx, loop, cursor, counts, position, segment_id):
    for required in loop.required_children:
        if required > cursor:
            _missing(ctx, loop.children[required], position)


def _missing(ctx, child, position):
    what = "loop" if isinstance(child, Loop) else "segment"
    ctx.error(
        MISSING_SEGMENT,
        f"mandatory {what} {child_id(child)} is missing before this position",
        position,
        child_id(child),
        expected=child_id(child),
    )


def _unplaced(ctx, structure, segment_id, position):
    if segment_id in structure.segment_ids():
        code, message = SEGMENT_ORDER, f"segment {segment_id} is out of sequence"
    elif segment_id in _KNOWN_IDS:
        code = SEGMENT_NOT_IN_SET
        message = f"segment {segment_id} is not used in a {ctx.set_type}"
    else:
        code, message = (
            UNRECOGNIZED_SEGMENT,
            f"unrecognized segment ID {segment_id[:10]!r}",
        )
    ctx.error(
        code, message, position, segment_id[:10], expected="a segment of this set here"
    )
