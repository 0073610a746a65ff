"""Whether a supplier invoice may be paid: the three-way match.

:func:`three_way_match` compares each invoice line with its purchase order
line (what was ordered, at what price) and with the receipts (what arrived),
within a :class:`Tolerance`, and returns a :class:`MatchResult`: *matched*
when every line is, else *exception* with one sentence per problem that a
buyer understands ("Invoiced 120 but only 100 received (tolerance 5%).").

A line is an exception when

- everything invoiced for it, this invoice and earlier ones, exceeds what
  was received by more than the quantity tolerance (received, not ordered:
  paying for goods not here yet is what the match prevents), or exceeds what
  was ordered when less was ordered than received;
- its unit price is above the order price by more than the price tolerance
  (a percentage, or an absolute amount per unit when one is set); a lower
  price is fine;
- it names no order line.

Several invoice lines for one order line are checked together for quantity.
:func:`check_totals` checks an invoice's own arithmetic: lines, allowances,
charges and taxes against its total; :func:`three_way_match` includes it
when given the invoice.
"""

import dataclasses
from decimal import Decimal

from integration_core.edi import model

from .common import (
    format_amount,
    format_percent,
    format_price,
    format_quantity,
    set_decimals,
)

MATCHED = "matched"
EXCEPTION = "exception"

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
#: Differences up to this much are rounding, not an error.
TOTAL_TOLERANCE = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class Tolerance:
    """How far an invoice may go beyond the order and the receipts.

    :param qty_percent: invoiced quantity may exceed the received (and the
        ordered) quantity by this percentage.
    :param price_percent: the unit price may exceed the order price by this
        percentage.
    :param amount: when above 0, the unit price may exceed the order price
        by this amount per unit instead, and ``price_percent`` is not used.
    """

    qty_percent: Decimal = _ZERO
    price_percent: Decimal = _ZERO
    amount: Decimal = _ZERO

    def __post_init__(self):
        set_decimals(self, "qty_percent", "price_percent", "amount")
        for name in ("qty_percent", "price_percent", "amount"):
            if getattr(self, name) < 0:
                raise ValueError(f"Tolerance.{name} must not be negative")

    def price_limit(self, order_price: Decimal) -> Decimal:
        """The highest unit price within tolerance of ``order_price``."""
        if self.amount > 0:
            return order_price + self.amount
        return order_price + abs(order_price) * self.price_percent / _HUNDRED

    def describe_price(self) -> str:
        if self.amount > 0:
            return f"{format_price(self.amount)} per unit"
        return format_percent(self.price_percent)


@dataclasses.dataclass(frozen=True)
class MatchInput:
    """One invoice line with what its order line ordered and received.

    Quantities are in the order line's unit of measure, prices per that unit.

    :param order_line_id: the Odoo order line, ``None`` when the invoice line
        matches none.
    :param description: the invoice line in words, for messages.
    :param invoiced_before_qty: invoiced on earlier invoices.
    """

    order_line_id: int | None
    description: str
    ordered_qty: Decimal
    received_qty: Decimal
    invoiced_before_qty: Decimal
    order_price: Decimal
    invoiced_qty: Decimal
    invoiced_price: Decimal

    def __post_init__(self):
        set_decimals(
            self,
            "ordered_qty",
            "received_qty",
            "invoiced_before_qty",
            "order_price",
            "invoiced_qty",
            "invoiced_price",
        )


@dataclasses.dataclass(frozen=True)
class LineMatch:
    """The verdict on one order line (or one unmatched invoice line)."""

    order_line_id: int | None
    state: str
    reasons: tuple[str, ...] = ()
    description: str = ""


@dataclasses.dataclass(frozen=True)
class MatchResult:
    """The verdict on the invoice: per line, and about the invoice as a whole.

    :param reasons: problems of the whole invoice (its totals).
    """

    state: str
    lines: list[LineMatch]
    reasons: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        return self.state == MATCHED


def three_way_match(
    lines: list[MatchInput],
    tolerance: Tolerance,
    *,
    invoice: model.Invoice | None = None,
) -> MatchResult:
    """Match invoice ``lines`` against their order lines and receipts.

    :param invoice: when given, its totals are checked too
        (:func:`check_totals`).
    :returns: one :class:`LineMatch` per order line, in the order the lines
        first appear, and one per invoice line that matches no order line.
    """
    groups = {}
    for index, line in enumerate(lines):
        key = ("line", line.order_line_id) if line.order_line_id is not None else index
        groups.setdefault(key, []).append(line)
    results = [_match_group(group, tolerance) for group in groups.values()]
    reasons = check_totals(invoice) if invoice is not None else ()
    exception = reasons or any(result.state == EXCEPTION for result in results)
    return MatchResult(EXCEPTION if exception else MATCHED, results, reasons)


