"""Compact EDIFACT message specs and the validator that walks them.

Element specs use a small notation per segment: elements separated by spaces,
composites in parentheses with comma-separated components, ``!`` marks a
mandatory element/component, representations as in the UN directories
(``an..35``, ``n..15``, ``a3``). Example: ``"!an..3 (!an..35,an..17,an..3)"``.

Segment-group structures are trees of :class:`S` (segment) and :class:`G`
(group, first child is its trigger segment) with minimum and maximum repeats,
written as the directories' segment tables (see :func:`parse_structure`).
:func:`match_structure` places each segment of a message into that tree
(the usual EDIFACT "search forward, then pop to the enclosing group" rule),
reporting missing, unexpected and too often repeated segments and groups.
"""

import re

AN, A, N = 0, 1, 2
_KINDS = {"an": AN, "a": A, "n": N}
_REPR = re.compile(r"^(!?)(an|a|n)(\.\.)?(\d+)$")
_NUMERIC = re.compile(r"^-?(\d*)([.,](\d*))?$")


def _component(text):
    match = _REPR.match(text.strip())
    if not match:
        raise ValueError(f"bad element representation {text!r}")
    mandatory, kind, variable, length = match.groups()
    size = int(length)
    return (_KINDS[kind], 1 if variable else size, size, bool(mandatory), text.strip())


def compile_elements(notation):
    """Compile the notation into a tuple of ``(composite, mandatory, components)``."""
    elements = []
    for token in re.findall(r"!?\([^)]*\)|\S+", notation):
        if token.lstrip("!").startswith("("):
            mandatory = token.startswith("!")
            inner = token.lstrip("!")[1:-1]
            comps = tuple(_component(part) for part in inner.split(","))
            elements.append((True, mandatory, comps))
        else:
            comp = _component(token)
            elements.append((False, comp[3], (comp,)))
    return tuple(elements)


def compile_segments(table):
    return {tag: compile_elements(notation) for tag, notation in table.items()}


def describe_repr(comp):
    return comp[4].lstrip("!")


def check_value(value, comp):
    """Return ``(code, expected)`` when ``value`` breaks ``comp``, else ``None``."""
    kind, minimum, maximum = comp[0], comp[1], comp[2]
    if kind == N:
        match = _NUMERIC.match(value)
        if not match or not (match.group(1) or match.group(3)):
            return "invalid_number", f"numeric {describe_repr(comp)}"
        size = len(match.group(1)) + len(match.group(3) or "")
    else:
        size = len(value)
        if kind == A and any(ch.isdigit() for ch in value):
            return "invalid_character", f"alphabetic {describe_repr(comp)}"
    if size > maximum:
        return (
            "element_too_long",
            f"at most {maximum} characters ({describe_repr(comp)})",
        )
    if size < minimum:
        return "element_too_short", f"{minimum} characters ({describe_repr(comp)})"
    return None


def check_segment(seg, spec, report):
    """Check the elements of ``seg`` against ``spec``; call ``report`` per problem.

    ``report(code, message, seg, element, component, expected)`` gets 1-based
    element and component positions (component ``None`` for a simple element).
    """
    els = seg.els
    if len(els) > len(spec):
        report(
            "too_many_elements",
            f"{seg.tag} has {len(els)} data elements",
            seg,
            len(spec) + 1,
            None,
            f"at most {len(spec)}",
        )
    for index, (composite, mandatory, comps) in enumerate(spec):
        value = els[index] if index < len(els) else ""
        position = index + 1
        if type(value) is str:
            if not value:
                if mandatory:
                    report(
                        "missing_element",
                        f"mandatory data element {position} of {seg.tag} is empty",
                        seg,
                        position,
                        1 if composite else None,
                        describe_repr(comps[0]),
                    )
                continue
            problem = check_value(value, comps[0])
            if problem:
                report(
                    problem[0],
                    f"{seg.tag} element {position} value {value[:40]!r}",
                    seg,
                    position,
                    1 if composite else None,
                    problem[1],
                )
            continue
        if not composite or len(value) > len(comps):
            report(
                "too_many_components",
                f"{seg.tag} element {position} has {len(value)} components",
                seg,
                position,
                len(comps) + 1 if composite else 2,
                f"at most {len(comps)}",
            )
            continue
        _check_components(seg, position, value, comps, mandatory, report)


