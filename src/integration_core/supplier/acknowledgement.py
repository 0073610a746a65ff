"""What a supplier's order acknowledgement changes on the order.

:func:`compare_acknowledgement` reads a
:class:`~integration_core.edi.model.PurchaseOrderAck` (X12 855, EDIFACT
ORDRSP) against the lines of the purchase order and returns, per order
line, a :class:`LineAnswer`: the supplier's status, the quantity, price and
date it confirms, and the differences with the order as sentences ("quantity
100 → 80", "price 12.50 → 13.00", "date 2026-12-10 → 2026-12-14").

An acknowledgement line answers the order line whose id is its line number;
failing that, with a :class:`~.catalog.ItemResolver`, the first line not
answered yet with the product it names. Several acknowledgement lines may
answer one order line (60 now, 40 backordered): their quantities add up.
Rejected parts count for nothing.

The status is the supplier's, except that a line the supplier calls accepted
whose quantity, price or date differs from the order is *changed*, and a line
with any backordered part is *backordered*. What the supplier does not state
(no price, no date) is taken as the order's. Without any line, an
acknowledgement that accepts or rejects the order does so for every line.
Lines that are not on the order, units that do not convert and statuses we
do not know are issues; order lines no acknowledgement line answers are
listed in :attr:`AckComparison.unanswered`.
"""

import dataclasses
import datetime
from decimal import Decimal

from integration_core.edi import model

from .catalog import ConversionError, ItemResolver
from .common import (
    PlanIssue,
    describe_item,
    format_price,
    format_quantity,
    join_location,
    set_decimals,
)

_ZERO = Decimal(0)
_STATUSES = (
    model.LINE_ACCEPTED,
    model.LINE_CHANGED,
    model.LINE_BACKORDERED,
    model.LINE_REJECTED,
)


@dataclasses.dataclass(frozen=True)
class AckOrderLine:
    """A purchase order line as it was ordered.

    :param line_id: the Odoo ``purchase.order.line`` id, sent as line number.
    :param quantity: ordered, in the unit the order was sent in.
    :param unit_price: per that unit.
    :param date_planned: the delivery date asked for, ``None`` when none.
    :param unit: the X12 code of the unit the order was sent in; when given
        and the supplier answers in another unit, its quantity and price are
        converted (with a resolver) before comparing.
    """

    line_id: int
    product_id: int
    quantity: Decimal
    unit_price: Decimal
    date_planned: datetime.date | None = None
    unit: str = ""

    def __post_init__(self):
        set_decimals(self, "quantity", "unit_price")


@dataclasses.dataclass(frozen=True)
class LineAnswer:
    """The supplier's answer for one order line.

    :param status: one of :data:`~integration_core.edi.model.LINE_ACCEPTED`,
        ``LINE_CHANGED``, ``LINE_BACKORDERED``, ``LINE_REJECTED``.
    :param acknowledged_qty: what the supplier will deliver, in the order's
        unit (0 when rejected).
    :param acknowledged_price: per the order's unit.
    :param acknowledged_date: the latest delivery date the supplier gives.
    :param differences: one sentence per difference with the order.
    :param location: the acknowledgement line(s), in words.
    """

    line_id: int
    status: str
    acknowledged_qty: Decimal
    acknowledged_price: Decimal
    acknowledged_date: datetime.date | None
    differences: tuple[str, ...] = ()
    location: str = ""


@dataclasses.dataclass
class AckComparison:
    """The answers per order line, in order line order, and the issues."""

    lines: list[LineAnswer] = dataclasses.field(default_factory=list)
    issues: list[PlanIssue] = dataclasses.field(default_factory=list)
    unanswered: list[int] = dataclasses.field(default_factory=list)

    @property
    def all_accepted(self) -> bool:
        """Every order line accepted as ordered, and nothing else to say."""
        return (
            not self.issues
            and not self.unanswered
            and all(line.status == model.LINE_ACCEPTED for line in self.lines)
        )


@dataclasses.dataclass(frozen=True)
class _Part:
    status: str
    quantity: Decimal
    price: Decimal | None
    date: datetime.date | None
    location: str


def compare_acknowledgement(
    ack: model.PurchaseOrderAck,
    order_lines: list[AckOrderLine],
    *,
    resolver: ItemResolver | None = None,
    location_prefix: str = "",
) -> AckComparison:
    """Compare ``ack`` with the lines of the order it answers.

    :param resolver: finds order lines by product when the supplier's line
        numbers are not ours, and converts units; optional.
    :param location_prefix: put before every location, e.g. the file name.
    """
    root = join_location(
        location_prefix,
        f"order acknowledgement {ack.number}",
        f"order {ack.order_number}",
    )
    result = AckComparison()
    if not ack.lines:
        _whole_order(ack, order_lines, root, result)
        return result
    parts = {line.line_id: [] for line in order_lines}
    by_number = {str(line.line_id): line for line in order_lines}
    pending = []
    for position, ack_line in enumerate(ack.lines, 1):
        where = join_location(
            root, describe_item(position, ack_line.line_number, ack_line.product)
        )
        line = by_number.get(ack_line.line_number.strip())
        if line is None:
            pending.append((where, ack_line))
        else:
            _add_part(parts, line, ack_line, where, resolver, result)
    for where, ack_line in pending:
        line = _by_product(ack_line, order_lines, parts, resolver)
        if line is None:
            result.issues.append(
                PlanIssue(
                    where,
                    "line_number",
                    f"answers no line of order {ack.order_number}",
                )
            )
        else:
            _add_part(parts, line, ack_line, where, resolver, result)
    for line in order_lines:
        if parts[line.line_id]:
            result.lines.append(_answer(line, parts[line.line_id], result))
        else:
            result.unanswered.append(line.line_id)
    return result


