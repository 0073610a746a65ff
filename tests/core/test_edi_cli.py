"""The edi-onboard command, in-process and as a real subprocess."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from integration_core.edi import api, jsonio, model
from integration_core.edi.cli import main

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "data" / "edi"
X12_ORDER = CORPUS / "x12" / "850_4010_purchase_order.x12"
X12_5010_ORDER = CORPUS / "x12" / "850_5010_purchase_order.x12"
X12_MIXED = CORPUS / "x12" / "multi_interchange_mixed_4010.x12"
X12_ONE_BAD = CORPUS / "x12" / "bad_one_set_among_good.x12"
EDIFACT_DESADV = CORPUS / "edifact" / "desadv_d96a.edi"
EDIFACT_ONE_BAD = CORPUS / "edifact" / "bad_one_message_among_good.edi"
GARBAGE = CORPUS / "x12" / "bad_binary_garbage.x12"


def run(capsys, *argv):
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [X12_ORDER, X12_MIXED, EDIFACT_DESADV])
def test_validate_clean_file(capsys, path):
    status, out, err = run(capsys, "validate", path)
    result = api.read(path.read_bytes())
    sets = len(result.sets)
    assert status == 0, out
    assert out.splitlines() == [
        f"{len(result.interchanges)} interchanges, {sets} sets, "
        f"{sets} accepted, 0 rejected, 0 errors"
    ]
    assert err == ""


@pytest.mark.parametrize("path", [X12_ONE_BAD, EDIFACT_ONE_BAD])
def test_validate_prints_every_error_then_summary(capsys, path):
    status, out, _ = run(capsys, "validate", path)
    result = api.read(path.read_bytes())
    lines = out.splitlines()
    assert status == 1
    assert lines[:-1] == [str(error) for error in result.errors]
    assert lines[-1] == (
        f"{len(result.interchanges)} interchanges, 3 sets, 2 accepted, 1 rejected, "
        f"{len(result.errors)} errors"
    )
    # one line each, naming the segment and element
    assert all("segment" in line for line in lines[:-1])


def test_validate_garbage_names_the_problem(capsys):
    status, out, _ = run(capsys, "validate", GARBAGE)
    assert status == 1
    assert "not an interchange header" in out
    assert out.splitlines()[-1].startswith("0 interchanges, 0 sets")


def test_unreadable_file_and_usage_errors_exit_2(capsys, tmp_path):
    status, out, err = run(capsys, "validate", tmp_path / "missing.x12")
    assert status == 2 and out == ""
    assert "cannot read" in err and "missing.x12" in err
    assert run(capsys, "validate", tmp_path)[0] == 2  # a directory
    assert run(capsys)[0] == 2
    assert run(capsys, "frobnicate", X12_ORDER)[0] == 2
    assert run(capsys, "validate")[0] == 2
    status, _, err = run(capsys, "ack", X12_ORDER, "--prepared-at", "tuesday")
    assert status == 2 and "ISO date" in err
    assert run(capsys, "--help")[0] == 0


# --------------------------------------------------------------------------
# to-json / from-json
# --------------------------------------------------------------------------


def test_to_json_prints_typed_interchanges(capsys):
    status, out, err = run(capsys, "to-json", X12_MIXED)
    assert status == 0 and err == ""
    data = json.loads(out)
    assert [i["type"] for i in data["interchanges"]] == ["Interchange", "Interchange"]
    docs = [doc["type"] for i in data["interchanges"] for doc in i["documents"]]
    assert docs == ["PurchaseOrder", "PurchaseOrder", "ShipNotice", "Invoice"]
    assert (
        jsonio.from_jsonable(data["interchanges"])
        == api.read(X12_MIXED.read_bytes()).interchanges
    )


def test_to_json_with_errors_prints_accepted_and_exits_1(capsys):
    status, out, err = run(capsys, "to-json", EDIFACT_ONE_BAD)
    assert status == 1
    documents = [d for i in json.loads(out)["interchanges"] for d in i["documents"]]
    assert [d["number"] for d in documents] == ["LUC-E907-1", "LUC-E907-3"]
    assert "QTY" in err and "1 rejected" in err


@pytest.mark.parametrize("path", [X12_MIXED, X12_5010_ORDER, EDIFACT_DESADV])
def test_json_round_trip_through_from_json(capsys, tmp_path, path):
    _, out, _ = run(capsys, "to-json", path)
    json_file = tmp_path / "documents.json"
    json_file.write_text(out)
    edi_file = tmp_path / "again.edi"
    status, stdout, err = run(capsys, "from-json", json_file, "-o", edi_file)
    assert status == 0 and stdout == "" and err == ""
    again = api.read(edi_file.read_bytes())
    assert again.ok, [str(e) for e in again.errors]
    assert again.documents == api.read(path.read_bytes()).documents
    # stdout gives the same text
    status, stdout, _ = run(capsys, "from-json", json_file)
    assert status == 0
    assert stdout.rstrip("\n") == edi_file.read_text().rstrip("\n")


def test_from_json_accepts_a_single_interchange_object(capsys, tmp_path):
    interchange = api.read(EDIFACT_DESADV.read_bytes()).interchanges[0]
    json_file = tmp_path / "one.json"
    json_file.write_text(jsonio.dumps(interchange))
    status, out, _ = run(capsys, "from-json", json_file)
    assert status == 0
    assert out.startswith(("UNA", "UNB"))
    assert api.read(out).documents == interchange.documents


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"interchanges": []}', "no interchange"),
        ('{"type": "PurchaseOrder"}', "missing required field"),
        ('{"interchanges": [{"type": "Invoice", "number": 1}]}', "interchanges[0]"),
    ],
)
def test_from_json_reports_bad_json_with_its_path(capsys, tmp_path, content, message):
    json_file = tmp_path / "bad.json"
    json_file.write_text(content)
    status, out, err = run(capsys, "from-json", json_file)
    assert status == 1 and out == ""
    assert message in err


# --------------------------------------------------------------------------
# ack
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "set_type", "standard"),
    [
        (X12_ORDER, "997", "X12"),
        (X12_5010_ORDER, "999", "X12"),
        (EDIFACT_DESADV, "CONTRL", "EDIFACT"),
    ],
)
def test_ack_prints_the_functional_ack(capsys, path, set_type, standard):
    status, out, err = run(
        capsys,
        "ack",
        path,
        "--control-number",
        "77",
        "--prepared-at",
        "2024-03-01T12:00",
    )
    assert status == 0, err
    ack = api.read(out)
    assert ack.ok, [str(e) for e in ack.errors]
    assert [s.set_type for s in ack.sets] == [set_type]
    interchange = ack.interchanges[0]
    original = api.read(path.read_bytes()).interchanges[0]
    assert interchange.standard == standard
    assert interchange.sender.identifier == original.receiver.identifier
    assert interchange.receiver.identifier == original.sender.identifier
    (functional_ack,) = interchange.documents
    assert functional_ack.status == model.FA_ACCEPTED


def test_ack_of_a_partly_bad_file_rejects_that_set_and_exits_1(capsys):
    status, out, err = run(capsys, "ack", X12_ONE_BAD, "--sender", "MEDSURGDIST:ZZ")
    assert status == 1
    assert "PO1" in err
    (functional_ack,) = api.read(out).documents
    assert functional_ack.received_count == 3
    assert functional_ack.accepted_count == 2
    statuses = {s.control_number: s.status for s in functional_ack.sets}
    assert statuses["0002"] == model.FA_REJECTED
    assert api.read(out).interchanges[0].sender == model.Identity("MEDSURGDIST", "ZZ")


def test_ack_of_garbage_says_there_is_nothing_to_acknowledge(capsys):
    status, out, err = run(capsys, "ack", GARBAGE)
    assert status == 1 and out == ""
    assert "nothing to acknowledge" in err


# --------------------------------------------------------------------------
# As a real program
# --------------------------------------------------------------------------


def test_runs_as_a_module_in_a_subprocess(tmp_path):
    src = pathlib.Path(__file__).resolve().parents[2] / "src"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]),
    )
    command = [sys.executable, "-m", "integration_core.edi.cli"]
    done = subprocess.run(
        [*command, "validate", str(X12_ONE_BAD)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].endswith("2 accepted, 1 rejected, 1 errors")
    done = subprocess.run(
        [*command, "to-json", str(EDIFACT_DESADV)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["interchanges"][0]["standard"] == "EDIFACT"
    done = subprocess.run(
        [*command, "validate", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "cannot read" in done.stderr
