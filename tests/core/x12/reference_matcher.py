"""The generic X12 structure matcher as it was before the compiled state machines.

A test oracle only: ``validate.match`` must give exactly the same loop instances
and errors (same codes, positions, messages, order) as this straightforward walk
of the structure tree, for any sequence of segments.
"""

from integration_core.edi.x12 import validate
from integration_core.edi.x12.validate import (
    LOOP_REPEAT,
    MISSING_SEGMENT,
    SEGMENT_NOT_IN_SET,
    SEGMENT_ORDER,
    SEGMENT_REPEAT,
    UNRECOGNIZED_SEGMENT,
    Loop,
    check_segment,
    child_id,
)

_KNOWN_IDS = validate._KNOWN_IDS


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
    spec = specs.get(elements[0])
    if spec is None:
        check_segment(ctx, specs, raw, elements, position)  # reports it
        return
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
