"""Price catalogs as supplier price changes: never overlapping, never guessed."""

import dataclasses
import datetime
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from supplier_world import (
    GAUZE,
    GLOVES,
    GLOVES_CASE_GTIN,
    GLOVES_GTIN,
    STENT,
    UNITS,
    UNKNOWN_GTIN,
    make_resolver,
)

from integration_core.edi.model import CatalogItem, PriceCatalog, Product
from integration_core.supplier.catalog import ItemResolver, ProductInfo
from integration_core.supplier.pricelist import (
    ClosePrice,
    ExistingPrice,
    NewPrice,
    UpdatePrice,
    plan_prices,
)

TODAY = datetime.date(2026, 12, 3)
ISSUED = datetime.date(2027, 1, 1)
DAY = datetime.timedelta(days=1)


def entry(price, unit="EA", start=None, end=None, minimum=None, **product):
    return CatalogItem(
        product=Product(**product),
        unit=unit,
        unit_price=Decimal(price),
        effective_from=start,
        effective_to=end,
        minimum_quantity=None if minimum is None else Decimal(minimum),
    )


def catalog(*items, issued=ISSUED, currency="EUR"):
    return PriceCatalog(
        number="PC-7",
        issue_date=issued,
        parties=[],
        items=list(items),
        currency=currency,
    )


def row(id_, product, price, start=None, end=None, min_qty=0, currency="EUR"):
    return ExistingPrice(
        id_, product, Decimal(min_qty), Decimal(price), start, end, currency
    )


def stent(price, **kwargs):
    return entry(price, vendor_part="ST-200", **kwargs)


def test_new_prices_are_created_in_the_purchase_unit(resolver):
    plan = plan_prices(
        catalog(
            entry("0.12", gtin=GLOVES_GTIN, minimum=500),  # per unit, box of 100
            entry("11", "CA", gtin=GLOVES_CASE_GTIN, minimum=10),  # per case of 100
            entry("2.50", "DZ", vendor_part="GZ-1"),  # gauze bought by 12
            stent("1999.90", start=datetime.date(2027, 2, 1), end=ISSUED + 90 * DAY),
        ),
        resolver,
        [],
        TODAY,
    )
    assert plan.creates == [
        NewPrice(GLOVES, Decimal(5), Decimal(12), ISSUED, None, "", "EUR"),
        NewPrice(GLOVES, Decimal(10), Decimal(11), ISSUED, None, "", "EUR"),
        NewPrice(GAUZE, Decimal(0), Decimal("2.5"), ISSUED, None, "GZ-1", "EUR"),
        NewPrice(
            STENT,
            Decimal(0),
            Decimal("1999.90"),
            datetime.date(2027, 2, 1),
            datetime.date(2027, 4, 1),
            "ST-200",
            "EUR",
        ),
    ]
    assert (plan.closes, plan.updates, plan.deletes, plan.unchanged) == ([], [], [], [])
    assert plan.unknown == [] and plan.issues == []


def test_without_dates_the_start_is_today():
    plan = plan_prices(
        dataclasses.replace(catalog(stent(5)), issue_date=None),
        make_resolver(),
        [],
        TODAY,
    )
    assert plan.creates[0].date_start == TODAY


def test_unknown_items_are_listed_never_guessed(resolver):
    plan = plan_prices(
        catalog(entry(1, gtin=UNKNOWN_GTIN, vendor_part="X-1", description="Mask")),
        resolver,
        [],
        TODAY,
    )
    assert plan.creates == []
    assert [str(issue) for issue in plan.unknown] == [
        f"price catalog PC-7, item 1 (GTIN {UNKNOWN_GTIN}, vendor part X-1), "
        f"product: matches no product: GTIN {UNKNOWN_GTIN} is no barcode of ours; "
        "vendor part X-1 is not known"
    ]


def test_a_catalog_that_changes_nothing_plans_nothing(resolver):
    existing = [
        row(1, STENT, "1999.90", ISSUED),
        row(2, GAUZE, "2.50", None, None),  # open since ever, same price
    ]
    plan = plan_prices(
        catalog(stent("1999.9"), entry("2.5", "DZ", vendor_part="GZ-1")),
        resolver,
        existing,
        TODAY,
    )
    assert not plan.has_changes
    assert plan.unchanged == [1, 2]


def test_a_new_price_closes_the_open_one_the_day_before(resolver):
    existing = [row(1, STENT, 1800, datetime.date(2026, 1, 1))]
    plan = plan_prices(catalog(stent(1999)), resolver, existing, TODAY)
    assert plan.closes == [ClosePrice(1, datetime.date(2026, 12, 31))]
    assert [(new.price, new.date_start) for new in plan.creates] == [(1999, ISSUED)]
    assert plan.updates == [] and plan.unchanged == []


