"""Order acknowledgements compared with the order, line by line."""

import datetime
from decimal import Decimal

import pytest
from supplier_world import GAUZE, GLOVES, GLOVES_GTIN, STENT

from integration_core.edi.model import (
    ACK_ACCEPTED,
    ACK_ACCEPTED_WITH_CHANGES,
    ACK_REJECTED,
    LINE_ACCEPTED,
    LINE_BACKORDERED,
    LINE_CHANGED,
    LINE_REJECTED,
    AckLine,
    Product,
    PurchaseOrderAck,
)
from integration_core.supplier.acknowledgement import (
    AckOrderLine,
    LineAnswer,
    compare_acknowledgement,
)

DEC_10 = datetime.date(2026, 12, 10)
DEC_14 = datetime.date(2026, 12, 14)
DEC_20 = datetime.date(2026, 12, 20)

ORDER = [
    AckOrderLine(11, GLOVES, Decimal(100), Decimal("12.50"), DEC_10, "EA"),
    AckOrderLine(12, GAUZE, Decimal(24), Decimal("1.00"), DEC_10, "EA"),
]


def ack_line(number, status, quantity, price=None, date=None, unit="EA", **product):
    return AckLine(
        line_number=number,
        product=Product(**product),
        status=status,
        quantity=Decimal(quantity),
        unit=unit,
        unit_price=None if price is None else Decimal(price),
        scheduled_delivery=date,
    )


def ack(*lines, status=ACK_ACCEPTED_WITH_CHANGES):
    return PurchaseOrderAck(
        number="ACK-7",
        ack_date=datetime.date(2026, 12, 2),
        order_number="PO00012",
        order_date=None,
        status=status,
        parties=[],
        lines=list(lines),
    )


def by_line(result):
    return {answer.line_id: answer for answer in result.lines}


def test_accepted_as_ordered():
    result = compare_acknowledgement(
        ack(
            ack_line("11", LINE_ACCEPTED, 100, "12.5", DEC_10),
            ack_line("12", LINE_ACCEPTED, 24),
        ),
        ORDER,
    )
    assert result.lines == [
        LineAnswer(
            11,
            LINE_ACCEPTED,
            Decimal(100),
            Decimal("12.50"),
            DEC_10,
            (),
            "order acknowledgement ACK-7, order PO00012, item 1 (line 11)",
        ),
        LineAnswer(
            12,
            LINE_ACCEPTED,
            Decimal(24),
            Decimal("1.00"),
            DEC_10,
            (),
            "order acknowledgement ACK-7, order PO00012, item 2 (line 12)",
        ),
    ]
    assert result.all_accepted


def test_accepted_but_different_is_reported_as_changed():
    result = compare_acknowledgement(
        ack(ack_line("11", LINE_ACCEPTED, 80, "13", DEC_14)), ORDER
    )
    answer = by_line(result)[11]
    assert answer.status == LINE_CHANGED
    assert answer.differences == (
        "quantity 100 → 80",
        "price 12.50 → 13.00",
        "date 2026-12-10 → 2026-12-14",
    )
    assert (answer.acknowledged_qty, answer.acknowledged_price) == (80, 13)
    assert answer.acknowledged_date == DEC_14
    assert result.unanswered == [12]
    assert not result.all_accepted


@pytest.mark.parametrize(
    "status, expected",
    [(LINE_BACKORDERED, LINE_BACKORDERED), (LINE_CHANGED, LINE_CHANGED)],
)
def test_the_suppliers_status_is_kept_when_it_says_more(status, expected):
    result = compare_acknowledgement(ack(ack_line("11", status, 100)), ORDER)
    assert by_line(result)[11].status == expected
    assert by_line(result)[11].differences == ()


def test_a_rejected_line_delivers_nothing():
    result = compare_acknowledgement(ack(ack_line("12", LINE_REJECTED, 24)), ORDER)
    answer = by_line(result)[12]
    assert (answer.status, answer.acknowledged_qty, answer.acknowledged_date) == (
        LINE_REJECTED,
        0,
        None,
    )


def test_split_answers_add_up():
    result = compare_acknowledgement(
        ack(
            ack_line("11", LINE_ACCEPTED, 60, date=DEC_10),
            ack_line("11", LINE_BACKORDERED, 40, date=DEC_20),
            ack_line("12", LINE_ACCEPTED, 20),
            ack_line("12", LINE_REJECTED, 4),
        ),
        ORDER,
    )
    gloves, gauze = by_line(result)[11], by_line(result)[12]
    assert gloves.status == LINE_BACKORDERED
    assert gloves.acknowledged_qty == 100
    assert gloves.acknowledged_date == DEC_20
    assert gloves.differences == (
        "date 2026-12-10 → 2026-12-20",
        "in 2 parts: 60 accepted (2026-12-10), 40 backordered (2026-12-20)",
    )
    assert gauze.status == LINE_CHANGED
    assert gauze.acknowledged_qty == 20
    assert gauze.differences[0] == "quantity 24 → 20"


