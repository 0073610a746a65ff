"""Which purchase order lines a ship notice delivers, and with what lots.

:func:`plan_receipt` reads a :class:`~integration_core.edi.model.ShipNotice`
(X12 856, EDIFACT DESADV) against the open lines of the supplier's purchase
orders and returns a :class:`ReceiptPlan`: one :class:`ReceiptLine` per
order line, lot or serial number and pack, in document order, with the
quantity in the product's unit of measure.

Each shipped item (in a pack or not) is matched to a line of the order it
names, in this order:

1. its ``line_number`` is the id of a line of that order;
2. its product (found by GTIN, supplier part or our reference through the
   :class:`~.catalog.ItemResolver`) is on a line of that order; with
   several such lines, the one with the most quantity still open wins
   (the lowest id on a tie), and quantities planned earlier in the notice
   count as received;
3. its supplier part is the part number on a line of that order.

A line found by number or part number whose product is not the one the
GTIN names is an error, as are unknown orders, items that match no line,
units that do not convert, and a serial-tracked product whose serial
numbers do not number its quantity. A lot-tracked product without a lot,
a product with expiry dates without one, an expired item and an order line
shipped beyond its open quantity are warnings. Any error makes the plan
not :attr:`~ReceiptPlan.ok`: the caller then receives nothing.

Lots are kept for lot-tracked products and serial numbers for
serial-tracked ones (one receipt line each, quantity 1); what is given for
products not tracked that way is not recorded.

:func:`fingerprint` recognises a ship notice sent twice.
"""

import dataclasses
import datetime
import hashlib
import json
from collections import defaultdict
from decimal import Decimal

from integration_core.edi import model

from .catalog import (
    BY_PACKAGING_BARCODE,
    BY_PRODUCT_BARCODE,
    BY_VENDOR_PART,
    TRACKING_LOT,
    TRACKING_SERIAL,
    ConversionError,
    ItemResolver,
)
from .common import (
    PlanIssue,
    describe_item,
    format_quantity,
    join_location,
    set_decimals,
)
from .gtin import has_valid_check_digit

_ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class OrderLineInfo:
    """A purchase order line that a ship notice may deliver.

    :param line_id: the Odoo ``purchase.order.line`` id; suppliers echo it
        as the line number.
    :param order_name: the purchase order's name ("PO00012").
    :param product_id: its product.
    :param product_qty: ordered, in the product's unit of measure.
    :param qty_received: received so far, in the product's unit.
    :param vendor_part: the supplier's part number printed on the order.
    """

    line_id: int
    order_name: str
    product_id: int
    product_qty: Decimal
    qty_received: Decimal
    vendor_part: str = ""

    def __post_init__(self):
        set_decimals(self, "product_qty", "qty_received")

    @property
    def open_qty(self) -> Decimal:
        """Ordered and not received yet (never below 0)."""
        return max(self.product_qty - self.qty_received, _ZERO)


@dataclasses.dataclass(frozen=True)
class ReceiptLine:
    """One quantity to receive on one order line.

    :param quantity: in the product's unit of measure.
    :param lot: the lot name, for lot-tracked products only.
    :param expiry_date: as the supplier gave it, ``None`` when not.
    :param serial: the serial number, for serial-tracked products only
        (``quantity`` is then 1).
    :param sscc: the pack's serial shipping container code, ``""`` unpacked.
    :param item_location: where the item is in the notice, in words.
    """

    order_line_id: int
    product_id: int
    quantity: Decimal
    lot: str = ""
    expiry_date: datetime.date | None = None
    serial: str = ""
    sscc: str = ""
    item_location: str = ""


@dataclasses.dataclass
class ReceiptPlan:
    """What a ship notice delivers, and what is wrong with it."""

    lines: list[ReceiptLine] = dataclasses.field(default_factory=list)
    errors: list[PlanIssue] = dataclasses.field(default_factory=list)
    warnings: list[PlanIssue] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """``True`` when there is no error: the plan may be applied."""
        return not self.errors

    def quantities(self) -> dict[int, Decimal]:
        """Quantity per order line id, in the order lines first appear."""
        totals = {}
        for line in self.lines:
            totals[line.order_line_id] = (
                totals.get(line.order_line_id, _ZERO) + line.quantity
            )
        return totals


def plan_receipt(
    notice: model.ShipNotice,
    order_lines: list[OrderLineInfo],
    resolver: ItemResolver,
    *,
    location_prefix: str = "",
) -> ReceiptPlan:
    """The :class:`ReceiptPlan` of ``notice`` against ``order_lines``.

    :param order_lines: the lines of every purchase order of the supplier
        the notice may name (usually: the orders it names, read by name).
    :param location_prefix: put before every location, e.g. the file name.
    """
    return _ReceiptPlanner(notice, order_lines, resolver, location_prefix).plan()


