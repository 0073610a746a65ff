"""Each kind of problem is reported with a stable code and an exact location."""

import datetime
import pathlib
from decimal import Decimal

import pytest

from integration_core.edi import model
from integration_core.edi.errors import EdiValidationError
from integration_core.edi.x12 import (
    V4010,
    V5010,
    functional_ack,
    read_interchanges,
    write_interchange,
)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
INVOICE = (FIXTURES / "810_4010_invoice.x12").read_text()
NOTICE = (FIXTURES / "856_4010_ship_notice.x12").read_text()


def errors_of(text):
    return [
        (
            e.code,
            e.location.segment_position,
            e.location.segment_id,
            e.location.element_position,
        )
        for e in read_interchanges(text).errors
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "IT1*1*10*BX*12.50",
            "IT1*1*10*BOXES*12.50",
            ("element_too_long", 9, "IT1", 3),
        ),
        ("IT1*1*10*BX*12.50", "IT1*1*1O*BX*12.50", ("invalid_character", 9, "IT1", 2)),
        ("BIG*20240305", "BIG*20240231", ("invalid_date", 2, "BIG", 1)),
        (
            "BIG*20240305*INV-2024-03311",
            "BIG**INV-2024-03311",
            ("missing_element", 2, "BIG", 1),
        ),
        (
            "N1*RI*MEDSURG DISTRIBUTION INC*1*123456789",
            "N1*RI*MEDSURG*1",
            ("conditional_missing", 7, "N1", 4),
        ),
        ("TDS*24190~", "TDS*241.90~", ("invalid_character", 12, "TDS", 1)),
        ("TDS*24190~\n", "", ("missing_segment", 13, "TDS", None)),
        (
            "CUR*SE*USD~\n",
            "CUR*SE*USD~\nCUR*SE*USD~\n",
            ("segment_repeat", 4, "CUR", None),
        ),
        (
            "ITD*01*3*****30~\n",
            "ITD*01*3*****30~\nBIG*20240305*X~\n",
            ("segment_order", 9, "BIG", None),
        ),
        (
            "CUR*SE*USD~\n",
            "CUR*SE*USD~\nXYZ*1~\n",
            ("unrecognized_segment", 4, "XYZ", None),
        ),
        (
            "CUR*SE*USD~\n",
            "CUR*SE*USD~\nBSN*00*X~\n",
            ("segment_not_in_set", 4, "BSN", None),
        ),
        ("SE*15*0001", "SE*14*0001", ("segment_count", 15, "SE", 1)),
        ("SE*15*0001", "SE*15*0002", ("set_control_mismatch", 15, "SE", 2)),
        ("GE*1*810", "GE*2*810", ("group_set_count", 18, "GE", 1)),
        ("GE*1*810", "GE*1*811", ("group_control_mismatch", 18, "GE", 2)),
        (
            "IEA*1*000000810",
            "IEA*1*000000811",
            ("interchange_control_mismatch", 19, "IEA", 2),
        ),
        (
            "IEA*1*000000810",
            "IEA*2*000000810",
            ("interchange_group_count", 19, "IEA", 1),
        ),
        (
            "*240305*1600*U*00401*",
            "*240305*1600*U*00301*",
            ("unsupported_version", 1, "ISA", 12),
        ),
        ("ST*810*0001", "ST*204*0001", ("unsupported_set", 1, "ST", 1)),
        ("GS*IN*", "GS*PO*", ("set_in_wrong_group", 1, "ST", 1)),
    ],
)
def test_error_codes_and_locations(old, new, expected):
    assert old in INVOICE
    assert expected in errors_of(INVOICE.replace(old, new))


def test_error_names_interchange_group_and_set():
    result = read_interchanges(
        INVOICE.replace("IT1*1*10*BX*12.50", "IT1*1*10*BOXES*12.50")
    )
    (error,) = result.errors
    assert isinstance(error, EdiValidationError)
    assert (error.location.interchange_control, error.location.group_control) == (
        "000000810",
        "810",
    )
    assert (error.location.set_control, error.location.set_type) == ("0001", "810")
    assert str(error).startswith(
        "interchange 000000810, group 810, set 810 #0001, segment 9 IT1"
    )
    assert "expected ID 2/2" in str(error)
    assert result.documents == [] and not result.sets[0].accepted


def test_bad_hierarchy_in_856():
    result = read_interchanges(NOTICE.replace("HL*7*6*I*0", "HL*7*99*I*0"))
    assert [
        (e.code, e.location.segment_id, e.location.element_position)
        for e in result.errors
    ] == [("invalid_hierarchy", "HL", 2)]


def test_missing_trailers_and_one_bad_set_does_not_stop_the_others():
    two_sets = INVOICE.replace(
        "GE*1*810", "ST*810*0002~\nBIG*20240306*INV-2~\nTDS*100~\nSE*4*0002~\nGE*2*810"
    )
    broken = two_sets.replace("SE*15*0001~\n", "")
    result = read_interchanges(broken)
    assert [(s.control_number, s.accepted) for s in result.sets] == [
        ("0001", False),
        ("0002", True),
    ]
    assert result.sets[0].errors[0].code == "missing_set_trailer"
    truncated = read_interchanges(two_sets[: two_sets.index("GE*2")])
    assert [e.code for e in truncated.errors] == [
        "missing_group_trailer",
        "missing_interchange_trailer",
    ]
    assert len(truncated.documents) == 2


def test_duplicate_set_control_numbers():
    doubled = INVOICE.replace(
        "GE*1*810",
        INVOICE[INVOICE.index("\nST*") + 1 : INVOICE.index("GE*")] + "GE*2*810",
    )
    result = read_interchanges(doubled)
    assert [e.code for e in result.errors] == ["duplicate_set_control"]


