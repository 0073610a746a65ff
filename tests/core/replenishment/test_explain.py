# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Decisions in words: the paragraph, each donor's note, numbers and days."""

import dataclasses
from pathlib import Path

import pytest
from replenishment_world import (
    CENTRAL,
    CLINIC,
    GLOVES,
    MAIN,
    PHARMACY,
    decide_one,
    stock,
)
from replenishment_world import need as world_need

from integration_core.replenishment import (
    CRITICAL,
    DonorStock,
    Lot,
    Need,
    Route,
    decide,
    format_quantity,
)
from integration_core.replenishment.explain import format_duration, format_when


def need(**values):
    values.setdefault("uom_name", "BX")
    values.setdefault("routes", (Route(CLINIC, 1),))
    return world_need(**values)


CLINIC_SENTENCE = (
    "Clinic B can spare 25 (keeps 30 for its own 10-day need), arrives "
    "tomorrow: transfer 25."
)


def test_the_example_decision_in_words_and_what_it_saves():
    receiver = need(
        free_quantity=0,
        shortage_cost_per_unit=4,
        criticality=CRITICAL,
        routes=(Route(CLINIC, 1, cost_per_unit=1, cost_per_transfer=5, route_id=11),),
    )
    decision = decide_one(receiver, stock(CLINIC, 55, daily_demand=3, lead_days=10))
    assert decision.explanation == (
        f"Need 40 BX. {CLINIC_SENTENCE} Buy 15 from Contract Supplier (7 days). "
        "Critical: out of stock now, escalated."
    )
    assert decision.candidates[0].note == (
        "can spare 25 (keeps 30 for its own 10-day need), arrives tomorrow: transfer 25"
    )
    # 25 not bought at 10, and 2 a day served from tomorrow until the
    # purchase arrives on day 7: 12 units not missing at 4; the transfer
    # costs 25 × 1 + 5.
    assert decision.purchase_cost_avoided == 250 + 48
    assert decision.transfer_cost == 30
    assert decision.value_saved == 268
    assert decision.transfers[0].route_id == 11


def test_the_stock_out_day_in_the_escalation():
    receiver = need(free_quantity=6, criticality=CRITICAL, routes=(Route(CLINIC, 5),))
    decision = decide_one(receiver, stock(CLINIC, 55, daily_demand=3, lead_days=10))
    assert decision.escalated
    assert decision.explanation.endswith(
        "Buy 15 from Contract Supplier (7 days). "
        "Critical: stock-out expected in 3 days, escalated."
    )


def test_a_critical_item_sourced_in_time():
    receiver = need(free_quantity=6, criticality=CRITICAL)
    decision = decide_one(receiver, stock(CLINIC, 55, daily_demand=3, lead_days=10))
    assert decision.explanation == (
        f"Need 40 BX. {CLINIC_SENTENCE} Buy 15 from Contract Supplier (7 days). "
        "Critical item, sourced before the stock-out."
    )
    no_demand = need(daily_demand=0, criticality=CRITICAL, routes=())
    assert decide_one(no_demand).explanation.endswith(" Critical item.")


def test_why_donors_were_not_used():
    receiver = need(
        free_quantity=4,
        min_shelf_days=30,
        routes=(
            Route(CLINIC, 1, cost_per_unit=11),
            Route(CENTRAL, 2),
            Route(PHARMACY, 9),
            Route(5, 3, donor_warehouse_name="Day Surgery"),
            Route(6, 1),
        ),
    )
    decision = decide_one(
        receiver,
        stock(CLINIC, 50),
        stock(CENTRAL, 80, minimum=120, daily_demand=5, lead_days=14),
        stock(PHARMACY, 100),
        DonorStock(6, "Oncology", GLOVES, 20, lots=(Lot(20, 10),)),
    )
    assert decision.explanation == (
        "Need 40 BX. "
        "Clinic B can spare 50, but the transfer costs more than buying. "
        "Oncology can spare 20, but only short-dated stock (expires within "
        "30 days). "
        "Central Store cannot spare any (has 80, keeps its minimum of 120). "
        "Day Surgery has none in stock. "
        "Hospital Pharmacy can spare 100 but would arrive in 9 days, later than "
        "buying (7 days) and after the stock-out (in 2 days). "
        "Buy 40 from Contract Supplier (7 days)."
    )
    notes = {c.warehouse_name: c.note for c in decision.candidates}
    assert (
        notes["Central Store"] == "cannot spare any (has 80, keeps its minimum of 120)"
    )
    for candidate in decision.candidates:
        assert f"{candidate.warehouse_name} {candidate.note}." in decision.explanation


def test_a_transfer_costing_as_much_as_buying():
    receiver = need(routes=(Route(CLINIC, 1, cost_per_unit=10),))
    assert "Clinic B can spare 50, but the transfer costs as much as buying." in (
        decide_one(receiver, stock(CLINIC, 50)).explanation
    )


@pytest.mark.parametrize(
    "values, phrase",
    [
        ({"minimum": 50, "daily_demand": 1, "lead_days": 5}, "keeps its minimum of 50"),
        (
            {"minimum": 50, "daily_demand": 2, "safety_days": 3},
            "keeps 56: its minimum and 3 days of safety stock",
        ),
        (
            {"daily_demand": 2, "lead_days": 7, "safety_days": 3},
            "keeps 20 for its own 10-day need",
        ),
    ],
)
def test_what_a_donor_keeps_in_words(values, phrase):
    decision = decide_one(need(), stock(CLINIC, 70, **values))
    assert f"(has 70, {phrase})" not in decision.explanation
    assert f"({phrase})" in decision.explanation