def _whole_order(ack, order_lines, root, result):
    if ack.status in (model.ACK_ACCEPTED, model.ACK_REJECTED):
        rejected = ack.status == model.ACK_REJECTED
        for line in order_lines:
            result.lines.append(
                LineAnswer(
                    line_id=line.line_id,
                    status=model.LINE_REJECTED if rejected else model.LINE_ACCEPTED,
                    acknowledged_qty=_ZERO if rejected else line.quantity,
                    acknowledged_price=line.unit_price,
                    acknowledged_date=None if rejected else line.date_planned,
                    location=join_location(root, "whole order"),
                )
            )
        return
    result.issues.append(
        PlanIssue(
            root,
            "status",
            f"the order is {ack.status.replace('_', ' ')} but no line says what "
            "changed",
        )
    )
    result.unanswered.extend(line.line_id for line in order_lines)


def _by_product(ack_line, order_lines, parts, resolver):
    if resolver is None:
        return None
    resolved = resolver.resolve(ack_line.product)
    if resolved is None:
        return None
    candidates = [line for line in order_lines if line.product_id == resolved[0]]
    for line in candidates:
        if not parts[line.line_id]:
            return line
    return candidates[0] if candidates else None


def _add_part(parts, line, ack_line, where, resolver, result):
    status = ack_line.status
    if status not in _STATUSES:
        result.issues.append(
            PlanIssue(
                where, "status", f"unknown line status {status!r}, taken as changed"
            )
        )
        status = model.LINE_CHANGED
    quantity, price = ack_line.quantity, ack_line.unit_price
    ordered_unit = line.unit.strip().upper()
    answered_unit = ack_line.unit.strip().upper()
    if ordered_unit and answered_unit and ordered_unit != answered_unit:
        if resolver is None:
            result.issues.append(
                PlanIssue(
                    where,
                    "unit",
                    f"answered in {answered_unit}, ordered in {ordered_unit}",
                )
            )
            return
        try:
            factor = resolver.convert_units(Decimal(1), answered_unit, ordered_unit)
        except ConversionError as exc:
            result.issues.append(PlanIssue(where, "unit", str(exc)))
            return
        quantity = quantity * factor
        price = None if price is None else price / factor
    parts[line.line_id].append(
        _Part(status, quantity, price, ack_line.scheduled_delivery, where)
    )


def _answer(line, parts, result):
    location = "; ".join(part.location for part in parts)
    live = [part for part in parts if part.status != model.LINE_REJECTED]
    if not live:
        return LineAnswer(
            line_id=line.line_id,
            status=model.LINE_REJECTED,
            acknowledged_qty=_ZERO,
            acknowledged_price=line.unit_price,
            acknowledged_date=None,
            location=location,
        )
    quantity = sum((part.quantity for part in live), _ZERO)
    prices = [part.price for part in live if part.price is not None]
    if len(set(prices)) > 1:
        shown = ", ".join(format_price(price) for price in prices)
        result.issues.append(
            PlanIssue(
                location,
                "unit_price",
                f"different prices for one order line ({shown}): the first is used",
            )
        )
    price = prices[0] if prices else line.unit_price
    dates = [part.date for part in live if part.date is not None]
    date = max(dates) if dates else line.date_planned
    differences = []
    if quantity != line.quantity:
        differences.append(
            f"quantity {format_quantity(line.quantity)} → {format_quantity(quantity)}"
        )
    if price != line.unit_price:
        differences.append(
            f"price {format_price(line.unit_price)} → {format_price(price)}"
        )
    if line.date_planned is not None and date != line.date_planned:
        differences.append(f"date {line.date_planned} → {date}")
    changed = bool(differences)
    if len(parts) > 1:
        described = ", ".join(
            f"{format_quantity(part.quantity)} {part.status}"
            + (f" ({part.date})" if part.date else "")
            for part in parts
        )
        differences.append(f"in {len(parts)} parts: {described}")
    statuses = {part.status for part in parts}
    if model.LINE_BACKORDERED in statuses:
        status = model.LINE_BACKORDERED
    elif changed or statuses != {model.LINE_ACCEPTED}:
        status = model.LINE_CHANGED
    else:
        status = model.LINE_ACCEPTED
    return LineAnswer(
        line_id=line.line_id,
        status=status,
        acknowledged_qty=quantity,
        acknowledged_price=price,
        acknowledged_date=date,
        differences=tuple(differences),
        location=location,
    )
