"""Structural validation: every problem is a located, typed error."""

import pytest
import samples

from integration_core.edi.edifact import read_interchanges, write_interchange
from integration_core.edi.errors import EdiError, EdiSyntaxError, EdiValidationError


def order_text(version="D96A", count=1):
    orders = [samples.purchase_order() for _ in range(count)]
    return write_interchange(samples.interchange(orders, version), break_lines=True)


def single_error(result, code):
    matches = [e for e in result.errors if e.code == code]
    assert matches, [(e.code, str(e)) for e in result.errors]
    return matches[0]


def test_valid_order_has_no_errors():
    result = read_interchanges(order_text())
    assert result.ok and len(result.documents) == 1


def test_missing_bgm_is_located():
    text = order_text().replace("BGM+220+PO-2024-0001+9'\n", "")
    result = read_interchanges(text)
    assert result.documents == []
    error = single_error(result, "missing_segment")
    assert isinstance(error, EdiValidationError)
    location = error.location
    assert (location.interchange_control, location.set_control, location.set_type) == (
        "000000123",
        "1",
        "ORDERS",
    )
    assert location.segment_id == "BGM" and location.segment_position == 2
    assert "segment 2 BGM" in str(error) and "interchange 000000123" in str(error)
    assert result.sets[0].errors and not result.sets[0].accepted


def test_unt_count_and_reference_are_checked():
    text = order_text().replace("UNT+29+1'", "UNT+28+2'")
    result = read_interchanges(text)
    count = single_error(result, "bad_count")
    assert count.location.segment_id == "UNT" and count.location.segment_position == 29
    assert count.location.element_position == 1 and count.expected == "29"
    mismatch = single_error(result, "control_mismatch")
    assert mismatch.location.element_position == 2 and mismatch.expected == "1"
    assert result.documents == []


def test_unz_count_and_reference_are_envelope_errors():
    text = order_text().replace("UNZ+1+000000123'", "UNZ+2+000000999'")
    result = read_interchanges(text)
    assert single_error(result, "bad_count").location.segment_id == "UNZ"
    assert single_error(result, "control_mismatch").expected == "000000123"
    assert len(result.documents) == 1  # the message itself is fine
    assert not result.ok


def test_element_too_long_names_element():
    text = order_text().replace("BGM+220+PO-2024-0001+", "BGM+220+" + "X" * 36 + "+")
    error = single_error(read_interchanges(text), "element_too_long")
    assert (error.location.segment_id, error.location.element_position) == ("BGM", 2)
    assert error.location.component_position is None
    assert "35" in error.expected


@pytest.mark.parametrize(
    ("old", "new", "code", "tag", "element", "component"),
    [
        ("QTY+21:120:BX'", "QTY+21:12a:BX'", "invalid_number", "QTY", 1, 2),
        ("QTY+21:120:BX'", "QTY+21:120:XYZ'", "invalid_unit", "QTY", 1, 3),
        (
            "LIN+1++05412345000037:EN'",
            "LIN+1++05412345000038:EN'",
            "invalid_gtin",
            "LIN",
            3,
            1,
        ),
        ("DTM+137:20240301:102'", "DTM+137:20240230:102'", "invalid_date", "DTM", 1, 2),
        ("DTM+137:20240301:102'", "DTM+137:20240301:999'", "invalid_code", "DTM", 1, 3),
        (
            "NAD+BY+5412345000013::9",
            "NAD+XX+5412345000013::9",
            "invalid_code",
            "NAD",
            1,
            1,
        ),
        ("CNT+2:3'", "CNT+2:4'", "bad_count", "CNT", 1, 2),
        ("BGM+220+", "BGM+221+", "invalid_code", "BGM", 1, 1),
        ("UNS+S'", "UNS+S1'", "invalid_character", "UNS", 1, None),
        (
            "PIA+1+PCM-500-20:SA",
            "PIA+1+PCM-500-20:SA:::X",
            "too_many_components",
            "PIA",
            2,
            5,
        ),
        ("CUX+2:EUR:9'", "CUX+2:EUR:9+++++'", "too_many_elements", "CUX", 5, None),
    ],
)
def test_element_errors_are_located(old, new, code, tag, element, component):
    text = order_text()
    assert old in text
    result = read_interchanges(text.replace(old, new, 1))
    error = single_error(result, code)
    assert error.location.segment_id == tag
    assert error.location.element_position == element
    assert error.location.component_position == component
    assert error.location.set_control == "1"
    assert result.documents == []


def test_unexpected_and_repeated_segments():
    text = order_text().replace("CUX+2:EUR:9'", "CUX+2:EUR:9'\nZZZ+1'", 1)
    error = single_error(read_interchanges(text), "unexpected_segment")
    assert error.location.segment_id == "ZZZ" and error.location.segment_position == 12
    text = order_text().replace("BGM+220+PO-2024-0001+9'", "BGM+220+A+9'\nBGM+220+B+9'")
    error = single_error(read_interchanges(text), "too_many_repeats")
    assert error.location.segment_id == "BGM" and error.location.segment_position == 3


def test_one_bad_message_does_not_stop_the_others():
    text = order_text(count=3)
    second = text.index("UNH+2+")
    bad = text[:second] + text[second:].replace("QTY+21:120:BX'", "QTY+21:120:??'", 1)
    result = read_interchanges(bad)
    assert [s.accepted for s in result.sets] == [True, False, True]
    assert [d.control_number for d in result.documents] == ["1", "3"]
    assert all(e.location.set_control == "2" for e in result.errors)


