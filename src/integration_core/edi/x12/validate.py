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
        "next_required",
        "max_uses",
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

    The innermost open loop is kept in local variables: a segment that stays
    in it (the common case) costs a few dict lookups and one regex match.
    """
    root = {}
    # Stack of the enclosing loops (the innermost one lives in the locals below).
    stack = []
    loop, cursor, counts, instance = structure, -1, [0] * len(structure.children), root
    index_map, is_loop, next_required = loop.index, loop.is_loop, loop.next_required
    max_uses = loop.max_uses
    base = st_index - 1
    for index in range(st_index + 1, se_index):
        elements = splits[index]
        segment_id = elements[0]
        target = -1
        candidates = index_map.get(segment_id)
        if candidates is not None:
            for candidate in candidates:
                # a loop's trigger only starts a new instance, from the parent
                if candidate >= cursor and (candidate or not stack):
                    target = candidate
                    break
        if target < 0 or is_loop[target]:
            # Leave loops and/or open a new one: the general path.
            stack.append((loop, cursor, counts, instance))
            level = len(stack) - 1
            if target < 0:
                level -= 1
                while level >= 0:
                    outer_loop, outer_cursor = stack[level][0], stack[level][1]
                    candidates = outer_loop.index.get(segment_id)
                    if candidates:
                        for candidate in candidates:
                            if candidate >= outer_cursor and (candidate or not level):
                                target = candidate
                                break
                        if target >= 0:
                            break
                    level -= 1
            position = index - base
            if target < 0:
                stack.pop()
                _unplaced(ctx, structure, segment_id, position)
                if segment_id in specs:
                    check_segment(ctx, specs, raws[index], elements, position)
                continue
            while len(stack) - 1 > level:
                closed = stack.pop()
                _close(ctx, closed[0], closed[1], position)
            loop, cursor, counts, instance = stack.pop()
            if _next_required_before(loop, cursor, target):
                _missing_between(ctx, loop, cursor, target, position)
            counts[target] += 1
            if counts[target] > loop.max_uses[target]:
                _repeat(ctx, loop, target, segment_id, position)
            _check(ctx, specs, raws[index], elements, position)
            if loop.is_loop[target]:
                child = loop.children[target]
                stack.append((loop, target, counts, instance))
                new_instance = {segment_id: [(position, elements)]}
                loops_of_kind = instance.get(child.name)
                if loops_of_kind is None:
                    instance[child.name] = [new_instance]
                else:
                    loops_of_kind.append(new_instance)
                loop, cursor, instance = child, 0, new_instance
                counts = [0] * len(child.children)
                counts[0] = 1
            else:
                cursor = target
                _append(instance, segment_id, (position, elements))
            index_map, is_loop, next_required = (
                loop.index,
                loop.is_loop,
                loop.next_required,
            )
            max_uses = loop.max_uses
            continue
        # Fast path: a plain segment of the innermost open loop.
        position = index - base
        if next_required[cursor + 1] < target:
            _missing_between(ctx, loop, cursor, target, position)
        counts[target] += 1
        if counts[target] > max_uses[target]:
            _repeat(ctx, loop, target, segment_id, position)
        cursor = target
        spec = specs[segment_id]
        count = len(elements) - 1
        pattern = spec.patterns.get(count) or spec.fast(count)
        if pattern.fullmatch(raws[index]) is None:
            check_segment(ctx, specs, raws[index], elements, position)
        segments = instance.get(segment_id)
        if segments is None:
            instance[segment_id] = [(position, elements)]
        else:
            segments.append((position, elements))
    end_position = se_index - base
    _close(ctx, loop, cursor, end_position)
    while stack:
        closed = stack.pop()
        _close(ctx, closed[0], closed[1], end_position)
    return root


def _next_required_before(loop, cursor, target):
    return loop.next_required[cursor + 1] < target


def _append(instance, segment_id, entry):
    segments = instance.get(segment_id)
    if segments is None:
        instance[segment_id] = [entry]
    else:
        segments.append(entry)


def _check(ctx, specs, raw, elements, position):
    spec = specs[elements[0]]
    count = len(elements) - 1
    pattern = spec.patterns.get(count) or spec.fast(count)
    if pattern.fullmatch(raw) is None:
        check_segment(ctx, specs, raw, elements, position)


def _missing_between(ctx, loop, cursor, target, position):
    for required in loop.required_children:
        if cursor < required < target:
            _missing(ctx, loop.children[required], position)


def _repeat(ctx, loop, target, segment_id, position):
    child = loop.children[target]
    what = "loop" if loop.is_loop[target] else "segment"
    ctx.error(
        LOOP_REPEAT if loop.is_loop[target] else SEGMENT_REPEAT,
        f"{what} {segment_id} occurs more than {child.max_use} times",
        position,
        segment_id,
        expected=f"at most {child.max_use}",
    )


def _close(ctx, loop, cursor, position):
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