class _ReceiptPlanner:
    def __init__(self, notice, order_lines, resolver, location_prefix):
        self.notice = notice
        self.resolver = resolver
        self.root = join_location(location_prefix, f"ship notice {notice.number}")
        self.by_order = defaultdict(list)
        self.by_number = {}
        for line in order_lines:
            self.by_order[line.order_name].append(line)
            self.by_number[line.order_name, str(line.line_id)] = line
        self.open = {line.line_id: line.open_qty for line in order_lines}
        self.shipped = {}  # line id -> (line, quantity), in first-seen order
        self.serials = {}  # (product id, serial) -> location
        self.ssccs = {}  # sscc -> location
        self.result = ReceiptPlan()

    def plan(self):
        for order in self.notice.orders:
            self._plan_order(order)
        self._check_over_shipment()
        return self.result

    def _error(self, location, field, message):
        self.result.errors.append(PlanIssue(location, field, message))

    def _warn(self, location, field, message):
        self.result.warnings.append(PlanIssue(location, field, message))

    def _plan_order(self, order):
        name = order.order_number.strip()
        where = join_location(self.root, f"order {name or '(no number)'}")
        lines = self.by_order.get(name)
        if lines is None:
            self._error(
                where,
                "order_number",
                f"no purchase order {name} of this supplier is known",
            )
            return
        if not order.packs and not order.items:
            self._warn(where, "", "the order lists no items")
        for index, pack in enumerate(order.packs, 1):
            pack_where = join_location(where, f"pack {pack.sscc or index}")
            self._check_sscc(pack, pack_where)
            if not pack.items:
                self._warn(pack_where, "", "the pack holds no items")
            for position, item in enumerate(pack.items, 1):
                self._plan_item(name, lines, pack_where, position, item, pack.sscc)
        for position, item in enumerate(order.items, 1):
            self._plan_item(name, lines, where, position, item, "")

    def _check_sscc(self, pack, where):
        if not pack.sscc:
            return
        if not _valid_sscc(pack.sscc):
            self._warn(where, "sscc", f"{pack.sscc} is no valid 18-digit SSCC")
        seen = self.ssccs.get(pack.sscc)
        if seen is None:
            self.ssccs[pack.sscc] = where
        else:
            self._warn(where, "sscc", f"the same SSCC is also used at {seen}")

    # -- one item ----------------------------------------------------------

    def _plan_item(self, order_name, lines, where, position, item, sscc):
        where = join_location(
            where, describe_item(position, item.line_number, item.product)
        )
        found = self.resolver.match(item.product)
        resolved, how = found if found else (None, None)
        line = self._find_line(order_name, lines, item, resolved)
        if line is None:
            self._error(where, "product", self._no_line(order_name, item, resolved))
            return
        if resolved is not None and resolved.product_id != line.product_id:
            self._error(
                where,
                "product",
                f"{_how(how, item.product)} names {self._label(resolved.product_id)}"
                f", but order line {line.line_id} is for "
                f"{self._label(line.product_id)}",
            )
            return
        if item.quantity < 0:
            self._error(where, "quantity", f"negative quantity {item.quantity}")
            return
        if item.quantity == 0:
            self._warn(where, "quantity", "the quantity is 0: nothing is received")
            return
        pack_factor = resolved.pack_factor if resolved is not None else None
        try:
            quantity = self.resolver.to_product_qty(
                line.product_id, item.quantity, item.unit, pack_factor
            )
        except ConversionError as exc:
            self._error(where, "unit", str(exc))
            return
        info = self.resolver.product(line.product_id)
        if not self._check_tracking(info, item, quantity, where):
            return
        self._plan_lines(info, line, item, quantity, sscc, where)

    def _find_line(self, order_name, lines, item, resolved):
        number = item.line_number.strip()
        if number:
            line = self.by_number.get((order_name, number))
            if line is not None:
                return line
        if resolved is not None:
            line = self._most_open(
                line for line in lines if line.product_id == resolved.product_id
            )
            if line is not None:
                return line
        part = item.product.vendor_part.strip().casefold()
        if part:
            return self._most_open(
                line for line in lines if line.vendor_part.strip().casefold() == part
            )
        return None

    def _most_open(self, candidates):
        best = None
        for line in candidates:
            if best is None or (self.open[line.line_id], -line.line_id) > (
                self.open[best.line_id],
                -best.line_id,
            ):
                best = line
        return best

    def _no_line(self, order_name, item, resolved):
        if resolved is not None:
            return f"{self._label(resolved.product_id)} is not on order {order_name}"
        reasons = []
        if item.line_number:
            reasons.append(f"line {item.line_number} is no line of {order_name}")
        reasons.append(self.resolver.explain(item.product))
        return f"matches no line of order {order_name}: {'; '.join(reasons)}"

    def _label(self, product_id):
        info = self.resolver.product(product_id)
        return info.label if info is not None else f"product #{product_id}"

    def _check_tracking(self, info, item, quantity, where):
        """Warn about missing lots and expiry dates; ``False`` on an error."""
        serials = [serial.strip() for serial in item.serial_numbers]
        serials = [serial for serial in serials if serial]
        unit = f" {info.uom_name}" if info.uom_name else ""
        if info.tracking == TRACKING_SERIAL:
            if quantity != quantity.to_integral_value() or len(serials) != quantity:
                self._error(
                    where,
                    "serial_numbers",
                    f"{len(serials)} serial numbers for a quantity of "
                    f"{format_quantity(quantity)}{unit} of {info.label}, which "
                    "is tracked by serial number: one serial number per unit",
                )
                return False
            ok = True
            for serial in serials:
                seen = self.serials.get((info.product_id, serial))
                if seen is None:
                    self.serials[info.product_id, serial] = where
                    continue
                elsewhere = "twice" if seen == where else f"also at {seen}"
                self._error(
                    where,
                    "serial_numbers",
                    f"serial number {serial} of {info.label} is given {elsewhere}",
                )
                ok = False
            if not ok:
                return False
        if info.tracking == TRACKING_LOT and not item.lot.strip():
            self._warn(where, "lot", f"no lot given for {info.label}")
        if info.uses_expiry and item.expiry_date is None:
            self._warn(where, "expiry_date", f"no expiry date given for {info.label}")
        shipped = self.notice.ship_date
        if item.expiry_date is not None and shipped and item.expiry_date < shipped:
            self._warn(
                where,
                "expiry_date",
                f"expired on {item.expiry_date}, before it was shipped on {shipped}",
            )
        return True

    def _plan_lines(self, info, line, item, quantity, sscc, where):
        common = {
            "order_line_id": line.line_id,
            "product_id": line.product_id,
            "expiry_date": item.expiry_date,
            "sscc": sscc,
            "item_location": where,
        }
        if info.tracking == TRACKING_SERIAL:
            serials = (serial.strip() for serial in item.serial_numbers)
            self.result.lines.extend(
                ReceiptLine(quantity=Decimal(1), serial=serial, **common)
                for serial in serials
                if serial
            )
        else:
            lot = item.lot.strip() if info.tracking == TRACKING_LOT else ""
            self.result.lines.append(ReceiptLine(quantity=quantity, lot=lot, **common))
        self.open[line.line_id] -= quantity
        _, before = self.shipped.get(line.line_id, (line, _ZERO))
        self.shipped[line.line_id] = (line, before + quantity)

    def _check_over_shipment(self):
        for line, quantity in self.shipped.values():
            if quantity <= line.open_qty:
                continue
            info = self.resolver.product(line.product_id)
            unit = f" {info.uom_name}" if info.uom_name else ""
            self._warn(
                join_location(
                    self.root, f"order {line.order_name}", f"line {line.line_id}"
                ),
                "quantity",
                f"{format_quantity(quantity)}{unit} of {info.label} shipped but "
                f"only {format_quantity(line.open_qty)}{unit} open (ordered "
                f"{format_quantity(line.product_qty)}, received "
                f"{format_quantity(line.qty_received)})",
            )


def _valid_sscc(code):
    """18 digits with their check digit, also behind the ``00`` of GS1-128."""
    if len(code) == 20 and code.startswith("00"):
        code = code[2:]
    return len(code) == 18 and has_valid_check_digit(code)


def _how(how, product):
    if how in (BY_PRODUCT_BARCODE, BY_PACKAGING_BARCODE):
        return f"GTIN {product.gtin}"
    if how == BY_VENDOR_PART:
        return f"vendor part {product.vendor_part}"
    return f"buyer part {product.buyer_part}"


# -- fingerprint -------------------------------------------------------------


def fingerprint(document) -> str:
    """A stable SHA-256 (hex) of a document's content.

    Equal for the same document sent twice, even when the sender numbered
    the transaction set anew (``control_number`` is left out) or wrote
    ``10.00`` for ``10``; different as soon as anything else differs.
    """
    payload = json.dumps(
        _canonical(document, top=True),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _canonical(value, top=False):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        values = {
            field.name: _canonical(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if not (top and field.name == "control_number")
        }
        return {"@": type(value).__name__, **values}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, Decimal):
        return {"#": format_quantity(value)}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot fingerprint a {type(value).__name__}")