def test_groups_are_read_and_counted():
    text = order_text(count=2)
    text = text.replace(
        "UNH+1+", "UNG+ORDERS+SENDER+RECEIVER+240301:1430+G1+UN+D:96A'\nUNH+1+"
    )
    text = text.replace("UNZ+2+", "UNE+2+G1'\nUNZ+1+")
    result = read_interchanges(text)
    assert result.ok, result.errors
    assert [s.group_control for s in result.sets] == ["G1", "G1"]
    bad = read_interchanges(text.replace("UNE+2+G1'", "UNE+3+G2'"))
    assert single_error(bad, "bad_count").location.group_control == "G1"
    assert single_error(bad, "control_mismatch").location.segment_id == "UNE"


@pytest.mark.parametrize("syntax", ["UNOA", "UNOB", "UNOC", "UNOY"])
def test_syntax_identifiers_are_accepted(syntax):
    text = order_text().replace("UNOC:3", f"{syntax}:3")
    result = read_interchanges(text.encode("ascii"))
    assert result.ok, result.errors


def test_unknown_syntax_identifier_rejects_the_interchange():
    result = read_interchanges(order_text().replace("UNOC:3", "UNOX:3"))
    assert single_error(result, "unsupported_syntax").location.element_position == 1
    assert single_error(result, "envelope_invalid").location.set_control == "1"
    assert result.interchanges == [] and not result.sets[0].accepted


def test_invalid_utf8_in_unoy_rejects_only_that_message():
    text = (
        order_text(count=2)
        .replace("UNOC:3", "UNOY:4")
        .replace("+240301:", "+20240301:")
    )
    data = text.encode("utf-8")
    index = data.rindex(b"Paracetamol")
    data = data[:index] + b"\xff\xfe" + data[index:]
    result = read_interchanges(data)
    assert single_error(result, "bad_encoding")
    assert [s.accepted for s in result.sets] == [True, False]


def test_bad_una_is_reported_and_default_delimiters_used():
    result = read_interchanges(order_text().replace("UNA:+.? '", "UNA++.? '"))
    error = single_error(result, "bad_una")
    assert isinstance(error, EdiSyntaxError) and error.location.segment_id == "UNA"
    truncated = read_interchanges("UNA:+")
    assert single_error(truncated, "bad_una")


def test_unsupported_message_type_and_version():
    result = read_interchanges(
        order_text().replace("ORDERS:D:96A:UN", "ORDCHG:D:96A:UN")
    )
    assert single_error(result, "unsupported_message").location.component_position == 1
    result = read_interchanges(
        order_text().replace("ORDERS:D:96A:UN", "ORDERS:D:93A:UN")
    )
    error = single_error(result, "unsupported_version")
    assert (error.location.element_position, error.location.component_position) == (
        2,
        2,
    )


def test_missing_unt_and_unz_when_truncated():
    text = order_text(count=2)
    cut = text[: text.index("UNT+29+2'")]
    result = read_interchanges(cut)
    assert [s.accepted for s in result.sets] == [True, False]
    assert single_error(result, "missing_segment")
    unz = [e for e in result.errors if e.location.segment_id == "UNZ"]
    assert unz and unz[0].code == "missing_segment"


# pydifact raises on these inputs (or silently drops data); each becomes a typed error.


def test_release_character_before_newline_costs_one_message():
    text = order_text(count=2)
    first_note = text.index("FTX+AAI+++") + len("FTX+AAI+++")
    broken = text[:first_note] + "?\n" + text[first_note:]
    result = read_interchanges(broken)
    error = single_error(result, "syntax")
    assert isinstance(error, EdiSyntaxError) and "Newlines after escape" in str(error)
    assert error.location.set_control == "1"
    assert [s.accepted for s in result.sets] == [False, True]


def test_unterminated_last_segment_is_reported():
    text = order_text().rstrip("\n")
    for cut in (text[:-1], text[:-4] + "+", text[:-1] + "?"):
        result = read_interchanges(cut)
        assert not result.ok
        assert all(isinstance(e, EdiError) for e in result.errors)
        assert {e.code for e in result.errors} & {"syntax", "unterminated_segment"}


@pytest.mark.parametrize(
    "garbage", ["UN:H+1'", "unh+1'", "'", "+++'", "ÄÖÜ+1'", "AB+1'"]
)
def test_invalid_segment_tags(garbage):
    text = order_text().replace("CUX+2:EUR:9'", garbage, 1)
    result = read_interchanges(text)
    assert single_error(result, "invalid_tag").location.set_control == "1"
    assert result.documents == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "",
        "   \r\n",
        b"\x00\x01\x02",
        "UNB'",
        "UNB+'UNZ'",
        "UNH'UNT'",
        "UNA",
        "UNA:+.? 'UNB+UNOC:3'",
        "UNB+UNOC:3+A+B+991332:2561+1'UNZ+0+1'",
    ],
)
def test_degenerate_inputs_give_typed_errors(data):
    result = read_interchanges(data)
    assert result.errors and all(isinstance(e, EdiError) for e in result.errors)
    assert "internal_error" not in {e.code for e in result.errors}
    assert result.documents == []


def test_d01b_specific_lengths():
    text = order_text("D01B")
    long_description = "Y" * 200
    text = text.replace(
        "IMD+F++:::Paracetamol 500 mg tablets, 20 pcs'",
        f"IMD+F++:::{long_description}'",
    )
    result = read_interchanges(text)
    assert result.ok, result.errors
    assert result.documents[0].lines[0].product.description == long_description
    d96a = read_interchanges(text.replace(":D:01B:UN:EAN010", ":D:96A:UN:EAN008"))
    assert single_error(d96a, "element_too_long").location.component_position == 4
