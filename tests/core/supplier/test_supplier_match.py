"""The three-way match and an invoice's own arithmetic."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_core.edi.model import (
    ALLOWANCE,
    CHARGE,
    KIND_FREIGHT,
    AllowanceCharge,
    Invoice,
    InvoiceLine,
    Product,
    Tax,
)
from integration_core.supplier.match import (
    EXCEPTION,
    MATCHED,
    LineMatch,
    MatchInput,
    Tolerance,
    check_totals,
    three_way_match,
)

FIVE_PERCENT = Tolerance(qty_percent=Decimal(5), price_percent=Decimal(2))


def line(
    invoiced,
    price="12.50",
    *,
    received=100,
    ordered=100,
    before=0,
    order_price="12.50",
    line_id=11,
):
    return MatchInput(
        order_line_id=line_id,
        description="Nitrile gloves M",
        ordered_qty=Decimal(ordered),
        received_qty=Decimal(received),
        invoiced_before_qty=Decimal(before),
        order_price=Decimal(order_price),
        invoiced_qty=Decimal(invoiced),
        invoiced_price=Decimal(price),
    )


def reasons(result):
    return [reason for match in result.lines for reason in match.reasons]


def test_invoice_as_received_and_ordered_matches():
    result = three_way_match([line(100)], FIVE_PERCENT)
    assert result.state == MATCHED and result.matched
    assert result.lines == [LineMatch(11, MATCHED, (), "Nitrile gloves M")]


def test_more_than_received_beyond_tolerance_is_an_exception():
    result = three_way_match([line(120, received=100, ordered=150)], FIVE_PERCENT)
    assert result.state == EXCEPTION
    assert reasons(result) == ["Invoiced 120 but only 100 received (tolerance 5%)."]


def test_within_the_quantity_tolerance_matches():
    assert three_way_match([line(105)], FIVE_PERCENT).matched
    assert not three_way_match([line("105.01")], FIVE_PERCENT).matched


def test_earlier_invoices_count():
    result = three_way_match([line(60, before=50)], FIVE_PERCENT)
    assert reasons(result) == [
        "Invoiced 110 (60 on this invoice, 50 before) but only 100 received "
        "(tolerance 5%)."
    ]


def test_nothing_received_yet():
    result = three_way_match([line(10, received=0)], FIVE_PERCENT)
    assert reasons(result) == ["Invoiced 10 but nothing received yet."]


def test_over_received_goods_are_still_limited_by_the_order():
    result = three_way_match([line(120, received=120, ordered=100)], FIVE_PERCENT)
    assert reasons(result) == ["Invoiced 120 but only 100 ordered (tolerance 5%)."]


def test_price_above_the_tolerance_is_an_exception_a_lower_one_is_not():
    result = three_way_match([line(100, "13.00")], FIVE_PERCENT)
    assert reasons(result) == [
        "Invoiced at 13.00 per unit, ordered at 12.50 (+4%, tolerance 2%)."
    ]
    assert three_way_match([line(100, "12.75")], FIVE_PERCENT).matched
    assert three_way_match([line(100, "9.99")], FIVE_PERCENT).matched


def test_an_absolute_amount_per_unit_replaces_the_percentage():
    tolerance = Tolerance(Decimal(0), Decimal(50), amount=Decimal("0.10"))
    assert three_way_match([line(100, "12.60")], tolerance).matched
    result = three_way_match([line(100, "12.61")], tolerance)
    assert reasons(result) == [
        "Invoiced at 12.61 per unit, ordered at 12.50 (+0.9%, tolerance 0.10 per unit)."
    ]


def test_a_free_order_line_invoiced_at_a_price():
    result = three_way_match([line(1, "5", order_price="0")], FIVE_PERCENT)
    assert reasons(result) == [
        "Invoiced at 5.00 per unit, ordered at 0.00 (tolerance 2%)."
    ]


def test_an_invoice_line_on_no_order_line_is_an_exception():
    stray = MatchInput(None, "Freight", 0, 0, 0, 0, 1, 25)
    result = three_way_match([line(100), stray], FIVE_PERCENT)
    assert result.state == EXCEPTION
    assert result.lines[0].state == MATCHED
    assert result.lines[1] == LineMatch(
        None,
        EXCEPTION,
        ("Invoice line Freight is on no line of the order.",),
        "Freight",
    )


def test_two_invoice_lines_of_one_order_line_are_checked_together():
    result = three_way_match([line(60), line(60)], FIVE_PERCENT)
    assert len(result.lines) == 1
    assert reasons(result) == ["Invoiced 120 but only 100 received (tolerance 5%)."]


def test_negative_tolerances_are_refused():
    with pytest.raises(ValueError, match="qty_percent must not be negative"):
        Tolerance(Decimal(-1), Decimal(0))


def invoice(lines, total, **kwargs):
    return Invoice(
        number="INV-1",
        invoice_date=datetime.date(2026, 12, 5),
        order_number="PO00012",
        parties=[],
        lines=lines,
        total_amount=Decimal(total),
        **kwargs,
    )


def invoice_line(quantity, price, adjustments=(), taxes=()):
    return InvoiceLine(
        line_number="11",
        product=Product(),
        quantity=Decimal(quantity),
        unit="EA",
        unit_price=Decimal(price),
        allowances_charges=list(adjustments),
        taxes=list(taxes),
    )


def test_totals_with_allowances_charges_and_taxes_add_up():
    document = invoice(
        [
            invoice_line(
                100,
                "12.50",
                [AllowanceCharge(ALLOWANCE, Decimal(50))],
                [Tax("VA", Decimal("240"))],
            ),
            invoice_line(10, "3", [AllowanceCharge(CHARGE, Decimal(5))]),
        ],
        "1430.00",
        allowances_charges=[
            AllowanceCharge(CHARGE, Decimal(25), KIND_FREIGHT),
            AllowanceCharge(ALLOWANCE, Decimal(20)),
        ],
    )
    # Lines 1250 - 50 + 30 + 5, header + 25 - 20, line tax 240: 1480.
    assert check_totals(document) == (
        "Lines, allowances, charges and taxes add up to 1,480.00 but the invoice "
        "total is 1,430.00 (difference -50.00).",
    )
    document.total_amount = Decimal("1480.01")
    assert check_totals(document) == ()


def test_the_invoice_tax_is_the_total_of_the_line_taxes():
    lines = [invoice_line(10, 10, taxes=[Tax("VA", Decimal(20))])]
    assert check_totals(invoice(lines, 120, tax_amount=Decimal(20))) == ()
    assert check_totals(invoice(lines, 125, tax_amount=Decimal(25))) == (
        "The line taxes add up to 20.00 but the invoice states 25.00 of tax.",
    )


def test_percentage_taxes_apply_to_the_net_amount():
    lines = [invoice_line(10, 10, [AllowanceCharge(ALLOWANCE, Decimal(20))])]
    document = invoice(lines, "96.00", taxes=[Tax("VAT", None, Decimal(20))])
    assert check_totals(document) == ()


def test_header_taxes_and_tax_amount_must_agree():
    document = invoice(
        [invoice_line(1, 100)],
        "120",
        taxes=[Tax("VAT", Decimal(20))],
        tax_amount=Decimal(19),
    )
    assert check_totals(document) == (
        "The taxes add up to 20.00 but the invoice states 19.00 of tax.",
    )


def test_three_way_match_with_the_invoice_reports_its_totals():
    document = invoice([invoice_line(100, "12.50")], "1300")
    result = three_way_match([line(100)], FIVE_PERCENT, invoice=document)
    assert result.state == EXCEPTION
    assert result.lines[0].state == MATCHED
    assert result.reasons == (
        "Lines, allowances, charges and taxes add up to 1,250.00 but the invoice "
        "total is 1,300.00 (difference 50.00).",
    )


quantities = st.decimals(min_value=0, max_value=10_000, places=2)


@given(quantities, quantities, quantities, st.integers(0, 20))
def test_a_line_matches_exactly_when_within_received_and_ordered(
    invoiced, received, ordered, percent
):
    tolerance = Tolerance(Decimal(percent), Decimal(0))
    result = three_way_match(
        [line(invoiced, received=received, ordered=ordered)], tolerance
    )
    limit = min(received, ordered) * (1 + Decimal(percent) / 100)
    assert result.matched == (invoiced <= limit)
