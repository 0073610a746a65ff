"""Write an Odoo configuration file from odoo.conf.example plus generated values.

Usage: render_odoo_conf.py EXAMPLE OUTPUT SECTION.KEY=VALUE [SECTION.KEY=VALUE...]

The example's comments are kept so the generated file documents itself. For
each SECTION.KEY=VALUE: an active ``key = ...`` line of that section gets the
new value; otherwise the first commented-out ``; key = ...`` line of that
section is enabled with it; otherwise the line is appended to the section
(a missing section is appended to the file). The output is written with mode
0600 because it holds the database password and the vault key.

Odoo reads the file with RawConfigParser, which has no inline comments:
values must never carry a trailing ``; comment``.
"""

import os
import re
import sys
from pathlib import Path

SECTION_RE = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
ACTIVE_RE = re.compile(r"^(?P<key>[A-Za-z_][\w.]*)\s*=")
COMMENTED_RE = re.compile(r"^[;#]\s?(?P<key>[A-Za-z_][\w.]*)\s*=")


def parse_assignments(args: list[str]) -> dict[str, dict[str, str]]:
    """Turn ``section.key=value`` arguments into {section: {key: value}}."""
    updates: dict[str, dict[str, str]] = {}
    for arg in args:
        target, sep, value = arg.partition("=")
        section, dot, key = target.partition(".")
        if not sep or not dot or not section or not key:
            raise ValueError(f"expected SECTION.KEY=VALUE, got {arg!r}")
        if "\n" in value:
            raise ValueError(f"value of {target} contains a newline")
        updates.setdefault(section, {})[key] = value
    return updates


def _flush(out: list[str], section: str | None, pending: dict) -> None:
    """Append the still-pending keys of ``section`` before the next section."""
    remaining = pending.pop(section, {}) if section else {}
    if not remaining:
        return
    while out and not out[-1].strip():
        out.pop()
    out.extend(f"{key} = {value}" for key, value in remaining.items())
    out.append("")


def active_keys(example: str) -> set[tuple[str, str]]:
    """The (section, key) pairs set by uncommented lines of ``example``."""
    found = set()
    section = None
    for line in example.splitlines():
        header = SECTION_RE.match(line)
        if header:
            section = header.group("name")
        elif section and (match := ACTIVE_RE.match(line)):
            found.add((section, match.group("key")))
    return found


def render(example: str, updates: dict[str, dict[str, str]]) -> str:
    """Return ``example`` with ``updates`` applied (see module docstring)."""
    pending = {section: dict(keys) for section, keys in updates.items()}
    active = active_keys(example)
    out: list[str] = []
    section: str | None = None
    for line in example.splitlines():
        header = SECTION_RE.match(line)
        if header:
            _flush(out, section, pending)
            section = header.group("name")
            out.append(line)
            continue
        wanted = pending.get(section, {}) if section else {}
        match = ACTIVE_RE.match(line)
        if not match:
            match = COMMENTED_RE.match(line)
            if match and (section, match.group("key")) in active:
                match = None
        if match and match.group("key") in wanted:
            key = match.group("key")
            out.append(f"{key} = {wanted.pop(key)}")
            continue
        out.append(line)
    _flush(out, section, pending)
    for name, keys in pending.items():
        if keys:
            out.extend(["", f"[{name}]"])
            out.extend(f"{key} = {value}" for key, value in keys.items())
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    example, output = Path(argv[0]), Path(argv[1])
    try:
        updates = parse_assignments(argv[2:])
    except ValueError as exc:
        sys.stderr.write(f"render_odoo_conf: {exc}\n")
        return 2
    text = render(example.read_text(encoding="utf-8"), updates)
    tmp = output.with_name(output.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