def test_a_row_that_ended_already_is_left_alone(resolver):
    existing = [row(1, STENT, 1800, None, datetime.date(2026, 6, 30))]
    plan = plan_prices(catalog(stent(1999)), resolver, existing, TODAY)
    assert plan.closes == [] and len(plan.creates) == 1


def test_a_row_starting_on_or_after_the_new_start_is_updated_in_place(resolver):
    existing = [
        row(1, STENT, 1800, ISSUED),
        row(2, STENT, 1700, ISSUED + 30 * DAY, currency="USD"),
    ]
    plan = plan_prices(catalog(stent(1999)), resolver, existing, TODAY)
    assert plan.updates == [
        UpdatePrice(1, {"price": Decimal(1999), "product_code": "ST-200"})
    ]
    assert plan.deletes == [2]
    assert plan.creates == [] and plan.closes == []


def test_an_update_gives_every_changed_value(resolver):
    existing = [row(1, STENT, 1800, ISSUED + DAY, ISSUED + 9 * DAY, currency="USD")]
    plan = plan_prices(catalog(stent(1800)), resolver, existing, TODAY)
    assert plan.updates == [
        UpdatePrice(
            1,
            {
                "date_start": ISSUED,
                "date_end": None,
                "currency": "EUR",
                "product_code": "ST-200",
            },
        )
    ]


def test_minimum_quantities_are_separate_prices(resolver):
    existing = [row(1, STENT, 1800, None, min_qty=10)]
    plan = plan_prices(catalog(stent(1999)), resolver, existing, TODAY)
    assert plan.closes == [] and plan.updates == []
    assert [(new.min_qty, new.price) for new in plan.creates] == [(0, 1999)]


def test_successive_periods_of_one_key_are_both_planned(resolver):
    july = datetime.date(2027, 7, 1)
    plan = plan_prices(
        catalog(stent(1900, start=july), stent(1999, end=july - DAY)),
        resolver,
        [row(1, STENT, 1800, None)],
        TODAY,
    )
    assert plan.closes == [ClosePrice(1, ISSUED - DAY)]
    assert [(new.price, new.date_start, new.date_end) for new in plan.creates] == [
        (1999, ISSUED, july - DAY),
        (1900, july, None),
    ]
    assert plan.issues == []


def test_overlapping_items_of_one_key_are_an_issue_and_change_nothing(resolver):
    plan = plan_prices(
        catalog(stent(1999), stent(1950, start=ISSUED + 10 * DAY)),
        resolver,
        [row(1, STENT, 1800, None)],
        TODAY,
    )
    assert not plan.has_changes
    assert [str(issue) for issue in plan.issues] == [
        "price catalog PC-7, item 2 (vendor part ST-200), unit_price: Coronary "
        "stent from 0 is priced 1950.00 here and 1999.00 at price catalog PC-7, "
        "item 1 (vendor part ST-200) for overlapping periods: its prices are left "
        "as they are"
    ]


def test_an_exact_repeat_is_used_once(resolver):
    plan = plan_prices(catalog(stent(1999), stent(1999)), resolver, [], TODAY)
    assert len(plan.creates) == 1
    assert [issue.message for issue in plan.issues] == [
        "repeats price catalog PC-7, item 1 (vendor part ST-200): used once"
    ]


@pytest.mark.parametrize(
    "item, field, message",
    [
        (stent(5, unit="KG"), "unit", "unit KG is not convertible into Units"),
        (stent(-1), "unit_price", "no valid price is given"),
        (
            stent(5, start=ISSUED, end=ISSUED - DAY),
            "effective_to",
            "the price ends on 2026-12-31, before it starts on 2027-01-01",
        ),
    ],
)
def test_items_that_cannot_be_planned_are_issues(resolver, item, field, message):
    plan = plan_prices(catalog(item), resolver, [], TODAY)
    assert [(issue.field, issue.message) for issue in plan.issues] == [(field, message)]
    assert plan.creates == []


