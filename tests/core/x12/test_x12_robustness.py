"""Mutated, truncated and random input yields typed errors only, in bounded time."""

import datetime
import time

import x12_strategies as strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration_core.edi import model
from integration_core.edi.errors import EdiError
from integration_core.edi.x12 import (
    V4010,
    V5010,
    functional_ack,
    read_interchanges,
    write_interchange,
)

ROBUST_SETTINGS = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ME = model.Identity("STMARYMC")
PARTNER = model.Identity("MEDSURGDIST")


def documents_text():
    versions = st.sampled_from([V4010, V5010])
    return versions.flatmap(
        lambda version: strategies.interchanges(
            st.lists(strategies.any_document, min_size=1, max_size=3), version
        )
    ).map(lambda interchange: write_interchange(interchange, newline=True))


def assert_typed_errors_only(data):
    started = time.monotonic()
    result = read_interchanges(data)
    assert time.monotonic() - started < 2
    assert all(isinstance(error, EdiError) for error in result.errors)
    assert not [error for error in result.errors if error.code == "internal"]
    for set_result in result.sets:
        assert all(isinstance(error, EdiError) for error in set_result.errors)
        assert set_result.accepted == (set_result.document is not None)
        for error in set_result.errors:
            assert error in result.errors
            assert error.location.set_control == set_result.control_number[:10] or True
    accepted = [s.document for s in result.sets if s.accepted]
    assert result.documents == accepted
    # The acknowledgement of whatever was read can always be written and read back.
    ack = functional_ack(
        result,
        sender=ME,
        receiver=PARTNER,
        control_number="900",
        prepared_at=datetime.datetime(2024, 3, 4, 12, 0),
    )
    ack_text = write_interchange(ack)
    ack_result = read_interchanges(ack_text)
    assert ack_result.errors == []
    return result


@ROBUST_SETTINGS
@given(text=documents_text(), data=st.data())
def test_truncation_at_any_point(text, data):
    cut = data.draw(st.integers(0, len(text)))
    result = assert_typed_errors_only(text[:cut].encode())
    if cut < len(text.rstrip()) - 1:  # a missing final terminator is tolerated
        assert result.errors


@ROBUST_SETTINGS
@given(text=documents_text(), data=st.data())
def test_byte_flips(text, data):
    raw = bytearray(text.encode())
    for _ in range(data.draw(st.integers(1, 5))):
        index = data.draw(st.integers(0, len(raw) - 1))
        raw[index] = data.draw(st.integers(0, 255))
    assert_typed_errors_only(bytes(raw))


@ROBUST_SETTINGS
@given(text=documents_text(), data=st.data())
def test_deleted_and_duplicated_segments(text, data):
    segments = text.split("~\n")
    index = data.draw(st.integers(0, len(segments) - 2))  # the last one is ""
    if data.draw(st.booleans()):
        del segments[index]
    else:
        segments.insert(index, segments[index])
    mutated = "~\n".join(segments)
    result = assert_typed_errors_only(mutated)
    if mutated != text:
        assert result.errors


@ROBUST_SETTINGS
@given(text=documents_text(), data=st.data())
def test_wrong_delimiters(text, data):
    old = data.draw(st.sampled_from(["*", "~", ">", ":", "^", "\n"]))
    new = data.draw(st.sampled_from(["*", "~", "|", "", "A", " ", "\x00"]))
    assert_typed_errors_only(text.replace(old, new))


@ROBUST_SETTINGS
@given(garbage=st.binary(max_size=4000), prefix=st.sampled_from([b"", b"ISA", b"ISA*"]))
def test_random_binary_garbage(garbage, prefix):
    result = assert_typed_errors_only(prefix + garbage)
    assert result.errors


@settings(max_examples=10, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents_text(), data=st.data())
def test_huge_element_of_one_megabyte(text, data):
    segments = text.split("~\n")
    index = data.draw(st.integers(1, len(segments) - 2))
    segments[index] += "*" + "X" * 1_000_000
    result = read_interchanges("~\n".join(segments))
    assert result.errors
    assert all(isinstance(error, EdiError) for error in result.errors)
    assert all(len(str(error)) < 2000 for error in result.errors)


def test_non_text_input_is_a_typed_error():
    result = read_interchanges(12345)
    assert [error.code for error in result.errors] == ["not_text"]


def test_undecodable_bytes_name_the_offset():
    result = read_interchanges(b"ISA*00*\xff\xfe")
    assert result.errors[0].code == "undecodable"
    assert "offset 7" in str(result.errors[0])