def _check_components(seg, position, values, comps, mandatory, report):
    if mandatory or any(values):
        for cindex, comp in enumerate(comps):
            value = values[cindex] if cindex < len(values) else ""
            if not value:
                if comp[3]:
                    report(
                        "missing_element",
                        f"mandatory component {cindex + 1} of {seg.tag} element "
                        f"{position} is empty",
                        seg,
                        position,
                        cindex + 1,
                        describe_repr(comp),
                    )
                continue
            problem = check_value(value, comp)
            if problem:
                report(
                    problem[0],
                    f"{seg.tag} element {position}.{cindex + 1} value {value[:40]!r}",
                    seg,
                    position,
                    cindex + 1,
                    problem[1],
                )


# --------------------------------------------------------------------------
# Segment-group structure
# --------------------------------------------------------------------------


class S:
    """A segment in a structure, repeated ``minimum``..``maximum`` times."""

    __slots__ = ("tag", "minimum", "maximum")
    is_group = False

    def __init__(self, tag, minimum=0, maximum=1):
        self.tag, self.minimum, self.maximum = tag, minimum, maximum


class G:
    """A segment group; its first child is the trigger segment.

    ``name`` is how readers find its instances (unique among its siblings),
    ``label`` the directory's segment group number (``"SG26"``), if any.
    """

    __slots__ = ("name", "tag", "minimum", "maximum", "children", "label")
    is_group = True

    def __init__(self, name, minimum, maximum, *children, label=""):
        self.name = name
        self.tag = children[0].tag
        self.minimum, self.maximum = minimum, maximum
        self.children = children
        self.label = label

    def describe(self):
        """``"group SG26 (LIN)"``, or ``"group LIN"`` without a number."""
        if self.label:
            return f"group {self.label} ({self.tag})"
        return f"group {self.tag}"


_STATUS = re.compile(r"^([MC])(\d+)$")
_GROUP_HEAD = re.compile(r"^SG(\d+) ([MC]\d+)(?: ([A-Z0-9]+))?$")


def parse_structure(name, table):
    """Build a message structure (a :class:`G`) from a directory segment table.

    One line per run of sibling segments, ``TAG <status><max>`` separated by
    commas, status ``M`` (mandatory) or ``C`` (conditional), e.g.
    ``UNH M1, BGM M1, DTM M35``. A segment group starts a line with its
    number, status and maximum, optionally the name readers use for it
    (default: its trigger tag), then a colon and its segments:
    ``SG26 C9999999: LIN M1, PIA C25``. Lines indented deeper than a group's
    line belong to that group. Group numbers must run 1, 2, 3... in order,
    which catches a group left out while transcribing. A line ending in a
    comma continues on the next line.
    """
    root = []
    stack = [(-1, root, None)]
    number = 0
    for raw in _joined_lines(table):
        indent = len(raw) - len(raw.lstrip())
        head, colon, body = raw.strip().rpartition(":")
        if not colon:
            body = head or body
        while indent <= stack[-1][0]:
            _close_group(stack.pop())
        children = stack[-1][1]
        if colon:
            match = _GROUP_HEAD.match(head)
            if match is None or int(match.group(1)) != number + 1:
                raise ValueError(f"{name}: bad group line {raw.strip()!r}")
            number += 1
            status, maximum = _status(match.group(2))
            group = [match.group(3) or "", status, maximum, f"SG{number}"]
            members = []
            stack.append((indent, members, group))
            children.append((group, members))
            children = members
        for item in body.split(","):
            tag, _, status = item.strip().partition(" ")
            minimum, maximum = _status(status)
            children.append(S(tag, minimum, maximum))
    while len(stack) > 1:
        _close_group(stack.pop())
    return G(name, 1, 1, *_build(root))


def _joined_lines(table):
    pending = ""
    for line in table.splitlines():
        if not line.strip():
            continue
        pending = pending + " " + line.strip() if pending else line.rstrip()
        if not pending.endswith(","):
            yield pending
            pending = ""
    if pending:
        raise ValueError(f"structure table ends in a comma: {pending!r}")