def test_rounding_to_odoo_precision_keeps_an_unchanged_price_unchanged(resolver):
    # Gauze is bought by the dozen: 1.00 each is 12.00 per purchase unit.
    existing = [row(1, GAUZE, "0.08", ISSUED)]
    item = entry(1, "EA", vendor_part="GZ-1")
    exact = plan_prices(catalog(item), resolver, existing, TODAY)
    assert exact.updates == [
        UpdatePrice(1, {"price": Decimal(12), "product_code": "GZ-1"})
    ]
    # Bought by the unit, priced 4.00 a dozen: 0.333... per unit, 0.33 in Odoo.
    single = ProductInfo(9, "unit", Decimal(1), Decimal(1), name="Swab")
    odd = ItemResolver([single], UNITS, vendor_codes={"SW-1": 9})
    existing = [row(2, 9, "0.33", ISSUED)]
    unrounded = plan_prices(
        catalog(entry(4, "DZ", vendor_part="SW-1")), odd, existing, TODAY
    )
    assert [update.values["price"] for update in unrounded.updates] == [
        Decimal("0.333333333333")
    ]
    rounded = plan_prices(
        catalog(entry(4, "DZ", vendor_part="SW-1")),
        odd,
        existing,
        TODAY,
        price_digits=2,
    )
    assert rounded.unchanged == [2] and not rounded.has_changes


def test_twenty_thousand_items_against_twenty_thousand_rows_is_fast():
    # Priced per unit, bought by the dozen: every price and quantity converts.
    count = 20_000
    products = [ProductInfo(i, "unit", 1, 12) for i in range(count)]
    resolver = ItemResolver(
        products, UNITS, vendor_codes={f"P{i}": i for i in range(count)}
    )
    items = [
        entry(i % 50 + 1, vendor_part=f"P{i}", minimum=12 * (i % 3))
        for i in range(count)
    ]
    existing = [
        row(i, i, 12 * (i % 50 + 1 + i % 2), ISSUED - 100 * DAY, None, i % 3)
        for i in range(count)
    ]
    # CPU time, not wall time: other processes on the machine do not count.
    started = time.process_time()
    plan = plan_prices(catalog(*items), resolver, existing, TODAY)
    elapsed = time.process_time() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s of CPU"
    assert len(plan.unchanged) == count // 2
    assert len(plan.closes) == len(plan.creates) == count // 2
    assert plan.updates == [] and plan.issues == []


# -- property: whatever the rows and the catalog, no two rows of a key overlap --

BASE = datetime.date(2027, 1, 1)


@st.composite
def periods(draw, open_start):
    points = sorted(draw(st.sets(st.integers(0, 60), max_size=8)))
    pairs = [
        [BASE + points[i] * DAY, BASE + points[i + 1] * DAY]
        for i in range(0, len(points) - 1, 2)
    ]
    if pairs and open_start and draw(st.booleans()):
        pairs[0][0] = None
    if pairs and draw(st.booleans()):
        pairs[-1][1] = None
    return [(start, end, draw(st.sampled_from([1, 2, 3]))) for start, end in pairs]


def apply(plan, existing):
    rows = {
        current.id: (current.date_start, current.date_end, current.price)
        for current in existing
    }
    for close in plan.closes:
        start, _, price = rows[close.id]
        rows[close.id] = (start, close.date_end, price)
    for update in plan.updates:
        start, end, price = rows[update.id]
        rows[update.id] = (
            update.values.get("date_start", start),
            update.values.get("date_end", end),
            update.values.get("price", price),
        )
    for row_id in plan.deletes:
        del rows[row_id]
    for offset, new in enumerate(plan.creates):
        rows[1000 + offset] = (new.date_start, new.date_end, new.price)
    return rows


def covering(rows, day):
    return [
        price
        for start, end, price in rows.values()
        if (start is None or start <= day) and (end is None or day <= end)
    ]


@settings(max_examples=300, deadline=None)
@given(periods(open_start=True), periods(open_start=False))
def test_a_price_plan_never_leaves_overlapping_rows_and_is_idempotent(current, wanted):
    resolver = make_resolver()
    existing = [
        row(index, STENT, price, start, end)
        for index, (start, end, price) in enumerate(current, 1)
    ]
    document = catalog(*(stent(price, start=s, end=e) for s, e, price in wanted))
    plan = plan_prices(document, resolver, existing, TODAY)
    assert plan.issues == []
    rows = apply(plan, existing)
    for start, end, _ in rows.values():
        assert start is None or end is None or start <= end
    for offset in range(-5, 70):
        day = BASE + offset * DAY
        prices = covering(rows, day)
        assert len(prices) <= 1, f"rows overlap on {day}: {rows}"
        for start, end, price in wanted:
            if start <= day and (end is None or day <= end):
                assert prices == [price]
    again = [
        row(row_id, STENT, price, start, end)
        for row_id, (start, end, price) in rows.items()
    ]
    replanned = plan_prices(document, resolver, again, TODAY)
    assert not replanned.has_changes
