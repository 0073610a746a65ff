# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What one donor keeps, can spare and would waste; one need's timings."""

import pytest

from integration_core.replenishment import (
    DonorStock,
    Lot,
    Need,
    Route,
    accepted_quantity,
    at_risk_quantity,
    available,
    keeps,
    lots_of,
    shortage_units,
    stockout_days,
    surplus,
    transfer_cost,
)


def stock(on_hand, **values):
    return DonorStock(2, "Clinic B", 7, on_hand, **values)


def need(**values):
    return Need(1, 7, "Gloves", 1, "Main Hospital", 40, **values)


# -- keeps and surplus --------------------------------------------------------


def test_without_a_minimum_a_donor_keeps_its_demand_over_its_lead_time():
    donor = stock(100, daily_demand=2, lead_days=10)
    assert keeps(donor) == 20
    assert surplus(donor) == 80


def test_a_donor_keeps_its_minimum_when_larger_than_its_lead_time_demand():
    donor = stock(100, minimum=50, daily_demand=2, lead_days=10)
    assert keeps(donor) == 50
    assert surplus(donor) == 50


def test_demand_over_the_lead_time_wins_over_a_smaller_minimum():
    donor = stock(100, minimum=10, daily_demand=3, lead_days=10)
    assert keeps(donor) == 30
    assert surplus(donor) == 70


def test_without_demand_or_minimum_everything_is_surplus():
    assert keeps(stock(12.5)) == 0
    assert surplus(stock(12.5)) == 12.5


def test_the_safety_buffer_is_kept_on_top():
    donor = stock(100, minimum=50, daily_demand=2, lead_days=10, safety_days=5)
    assert keeps(donor) == 60
    assert surplus(donor) == 40
    donor = stock(100, daily_demand=2, lead_days=10, safety_days=5)
    assert keeps(donor) == 30


@pytest.mark.parametrize("on_hand", [0, -5, 10])
def test_no_surplus_from_no_negative_or_too_little_stock(on_hand):
    donor = stock(on_hand, minimum=20)
    assert surplus(donor) == 0


def test_outgoing_moves_reduce_what_is_available():
    donor = stock(100, outgoing=30, daily_demand=2, lead_days=10)
    assert available(donor) == 70
    assert surplus(donor) == 50
    assert surplus(stock(100, outgoing=120)) == 0


def test_surplus_has_no_float_noise():
    assert surplus(stock(0.3, outgoing=0.1, minimum=0.1)) == 0.1


# -- lots, expiry and stock at risk -------------------------------------------


def test_stock_no_lot_covers_never_expires():
    donor = stock(30, lots=(Lot(10, 5), Lot(0, 9)))
    assert lots_of(donor) == (Lot(10, 5), Lot(20, None))
    assert lots_of(stock(10, lots=(Lot(10, 5),))) == (Lot(10, 5),)


def test_the_receiver_refuses_short_dated_lots():
    donor = stock(60, lots=(Lot(10, 20), Lot(20, 45)))
    assert accepted_quantity(donor, need(min_shelf_days=30)) == 50
    assert (
        accepted_quantity(donor, need(min_shelf_days=30, accept_short_dated=True)) == 60
    )
    assert accepted_quantity(donor, need()) == 60


def test_a_lot_expiring_before_the_transfer_arrives_is_never_accepted():
    donor = stock(30, lots=(Lot(10, 2), Lot(10, 0)))
    receiver = need(accept_short_dated=True)
    assert accepted_quantity(donor, receiver, arrival_days=1) == 20
    assert accepted_quantity(donor, receiver, arrival_days=3) == 10


def test_what_the_donor_cannot_use_before_it_expires_is_at_risk():
    # 2 a day: 6 of the first lot used by day 3, 4 wasted; then 14 days of
    # use for the second lot, which has only 10.
    donor = stock(20, daily_demand=2, lots=(Lot(10, 10), Lot(10, 3)))
    assert at_risk_quantity(donor, need()) == 4


def test_a_lot_used_up_early_leaves_less_time_for_the_next_one():
    # The first lot lasts 2 days; from day 2 the second has 4 days: 8 used.
    donor = stock(24, daily_demand=2, lots=(Lot(4, 3), Lot(20, 6)))
    assert at_risk_quantity(donor, need()) == 12


def test_without_demand_every_expiring_lot_is_at_risk():
    donor = stock(50, lots=(Lot(10, 3), Lot(15, 100)))
    assert at_risk_quantity(donor, need()) == 25


def test_only_stock_the_receiver_accepts_counts_as_at_risk():
    donor = stock(50, lots=(Lot(10, 3), Lot(15, 100)))
    assert at_risk_quantity(donor, need(min_shelf_days=30)) == 15


# -- the receiver's timings and costs ----------------------------------------


def test_stockout_days():
    assert stockout_days(need(free_quantity=0, daily_demand=2)) == 0
    assert stockout_days(need(free_quantity=-3)) == 0
    assert stockout_days(need(free_quantity=10, daily_demand=0)) is None
    assert stockout_days(need(free_quantity=10, daily_demand=4)) == 2.5


def test_transfer_cost():
    route = Route(2, 1, cost_per_unit=1.5, cost_per_transfer=5)
    assert transfer_cost(route, 10) == 20
    assert transfer_cost(route, 0) == 0


def test_shortage_avoided_between_arrival_and_purchase():
    receiver = need(daily_demand=2, purchase_days=7)
    # stock-out in 2 days, transfer tomorrow: 5 days of demand served
    assert shortage_units(receiver, 2, [(1, 25)]) == 10
    assert shortage_units(receiver, 2, [(1, 4)]) == 4
    # arriving after the stock-out, only from its arrival
    assert shortage_units(receiver, 0, [(3, 25)]) == 8
    assert shortage_units(receiver, 0, [(7, 25)]) == 0
    assert shortage_units(receiver, None, [(1, 25)]) == 0
    assert shortage_units(need(daily_demand=2), 0, [(1, 25)]) == 0


def test_several_transfers_share_the_shortage_window():
    receiver = need(daily_demand=2, purchase_days=7)
    assert shortage_units(receiver, 0, [(1, 10), (1, 10)]) == 12
    # the first 2 last one day, then nothing until day 5: 4 more
    assert shortage_units(receiver, 0, [(5, 10), (0, 2)]) == 6
