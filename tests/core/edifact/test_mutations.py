"""Damaged input yields typed errors only, within bounded time."""

import datetime
import time

import samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration_core.edi.edifact import (
    functional_ack,
    read_interchanges,
    write_interchange,
)
from integration_core.edi.errors import EdiError, ReadResult

SETTINGS = settings(
    max_examples=150,
    deadline=datetime.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BASE = write_interchange(
    samples.interchange([f() for f in samples.ALL_DOCUMENTS], "D01B"), break_lines=True
)
BASE_BYTES = BASE.encode("latin-1")
SEGMENTS = BASE.split("\n")[:-1]  # no data value contains a line feed
MESSAGE_OF = []  # message index (0-based) of each segment, or None for envelope
_current = None
for _segment in SEGMENTS:
    if _segment.startswith("UNH+"):
        _current = 0 if _current is None else _current + 1
    MESSAGE_OF.append(
        _current if not _segment.startswith(("UNA", "UNB", "UNZ")) else None
    )


def check(data, limit=10.0):
    started = time.monotonic()
    result = read_interchanges(data)
    elapsed = time.monotonic() - started
    assert isinstance(result, ReadResult)
    assert all(isinstance(error, EdiError) for error in result.errors)
    assert "internal_error" not in {error.code for error in result.errors}
    for set_result in result.sets:
        assert set_result.accepted or set_result.errors
    assert elapsed < limit
    ack = functional_ack(
        result,
        sender=samples.interchange([]).receiver,
        receiver=samples.interchange([]).sender,
        control_number="9",
        prepared_at=datetime.datetime(2024, 3, 2, 8, 0),
    )
    assert read_interchanges(write_interchange(ack)).ok
    return result


def test_base_is_valid():
    result = check(BASE_BYTES)
    assert result.ok and len(result.documents) == 6


@SETTINGS
@given(st.integers(0, len(BASE_BYTES)))
def test_truncation_anywhere(cut):
    result = check(BASE_BYTES[:cut])
    if cut < len(BASE_BYTES.rstrip()):
        assert not result.ok


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(BASE_BYTES) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_byte_flips(flips):
    data = bytearray(BASE_BYTES)
    for index, value in flips:
        data[index] = value
    check(bytes(data))


@SETTINGS
@given(st.integers(0, len(BASE_BYTES)), st.binary(min_size=1, max_size=200))
def test_garbage_inserted(index, garbage):
    check(BASE_BYTES[:index] + garbage + BASE_BYTES[index:])


@SETTINGS
@given(st.binary(max_size=2000))
def test_pure_garbage(data):
    result = check(data)
    assert result.documents == [] or result.ok


@SETTINGS
@given(st.text(alphabet="UNABHTZ+:?' \n\r0123456789CO", max_size=400))
def test_service_character_soup(text):
    check(text)


@SETTINGS
@given(st.integers(0, len(SEGMENTS) - 1), st.booleans())
def test_deleted_or_duplicated_segment(index, duplicate):
    segments = list(SEGMENTS)
    if duplicate:
        segments.insert(index, segments[index])
    else:
        del segments[index]
    result = check("\n".join(segments) + "\n")
    tag = SEGMENTS[index][:3]
    assert result.ok is (tag == "UNA" and not duplicate)  # UNA is optional
    damaged = MESSAGE_OF[index]
    if damaged is not None and tag not in ("UNH", "UNT"):
        accepted = [s.accepted for s in result.sets]
        assert accepted == [i != damaged for i in range(6)]


@settings(
    max_examples=5,
    deadline=datetime.timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.integers(1, len(SEGMENTS) - 2), st.sampled_from(["X", "9", "?+", "'"]))
def test_one_megabyte_element(index, filler):
    segments = list(SEGMENTS)
    segments[index] = (
        segments[index][:-1] + "+" + filler * (1_000_000 // len(filler)) + "'"
    )
    result = check("\n".join(segments) + "\n", limit=30.0)
    assert not result.ok


@SETTINGS
@given(st.text(min_size=0, max_size=9))
def test_bad_una(una):
    check("UNA" + una + BASE[9:])
