"""Realistic healthcare-distributor documents read into the model, and written back."""

import datetime
import pathlib
from decimal import Decimal

import pytest

from integration_core.edi import model
from integration_core.edi.x12 import read_interchanges, write_interchange

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SAMPLE_850 = (
    pathlib.Path(__file__).parents[3]
    / "data"
    / "edi"
    / "x12"
    / "850_4010_purchase_order.x12"
)


def read_fixture(name):
    result = read_interchanges((FIXTURES / name).read_bytes())
    assert result.errors == []
    (document,) = result.documents
    return result, document


def test_856_hierarchy_with_packs_lots_serials_and_udi():
    result, notice = read_fixture("856_4010_ship_notice.x12")
    assert isinstance(notice, model.ShipNotice)
    assert (notice.number, notice.ship_date) == ("SH700123", datetime.date(2024, 3, 4))
    assert (notice.carrier, notice.tracking_number) == ("UPSN", "1Z999AA10123456784")
    assert (notice.gross_weight, notice.weight_unit) == (Decimal("38.6"), "LB")
    assert notice.expected_delivery == datetime.date(2024, 3, 6)
    assert [party.role for party in notice.parties] == [model.SHIP_TO, model.SHIP_FROM]
    (order,) = notice.orders
    assert (order.order_number, order.order_date) == (
        "PO4500012345",
        datetime.date(2024, 3, 1),
    )
    assert [pack.sscc for pack in order.packs] == [
        "006141410000000019",
        "006141410000000026",
    ]
    gloves, catheters = order.packs[0].items
    assert gloves.product == model.Product(
        "10614141000019",
        "NG-300M",
        "SMH-1001",
        "NITRILE EXAM GLOVES POWDER-FREE MEDIUM 100/BX",
    )
    assert (gloves.quantity, gloves.unit, gloves.lot) == (
        Decimal("10"),
        "BX",
        "L240112A",
    )
    assert gloves.expiry_date == datetime.date(2027, 1, 31)
    assert catheters.lot == "L231130F"  # from the LIN LT pair
    assert catheters.serial_numbers == ["FC16S-000481", "FC16S-000482"]
    assert catheters.udi == "(01)10614141000033(17)261130(10)L231130F"
    (iv_set,) = order.packs[1].items
    assert (iv_set.product.vendor_part, iv_set.product.buyer_part) == (
        "IV-2030",
        "SMH-2040",
    )
    (unpacked,) = order.items
    assert (unpacked.product.gtin, unpacked.unit) == ("0614141000036", "CS")
    assert notice.control_number == "0001"
    assert result.interchanges[0].prepared_at == datetime.datetime(
        2024, 3, 4, 14, 15, 2
    )


def test_855_line_statuses_and_split_acknowledgements():
    _, ack = read_fixture("855_4010_order_ack.x12")
    assert (ack.number, ack.order_number, ack.status) == (
        "SO-88120",
        "PO4500012345",
        model.ACK_ACCEPTED_WITH_CHANGES,
    )
    assert [(line.line_number, line.status, line.quantity) for line in ack.lines] == [
        ("1", model.LINE_ACCEPTED, Decimal("10")),
        ("2", model.LINE_ACCEPTED, Decimal("2")),
        ("2", model.LINE_BACKORDERED, Decimal("2")),
        ("3", model.LINE_REJECTED, Decimal("25")),
        ("4", model.LINE_CHANGED, Decimal("2")),
    ]
    assert ack.lines[2].scheduled_delivery == datetime.date(2024, 3, 19)
    assert ack.lines[4].unit_price == Decimal("91.20")


def test_810_totals_terms_and_tax():
    _, invoice = read_fixture("810_4010_invoice.x12")
    assert invoice.total_amount == Decimal("241.90")  # TDS*24190, implied decimals
    assert (invoice.tax_amount, invoice.payment_terms_days) == (Decimal("19.40"), 30)
    assert [party.role for party in invoice.parties] == [model.BILL_TO, model.REMIT_TO]
    assert invoice.parties[1].identifier_scheme == model.DUNS
    assert [line.unit_price for line in invoice.lines] == [
        Decimal("12.50"),
        Decimal("48.75"),
    ]


def test_832_contract_prices_in_5010():
    result, catalog = read_fixture("832_5010_price_catalog.x12")
    assert result.interchanges[0].version == "005010"
    assert result.interchanges[0].test is True
    assert (catalog.number, catalog.contract_number) == ("GPO-117-Q2", "GPO-2024-117")
    gloves, saline = catalog.items
    # the CON contract price wins over the CAT catalogue price
    assert (gloves.unit_price, gloves.minimum_quantity, gloves.unit) == (
        Decimal("12.50"),
        Decimal("10"),
        "BX",
    )
    assert (gloves.effective_from, gloves.effective_to) == (
        datetime.date(2024, 4, 1),
        datetime.date(2024, 6, 30),
    )
    assert (saline.unit, saline.unit_price) == (
        "CS",
        Decimal("89.00"),
    )  # CTP05 composite
    assert catalog.parties[1].identifier_scheme == "x12:21"  # HIN kept as its code


def test_997_with_segment_and_element_errors():
    _, ack = read_fixture("997_4010_functional_ack.x12")
    assert (ack.functional_id, ack.acknowledged_control_number) == ("SH", "702")
    assert ack.status == model.FA_ACCEPTED_WITH_ERRORS  # AK9*P
    assert (ack.received_count, ack.accepted_count) == (2, 1)
    accepted, rejected = ack.sets
    assert accepted.status == model.FA_ACCEPTED and not accepted.errors
    assert rejected.errors == [
        model.AckError("5", "SN1", 9, 2),
        model.AckError("1", "SN1", 9, 3),
        model.AckError("1", "ZZZ", 12),
        model.AckError("5"),
    ]


def test_999_in_5010():
    _, ack = read_fixture("999_5010_implementation_ack.x12")
    assert ack.status == model.FA_REJECTED
    assert ack.sets[0].errors == [model.AckError("7", "CTP", 9, 3), model.AckError("5")]


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.x12")))
def test_fixtures_write_back_to_the_same_documents(name):
    result, document = read_fixture(name)
    text = write_interchange(result.interchanges[0])
    again = read_interchanges(text)
    assert again.errors == []
    assert again.documents == [document]


def test_shared_850_sample():
    result = read_interchanges(SAMPLE_850.read_bytes())
    assert result.errors == []
    (order,) = result.documents
    assert order.number == "PO4500012345"
    assert order.lines[1].requested_delivery == datetime.date(2024, 3, 5)
    assert order.lines[4].product.gtin == ""


def test_several_interchanges_with_different_delimiters_and_a_bom():
    first = (FIXTURES / "810_4010_invoice.x12").read_text()
    second = (FIXTURES / "832_5010_price_catalog.x12").read_text()
    second = second.replace("*", "|").replace("~\n", "\r\n").replace("|^|", "|^|")
    data = "\ufeff  \n" + first + second.replace("~", "\r\n")
    result = read_interchanges(data.encode("utf-8"))
    assert result.errors == []
    assert [type(doc) for doc in result.documents] == [
        model.Invoice,
        model.PriceCatalog,
    ]
    assert [ic.control_number for ic in result.interchanges] == [
        "000000810",
        "000000832",
    ]
