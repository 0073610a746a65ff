"""Validity checks for the files under addons/ and data/.

Each checker takes one path and returns a list of problems, each naming the
file (and line or field) at fault; an empty list means the file is valid. The
test modules next to this one run the checkers over the repository and over
small broken samples, so that every checker is shown to be able to fail.

Deliberately malformed samples under data/ are named ``bad_*`` (e.g.
``data/edi/x12/bad_truncated.x12``); they are left out of the well-formedness
checks, except their ``*.expected.json`` companions which must parse.
"""

import ast
import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parents[2]
SCANNED_ROOTS = ("addons", "data")
SKIPPED_DIRS = {"__pycache__", "node_modules", ".git"}

ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
MODEL_XMLID_RE = re.compile(r"^(?:[a-z0-9_]+\.)?model_[a-z0-9_]+$")
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
REQUIRED_LICENSE = "LGPL-3"
DATA_ROOT_TAGS = {"odoo", "openerp"}


def is_deliberately_bad(path: Path) -> bool:
    """True for ``bad_*`` samples, which exist to be rejected by parsers."""
    return path.name.startswith("bad_") and not path.name.endswith(".expected.json")


def repo_files(suffix: str, roots: Iterable[Path] | None = None) -> list[Path]:
    """Files ending with ``suffix`` under addons/ and data/, sorted."""
    if roots is None:
        roots = [REPO_ROOT / name for name in SCANNED_ROOTS]
    found = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob(f"*{suffix}"):
            relative_parts = path.relative_to(root).parts
            if SKIPPED_DIRS.intersection(relative_parts) or not path.is_file():
                continue
            if not is_deliberately_bad(path):
                found.append(path)
    return sorted(found)


def addon_dirs(addons_root: Path | None = None) -> list[Path]:
    """Addon folders (those with a ``__manifest__.py``) under addons/."""
    root = addons_root or REPO_ROOT / "addons"
    if not root.is_dir():
        return []
    return sorted(path.parent for path in root.glob("*/__manifest__.py"))


def _parse_xml(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser)


def xml_problems(path: Path) -> list[str]:
    """The file must be well-formed XML."""
    try:
        _parse_xml(path)
    except etree.XMLSyntaxError as exc:
        return [f"{path}: line {exc.lineno}: malformed XML: {exc.msg}"]
    return []


def _read_csv_rows(path: Path) -> tuple[list[list[str]], list[str]]:
    """Rows of a UTF-8 CSV file, or problems when it cannot be parsed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [f"{path}: not UTF-8: {exc}"]
    try:
        rows = list(csv.reader(text.splitlines(), strict=True))
    except csv.Error as exc:
        return [], [f"{path}: CSV parse error: {exc}"]
    return rows, []


def csv_problems(path: Path) -> list[str]:
    """The file must parse as CSV, with a header and rows of its width."""
    rows, problems = _read_csv_rows(path)
    if problems:
        return problems
    if not rows:
        return [f"{path}: empty CSV file"]
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if row and len(row) != width:
            problems.append(
                f"{path}: line {number}: {len(row)} columns, header has {width}"
            )
    return problems


def access_csv_problems(path: Path) -> list[str]:
    """An ir.model.access.csv: Odoo's header, 8 columns, model_* xmlids."""
    rows, problems = _read_csv_rows(path)
    if problems:
        return problems
    if not rows or rows[0] != ACCESS_HEADER:
        header = rows[0] if rows else []
        return [f"{path}: header is {header}, expected {ACCESS_HEADER}"]
    seen_ids: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        where = f"{path}: line {number}"
        if len(row) != len(ACCESS_HEADER):
            expected = len(ACCESS_HEADER)
            problems.append(f"{where}: {len(row)} columns, expected {expected}")
            continue
        record = dict(zip(ACCESS_HEADER, row, strict=True))
        if not record["id"]:
            problems.append(f"{where}: empty id")
        elif record["id"] in seen_ids:
            problems.append(f"{where}: duplicate id {record['id']}")
        seen_ids.add(record["id"])
        if not MODEL_XMLID_RE.match(record["model_id:id"]):
            model = record["model_id:id"]
            problems.append(f"{where}: model_id:id {model!r} is not a model_... xmlid")
        for perm in ACCESS_HEADER[4:]:
            if record[perm] not in ("0", "1"):
                problems.append(f"{where}: {perm} is {record[perm]!r}, expected 0 or 1")
    return problems


