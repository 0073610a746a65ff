"""Ship notices as receipt plans: matching, units, lots, serials, problems."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from supplier_world import (
    GAUZE,
    GLOVES,
    GLOVES_CASE_GTIN,
    GLOVES_GTIN,
    STENT,
    STENT_GTIN,
    UNKNOWN_GTIN,
)

from integration_core.edi.model import (
    Pack,
    Product,
    ShipNotice,
    ShippedItem,
    ShippedOrder,
)
from integration_core.supplier.receipt import (
    OrderLineInfo,
    ReceiptLine,
    fingerprint,
    plan_receipt,
)

SHIPPED = datetime.date(2026, 12, 1)
EXPIRY = datetime.date(2028, 6, 30)
SSCC = "00340123450000000017"

ORDER = [
    OrderLineInfo(11, "PO00012", GLOVES, Decimal(500), Decimal(0), "GL-M"),
    OrderLineInfo(12, "PO00012", STENT, Decimal(3), Decimal(0), "ST-200"),
    OrderLineInfo(13, "PO00012", GAUZE, Decimal(24), Decimal(0), "GZ-1"),
]


def item(quantity, unit="EA", line="", lot="", expiry=None, serials=(), **product):
    return ShippedItem(
        line_number=line,
        product=Product(**product),
        quantity=Decimal(quantity),
        unit=unit,
        lot=lot,
        expiry_date=expiry,
        serial_numbers=list(serials),
    )


def notice(*orders, number="SN-1"):
    return ShipNotice(number=number, ship_date=SHIPPED, parties=[], orders=list(orders))


def order(*items, packs=(), name="PO00012"):
    return ShippedOrder(order_number=name, packs=list(packs), items=list(items))


def plan(*orders, lines=ORDER, resolver, **kwargs):
    return plan_receipt(notice(*orders), list(lines), resolver, **kwargs)


def test_a_packed_notice_becomes_receipt_lines_in_product_units(resolver):
    gloves = item(2, "CA", lot="L1", expiry=EXPIRY, gtin=GLOVES_CASE_GTIN)
    stents = item(2, serials=["S1", "S2"], gtin=STENT_GTIN)
    gauze = item(2, "DZ", vendor_part="GZ-1")
    result = plan(order(gauze, packs=[Pack(SSCC, [gloves, stents])]), resolver=resolver)
    assert result.ok, result.errors
    assert result.warnings == []
    where = "ship notice SN-1, order PO00012, pack 00340123450000000017"
    assert result.lines == [
        ReceiptLine(
            11,
            GLOVES,
            Decimal(200),
            "L1",
            EXPIRY,
            "",
            SSCC,
            f"{where}, item 1 (GTIN {GLOVES_CASE_GTIN})",
        ),
        ReceiptLine(
            12,
            STENT,
            Decimal(1),
            "",
            None,
            "S1",
            SSCC,
            f"{where}, item 2 (GTIN {STENT_GTIN})",
        ),
        ReceiptLine(
            12,
            STENT,
            Decimal(1),
            "",
            None,
            "S2",
            SSCC,
            f"{where}, item 2 (GTIN {STENT_GTIN})",
        ),
        ReceiptLine(
            13,
            GAUZE,
            Decimal(24),
            item_location="ship notice SN-1, order PO00012, item 1 (vendor part GZ-1)",
        ),
    ]
    assert result.quantities() == {11: 200, 12: 2, 13: 24}


def test_the_line_number_wins_and_a_location_prefix_is_kept(resolver):
    lines = [*ORDER, OrderLineInfo(14, "PO00012", GAUZE, Decimal(5), Decimal(0))]
    result = plan(
        order(item(5, line="14", vendor_part="GZ-1")),
        lines=lines,
        resolver=resolver,
        location_prefix="file asn.edi",
    )
    assert [line.order_line_id for line in result.lines] == [14]
    assert result.lines[0].item_location.startswith("file asn.edi, ship notice SN-1")


def test_a_line_number_on_a_line_of_another_product_is_an_error(resolver):
    result = plan(
        order(item(5, line="13", lot="L", gtin=GLOVES_GTIN)), resolver=resolver
    )
    assert not result.ok
    assert result.lines == []
    [error] = result.errors
    assert error.field == "product"
    assert error.message == (
        f"GTIN {GLOVES_GTIN} names Nitrile gloves M, but order line 13 is for Gauze pad"
    )
    assert str(error) == (
        f"ship notice SN-1, order PO00012, item 1 (line 13, GTIN {GLOVES_GTIN}), "
        f"product: {error.message}"
    )


def test_a_line_number_of_another_order_is_not_used(resolver):
    other = OrderLineInfo(21, "PO00013", GAUZE, Decimal(5), Decimal(0))
    result = plan(
        order(item(5, line="21", vendor_part="GZ-1")),
        lines=[*ORDER, other],
        resolver=resolver,
    )
    assert [line.order_line_id for line in result.lines] == [13]


def test_several_lines_of_one_product_fill_the_most_open_first(resolver):
    lines = [
        OrderLineInfo(31, "PO1", GAUZE, Decimal(10), Decimal(0)),
        OrderLineInfo(32, "PO1", GAUZE, Decimal(20), Decimal(5)),  # 15 open
        OrderLineInfo(33, "PO1", GAUZE, Decimal(15), Decimal(0)),  # 15 open, later
    ]
    shipped = order(
        item(15, vendor_part="GZ-1"),
        item(15, vendor_part="GZ-1"),
        item(10, vendor_part="GZ-1"),
        name="PO1",
    )
    result = plan(shipped, lines=lines, resolver=resolver)
    assert [line.order_line_id for line in result.lines] == [32, 33, 31]
    assert result.ok and result.warnings == []


def test_the_order_lines_vendor_part_is_the_last_resort(resolver):
    lines = [OrderLineInfo(41, "PO1", GAUZE, Decimal(10), Decimal(0), "OLD-GZ")]
    result = plan(
        order(item(4, vendor_part="old-gz"), name="PO1"), lines=lines, resolver=resolver
    )
    assert [line.order_line_id for line in result.lines] == [41]


def test_an_unknown_order_is_an_error_and_its_items_are_skipped(resolver):
    result = plan(order(item(1, gtin=GLOVES_GTIN), name="PO99999"), resolver=resolver)
    assert [str(error) for error in result.errors] == [
        "ship notice SN-1, order PO99999, order_number: no purchase order PO99999 "
        "of this supplier is known"
    ]
    assert result.lines == []
    assert not result.ok


def test_an_item_matching_nothing_is_an_error_naming_it(resolver):
    result = plan(order(item(1, line="7", gtin=UNKNOWN_GTIN)), resolver=resolver)
    [error] = result.errors
    assert error.location == (
        f"ship notice SN-1, order PO00012, item 1 (line 7, GTIN {UNKNOWN_GTIN})"
    )
    assert error.message == (
        "matches no line of order PO00012: line 7 is no line of PO00012; "
        f"GTIN {UNKNOWN_GTIN} is no barcode of ours"
    )


def test_a_known_product_not_on_the_order_is_an_error(resolver):
    lines = [line for line in ORDER if line.product_id != STENT]
    result = plan(
        order(item(1, serials=["S1"], gtin=STENT_GTIN)), lines=lines, resolver=resolver
    )
    assert [error.message for error in result.errors] == [
        "Coronary stent is not on order PO00012"
    ]


def test_a_unit_of_another_category_is_an_error(resolver):
    result = plan(
        order(item(1, "KG", lot="L", expiry=EXPIRY, gtin=GLOVES_GTIN)),
        resolver=resolver,
    )
    [error] = result.errors
    assert (error.field, error.message) == (
        "unit",
        "unit KG is not convertible into Units",
    )
    assert error.location.endswith(f"item 1 (GTIN {GLOVES_GTIN})")


@pytest.mark.parametrize(
    "serials, quantity",
    [(["S1"], 2), (["S1", "S2", "S3"], 2), ([], 1), (["S1", " "], 2)],
)
def test_serial_numbers_must_number_the_quantity(resolver, serials, quantity):
    result = plan(
        order(item(quantity, serials=serials, gtin=STENT_GTIN)), resolver=resolver
    )
    [error] = result.errors
    assert error.field == "serial_numbers"
    count = len([serial for serial in serials if serial.strip()])
    assert error.message.startswith(
        f"{count} serial numbers for a quantity of {quantity} Units of Coronary stent"
    )
    assert result.lines == []


def test_a_serial_number_given_twice_is_an_error(resolver):
    result = plan(
        order(
            item(1, serials=["S1"], gtin=STENT_GTIN),
            item(1, serials=["S1"], vendor_part="ST-200"),
        ),
        resolver=resolver,
    )
    [error] = result.errors
    assert error.message == (
        "serial number S1 of Coronary stent is given also at ship notice SN-1, "
        f"order PO00012, item 1 (GTIN {STENT_GTIN})"
    )
    within = plan(
        order(item(2, serials=["S1", "S1"], gtin=STENT_GTIN)), resolver=resolver
    )
    assert [error.message for error in within.errors] == [
        "serial number S1 of Coronary stent is given twice"
    ]


def test_missing_lot_and_expiry_are_warnings(resolver):
    result = plan(order(item(100, gtin=GLOVES_GTIN)), resolver=resolver)
    assert result.ok
    assert [(warning.field, warning.message) for warning in result.warnings] == [
        ("lot", "no lot given for Nitrile gloves M"),
        ("expiry_date", "no expiry date given for Nitrile gloves M"),
    ]
    assert result.lines[0].quantity == 100


def test_an_item_expired_before_shipping_is_a_warning(resolver):
    expired = datetime.date(2026, 11, 30)
    result = plan(
        order(item(1, lot="L", expiry=expired, gtin=GLOVES_GTIN)), resolver=resolver
    )
    assert [warning.message for warning in result.warnings] == [
        "expired on 2026-11-30, before it was shipped on 2026-12-01"
    ]


def test_lots_and_serials_of_untracked_products_are_not_recorded(resolver):
    result = plan(
        order(item(12, lot="L9", serials=["X"], vendor_part="GZ-1")), resolver=resolver
    )
    assert result.ok and result.warnings == []
    assert (result.lines[0].lot, result.lines[0].serial) == ("", "")


def test_over_shipment_beyond_the_open_quantity_is_a_warning(resolver):
    lines = [OrderLineInfo(13, "PO00012", GAUZE, Decimal(24), Decimal(20), "GZ-1")]
    result = plan(
        order(item(3, vendor_part="GZ-1"), item(2, vendor_part="GZ-1")),
        lines=lines,
        resolver=resolver,
    )
    assert result.ok
    assert [str(warning) for warning in result.warnings] == [
        "ship notice SN-1, order PO00012, line 13, quantity: 5 Units of Gauze pad "
        "shipped but only 4 Units open (ordered 24, received 20)"
    ]
    assert result.quantities() == {13: 5}


def test_exactly_the_open_quantity_is_no_over_shipment(resolver):
    lines = [OrderLineInfo(13, "PO00012", GAUZE, Decimal(24), Decimal(20), "GZ-1")]
    result = plan(order(item(4, vendor_part="GZ-1")), lines=lines, resolver=resolver)
    assert result.warnings == []


def test_zero_and_negative_quantities(resolver):
    result = plan(
        order(item(0, vendor_part="GZ-1"), item(-1, vendor_part="GZ-1")),
        resolver=resolver,
    )
    assert [(issue.field, issue.message) for issue in result.warnings] == [
        ("quantity", "the quantity is 0: nothing is received")
    ]
    assert [(issue.field, issue.message) for issue in result.errors] == [
        ("quantity", "negative quantity -1")
    ]


def test_a_bad_sscc_and_a_reused_one_are_warnings(resolver):
    gauze = item(8, vendor_part="GZ-1")
    result = plan(
        order(
            packs=[
                Pack("340123450000000018", [gauze]),
                Pack(SSCC, [gauze]),
                Pack(SSCC, [gauze]),
            ]
        ),
        resolver=resolver,
    )
    assert [(issue.field, issue.message) for issue in result.warnings] == [
        ("sscc", "340123450000000018 is no valid 18-digit SSCC"),
        (
            "sscc",
            f"the same SSCC is also used at ship notice SN-1, order PO00012, "
            f"pack {SSCC}",
        ),
    ]


def test_a_pack_without_sscc_is_named_by_its_position(resolver):
    result = plan(
        order(packs=[Pack("", []), Pack("", [item(1, "KG", vendor_part="GZ-1")])]),
        resolver=resolver,
    )
    assert result.warnings[0].location == "ship notice SN-1, order PO00012, pack 1"
    assert result.errors[0].location == (
        "ship notice SN-1, order PO00012, pack 2, item 1 (vendor part GZ-1)"
    )


def test_fingerprint_ignores_the_control_number_and_number_spelling():
    first = notice(order(item("10.00", vendor_part="GZ-1")))
    again = dataclasses.replace(
        notice(order(item("10", vendor_part="GZ-1"))), control_number="0042"
    )
    assert fingerprint(first) == fingerprint(again)
    assert len(fingerprint(first)) == 64
    changed = notice(order(item("11", vendor_part="GZ-1")))
    assert fingerprint(changed) != fingerprint(first)
    other_number = notice(order(item("10", vendor_part="GZ-1")), number="SN-2")
    assert fingerprint(other_number) != fingerprint(first)
