"""Detecting X12 and EDIFACT from the first bytes of a file, and dispatching on it."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_core.edi import api, model
from integration_core.edi.detect import EDIFACT, X12, detect_standard
from integration_core.edi.errors import EdiSyntaxError, ReadResult, SetResult

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ISA, X12),
        (ISA.encode("ascii"), X12),
        ("UNA:+.? 'UNB+UNOC:3+5412345000013:14'", EDIFACT),
        (b"UNB+UNOA:2+SENDER+RECEIVER+240301:1200+1'", EDIFACT),
        (b"\xef\xbb\xbfISA*00*", X12),
        ("\ufeffUNB+UNOC:3", EDIFACT),
        (b"\r\n  \tUNA:+.? '", EDIFACT),
        (bytearray(b"\nISA|00|"), X12),
        (memoryview(b"UNB+UNOC:3"), EDIFACT),
    ],
)
def test_detects_standard(data, expected):
    assert detect_standard(data) == expected


@pytest.mark.parametrize("data", [b"", "", b"   \r\n\t", "\ufeff  ", b"\xef\xbb\xbf"])
def test_empty_file_is_a_syntax_error(data):
    with pytest.raises(EdiSyntaxError) as info:
        detect_standard(data)
    assert info.value.code == "empty"
    assert "empty" in str(info.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"<?xml version='1.0'?><Order/>",
        "GS*PO*SENDER*RECEIVER*20240301*1200*1*X*004010~",
        "isa*00*",  # lower case is not an interchange header
        "UNH+1+ORDERS:D:96A:UN'",
        "IS",
    ],
)
def test_anything_else_is_a_syntax_error_showing_the_start(data):
    with pytest.raises(EdiSyntaxError) as info:
        detect_standard(data)
    error = info.value
    assert error.code == "unknown_standard"
    assert error.location.segment_position == 1
    text = str(error)
    assert "ISA" in text and "UNA" in text and "UNB" in text
    start = data[:3] if isinstance(data, str) else data[:3].decode("latin-1")
    assert repr(start)[1:-1] in text


def test_rejects_non_text_input():
    with pytest.raises(TypeError):
        detect_standard(12)


@given(
    prefix=st.text(alphabet=" \t\r\n", max_size=20),
    header=st.sampled_from(["ISA", "UNA", "UNB"]),
    rest=st.binary(max_size=50),
    bom=st.booleans(),
)
def test_whitespace_and_bom_never_hide_the_header(prefix, header, rest, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + (prefix + header).encode() + rest
    assert detect_standard(data) == (X12 if header == "ISA" else EDIFACT)


@given(st.binary(max_size=40))
def test_random_bytes_either_detect_or_raise_syntax_error(data):
    try:
        standard = detect_standard(data)
    except EdiSyntaxError as error:
        assert error.code in {"empty", "unknown_standard"}
    else:
        head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
        assert head[:3] in {b"ISA", b"UNA", b"UNB"}
        assert standard in {X12, EDIFACT}


# --------------------------------------------------------------------------
# api: dispatching on the detected standard
# --------------------------------------------------------------------------


def test_read_of_an_unknown_format_is_a_result_not_an_exception():
    result = api.read(b"\x00\x01binary")
    assert not result.ok
    assert result.interchanges == [] and result.sets == []
    (error,) = result.errors
    assert isinstance(error, EdiSyntaxError) and error.code == "unknown_standard"


def test_codec_refuses_an_unknown_standard():
    with pytest.raises(ValueError, match="HL7"):
        api.codec("HL7")


def test_result_standard_is_told_from_interchanges_then_set_types():
    interchange = model.Interchange(
        "EDIFACT",
        "D96A",
        model.Identity("A"),
        model.Identity("B"),
        "1",
        datetime.datetime(2024, 3, 1),
    )
    assert api.result_standard(ReadResult(interchanges=[interchange])) == EDIFACT
    x12_set = SetResult("850", "0001", "1", "000000001")
    assert api.result_standard(ReadResult(sets=[x12_set])) == X12
    edifact_set = SetResult("DESADV", "1", "", "E1")
    assert api.result_standard(ReadResult(sets=[edifact_set])) == EDIFACT
    with pytest.raises(ValueError, match="cannot tell"):
        api.result_standard(ReadResult())
