"""Every XML, CSV, JSON and manifest under addons/ and data/ is valid.

One test per kind of file collects the problems of all files, so a broken
file is named in the failure message and an empty folder is not a skip.
"""

from static_checks import (
    access_csv_problems,
    addon_dirs,
    all_problems,
    csv_problems,
    json_problems,
    manifest_problems,
    repo_files,
    xml_problems,
)


def test_xml_files_are_well_formed():
    problems = all_problems(xml_problems, repo_files(".xml"))
    assert not problems, "\n".join(problems)


def test_csv_files_parse():
    problems = all_problems(csv_problems, repo_files(".csv"))
    assert not problems, "\n".join(problems)


def test_access_csv_files_reference_models():
    access_files = [p for p in repo_files(".csv") if p.name == "ir.model.access.csv"]
    problems = all_problems(access_csv_problems, access_files)
    assert not problems, "\n".join(problems)


def test_json_files_parse():
    problems = all_problems(json_problems, repo_files(".json"))
    assert not problems, "\n".join(problems)


def test_manifests_are_valid():
    problems = all_problems(manifest_problems, addon_dirs())
    assert not problems, "\n".join(problems)
