"""Print the names of the installable Odoo addons found in the given folders.

Usage: list_addons.py DIR [DIR...]

An addon is a sub-folder holding a ``__manifest__.py`` whose dict does not set
``installable`` to a false value. Names are printed sorted, one per line. A
manifest that is not a Python literal dict is an error (exit code 1), so a
broken addon is never silently left out.
"""

import ast
import sys
from pathlib import Path


def read_manifest(path: Path) -> dict:
    """Return the manifest dict of ``path`` or raise ValueError."""
    try:
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"{path}: not a Python literal: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ValueError(f"{path}: manifest is a {type(manifest).__name__}, not a dict")
    return manifest


def installable_addons(folder: Path) -> list[str]:
    """Names of the installable addons directly under ``folder``."""
    if not folder.is_dir():
        return []
    names = []
    for manifest_path in sorted(folder.glob("*/__manifest__.py")):
        if read_manifest(manifest_path).get("installable", True):
            names.append(manifest_path.parent.name)
    return names


def main(argv: list[str]) -> int:
    seen: dict[str, Path] = {}
    try:
        for arg in argv:
            folder = Path(arg)
            for name in installable_addons(folder):
                if name in seen:
                    raise ValueError(f"addon {name} found in {seen[name]} and {folder}")
                seen[name] = folder
    except ValueError as exc:
        sys.stderr.write(f"list_addons: {exc}\n")
        return 1
    for name in sorted(seen):
        sys.stdout.write(f"{name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