def _invoice(**changes):
    values = {
        "number": "INV-1",
        "invoice_date": datetime.date(2024, 3, 5),
        "order_number": "PO-1",
        "parties": [],
        "lines": [
            model.InvoiceLine(
                "1",
                model.Product(gtin="10614141000019"),
                Decimal(2),
                "BX",
                Decimal("3.10"),
            )
        ],
        "total_amount": Decimal("6.20"),
    }
    values.update(changes)
    return model.Invoice(**values)


def _interchange(*documents, version=V4010):
    return model.Interchange(
        "X12",
        version,
        model.Identity("MEDSURGDIST"),
        model.Identity("STMARYMC"),
        "42",
        datetime.datetime(2024, 3, 5, 16, 0),
        list(documents),
    )


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"number": "X" * 23}, "element_too_long", "BIG02 (number)"),
        ({"total_amount": Decimal("6.205")}, "invalid_value", "total_amount"),
        ({"number": "INV*1"}, "invalid_character", "holds a delimiter"),
        ({"invoice_date": None}, "missing_element", "BIG01"),
        (
            {"parties": [model.Party("buyer", "", "123", "nonsense")]},
            "invalid_value",
            "scheme",
        ),
        (
            {
                "lines": [
                    model.InvoiceLine(
                        "1", model.Product(gtin="123"), Decimal(1), "BX", Decimal(1)
                    )
                ]
            },
            "invalid_value",
            "GTIN",
        ),
        ({"currency": "DOLLARS"}, "element_too_long", "CUR02"),
    ],
)
def test_writer_names_document_field_and_expectation(changes, code, words):
    with pytest.raises(EdiValidationError) as raised:
        write_interchange(_interchange(_invoice(**changes)))
    assert raised.value.code == code
    assert words in str(raised.value)
    assert "Invoice" in str(raised.value)


def test_writer_refuses_duplicate_set_control_numbers():
    with pytest.raises(EdiValidationError) as raised:
        write_interchange(_interchange(_invoice(control_number="0002"), _invoice()))
    assert raised.value.code == "duplicate_set_control"


def test_writer_envelopes_and_control_numbers():
    order = model.PurchaseOrder(
        "PO-9",
        datetime.date(2024, 3, 1),
        [],
        [model.OrderLine("1", model.Product(vendor_part="NG-300M"), Decimal(1), "BX")],
    )
    text = write_interchange(
        _interchange(_invoice(), order, _invoice(control_number="77001"), version=V5010)
    )
    segments = text.split("~")
    assert segments[0].split("*")[11:17] == ["^", "00501", "000000042", "0", "P", ":"]
    assert [s for s in segments if s.startswith(("GS", "ST", "SE", "GE", "IEA"))] == [
        "GS*IN*MEDSURGDIST*STMARYMC*20240305*1600*1*X*005010",
        "ST*810*0001",
        "SE*6*0001",
        "ST*810*77001",
        "SE*6*77001",
        "GE*2*1",
        "GS*PO*MEDSURGDIST*STMARYMC*20240305*1600*2*X*005010",
        "ST*850*0003",  # sets are numbered by their place in the interchange
        "SE*5*0003",
        "GE*1*2",
        "IEA*2*000000042",
    ]
    assert len(segments[0]) == 105


def test_functional_ack_answers_exactly_the_sets_read():
    two_sets = INVOICE.replace(
        "GE*1*810", "ST*810*0002~\nBIG*20240306*INV-2~\nTDS*1.00~\nSE*4*0002~\nGE*2*810"
    )
    result = read_interchanges(two_sets.replace("IT1*1*10*BX*", "IT1*1*10*BOXES*"))
    ack = functional_ack(
        result,
        sender=model.Identity("STMARYMC"),
        receiver=model.Identity("MEDSURGDIST"),
        control_number="5",
        prepared_at=datetime.datetime(2024, 3, 5, 17, 0),
    )
    (fa,) = ack.documents
    assert (fa.functional_id, fa.acknowledged_control_number, fa.status) == (
        "IN",
        "810",
        model.FA_REJECTED,
    )
    assert (fa.received_count, fa.accepted_count) == (2, 0)
    assert fa.sets[0].errors == [model.AckError("5", "IT1", 9, 3), model.AckError("5")]
    assert fa.sets[1].errors == [model.AckError("6", "TDS", 3, 1), model.AckError("5")]
    text = write_interchange(ack)
    assert "AK3*IT1*9**8~AK4*3**5~AK5*R*5~" in text
    assert "AK9*R*2*2*0~" in text
    back = read_interchanges(text).documents[0]
    assert back.sets == fa.sets


def test_functional_ack_999_for_5010_and_group_errors():
    catalog = (
        (FIXTURES / "832_5010_price_catalog.x12")
        .read_text()
        .replace("GE*1*832", "GE*3*832")
    )
    result = read_interchanges(catalog)
    ack = functional_ack(
        result,
        sender=model.Identity("STMARYMC"),
        receiver=model.Identity("MEDSURGDIST"),
        control_number="6",
        prepared_at=datetime.datetime(2024, 4, 1, 9, 0),
    )
    assert ack.version == V5010
    (fa,) = ack.documents
    assert fa.status == model.FA_ACCEPTED_WITH_ERRORS
    assert fa.errors == [model.AckError("5")]
    text = write_interchange(ack)
    assert "ST*999*0001*005010X231A1~" in text and "AK9*E*1*1*1*5~" in text
