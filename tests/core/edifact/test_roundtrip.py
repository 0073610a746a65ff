"""Write -> read -> equal, for every message type and both directories."""

import datetime

import pytest
import samples
import strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration_core.edi import model
from integration_core.edi.edifact import read_interchanges, write_interchange

VERSIONS = ["D96A", "D01B"]
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def encode(text):
    """Encode as the UNB syntax identifier says (what a transport would do)."""
    return text.encode("utf-8" if "UNOY" in text[:40] else "latin-1")


def assert_round_trip(interchange, **write_options):
    text = write_interchange(interchange, **write_options)
    result = read_interchanges(encode(text))
    assert result.errors == []
    assert len(result.interchanges) == 1
    assert result.interchanges[0] == strategies.expected_after_read(interchange)
    assert all(s.accepted for s in result.sets)
    return text


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("factory", samples.ALL_DOCUMENTS, ids=lambda f: f.__name__)
def test_healthcare_samples_round_trip(factory, version):
    interchange = samples.interchange([factory()], version)
    text = assert_round_trip(interchange)
    release = "96A" if version == "D96A" else "01B"
    assert f":D:{release}:UN" in text


@pytest.mark.parametrize("version", VERSIONS)
def test_all_samples_in_one_interchange_with_line_breaks(version):
    interchange = samples.interchange([f() for f in samples.ALL_DOCUMENTS], version)
    text = assert_round_trip(interchange, break_lines=True)
    assert text.count("\n") == text.count("'") - text.count("?'")


def test_without_una_and_with_crlf_between_segments():
    interchange = samples.interchange([samples.purchase_order()])
    text = write_interchange(interchange, una=False)
    assert text.startswith("UNB+UNOC:3+")
    crlf = text.replace("'", "'\r\n").replace("?'\r\n", "?'")
    result = read_interchanges(crlf)
    assert result.ok, result.errors
    assert result.interchanges[0] == strategies.expected_after_read(interchange)


def test_several_interchanges_in_one_file_with_different_delimiters():
    first = samples.interchange([samples.purchase_order()], control="1")
    second = samples.interchange([samples.invoice()], "D01B", control="2")
    custom = write_interchange(second, delimiters="|^.! ~")
    assert custom.startswith("UNA|^.! ~UNB^UNOC|3^")
    assert "St. Mary's University" in custom and "Building C+D" in custom
    result = read_interchanges(write_interchange(first) + "\n" + custom)
    assert result.ok, result.errors
    assert [ic.control_number for ic in result.interchanges] == ["1", "2"]
    assert result.interchanges[1] == strategies.expected_after_read(second)


def test_unoc_latin1_and_unoy_utf8_bytes():
    order = samples.purchase_order()
    order.note = "Lieferung an Kühlraum, Größe: ½ Palette"
    latin = samples.interchange([order])
    text = write_interchange(latin)
    assert "UNB+UNOC:3" in text
    assert read_interchanges(text.encode("latin-1")).interchanges[0] == (
        strategies.expected_after_read(latin)
    )
    order.note = "Доставка: холодильник €"
    wide = samples.interchange([order])
    text = write_interchange(wide)
    assert "UNB+UNOY:4" in text and "+20240301:1430+" in text
    assert read_interchanges(text.encode("utf-8")).interchanges[0] == (
        strategies.expected_after_read(wide)
    )


def test_empty_interchange_round_trips():
    interchange = samples.interchange([])
    text = assert_round_trip(interchange)
    assert text.endswith("UNZ+0+000000123'")


def test_message_references_are_sequential_unless_given():
    orders = [
        samples.purchase_order(),
        samples.purchase_order(),
        samples.purchase_order(),
    ]
    orders[1].control_number = "ORD7"
    text = write_interchange(samples.interchange(orders))
    assert "UNH+1+" in text and "UNH+ORD7+" in text and "UNH+3+" in text
    assert "UNT+29+ORD7'" in text
    assert text.endswith("UNZ+3+000000123'")


@pytest.mark.parametrize("kind", sorted(strategies.DOCUMENT_STRATEGIES))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_generated_documents_round_trip(kind, data):
    documents = st.lists(strategies.DOCUMENT_STRATEGIES[kind](), min_size=1, max_size=3)
    interchange = data.draw(strategies.interchanges(documents))
    assert_round_trip(
        interchange, una=data.draw(st.booleans()), break_lines=data.draw(st.booleans())
    )


@pytest.mark.parametrize("kind", sorted(strategies.DOCUMENT_STRATEGIES))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_generated_documents_with_non_latin_text_round_trip(kind, data):
    documents = st.lists(
        strategies.DOCUMENT_STRATEGIES[kind](wide=True), min_size=1, max_size=2
    )
    assert_round_trip(data.draw(strategies.interchanges(documents)))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_generated_functional_acks_round_trip(data):
    documents = st.lists(strategies.functional_acks(), min_size=1, max_size=3)
    assert_round_trip(data.draw(strategies.interchanges(documents)))


def test_prepared_at_is_written_to_the_minute():
    interchange = samples.interchange([samples.invoice()])
    interchange.prepared_at = datetime.datetime(2024, 3, 1, 14, 30, 59)
    result = read_interchanges(write_interchange(interchange))
    assert result.interchanges[0].prepared_at == datetime.datetime(2024, 3, 1, 14, 30)


def test_test_and_ack_flags():
    interchange = samples.interchange([samples.invoice()])
    interchange.test, interchange.ack_requested = True, True
    text = write_interchange(interchange)
    assert "+000000123++++1++1'" in text
    read = read_interchanges(text).interchanges[0]
    assert read.test and read.ack_requested
    assert isinstance(read.documents[0], model.Invoice)