def json_problems(path: Path) -> list[str]:
    """The file must be valid UTF-8 JSON."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{path}: invalid JSON: {exc}"]
    return []


def _manifest_dict(manifest_path: Path) -> tuple[dict, list[str]]:
    try:
        manifest = ast.literal_eval(manifest_path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError) as exc:
        return {}, [f"{manifest_path}: not a Python literal: {exc}"]
    if not isinstance(manifest, dict):
        return {}, [f"{manifest_path}: is a {type(manifest).__name__}, not a dict"]
    return manifest, []


def _listed_file_problems(addon: Path, manifest: dict, key: str) -> list[str]:
    manifest_path = addon / "__manifest__.py"
    entries = manifest.get(key, [])
    if not isinstance(entries, list | tuple):
        return [f"{manifest_path}: {key} must be a list"]
    problems = []
    for entry in entries:
        target = addon / entry if isinstance(entry, str) else None
        if target is None:
            problems.append(f"{manifest_path}: {key} entry {entry!r} is not a path")
        elif not target.is_file():
            problems.append(f"{manifest_path}: {key} lists missing file {entry}")
        elif target.suffix == ".xml" and not xml_problems(target):
            root_tag = _parse_xml(target).getroot().tag
            if root_tag not in DATA_ROOT_TAGS:
                problems.append(f"{target}: root is <{root_tag}>, expected <odoo>")
    return problems


def _asset_problems(addon: Path, manifest: dict) -> list[str]:
    """Plain asset paths (no glob, not an operation tuple) must exist."""
    manifest_path = addon / "__manifest__.py"
    assets = manifest.get("assets", {})
    if not isinstance(assets, dict):
        return [f"{manifest_path}: assets must be a dict"]
    problems = []
    for bundle, entries in assets.items():
        for entry in entries:
            if not isinstance(entry, str) or any(char in entry for char in "*?["):
                continue
            if entry.startswith(("http://", "https://", "/")):
                continue
            if not (addon.parent / entry).is_file():
                problems.append(
                    f"{manifest_path}: assets[{bundle!r}] lists missing {entry}"
                )
    return problems


def manifest_problems(addon: Path) -> list[str]:
    """A manifest: a literal dict, version 18.0.x.y.z, LGPL-3, listed files exist."""
    manifest_path = addon / "__manifest__.py"
    manifest, problems = _manifest_dict(manifest_path)
    if problems:
        return problems
    if not manifest.get("name"):
        problems.append(f"{manifest_path}: no name")
    version = manifest.get("version")
    if not isinstance(version, str) or not VERSION_RE.match(version):
        problems.append(f"{manifest_path}: version {version!r} is not 18.0.x.y.z")
    license_ = manifest.get("license")
    if license_ != REQUIRED_LICENSE:
        problems.append(
            f"{manifest_path}: license {license_!r}, expected {REQUIRED_LICENSE}"
        )
    depends = manifest.get("depends", [])
    if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        problems.append(f"{manifest_path}: depends must be a list of module names")
    for key in ("data", "demo"):
        problems.extend(_listed_file_problems(addon, manifest, key))
    problems.extend(_asset_problems(addon, manifest))
    return problems


def all_problems(checker, paths: Iterable[Path]) -> list[str]:
    """Run ``checker`` over ``paths`` and collect every problem."""
    problems = []
    for path in paths:
        problems.extend(checker(path))
    return problems