def _status(text):
    match = _STATUS.match(text)
    if match is None:
        raise ValueError(f"bad status/repeat {text!r}")
    return (1 if match.group(1) == "M" else 0), int(match.group(2))


def _close_group(entry):
    _indent, members, group = entry
    if group is not None and not members:
        raise ValueError(f"empty segment group {group[3]}")


def _build(children):
    built = []
    for child in children:
        if isinstance(child, S):
            built.append(child)
            continue
        (name, minimum, maximum, label), members = child
        members = _build(members)
        built.append(G(name or members[0].tag, minimum, maximum, *members, label=label))
    names = [child.name for child in built if child.is_group]
    if len(names) != len(set(names)):
        raise ValueError(f"sibling groups need distinct names: {names}")
    return built


class Node:
    """One instance of a group: its segments by tag and child groups by name."""

    __slots__ = ("spec", "segs", "groups", "index", "count")

    def __init__(self, spec):
        self.spec = spec
        self.segs = {}
        self.groups = {}
        self.index = -1
        self.count = 0

    def first(self, tag):
        found = self.segs.get(tag)
        return found[0] if found else None

    def all(self, tag):
        return self.segs.get(tag, ())

    def group_list(self, name):
        return self.groups.get(name, ())


def match_structure(segments, structure, report):
    """Place ``segments`` into ``structure`` (a G); return the root Node.

    ``report(code, message, seg, expected, missing_tag=None)`` is called per
    structural problem; ``seg`` is where it was noticed.
    """
    root = Node(structure)
    stack = [root]
    last = None
    for seg in segments:
        last = seg
        tag = seg.tag
        depth = len(stack) - 1
        while depth >= 0:
            node = stack[depth]
            children = node.spec.children
            start = node.index if node.index >= 0 else 0
            if start == 0 and depth:
                start = 1  # a group's trigger only repeats the whole group
            found = -1
            for position in range(start, len(children)):
                if children[position].tag == tag:
                    found = position
                    break
            if found >= 0:
                break
            depth -= 1
        if depth < 0:
            report(
                "unexpected_segment",
                f"segment {tag} is not allowed here",
                seg,
                _expected_after(stack),
            )
            continue
        for closed in stack[depth + 1 :]:
            _close(closed, seg, report)
        del stack[depth + 1 :]
        node = stack[depth]
        child = node.spec.children[found]
        if found != node.index:
            _skip(node, found, seg, report)
            node.index, node.count = found, 0
        node.count += 1
        if node.count > child.maximum:
            report(
                "too_many_group_repeats" if child.is_group else "too_many_repeats",
                f"{_describe(child)} repeated more than {child.maximum} times",
                seg,
                f"at most {child.maximum}",
            )
            if node.count > child.maximum + 1 and not child.is_group:
                continue
        if child.is_group:
            group = Node(child)
            group.index, group.count = 0, 1
            group.segs[tag] = [seg]
            node.groups.setdefault(child.name, []).append(group)
            stack.append(group)
        else:
            node.segs.setdefault(tag, []).append(seg)
    for node in reversed(stack):
        _close(node, last, report)
    return root


def _expected_after(stack):
    node = stack[-1]
    children = node.spec.children
    start = max(node.index, 0)
    return "one of " + " ".join(child.tag for child in children[start:][:6])


def _skip(node, found, seg, report):
    children = node.spec.children
    for position in range(node.index + 1, found):
        child = children[position]
        if child.minimum > 0:
            report(
                "missing_segment",
                f"mandatory {_describe(child)} is missing before "
                f"{seg.tag if seg else 'the end'}",
                seg,
                _describe(child),
                child.tag,
            )
    if node.index >= 0 and node.count < children[node.index].minimum:
        _too_few(children[node.index], node.count, seg, report)


def _close(node, seg, report):
    _skip(node, len(node.spec.children), seg, report)


def _describe(child):
    return child.describe() if child.is_group else f"segment {child.tag}"


def _too_few(child, count, seg, report):
    report(
        "missing_segment",
        f"{_describe(child)} occurs {count} times",
        seg,
        f"at least {child.minimum}",
    )
