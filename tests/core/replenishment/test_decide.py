# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Which donors a need uses, what is bought, and in which order needs are served.

The receiver is the Main Hospital (#1); donors are Clinic B (#2), Central
Store (#3) and Hospital Pharmacy (#4). Buying takes 7 days at 10 a unit.
"""

import dataclasses
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replenishment_world import (
    CENTRAL,
    CLINIC,
    GLOVES,
    MAIN,
    NAMES,
    PHARMACY,
    decide_one,
    need,
    stock,
    stocks,
)

from integration_core.replenishment import (
    CRITICAL,
    HIGH,
    NEED_COVERED,
    NO_SURPLUS,
    SHORT_DATED,
    TOO_EXPENSIVE,
    TOO_LATE,
    USED,
    DonorStock,
    Lot,
    Route,
    decide,
    surplus,
)


def used(decision):
    return [(t.warehouse_id, t.quantity) for t in decision.transfers]


def reasons(decision):
    return {c.warehouse_id: c.reason for c in decision.candidates}


# -- split and buy ----------------------------------------------------------


def test_split_across_two_donors_then_buy_the_rest():
    decision = decide_one(
        need(),
        stock(CLINIC, 55, daily_demand=3, lead_days=10),  # spares 25
        stock(CENTRAL, 10),  # spares 10
    )
    assert used(decision) == [(CLINIC, 25), (CENTRAL, 10)]
    assert decision.transferred == 35
    assert decision.buy_quantity == 5
    assert decision.buy_days == 7
    assert reasons(decision) == {CLINIC: USED, CENTRAL: USED}
    clinic = decision.candidates[0]
    assert (clinic.available, clinic.keeps, clinic.surplus) == (55, 30, 25)
    assert clinic.sendable == 25


def test_a_covered_need_buys_nothing_and_leaves_later_donors_alone():
    decision = decide_one(need(quantity=20), stock(CLINIC, 50), stock(CENTRAL, 50))
    assert used(decision) == [(CLINIC, 20)]
    assert decision.buy_quantity == 0
    assert reasons(decision) == {CLINIC: USED, CENTRAL: NEED_COVERED}
    assert decision.candidates[1].quantity == 0


def test_donors_with_no_surplus_are_not_used():
    decision = decide_one(
        need(),
        stock(CLINIC, 20, minimum=20),
        stock(CENTRAL, 0),
    )
    assert decision.transfers == ()
    assert decision.buy_quantity == 40
    assert reasons(decision) == {CLINIC: NO_SURPLUS, CENTRAL: NO_SURPLUS}


def test_a_donor_without_stock_entry_is_a_candidate_with_nothing():
    decision = decide_one(need(), stock(CLINIC, 15))
    central = decision.candidates[1]
    assert central.warehouse_id == CENTRAL
    assert (central.available, central.surplus, central.reason) == (0, 0, NO_SURPLUS)
    assert used(decision) == [(CLINIC, 15)]


def test_a_donor_without_stock_entry_is_named_by_its_other_stock_or_route():
    other = DonorStock(CENTRAL, "Central Store", 99, 5)
    [decision] = decide([need()], {(CENTRAL, 99): other})
    assert decision.candidates[1].warehouse_name == "Central Store"
    routes = (Route(PHARMACY, 1, donor_warehouse_name="Pharmacy"), Route(CLINIC, 2))
    [decision] = decide([need(routes=routes)], {})
    assert [c.warehouse_name for c in decision.candidates] == [
        "Pharmacy",
        "Warehouse 2",
    ]


def test_only_donors_with_a_route_are_considered():
    decision = decide_one(
        need(routes=(Route(CENTRAL, 2),)), stock(CLINIC, 100), stock(CENTRAL, 5)
    )
    assert [c.warehouse_id for c in decision.candidates] == [CENTRAL]


def test_the_receiver_is_never_its_own_donor():
    receiver = need(routes=(Route(MAIN, 0), Route(CLINIC, 1)))
    decision = decide_one(receiver, stock(MAIN, 500), stock(CLINIC, 5))
    assert [c.warehouse_id for c in decision.candidates] == [CLINIC]
    assert used(decision) == [(CLINIC, 5)]


def test_the_fastest_of_several_routes_from_one_donor_is_used():
    routes = (Route(CLINIC, 3, route_id=31), Route(CLINIC, 1, route_id=11))
    decision = decide_one(need(routes=routes), stock(CLINIC, 100))
    assert len(decision.candidates) == 1
    assert decision.transfers[0].route_id == 11
    assert decision.transfers[0].arrival_days == 1


# -- ranking ----------------------------------------------------------------


def test_the_earliest_arrival_comes_first():
    routes = (Route(CLINIC, 3), Route(CENTRAL, 2))
    decision = decide_one(need(routes=routes), stock(CLINIC, 50), stock(CENTRAL, 50))
    assert used(decision) == [(CENTRAL, 40)]


def test_the_larger_surplus_comes_first_at_equal_arrival():
    routes = (Route(CLINIC, 1), Route(CENTRAL, 1))
    decision = decide_one(need(routes=routes), stock(CLINIC, 30), stock(CENTRAL, 35))
    assert used(decision) == [(CENTRAL, 35), (CLINIC, 5)]


def test_the_lower_unit_cost_comes_first_when_all_else_is_equal():
    routes = (Route(CLINIC, 1, cost_per_unit=2), Route(CENTRAL, 1, cost_per_unit=1))
    decision = decide_one(need(routes=routes), stock(CLINIC, 50), stock(CENTRAL, 50))
    assert used(decision) == [(CENTRAL, 40)]


def test_equal_donors_are_used_in_warehouse_order():
    routes = (Route(PHARMACY, 1), Route(CLINIC, 1))
    decision = decide_one(
        need(quantity=10, routes=routes), stock(PHARMACY, 50), stock(CLINIC, 50)
    )
    assert used(decision) == [(CLINIC, 10)]
    assert reasons(decision) == {CLINIC: USED, PHARMACY: NEED_COVERED}


# -- expiry -------------------------------------------------------------------


def test_short_dated_stock_is_not_sent():
    donor = stock(CLINIC, 30, lots=(Lot(30, 10),))
    decision = decide_one(need(min_shelf_days=30), donor)
    clinic = decision.candidates[0]
    assert (clinic.surplus, clinic.sendable, clinic.reason) == (30, 0, SHORT_DATED)
    assert decision.buy_quantity == 40


def test_short_dated_stock_is_sent_when_the_receiver_accepts_it():
    donor = stock(CLINIC, 30, lots=(Lot(30, 10),))
    decision = decide_one(need(min_shelf_days=30, accept_short_dated=True), donor)
    assert used(decision) == [(CLINIC, 30)]


def test_only_the_long_dated_part_of_the_surplus_is_sent():
    donor = stock(CLINIC, 30, lots=(Lot(10, 10), Lot(5, 60)))  # 15 never expire
    decision = decide_one(need(min_shelf_days=30), donor)
    assert decision.candidates[0].sendable == 20
    assert used(decision) == [(CLINIC, 20)]


def test_the_donor_whose_stock_would_expire_is_preferred():
    routes = (Route(CLINIC, 1), Route(CENTRAL, 1))
    fresh = stock(CLINIC, 50, daily_demand=1)
    expiring = stock(CENTRAL, 50, daily_demand=1, lots=(Lot(20, 5),))  # 15 at risk
    decision = decide_one(need(quantity=10, routes=routes), fresh, expiring)
    assert used(decision) == [(CENTRAL, 10)]
    assert decision.candidates[0].at_risk == 15
    assert decision.candidates[1].at_risk == 0
    assert reasons(decision) == {CENTRAL: USED, CLINIC: NEED_COVERED}


def test_units_at_risk_are_sent_first():
    # 5 a day: the lot expiring on day 2 is used up in time, 5 of the one
    # expiring on day 3 are not. Those 5 are sent first, which leaves 5 of
    # the day-3 lot, the only one the second receiver accepts (sending the
    # earliest expiry first would have left it 10).
    donor = stock(CLINIC, 20, daily_demand=5, lots=(Lot(10, 2), Lot(10, 3)))
    first = need(key=1, quantity=5, free_quantity=0, routes=(Route(CLINIC, 0),))
    second = need(
        key=2,
        warehouse_id=PHARMACY,
        quantity=10,
        free_quantity=0,
        min_shelf_days=2.5,
        routes=(Route(CLINIC, 0),),
    )
    one, two = decide([first, second], stocks(donor))
    assert one.candidates[0].at_risk == 5
    assert used(one) == [(CLINIC, 5)]
    assert two.candidates[0].available == 15
    assert two.candidates[0].sendable == 5
    assert two.candidates[0].at_risk == 0
    assert used(two) == [(CLINIC, 5)]


# -- costs ----------------------------------------------------------------------


def test_a_transfer_dearer_than_buying_is_not_made():
    routes = (Route(CLINIC, 1, cost_per_unit=12),)
    decision = decide_one(need(routes=routes), stock(CLINIC, 50))
    assert reasons(decision) == {CLINIC: TOO_EXPENSIVE}
    assert decision.buy_quantity == 40
    assert decision.candidates[0].cost == 12 * 50


def test_a_transfer_costing_as_much_as_buying_is_not_made():
    routes = (Route(CLINIC, 1, cost_per_unit=5, cost_per_transfer=200),)
    decision = decide_one(need(routes=routes), stock(CLINIC, 50))
    assert reasons(decision) == {CLINIC: TOO_EXPENSIVE}


def test_the_fixed_cost_of_a_transfer_counts():
    routes = (Route(CLINIC, 1, cost_per_unit=5, cost_per_transfer=199),)
    decision = decide_one(need(routes=routes), stock(CLINIC, 50))
    assert used(decision) == [(CLINIC, 40)]
    assert decision.transfer_cost == 399
    assert decision.purchase_cost_avoided == 400
    assert decision.value_saved == 1


def test_the_shortage_avoided_makes_a_dearer_transfer_worth_it():
    # Out of stock now: the 25 transferred tomorrow serve 2 a day for the
    # 6 days before the purchase arrives, 12 units not missing.
    routes = (Route(CLINIC, 1, cost_per_unit=12),)
    receiver = need(free_quantity=0, routes=routes)
    donor = stock(CLINIC, 25)
    assert reasons(decide_one(receiver, donor)) == {CLINIC: TOO_EXPENSIVE}
    decision = decide_one(
        need(free_quantity=0, shortage_cost_per_unit=5, routes=routes), donor
    )
    assert used(decision) == [(CLINIC, 25)]
    assert decision.purchase_cost_avoided == 250 + 60
    assert decision.transfer_cost == 300
    assert decision.value_saved == 10


def test_with_no_costs_at_all_the_transfer_is_preferred():
    decision = decide_one(need(purchase_unit_cost=0), stock(CLINIC, 50))
    assert used(decision) == [(CLINIC, 40)]
    assert decision.value_saved == 0


def test_without_a_vendor_any_timely_transfer_is_made_whatever_it_costs():
    routes = (Route(CLINIC, 30, cost_per_unit=99),)
    decision = decide_one(need(purchase_days=None, routes=routes), stock(CLINIC, 25))
    assert used(decision) == [(CLINIC, 25)]
    assert decision.buy_quantity == 15
    assert decision.buy_days is None


# -- lead times -------------------------------------------------------------


def test_slower_than_buying_but_before_the_stock_out_is_timely():
    routes = (Route(CLINIC, 9),)
    decision = decide_one(need(free_quantity=20, routes=routes), stock(CLINIC, 50))
    assert decision.stockout_days == 10
    assert used(decision) == [(CLINIC, 40)]


def test_slower_than_buying_and_after_the_stock_out_is_too_late():
    routes = (Route(CLINIC, 9),)
    decision = decide_one(need(free_quantity=10, routes=routes), stock(CLINIC, 50))
    assert decision.stockout_days == 5
    assert reasons(decision) == {CLINIC: TOO_LATE}
    assert decision.buy_quantity == 40


def test_slower_than_buying_without_demand_is_too_late():
    routes = (Route(CLINIC, 9),)
    receiver = need(daily_demand=0, routes=routes)
    decision = decide_one(receiver, stock(CLINIC, 50))
    assert decision.stockout_days is None
    assert reasons(decision) == {CLINIC: TOO_LATE}


# -- a run of several needs --------------------------------------------------


def test_no_unit_is_given_twice():
    first = need(key=1, quantity=20, routes=(Route(CLINIC, 1),))
    second = need(key=2, warehouse_id=PHARMACY, quantity=20, routes=(Route(CLINIC, 1),))
    one, two = decide([first, second], stocks(stock(CLINIC, 30)))
    assert used(one) == [(CLINIC, 20)]
    assert used(two) == [(CLINIC, 10)]
    assert two.candidates[0].available == 10
    assert two.buy_quantity == 10


def test_critical_needs_are_served_first():
    normal = need(key=1, quantity=20, routes=(Route(CLINIC, 1),))
    critical = need(
        key=2,
        warehouse_id=PHARMACY,
        quantity=20,
        criticality=CRITICAL,
        routes=(Route(CLINIC, 1),),
    )
    decisions = decide([normal, critical], stocks(stock(CLINIC, 30)))
    assert [d.key for d in decisions] == [2, 1]
    assert [used(d) for d in decisions] == [[(CLINIC, 20)], [(CLINIC, 10)]]


def test_needs_are_served_by_criticality_then_stock_out_then_key():
    needs = [
        need(key=1, daily_demand=0),
        need(key=2, free_quantity=20),
        need(key=3, free_quantity=4),
        need(key=4, free_quantity=4, criticality=HIGH),
        need(key=5, criticality=CRITICAL, daily_demand=0),
        need(key=6, free_quantity=20),
    ]
    assert [d.key for d in decide(needs, {})] == [5, 4, 3, 2, 6, 1]


def test_the_same_input_in_any_order_gives_the_same_decisions():
    needs = [
        need(key=key, warehouse_id=receiver, free_quantity=free, routes=routes)
        for key, receiver, free, routes in [
            (1, MAIN, 10, (Route(CLINIC, 1), Route(CENTRAL, 1), Route(PHARMACY, 1))),
            (2, PHARMACY, 10, (Route(CLINIC, 1), Route(CENTRAL, 1), Route(MAIN, 1))),
            (3, CLINIC, 4, (Route(CENTRAL, 1), Route(PHARMACY, 1), Route(MAIN, 2))),
            (4, CENTRAL, 10, (Route(CLINIC, 1), Route(MAIN, 1))),
        ]
    ]
    donors = [
        stock(MAIN, 30, lots=(Lot(10, 3),)),
        stock(CLINIC, 30),
        stock(CENTRAL, 30, daily_demand=1, lots=(Lot(10, 5), Lot(5, 40))),
        stock(PHARMACY, 30),
    ]
    expected = repr(decide(needs, stocks(*donors)))
    assert "used" in expected and "need_covered" in expected
    generator = random.Random(7)
    for _ in range(20):
        generator.shuffle(donors)
        shuffled = [
            dataclasses.replace(
                item, routes=tuple(generator.sample(item.routes, len(item.routes)))
            )
            for item in generator.sample(needs, len(needs))
        ]
        assert repr(decide(shuffled, stocks(*donors))) == expected


# -- escalation ---------------------------------------------------------------


def test_a_critical_need_nothing_reaches_before_the_stock_out_is_escalated():
    receiver = need(criticality=CRITICAL, free_quantity=0)
    decision = decide_one(receiver, stock(CLINIC, 25))
    assert used(decision) == [(CLINIC, 25)]
    assert decision.escalated


def test_a_critical_need_with_a_timely_transfer_is_not_escalated():
    receiver = need(criticality=CRITICAL, free_quantity=6)
    decision = decide_one(receiver, stock(CLINIC, 25))
    assert decision.stockout_days == 3
    assert not decision.escalated


def test_a_critical_need_bought_in_time_is_not_escalated():
    receiver = need(criticality=CRITICAL, free_quantity=20, routes=())
    assert not decide_one(receiver).escalated
    receiver = need(criticality=CRITICAL, free_quantity=10, routes=())
    assert decide_one(receiver).escalated


@pytest.mark.parametrize("criticality", [HIGH, "normal"])
def test_other_needs_are_never_escalated(criticality):
    receiver = need(criticality=criticality, free_quantity=0, purchase_days=None)
    assert not decide_one(receiver, stock(CLINIC, 0)).escalated


@pytest.mark.parametrize("daily_demand", [0, 2])
def test_a_critical_need_without_vendor_or_donor_is_escalated(daily_demand):
    receiver = need(
        criticality=CRITICAL,
        free_quantity=5,
        daily_demand=daily_demand,
        purchase_days=None,
        routes=(Route(CLINIC, 1),),
    )
    decision = decide_one(receiver, stock(CLINIC, 0))
    assert decision.buy_quantity == 40
    assert decision.escalated


def test_a_critical_need_covered_by_transfers_without_vendor_is_not_escalated():
    receiver = need(criticality=CRITICAL, daily_demand=0, purchase_days=None)
    decision = decide_one(receiver, stock(CLINIC, 50))
    assert decision.buy_quantity == 0
    assert not decision.escalated


# -- invariants ---------------------------------------------------------------

_quantities = st.integers(min_value=0, max_value=60).map(float)


@st.composite
def _runs(draw):
    donors = [
        stock(
            warehouse_id,
            draw(_quantities),
            outgoing=draw(_quantities) / 4,
            minimum=draw(_quantities) / 2,
            daily_demand=draw(st.integers(0, 4)),
            lead_days=draw(st.integers(0, 5)),
            lots=tuple(
                Lot(draw(_quantities) / 3, draw(st.integers(0, 20)))
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for warehouse_id in (MAIN, CLINIC, CENTRAL, PHARMACY)
    ]
    needs = [
        need(
            key=key,
            warehouse_id=draw(st.sampled_from(sorted(NAMES))),
            quantity=draw(st.integers(1, 80)),
            free_quantity=draw(st.integers(-5, 20)),
            criticality=draw(st.sampled_from([CRITICAL, HIGH, "normal"])),
            min_shelf_days=draw(st.integers(0, 10)),
            purchase_days=draw(st.none() | st.integers(0, 10)),
            routes=tuple(
                Route(donor, draw(st.integers(0, 12)), draw(st.integers(0, 12)))
                for donor in draw(st.sets(st.sampled_from(sorted(NAMES))))
            ),
        )
        for key in range(draw(st.integers(1, 4)))
    ]
    return needs, stocks(*donors)


@settings(max_examples=200, deadline=None)
@given(_runs())
def test_transfers_and_purchase_add_up_and_no_donor_gives_its_keep(run):
    needs, donors = run
    given_by = {}
    for decision in decide(needs, donors):
        assert decision.transferred + decision.buy_quantity == pytest.approx(
            decision.need
        )
        for candidate in decision.candidates:
            assert candidate.quantity <= candidate.sendable + 1e-9
            assert candidate.sendable <= candidate.surplus + 1e-9
            assert (candidate.quantity > 0) == (candidate.reason == USED)
            assert candidate.warehouse_id != decision.warehouse_id
        for transfer in decision.transfers:
            given_by[transfer.warehouse_id] = (
                given_by.get(transfer.warehouse_id, 0) + transfer.quantity
            )
    for warehouse_id, quantity in given_by.items():
        assert quantity <= surplus(donors[(warehouse_id, GLOVES)]) + 1e-9
