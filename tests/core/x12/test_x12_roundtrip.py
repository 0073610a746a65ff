"""Generated documents survive write -> read unchanged, every type, both versions."""

import pytest
import x12_strategies as strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration_core.edi.x12 import (
    V4010,
    V5010,
    Delimiters,
    read_interchanges,
    write_interchange,
)

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_round_trip(interchange, **options):
    text = write_interchange(interchange, **options)
    result = read_interchanges(text.encode("utf-8"))
    assert result.errors == []
    assert len(result.interchanges) == 1
    read = result.interchanges[0]
    assert read.sender == interchange.sender
    assert read.receiver == interchange.receiver
    assert read.control_number == interchange.control_number.zfill(9)
    assert read.version == interchange.version
    assert read.test == interchange.test
    assert read.ack_requested == interchange.ack_requested
    if interchange.documents:
        assert read.prepared_at == interchange.prepared_at
    assert strategies.without_control_numbers(read.documents) == (
        strategies.expected_documents(interchange.documents)
    )
    assert all(set_result.accepted for set_result in result.sets)
    return text, result


@pytest.mark.parametrize("version", [V4010, V5010])
@pytest.mark.parametrize("set_id", sorted(strategies.DOCUMENTS))
def test_each_type_round_trips(set_id, version):
    @PROPERTY_SETTINGS
    @given(
        strategies.interchanges(
            st.lists(strategies.DOCUMENTS[set_id], min_size=1, max_size=3), version
        )
    )
    def check(interchange):
        assert_round_trip(interchange)

    check()


@pytest.mark.parametrize("version", [V4010, V5010])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_mixed_interchanges_round_trip_with_any_line_ending(version, data):
    interchange = data.draw(
        strategies.interchanges(st.lists(strategies.any_document, max_size=6), version)
    )
    newline = data.draw(st.booleans())
    text, _ = assert_round_trip(interchange, newline=newline)
    for ending in ("\r\n", "\r"):
        again = read_interchanges(
            text.replace("~\n", "~" + ending) if newline else text
        )
        assert again.errors == []


@PROPERTY_SETTINGS
@given(
    interchange=strategies.interchanges(
        st.lists(strategies.any_document, max_size=3), V5010
    ),
    delimiters=st.sampled_from(
        [
            Delimiters("|", "\\", "{", "\n"),
            Delimiters("!", "<", "`", "'"),
            Delimiters("\x1d", "\x1f", "\x1e", "\x1c"),
        ]
    ),
)
def test_other_delimiters_round_trip(interchange, delimiters):
    def uses_delimiter(document):
        text = repr(document)
        return any(char in text for char in delimiters[:4])

    interchange.documents = [
        doc for doc in interchange.documents if not uses_delimiter(doc)
    ]
    assert_round_trip(interchange, delimiters=delimiters)