def _match_group(group, tolerance):
    first = group[0]
    if first.order_line_id is None:
        name = f"Invoice line {first.description}" if first.description else None
        return LineMatch(
            None,
            EXCEPTION,
            (f"{name or 'An invoice line'} is on no line of the order.",),
            first.description,
        )
    reasons = list(_quantity_reasons(group, tolerance))
    for line in group:
        reason = _price_reason(line, tolerance)
        if reason and reason not in reasons:
            reasons.append(reason)
    return LineMatch(
        first.order_line_id,
        EXCEPTION if reasons else MATCHED,
        tuple(reasons),
        first.description,
    )


def _quantity_reasons(group, tolerance):
    first = group[0]
    now = sum((line.invoiced_qty for line in group), _ZERO)
    before = first.invoiced_before_qty
    total = now + before
    invoiced = f"Invoiced {format_quantity(total)}"
    if before:
        invoiced += (
            f" ({format_quantity(now)} on this invoice, "
            f"{format_quantity(before)} before)"
        )
    percent = format_percent(tolerance.qty_percent)
    factor = 1 + tolerance.qty_percent / _HUNDRED
    received, ordered = first.received_qty, first.ordered_qty
    if total > received * factor:
        if received <= 0:
            yield f"{invoiced} but nothing received yet."
        else:
            yield (
                f"{invoiced} but only {format_quantity(received)} received "
                f"(tolerance {percent})."
            )
    if ordered < received and total > ordered * factor:
        yield (
            f"{invoiced} but only {format_quantity(ordered)} ordered "
            f"(tolerance {percent})."
        )


def _price_reason(line, tolerance):
    if line.invoiced_price <= tolerance.price_limit(line.order_price):
        return None
    above = ""
    if line.order_price > 0:
        share = (line.invoiced_price - line.order_price) / line.order_price * _HUNDRED
        above = f"+{format_quantity(share.quantize(Decimal('0.1')))}%, "
    return (
        f"Invoiced at {format_price(line.invoiced_price)} per unit, ordered at "
        f"{format_price(line.order_price)} ({above}tolerance "
        f"{tolerance.describe_price()})."
    )


# -- the invoice's own arithmetic ------------------------------------------


def _adjustments(allowances_charges):
    total = _ZERO
    for entry in allowances_charges:
        if entry.indicator == model.ALLOWANCE:
            total -= entry.amount
        else:
            total += entry.amount
    return total


def _taxes(taxes, base):
    """Sum of ``taxes``; one given only as a percentage applies to ``base``."""
    total = _ZERO
    for tax in taxes:
        if tax.amount is not None:
            total += tax.amount
        elif tax.percent is not None:
            total += base * tax.percent / _HUNDRED
    return total


def check_totals(invoice: model.Invoice) -> tuple[str, ...]:
    """Sentences about an invoice whose parts do not add up to its total.

    Each line is quantity × unit price, less its allowances, plus its
    charges; then the invoice's own allowances and charges; then the taxes.
    The invoice-level tax (its taxes, else its ``tax_amount``) is taken as
    the total tax, of which line taxes are the detail; without one, the line
    taxes add up. Differences up to :data:`TOTAL_TOLERANCE` are rounding.
    Empty when everything adds up.
    """
    reasons = []
    lines_net = _ZERO
    line_taxes = _ZERO
    has_line_taxes = False
    for line in invoice.lines:
        net = line.quantity * line.unit_price + _adjustments(line.allowances_charges)
        lines_net += net
        if line.taxes:
            has_line_taxes = True
            line_taxes += _taxes(line.taxes, net)
    subtotal = lines_net + _adjustments(invoice.allowances_charges)
    header_tax = None
    if invoice.taxes:
        header_tax = _taxes(invoice.taxes, subtotal)
        if (
            invoice.tax_amount is not None
            and abs(header_tax - invoice.tax_amount) > TOTAL_TOLERANCE
        ):
            reasons.append(
                f"The taxes add up to {format_amount(header_tax)} but the invoice "
                f"states {format_amount(invoice.tax_amount)} of tax."
            )
    elif invoice.tax_amount is not None:
        header_tax = invoice.tax_amount
    if header_tax is None:
        tax = line_taxes
    else:
        tax = header_tax
        if has_line_taxes and abs(line_taxes - header_tax) > TOTAL_TOLERANCE:
            reasons.append(
                f"The line taxes add up to {format_amount(line_taxes)} but the "
                f"invoice states {format_amount(header_tax)} of tax."
            )
    if invoice.total_amount is None:
        reasons.append("The invoice states no total.")
        return tuple(reasons)
    computed = subtotal + tax
    difference = invoice.total_amount - computed
    if abs(difference) > TOTAL_TOLERANCE:
        reasons.append(
            f"Lines, allowances, charges and taxes add up to "
            f"{format_amount(computed)} but the invoice total is "
            f"{format_amount(invoice.total_amount)} (difference "
            f"{format_amount(difference)})."
        )
    return tuple(reasons)