def test_two_accepted_parts_as_ordered_stay_accepted():
    result = compare_acknowledgement(
        ack(ack_line("12", LINE_ACCEPTED, 12), ack_line("12", LINE_ACCEPTED, 12)),
        ORDER,
    )
    assert by_line(result)[12].status == LINE_ACCEPTED


def test_a_line_not_on_the_order_is_an_issue():
    result = compare_acknowledgement(
        ack(ack_line("99", LINE_ACCEPTED, 1, gtin=GLOVES_GTIN)), ORDER
    )
    assert [str(issue) for issue in result.issues] == [
        "order acknowledgement ACK-7, order PO00012, item 1 (line 99, GTIN "
        f"{GLOVES_GTIN}), line_number: answers no line of order PO00012"
    ]
    assert result.lines == []
    assert result.unanswered == [11, 12]


def test_with_a_resolver_lines_are_found_by_product(resolver):
    result = compare_acknowledgement(
        ack(ack_line("1", LINE_ACCEPTED, 100, gtin=GLOVES_GTIN)),
        ORDER,
        resolver=resolver,
    )
    assert result.issues == []
    assert by_line(result)[11].status == LINE_ACCEPTED


def test_answers_in_another_unit_are_converted_with_a_resolver(resolver):
    answer = ack(ack_line("12", LINE_ACCEPTED, 2, "12", unit="DZ"))
    result = compare_acknowledgement(answer, ORDER, resolver=resolver)
    gauze = by_line(result)[12]
    assert (gauze.status, gauze.acknowledged_qty, gauze.acknowledged_price) == (
        LINE_ACCEPTED,
        24,
        1,
    )
    without = compare_acknowledgement(answer, ORDER)
    assert [issue.message for issue in without.issues] == [
        "answered in DZ, ordered in EA"
    ]
    assert without.unanswered == [11, 12]
    other = compare_acknowledgement(
        ack(ack_line("12", LINE_ACCEPTED, 2, unit="KG")), ORDER, resolver=resolver
    )
    assert [issue.message for issue in other.issues] == [
        "unit KG is not convertible into Units"
    ]


def test_an_unknown_status_is_an_issue_and_taken_as_changed():
    result = compare_acknowledgement(ack(ack_line("11", "maybe", 100)), ORDER)
    assert [issue.field for issue in result.issues] == ["status"]
    assert by_line(result)[11].status == LINE_CHANGED


def test_different_prices_for_one_line_are_an_issue():
    result = compare_acknowledgement(
        ack(
            ack_line("11", LINE_ACCEPTED, 50, "12.50"),
            ack_line("11", LINE_ACCEPTED, 50, "13"),
        ),
        ORDER,
    )
    assert [issue.message for issue in result.issues] == [
        "different prices for one order line (12.50, 13.00): the first is used"
    ]
    assert by_line(result)[11].acknowledged_price == Decimal("12.50")


@pytest.mark.parametrize(
    "status, line_status, quantities",
    [(ACK_ACCEPTED, LINE_ACCEPTED, [100, 24]), (ACK_REJECTED, LINE_REJECTED, [0, 0])],
)
def test_an_answer_without_lines_answers_the_whole_order(
    status, line_status, quantities
):
    result = compare_acknowledgement(ack(status=status), ORDER)
    assert [answer.status for answer in result.lines] == [line_status] * 2
    assert [answer.acknowledged_qty for answer in result.lines] == quantities
    assert result.issues == []


def test_changes_announced_without_lines_are_an_issue():
    result = compare_acknowledgement(ack(), ORDER)
    assert [issue.message for issue in result.issues] == [
        "the order is accepted with changes but no line says what changed"
    ]
    assert result.unanswered == [11, 12]


def test_order_lines_from_odoo_floats():
    line = AckOrderLine(11, STENT, 3.0, 1999.9, None)
    assert line.unit_price == Decimal("1999.9")
    result = compare_acknowledgement(
        ack(ack_line("11", LINE_ACCEPTED, 3, "1999.90", DEC_10)), [line]
    )
    # No date was asked for: the supplier's is no difference.
    assert by_line(result)[11].status == LINE_ACCEPTED
