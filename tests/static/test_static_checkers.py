"""The static checkers accept valid files and reject broken ones.

Without these, a checker that always returns [] would make the repository
tests pass whatever the files contain.
"""

from pathlib import Path

import pytest
from static_checks import (
    ACCESS_HEADER,
    access_csv_problems,
    addon_dirs,
    csv_problems,
    is_deliberately_bad,
    json_problems,
    manifest_problems,
    repo_files,
    xml_problems,
)

HEADER = ",".join(ACCESS_HEADER) + "\n"
GOOD_ACCESS = HEADER + "access_x,x,model_x_y,base.group_user,1,1,1,0\n"
GOOD_DATA_XML = (
    '<?xml version="1.0"?>\n<odoo><record id="a" model="res.partner"/></odoo>\n'
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_addon(root: Path, manifest: str, files: dict[str, str] | None = None) -> Path:
    addon = root / "my_addon"
    write(addon / "__manifest__.py", manifest)
    for name, text in (files or {}).items():
        write(addon / name, text)
    return addon


def manifest_text(**overrides) -> str:
    manifest = {
        "name": "My addon",
        "version": "18.0.1.0.0",
        "license": "LGPL-3",
        "depends": ["base"],
        "data": ["security/ir.model.access.csv", "views/views.xml"],
    }
    manifest.update(overrides)
    return repr(manifest)


GOOD_FILES = {
    "security/ir.model.access.csv": GOOD_ACCESS,
    "views/views.xml": GOOD_DATA_XML,
}


def test_xml_checker(tmp_path):
    assert xml_problems(write(tmp_path / "ok.xml", GOOD_DATA_XML)) == []
    problems = xml_problems(write(tmp_path / "ko.xml", "<odoo><record></odoo>"))
    assert len(problems) == 1
    assert "ko.xml" in problems[0] and "line 1" in problems[0]


def test_csv_checker(tmp_path):
    assert csv_problems(write(tmp_path / "ok.csv", "a,b\n1,2\n")) == []
    assert "line 2: 1 columns" in csv_problems(write(tmp_path / "w.csv", "a,b\n1\n"))[0]
    assert "parse error" in csv_problems(write(tmp_path / "q.csv", 'a,b\n"1"x,2\n'))[0]
    assert "empty" in csv_problems(write(tmp_path / "e.csv", ""))[0]
    (tmp_path / "latin1.csv").write_bytes("a\n\xe9\n".encode("latin-1"))
    assert "not UTF-8" in csv_problems(tmp_path / "latin1.csv")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,name,model_id,group_id\n", "header is"),
        (HEADER + "a,x,model_x,,1,1,1\n", "7 columns"),
        (HEADER + "a,x,res_partner,,1,1,1,1\n", "not a model_... xmlid"),
        (HEADER + "a,x,model_x,,1,1,1,yes\n", "perm_unlink is 'yes'"),
        (HEADER + "a,x,model_x,,1,1,1,1\na,y,model_x,,1,1,1,1\n", "duplicate"),
    ],
)
def test_access_csv_checker_rejects(tmp_path, text, expected):
    problems = access_csv_problems(write(tmp_path / "ir.model.access.csv", text))
    assert any(expected in problem for problem in problems), problems


def test_access_csv_checker_accepts(tmp_path):
    text = GOOD_ACCESS + "access_y,y,other_module.model_y,,1,0,0,0\n"
    assert access_csv_problems(write(tmp_path / "ir.model.access.csv", text)) == []


def test_json_checker(tmp_path):
    assert json_problems(write(tmp_path / "ok.json", '{"a": [1, 2]}')) == []
    assert "invalid JSON" in json_problems(write(tmp_path / "ko.json", '{"a": }'))[0]


def test_manifest_checker_accepts_valid_addon(tmp_path):
    addon = make_addon(tmp_path, manifest_text(), GOOD_FILES)
    assert manifest_problems(addon) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"version": "17.0.1.0.0"}, "is not 18.0.x.y.z"),
        ({"version": "18.0.1.0"}, "is not 18.0.x.y.z"),
        ({"license": "AGPL-3"}, "expected LGPL-3"),
        ({"data": ["views/missing.xml"]}, "lists missing file"),
        ({"demo": ["demo/missing.xml"]}, "lists missing file"),
        ({"depends": "base"}, "depends must be a list"),
        ({"assets": {"web.assets_backend": ["my_addon/static/x.js"]}}, "lists missing"),
    ],
)
def test_manifest_checker_rejects(tmp_path, overrides, expected):
    addon = make_addon(tmp_path, manifest_text(**overrides), GOOD_FILES)
    problems = manifest_problems(addon)
    assert any(expected in problem for problem in problems), problems


def test_manifest_checker_rejects_non_dict_and_bad_root(tmp_path):
    addon = make_addon(tmp_path, "['not', 'a', 'dict']")
    assert "not a dict" in manifest_problems(addon)[0]
    addon = make_addon(tmp_path, "{'name': 'x',", {})
    assert "not a Python literal" in manifest_problems(addon)[0]
    files = dict(GOOD_FILES, **{"views/views.xml": "<data/>"})
    addon = make_addon(tmp_path, manifest_text(), files)
    assert any("expected <odoo>" in p for p in manifest_problems(addon))


def test_discovery_finds_files_and_skips_bad_samples(tmp_path):
    write(tmp_path / "data" / "x" / "good.xml", GOOD_DATA_XML)
    write(tmp_path / "data" / "x" / "bad_truncated.xml", "<a>")
    write(tmp_path / "data" / "x" / "bad_truncated.expected.json", "{}")
    write(tmp_path / "data" / "__pycache__" / "junk.xml", "<a>")
    xml = repo_files(".xml", roots=[tmp_path / "data"])
    assert [p.name for p in xml] == ["good.xml"]
    json_files = repo_files(".json", roots=[tmp_path / "data"])
    assert [p.name for p in json_files] == ["bad_truncated.expected.json"]
    assert is_deliberately_bad(Path("bad_x.edi"))
    make_addon(tmp_path / "addons", manifest_text())
    assert [p.name for p in addon_dirs(tmp_path / "addons")] == ["my_addon"]
