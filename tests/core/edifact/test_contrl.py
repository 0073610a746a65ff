"""CONTRL: functional acknowledgements built from what we read, and read back."""

import dataclasses
import datetime

import pytest
import samples

from integration_core.edi import model
from integration_core.edi.edifact import (
    functional_ack,
    read_interchanges,
    write_interchange,
)
from integration_core.edi.errors import EdiValidationError

US = model.Identity("5412345000013", "14")
PARTNER = model.Identity("4012345000009", "14")
NOW = datetime.datetime(2024, 3, 2, 8, 0)


def ack_for(text):
    result = read_interchanges(text)
    return result, functional_ack(
        result, sender=US, receiver=PARTNER, control_number="ACK1", prepared_at=NOW
    )


def three_orders():
    orders = [samples.purchase_order() for _ in range(3)]
    return write_interchange(samples.interchange(orders), break_lines=True)


def test_all_accepted():
    _, interchange = ack_for(three_orders())
    (ack,) = interchange.documents
    assert ack.status == model.FA_ACCEPTED
    assert ack.acknowledged_control_number == "000000123"
    assert [(s.control_number, s.status) for s in ack.sets] == [
        ("1", model.FA_ACCEPTED),
        ("2", model.FA_ACCEPTED),
        ("3", model.FA_ACCEPTED),
    ]
    assert (ack.received_count, ack.accepted_count) == (3, 3)
    text = write_interchange(interchange)
    assert "UCI+000000123+4012345000009:14+5412345000013:14+7'" in text
    assert text.count("UCM+") == 3 and "+7'" in text


def test_reports_exactly_the_rejected_message_with_positions():
    text = three_orders()
    second = text.index("UNH+2+")
    bad = text[:second] + text[second:].replace("QTY+21:120:BX'", "QTY+21:120:XYZ'", 1)
    result, interchange = ack_for(bad)
    (ack,) = interchange.documents
    assert ack.status == model.FA_ACCEPTED_WITH_ERRORS
    assert [s.status for s in ack.sets] == [
        model.FA_ACCEPTED,
        model.FA_REJECTED,
        model.FA_ACCEPTED,
    ]
    assert ack.sets[1].errors == [
        model.AckError(
            "12", segment_position=15, element_position=1, component_position=3
        )
    ]
    assert (ack.received_count, ack.accepted_count) == (3, 2)
    written = write_interchange(interchange)
    assert "UCM+2+ORDERS:D:96A:UN+4'UCS+15'UCD+12+1:3'" in written
    assert "UCM+1+ORDERS:D:96A:UN+7'" in written
    back = read_interchanges(written)
    assert back.ok, back.errors
    read_ack = back.documents[0]
    assert read_ack.sets == ack.sets and read_ack.status == ack.status
    assert read_ack.control_number == "1"


def test_missing_segment_and_segment_level_errors():
    text = three_orders().replace("UNS+S'", "", 1)
    _, interchange = ack_for(text)
    errors = interchange.documents[0].sets[0].errors
    assert model.AckError("13", segment_position=27) in errors  # UNS missing at CNT
    assert all(e.segment_id == "" for e in errors if e.segment_position is not None)
    back = read_interchanges(write_interchange(interchange))
    assert back.documents[0].sets[0].errors == errors


def test_envelope_error_goes_to_uci():
    text = three_orders().replace("UNZ+3+", "UNZ+4+")
    _, interchange = ack_for(text)
    (ack,) = interchange.documents
    assert ack.status == model.FA_ACCEPTED_WITH_ERRORS
    assert ack.errors == [model.AckError("29", "UNZ", element_position=1)]
    written = write_interchange(interchange)
    assert "UCI+000000123+4012345000009:14+5412345000013:14+7+29+UNZ+1'" in written
    assert read_interchanges(written).documents[0] == dataclasses.replace(
        ack, control_number="1"
    )


def test_unusable_header_rejects_everything():
    _, interchange = ack_for(three_orders().replace("UNOC:3", "UNOX:3"))
    (ack,) = interchange.documents
    assert ack.status == model.FA_REJECTED
    assert {s.status for s in ack.sets} == {model.FA_REJECTED}
    assert "+4+2+UNB+1:1'" in write_interchange(interchange)


def test_one_contrl_per_interchange():
    first = write_interchange(samples.interchange([samples.invoice()], control="A1"))
    second = write_interchange(
        samples.interchange([samples.ship_notice()], control="A2")
    )
    _, interchange = ack_for(first + second)
    assert [d.acknowledged_control_number for d in interchange.documents] == [
        "A1",
        "A2",
    ]
    assert [d.functional_id for d in interchange.documents] == ["INVOIC", "DESADV"]


def test_reads_a_partner_contrl_syntax_version_3():
    text = (
        "UNB+UNOA:3+4012345000009:14+5412345000013:14+240302:0800+77'"
        "UNH+1+CONTRL:D:3:UN'UCI+000000123+5412345000013:14+4012345000009:14+7'"
        "UCM+1+ORDERS:D:96A:UN+7'UCM+2+ORDERS:D:96A:UN+4+13+BGM'"
        "UCM+3+ORDERS:D:96A:UN+4'UCS+12+35'UCD+39+2'UCD+12+3:1'UNT+9+1'UNZ+1+77'"
    )
    result = read_interchanges(text)
    assert result.ok, result.errors
    ack = result.documents[0]
    assert ack.status == model.FA_ACCEPTED_WITH_ERRORS
    assert ack.sets[1].errors == [model.AckError("13", "BGM")]
    assert ack.sets[2].errors == [
        model.AckError("35", segment_position=12),
        model.AckError("39", segment_position=12, element_position=2),
        model.AckError(
            "12", segment_position=12, element_position=3, component_position=1
        ),
    ]
    assert (ack.received_count, ack.accepted_count) == (3, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: setattr(a, "received_count", 5), "received_count"),
        (lambda a: setattr(a, "functional_id", "INVOIC"), "functional_id"),
        (lambda a: setattr(a, "status", model.FA_ACCEPTED), "status"),
        (
            lambda a: a.sets[0].errors.append(model.AckError("12", segment_position=1)),
            "sets[0].errors",
        ),
        (
            lambda a: a.sets[1].errors.append(model.AckError("13", "BGM")),
            "sets[1].errors",
        ),
        (
            lambda a: a.sets[1].errors.append(model.AckError("13", "BGM", 4)),
            "segment_id",
        ),
    ],
)
def test_inconsistent_acks_are_not_written(change, field):
    ack = samples.functional_ack_document()
    change(ack)
    with pytest.raises(EdiValidationError) as caught:
        write_interchange(samples.interchange([ack]))
    assert field in str(caught.value) and "FunctionalAck 77001" in str(caught.value)