def test_stock_promised_elsewhere_and_no_stock():
    decision = decide_one(
        need(routes=(Route(CLINIC, 1), Route(CENTRAL, 1))),
        stock(CLINIC, 30, outgoing=30),
        stock(CENTRAL, -4),
    )
    assert "Central Store has none in stock." in decision.explanation
    assert (
        "Clinic B has none available (its stock is already promised)."
        in decision.explanation
    )


def test_stock_at_risk_and_short_dated_stock_left_behind():
    # 1 a day: 20 of the lot expiring on day 5 would be wasted there.
    donor = stock(CLINIC, 55, daily_demand=1, lots=(Lot(25, 5), Lot(10, 20)))
    decision = decide_one(need(min_shelf_days=3), donor)
    assert decision.candidates[0].at_risk == 20
    assert (
        "Clinic B can spare 55, arrives tomorrow: transfer 40 (20 would expire "
        "there before use)."
    ) in decision.explanation
    decision = decide_one(need(min_shelf_days=10), donor)
    assert (
        "Clinic B can spare 30 (25 more expire within 10 days), arrives "
        "tomorrow: transfer 30."
    ) in decision.explanation


def test_donors_not_needed_share_one_sentence():
    routes = (Route(CLINIC, 1), Route(CENTRAL, 2), Route(PHARMACY, 3))
    decision = decide_one(
        need(routes=routes), stock(CLINIC, 50), stock(CENTRAL, 5), stock(PHARMACY, 5)
    )
    assert decision.explanation == (
        "Need 40 BX. Clinic B can spare 50, arrives tomorrow: transfer 40. "
        "Nothing needed from Central Store and Hospital Pharmacy, the need is "
        "covered."
    )


def test_nothing_to_buy_from():
    receiver = need(purchase_days=None, criticality=CRITICAL, free_quantity=0)
    decision = decide_one(receiver, stock(CLINIC, 0))
    assert decision.explanation == (
        "Need 40 BX. Clinic B has none in stock. Cannot be bought: no vendor. "
        "Critical: out of stock now, escalated."
    )
    receiver = need(purchase_days=None, daily_demand=0, criticality=CRITICAL)
    decision = decide_one(receiver, stock(CLINIC, 25))
    assert decision.explanation.endswith(
        "The remaining 15 cannot be bought: no vendor. "
        "Critical: cannot be sourced, escalated."
    )


def test_a_purchase_without_supplier_name_and_fractional_quantities():
    receiver = need(quantity=2.5, uom_name="L", supplier_name="", routes=())
    assert decide_one(receiver).explanation == "Need 2.5 L. Buy 2.5 (7 days)."


@pytest.mark.parametrize(
    "value, text", [(25.0, "25"), (2.5, "2.5"), (0.1 + 0.2, "0.3"), (-0.0, "0")]
)
def test_format_quantity(value, text):
    assert format_quantity(value) == text


@pytest.mark.parametrize(
    "days, when, duration",
    [
        (0, "today", "same day"),
        (0.2, "tomorrow", "1 day"),
        (1, "tomorrow", "1 day"),
        (2.5, "in 3 days", "3 days"),
        (7.0000000001, "in 7 days", "7 days"),
    ],
)
def test_days_in_words(days, when, duration):
    assert format_when(days) == when
    assert format_duration(days) == duration


def test_the_readmes_worked_example():
    """addons/replenishment_router/readme/USAGE.md quotes this decision."""
    clinic = Need(
        key=1,
        product_id=GLOVES,
        product_name="Nitrile gloves",
        warehouse_id=MAIN,
        warehouse_name="Outpatient Clinic",
        quantity=40,
        uom_name="BX",
        free_quantity=10,
        daily_demand=2,
        purchase_days=7,
        purchase_unit_cost=8,
        supplier_name="Contract Supplier",
        routes=(Route(CENTRAL, 1), Route(PHARMACY, 1)),
    )
    donors = {
        (CENTRAL, GLOVES): DonorStock(
            CENTRAL,
            "Central Store",
            GLOVES,
            55,
            minimum=30,
            daily_demand=3,
            lead_days=10,
            safety_days=3,
        ),
        (PHARMACY, GLOVES): DonorStock(
            PHARMACY, "Hospital Pharmacy", GLOVES, 20, minimum=20
        ),
    }
    [decision] = decide([clinic], donors)
    assert decision.explanation == (
        "Need 40 BX. Central Store can spare 16 (keeps 39 for its own 13-day "
        "need), arrives tomorrow: transfer 16. Hospital Pharmacy cannot spare "
        "any (has 20, keeps its minimum of 20). Buy 24 from Contract Supplier "
        "(7 days)."
    )
    critical = dataclasses.replace(clinic, criticality=CRITICAL, free_quantity=0)
    [decision] = decide([critical], donors)
    assert decision.explanation.endswith("Critical: out of stock now, escalated.")
    readme = (
        Path(__file__).resolve().parents[3]
        / "addons/replenishment_router/readme/USAGE.md"
    ).read_text()
    assert "Central Store can spare 16 (keeps 39 for its own 13-day need)," in readme
