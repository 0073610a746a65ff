"""Which supplier prices a price catalog creates, ends, changes or confirms.

:func:`plan_prices` reads a :class:`~integration_core.edi.model.PriceCatalog`
(X12 832, EDIFACT PRICAT) against the supplier's current prices
(:class:`ExistingPrice`, Odoo's ``product.supplierinfo`` rows) and returns a
:class:`PricePlan`. Nothing is written here.

Each catalog item names a product through the
:class:`~.catalog.ItemResolver`; an item naming none is listed in
:attr:`PricePlan.unknown`, never guessed. Its price and minimum quantity are
converted into the product's purchase unit (a packaging GTIN's price is per
package); it is valid from its own start date, else the catalog's issue
date, else today, until its end date (open when none).

Prices are keyed by product and minimum quantity. For each key:

- an existing row with the same price, the same end and the same or an
  earlier start already says what the catalog says: *unchanged*, so a
  catalog that changes nothing plans nothing;
- an existing row that starts before a new period and still runs when it
  starts is *closed* the day before;
- an existing row that starts within a new period is *updated* in place to
  it; a second such row is *deleted*, so that no two rows of a key overlap;
- a new period no row became is *created*;
- rows that do not overlap a new period are left alone: a catalog may list
  only some products.

Two items of a key whose periods overlap are an issue and change nothing for
the key (an exact repeat is used once). The work is linear in the number
of items and rows: 20,000 of each take a fraction of a second.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from integration_core.edi import model

from .catalog import ConversionError, ItemResolver, clean_decimal
from .common import (
    PlanIssue,
    describe_item,
    format_price,
    format_quantity,
    join_location,
    set_decimals,
)

_ZERO = Decimal(0)
_ONE_DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class ExistingPrice:
    """A supplier price Odoo holds for the partner.

    :param min_qty: in the product's purchase unit.
    :param price: per purchase unit.
    :param currency: ISO 4217 code.
    """

    id: int
    product_id: int
    min_qty: Decimal
    price: Decimal
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    currency: str = ""

    def __post_init__(self):
        set_decimals(self, "min_qty", "price")


@dataclasses.dataclass(frozen=True)
class NewPrice:
    """A supplier price to create (quantities and prices in purchase units).

    :param product_code: the supplier's part number, ``""`` when not given.
    :param currency: the catalog's currency, ``""`` when it gives none.
    """

    product_id: int
    min_qty: Decimal
    price: Decimal
    date_start: datetime.date
    date_end: datetime.date | None
    product_code: str = ""
    currency: str = ""


@dataclasses.dataclass(frozen=True)
class ClosePrice:
    """An existing price that ends on ``date_end``, before a new one starts."""

    id: int
    date_end: datetime.date


@dataclasses.dataclass(frozen=True)
class UpdatePrice:
    """An existing price rewritten in place.

    :param values: the changed values by ``product.supplierinfo`` field
        name: ``price``, ``date_start``, ``date_end`` (``None``: open),
        ``currency`` (an ISO code), ``product_code``.
    """

    id: int
    values: dict


@dataclasses.dataclass
class PricePlan:
    """The changes a price catalog makes, and what it could not say."""

    creates: list[NewPrice] = dataclasses.field(default_factory=list)
    closes: list[ClosePrice] = dataclasses.field(default_factory=list)
    updates: list[UpdatePrice] = dataclasses.field(default_factory=list)
    deletes: list[int] = dataclasses.field(default_factory=list)
    unchanged: list[int] = dataclasses.field(default_factory=list)
    unknown: list[PlanIssue] = dataclasses.field(default_factory=list)
    issues: list[PlanIssue] = dataclasses.field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """``True`` when applying the plan writes anything."""
        return bool(self.creates or self.closes or self.updates or self.deletes)


@dataclasses.dataclass(slots=True)
class _Period:
    price: Decimal
    start: datetime.date
    end: datetime.date | None
    currency: str
    code: str
    position: int
    item: model.CatalogItem

    def same_values(self, other):
        return (
            self.price == other.price
            and self.start == other.start
            and self.end == other.end
        )


def plan_prices(
    catalog: model.PriceCatalog,
    resolver: ItemResolver,
    existing: list[ExistingPrice],
    today: datetime.date,
    *,
    price_digits: int | None = None,
    quantity_digits: int | None = None,
    location_prefix: str = "",
) -> PricePlan:
    """The :class:`PricePlan` of ``catalog`` against the ``existing`` prices.

    :param existing: the partner's current supplier prices.
    :param today: the start of items when neither they nor the catalog
        give one.
    :param price_digits: round converted prices to this many decimals
        (Odoo's "Product Price" precision), so that an unchanged price
        compares equal; ``None`` keeps them exact.
    :param quantity_digits: the same for minimum quantities.
    :param location_prefix: put before every location, e.g. the file name.
    """
    planner = _PricePlanner(
        catalog, resolver, today, price_digits, quantity_digits, location_prefix
    )
    periods = planner.read_items()
    rows = defaultdict(list)
    for row in existing:
        rows[row.product_id, row.min_qty].append(row)
    for key, entries in periods.items():
        kept = planner.without_duplicates(key, entries)
        if kept:
            planner.reconcile(key, kept, rows.get(key, ()))
    plan = planner.result
    plan.closes.sort(key=lambda close: close.id)
    plan.updates.sort(key=lambda update: update.id)
    plan.deletes.sort()
    plan.unchanged.sort()
    return plan


def _quantizer(digits):
    return None if digits is None else Decimal(1).scaleb(-digits)


class _PricePlanner:
    def __init__(self, catalog, resolver, today, price_digits, quantity_digits, prefix):
        self.catalog = catalog
        self.resolver = resolver
        self.today = today
        self.price_step = _quantizer(price_digits)
        self.quantity_step = _quantizer(quantity_digits)
        self.root = join_location(prefix, f"price catalog {catalog.number}")
        self.currency = catalog.currency.strip().upper()
        self.result = PricePlan()

    def _where(self, position, item):
        return join_location(self.root, describe_item(position, "", item.product))

    def _issue(self, position, item, field, message):
        where = self._where(position, item)
        self.result.issues.append(PlanIssue(where, field, message))

    def read_items(self):
        """Catalog items as periods per key, with what is wrong reported."""
        periods = {}
        default_start = self.catalog.issue_date or self.today
        resolve = self.resolver.resolve
        for position, item in enumerate(self.catalog.items, 1):
            resolved = resolve(item.product)
            if resolved is None:
                self.result.unknown.append(
                    PlanIssue(
                        self._where(position, item),
                        "product",
                        "matches no product: " + self.resolver.explain(item.product),
                    )
                )
                continue
            product_id, pack_factor = resolved
            if item.unit_price is None or item.unit_price < 0:
                self._issue(position, item, "unit_price", "no valid price is given")
                continue
            try:
                factor = self.resolver.purchase_units_per_unit(
                    product_id, item.unit, pack_factor
                )
            except ConversionError as exc:
                self._issue(position, item, "unit", str(exc))
                continue
            price, min_qty = item.unit_price, item.minimum_quantity or _ZERO
            if factor != 1:
                price = clean_decimal(price / factor)
                min_qty = clean_decimal(min_qty * factor) if min_qty else _ZERO
            if self.price_step is not None:
                price = price.quantize(self.price_step, ROUND_HALF_UP)
            if self.quantity_step is not None:
                min_qty = min_qty.quantize(self.quantity_step, ROUND_HALF_UP)
            start = item.effective_from or default_start
            end = item.effective_to
            if end is not None and end < start:
                self._issue(
                    position,
                    item,
                    "effective_to",
                    f"the price ends on {end}, before it starts on {start}",
                )
                continue
            periods.setdefault((product_id, min_qty), []).append(
                _Period(
                    price,
                    start,
                    end,
                    self.currency,
                    item.product.vendor_part.strip(),
                    position,
                    item,
                )
            )
        return periods

    def without_duplicates(self, key, entries):
        """``entries`` by start, exact repeats dropped; ``[]`` on a conflict."""
        if len(entries) == 1:
            return entries
        entries = sorted(entries, key=lambda entry: (entry.start, entry.position))
        kept = [entries[0]]
        for entry in entries[1:]:
            last = kept[-1]
            if not _overlap(last.start, last.end, entry.start, entry.end):
                kept.append(entry)
                continue
            other = self._where(last.position, last.item)
            if last.same_values(entry):
                self._issue(
                    entry.position,
                    entry.item,
                    "",
                    f"repeats {other}: used once",
                )
                continue
            info = self.resolver.product(key[0])
            label = info.label if info else f"product #{key[0]}"
            self._issue(
                entry.position,
                entry.item,
                "unit_price",
                f"{label} from {format_quantity(key[1])} is priced "
                f"{format_price(entry.price)} here and {format_price(last.price)} "
                f"at {other} for overlapping periods: its prices are left as "
                "they are",
            )
            return []
        return kept

    def reconcile(self, key, periods, rows):
        """Plan the rows of one key so that they end up as ``periods``."""
        result = self.result
        if len(periods) == 1 and len(rows) <= 1:
            self._reconcile_one(key, periods[0], rows[0] if rows else None)
            return
        taken = [False] * len(periods)
        conflicts = []
        for row in sorted(rows, key=_row_order):
            overlapping = [
                index
                for index, period in enumerate(periods)
                if _overlap(row.date_start, row.date_end, period.start, period.end)
            ]
            if not overlapping:
                continue
            index = overlapping[0]
            if (
                len(overlapping) == 1
                and not taken[index]
                and _covers(row, periods[index])
            ):
                taken[index] = True
                result.unchanged.append(row.id)
            else:
                conflicts.append((row, index))
        for row, index in conflicts:
            period = periods[index]
            if row.date_start is None or row.date_start < period.start:
                result.closes.append(ClosePrice(row.id, period.start - _ONE_DAY))
            elif not taken[index]:
                taken[index] = True
                result.updates.append(UpdatePrice(row.id, _changes(row, period)))
            else:
                result.deletes.append(row.id)
        for index, period in enumerate(periods):
            if not taken[index]:
                self._create(key, period)

    def _reconcile_one(self, key, period, row):
        """:meth:`reconcile` of one period and at most one row, the usual case."""
        if row is None or not _overlap(
            row.date_start, row.date_end, period.start, period.end
        ):
            self._create(key, period)
        elif _covers(row, period):
            self.result.unchanged.append(row.id)
        elif row.date_start is None or row.date_start < period.start:
            self.result.closes.append(ClosePrice(row.id, period.start - _ONE_DAY))
            self._create(key, period)
        else:
            self.result.updates.append(UpdatePrice(row.id, _changes(row, period)))

    def _create(self, key, period):
        self.result.creates.append(
            NewPrice(
                product_id=key[0],
                min_qty=key[1],
                price=period.price,
                date_start=period.start,
                date_end=period.end,
                product_code=period.code,
                currency=period.currency,
            )
        )


def _row_order(row):
    return (row.date_start or datetime.date.min, row.id)


def _overlap(start_a, end_a, start_b, end_b):
    """Whether two date ranges share a day (``None``: unbounded)."""
    starts_before_b_ends = end_b is None or start_a is None or start_a <= end_b
    b_starts_before_a_ends = end_a is None or start_b is None or start_b <= end_a
    return starts_before_b_ends and b_starts_before_a_ends


def _same_currency(row, period):
    return not period.currency or row.currency.strip().upper() == period.currency


def _covers(row, period):
    """The row already gives the period's price for the whole period."""
    starts = row.date_start is None or row.date_start <= period.start
    return (
        starts
        and row.date_end == period.end
        and row.price == period.price
        and _same_currency(row, period)
    )


def _changes(row, period):
    values = {}
    if row.price != period.price:
        values["price"] = period.price
    if row.date_start != period.start:
        values["date_start"] = period.start
    if row.date_end != period.end:
        values["date_end"] = period.end
    if not _same_currency(row, period):
        values["currency"] = period.currency
    if period.code:
        values["product_code"] = period.code
    return values
