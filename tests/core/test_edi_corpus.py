"""Every file of the hand-written corpus in data/edi/ against its expectation.

Each ``<name>.<ext>`` has a ``<name>.expected.json``:

* ``ok``: whether the file reads without any error;
* ``documents``: the typed documents (JSON of :mod:`integration_core.edi.jsonio`)
  in file order, or a count per document type, or ``null`` (not checked);
* ``interchanges`` (optional): how many interchanges the reader returns;
* ``errors``: expected errors, matched in order against the reader's errors
  on the keys given (``code``, ``segment_id``, ``segment_position``,
  ``element_position``; ``null`` matches anything);
* ``error_count`` (optional): the exact number of errors.

The corpus files were written by hand as partners send them, not by our
writers, so they are independent evidence of what the readers accept.
"""

import collections
import datetime
import json
import pathlib

import pytest

from integration_core.edi import api, jsonio, model
from integration_core.edi.errors import EdiError

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "data" / "edi"
EXPECTED_SUFFIX = ".expected.json"
ERROR_KEYS = ("code", "segment_id", "segment_position", "element_position")


def corpus_files():
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix in {".x12", ".edi"}
    )


def expectation_path(path):
    return path.with_name(path.stem + EXPECTED_SUFFIX)


def load_expectation(path):
    return json.loads(expectation_path(path).read_text())


def corpus_id(path):
    return str(path.relative_to(CORPUS))


CORPUS_FILES = corpus_files()
GOOD_FILES = [path for path in CORPUS_FILES if load_expectation(path)["ok"]]


def test_corpus_is_complete():
    """Every corpus file has an expectation and every expectation a file."""
    assert len(CORPUS_FILES) >= 30
    expectations = sorted(CORPUS.rglob("*" + EXPECTED_SUFFIX))
    assert sorted(expectation_path(path) for path in CORPUS_FILES) == expectations
    readme = (CORPUS / "README.md").read_text()
    for path in CORPUS_FILES:
        assert corpus_id(path) in readme, f"{corpus_id(path)} missing from README.md"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=corpus_id)
def test_corpus_file_reads_as_expected(path):
    expected = load_expectation(path)
    result = api.read(path.read_bytes())
    errors_text = "\n".join(str(error) for error in result.errors)

    assert result.ok is expected["ok"], f"errors:\n{errors_text}"
    if "interchanges" in expected:
        assert len(result.interchanges) == expected["interchanges"]
    _check_documents(expected["documents"], result.documents)
    _check_errors(expected, result.errors, errors_text)


def _check_documents(expected, documents):
    if expected is None:
        return
    if isinstance(expected, dict):
        counts = collections.Counter(type(doc).__name__ for doc in documents)
        assert dict(counts) == expected
        return
    wanted = [jsonio.document_from_jsonable(data) for data in expected]
    assert [type(doc).__name__ for doc in documents] == [
        type(doc).__name__ for doc in wanted
    ]
    for index, (got, want) in enumerate(zip(documents, wanted, strict=True)):
        # Objects compare Decimals by value; the JSON shows what differs.
        assert got == want, (
            f"document {index} differs:\n--- read\n{jsonio.dumps(got)}\n"
            f"--- expected\n{jsonio.dumps(want)}"
        )


def _check_errors(expected, errors, errors_text):
    if "error_count" in expected:
        assert len(errors) == expected["error_count"], errors_text
    remaining = iter(errors)
    for wanted in expected["errors"]:
        found = any(_error_matches(error, wanted) for error in remaining)
        assert found, f"no error matching {wanted} (in order) among:\n{errors_text}"


def _error_matches(error, wanted):
    actual = {
        "code": error.code,
        "segment_id": error.location.segment_id,
        "segment_position": error.location.segment_position,
        "element_position": error.location.element_position,
    }
    return all(
        wanted.get(key) is None or actual[key] == wanted[key] for key in ERROR_KEYS
    )


@pytest.mark.parametrize("path", CORPUS_FILES, ids=corpus_id)
def test_every_error_says_where_and_what(path):
    result = api.read(path.read_bytes())
    for error in result.errors:
        assert isinstance(error, EdiError)
        assert error.code and error.code != "invalid"
        assert str(error).startswith(error.location.describe() + ": ")
    for set_result in result.sets:
        assert set_result.accepted == (set_result.document is not None)
        assert set_result.accepted != bool(set_result.errors)


@pytest.mark.parametrize("path", GOOD_FILES, ids=corpus_id)
def test_good_file_survives_write_and_json(path):
    """Our writer re-emits what the reader took from a partner's file."""
    result = api.read(path.read_bytes())
    for interchange in result.interchanges:
        again = api.read(api.write(interchange))
        assert again.ok, "\n".join(str(error) for error in again.errors)
        assert again.documents == interchange.documents
        assert jsonio.loads(jsonio.dumps(interchange)) == interchange


ACK_TYPES = {"997", "999", "CONTRL"}


@pytest.mark.parametrize(
    "path",
    [path for path in CORPUS_FILES if not path.stem.startswith("bad_binary")],
    ids=corpus_id,
)
def test_functional_ack_reflects_the_result(path):
    result = api.read(path.read_bytes())
    sets = [s for s in result.sets if s.set_type not in ACK_TYPES]
    if not sets:
        return
    standard = api.result_standard(result)
    ack = api.acknowledge(
        result,
        sender=model.Identity("MEDSURGDIST", "ZZ"),
        receiver=model.Identity("PARTNER", "ZZ"),
        control_number="900",
        prepared_at=datetime.datetime(2024, 3, 1, 12, 0),
    )
    assert ack.standard == standard
    acks = [doc for doc in ack.documents if isinstance(doc, model.FunctionalAck)]
    assert acks
    statuses = {
        (set_ack.set_type, set_ack.control_number): set_ack.status
        for fa in acks
        for set_ack in fa.sets
    }
    for set_result in sets:
        status = statuses.get((set_result.set_type, set_result.control_number))
        if set_result.accepted:
            assert status in {model.FA_ACCEPTED, model.FA_ACCEPTED_WITH_ERRORS}
        else:
            assert status == model.FA_REJECTED
    # The acknowledgement itself is a valid interchange of the same standard.
    again = api.read(api.write(ack))
    assert again.ok, "\n".join(str(error) for error in again.errors)
