# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How much of a need to transfer from other warehouses, and how much to buy.

:func:`decide` takes the needs of one run and the stock of the warehouses
that may donate, and returns one :class:`~.model.Decision` per need.

A donor **keeps** the larger of its minimum and its demand over its own lead
time, plus its safety buffer (:func:`keeps`); what it has beyond that, less
what is already promised out, is its **surplus** (:func:`surplus`). The
receiver accepts lots that never expire or expire after ``min_shelf_days``
(any lot when ``accept_short_dated``), and never a lot that would have
expired by the time the transfer arrives; the accepted part of the surplus
is **sendable**. Units the donor would not use before they expire
(first-expiry-first-out at its daily demand) are **at risk**
(:func:`at_risk_quantity`): a donor sends those first.

A donor is used when it has sendable units and its transfer is

- **timely**: it arrives no later than buying would, or no later than the
  receiver runs out (:func:`stockout_days`); and
- **cheaper**: the transfer (:func:`transfer_cost`) costs less than buying
  the same units plus the shortage cost it avoids (demand that would go
  unserved between the stock-out, or the transfer's arrival, and the
  purchase's arrival). Equal costs are not cheaper, except when both are 0:
  with no costs configured, moving stock the network already owns is
  preferred to buying more. Without a vendor nothing is compared: any timely
  transfer is used.

Donors are ranked by arrival, then the one with more stock at risk, then
the larger surplus, the lower unit cost and the warehouse id, and used in
that order until the need is covered; the rest is bought. A donor that
cannot help (no surplus, only short-dated stock, too late) is reported so
even once the need is covered; the others are then "not needed".

Needs are served critical first, then high, then normal, each by expected
stock-out (none last) and key; what a donor gives to one need is gone for
the next ones. Transfers to a warehouse are not counted as its stock in the
same run.
"""

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from .explain import candidate_note, explain
from .model import (
    CRITICAL,
    HIGH,
    NEED_COVERED,
    NO_SURPLUS,
    NORMAL,
    SHORT_DATED,
    TOO_EXPENSIVE,
    TOO_LATE,
    USED,
    Candidate,
    Decision,
    DonorStock,
    Lot,
    Need,
    Route,
    Transfer,
)

#: Quantities, days and amounts closer than this are equal (float rounding).
TOLERANCE = 1e-6
_DIGITS = 6
_RANKS = {CRITICAL: 0, HIGH: 1, NORMAL: 2}


def _round(value: float) -> float:
    """``value`` to 6 decimals, without float noise or ``-0.0``."""
    return round(value, _DIGITS) + 0.0


# -- one donor --------------------------------------------------------------


def keeps(stock: DonorStock) -> float:
    """What a donor must keep: its minimum or its demand over its lead time,
    whichever is larger, plus its safety buffer."""
    demand = max(0.0, stock.daily_demand)
    cover = demand * max(0.0, stock.lead_days)
    safety = demand * max(0.0, stock.safety_days)
    return _round(max(stock.minimum, cover) + safety)


def available(stock: DonorStock) -> float:
    """Free stock: on hand less what is already promised out."""
    return _round(stock.on_hand - stock.outgoing)


def surplus(stock: DonorStock) -> float:
    """What a donor can spare: available beyond what it keeps, never below 0."""
    spare = _round(available(stock) - keeps(stock))
    return spare if spare > TOLERANCE else 0.0


def lots_of(stock: DonorStock) -> tuple[Lot, ...]:
    """All of ``on_hand`` as lots: the given ones, then the units they do not
    cover as one lot that never expires."""
    lots = tuple(lot for lot in stock.lots if lot.quantity > TOLERANCE)
    uncovered = _round(stock.on_hand - sum(lot.quantity for lot in lots))
    if uncovered > TOLERANCE:
        lots += (Lot(uncovered),)
    return lots


def _accepts(lot, need, arrival_days):
    """Whether the receiver of ``need`` accepts ``lot`` arriving then."""
    expiry = lot.expires_in_days
    if expiry is None:
        return True
    if expiry <= arrival_days:
        return False
    return need.accept_short_dated or expiry > need.min_shelf_days


def _fefo(lots):
    """``lots`` first-expiry-first-out, those that never expire last."""
    return sorted(
        lots,
        key=lambda lot: (
            lot.expires_in_days is None,
            lot.expires_in_days or 0,
            lot.quantity,
        ),
    )


def _wasted(ordered, daily_demand):
    """Per lot of ``ordered`` (FEFO), the units expiring before they are used.

    The donor uses its lots one after the other at ``daily_demand`` a day;
    the part of a lot still there when it expires is wasted, and use goes
    on with the next lot from that day.
    """
    demand = max(0.0, daily_demand)
    day = 0.0
    wasted = []
    for lot in ordered:
        quantity = max(0.0, lot.quantity)
        if lot.expires_in_days is None:
            wasted.append(0.0)
            continue
        used = min(quantity, demand * max(0.0, lot.expires_in_days - day))
        wasted.append(quantity - used)
        if demand:
            day += used / demand
    return wasted


def _lot_figures(lots, daily_demand, need, arrival_days):
    """``(accepted, accepted_at_risk)`` units of ``lots`` for ``need``."""
    ordered = _fefo(lots)
    accepted = at_risk = 0.0
    for lot, wasted in zip(ordered, _wasted(ordered, daily_demand), strict=True):
        if _accepts(lot, need, arrival_days):
            accepted += lot.quantity
            at_risk += wasted
    return _round(accepted), _round(at_risk)


def accepted_quantity(stock: DonorStock, need: Need, arrival_days=0.0) -> float:
    """Units of ``stock`` the receiver of ``need`` accepts, arriving then."""
    return _lot_figures(lots_of(stock), stock.daily_demand, need, arrival_days)[0]


def at_risk_quantity(stock: DonorStock, need: Need, arrival_days=0.0) -> float:
    """Units of ``stock`` the receiver of ``need`` accepts and that would
    expire at the donor before it uses them (not limited to the surplus).

    The donor is taken to use its lots first-expiry-first-out at its daily
    demand; pending outgoing moves are not assigned to lots.
    """
    return _lot_figures(lots_of(stock), stock.daily_demand, need, arrival_days)[1]


def _take(lots, daily_demand, need, arrival_days, quantity):
    """``lots`` once ``quantity`` accepted units are sent: the units at risk
    first, then the others earliest expiry first."""
    ordered = _fefo(lots)
    left = [lot.quantity for lot in ordered]
    accepted = [_accepts(lot, need, arrival_days) for lot in ordered]
    wanted = quantity
    for first in (_wasted(ordered, daily_demand), left):
        for index, units in enumerate(first):
            if accepted[index] and wanted > TOLERANCE:
                taken = min(wanted, units, left[index])
                left[index] -= taken
                wanted -= taken
    return tuple(
        Lot(_round(units), lot.expires_in_days)
        for lot, units in zip(ordered, left, strict=True)
        if units > TOLERANCE
    )


# -- one need ---------------------------------------------------------------


def stockout_days(need: Need) -> float | None:
    """When the receiver runs out: now without free stock, never without
    demand, else its free stock over its daily demand."""
    if need.free_quantity <= 0:
        return 0.0
    if need.daily_demand <= 0:
        return None
    return _round(need.free_quantity / need.daily_demand)


def transfer_cost(route: Route, quantity: float) -> float:
    """What moving ``quantity`` along ``route`` costs (nothing for none)."""
    if quantity <= TOLERANCE:
        return 0.0
    return _round(route.cost_per_unit * quantity + route.cost_per_transfer)


def shortage_units(
    need: Need, stockout: float | None, arrivals: Iterable[tuple[float, float]]
) -> float:
    """Demand the ``arrivals`` (``(days, quantity)``) serve that would go
    unserved while waiting for the purchase.

    For one transfer of q units arriving on day a, that is
    ``min(q, daily_demand × max(0, purchase_days - max(stockout, a)))``;
    several transfers share that window. Nothing without a vendor, without
    a forecast stock-out, or for transfers arriving with the purchase or
    later.
    """
    end = need.purchase_days
    demand = need.daily_demand
    if end is None or stockout is None or demand <= 0:
        return 0.0
    day, stock, served = stockout, 0.0, 0.0
    for arrival, quantity in sorted(arrivals):
        if arrival >= end:
            break
        if arrival > day:
            used = min(stock, demand * (arrival - day))
            served, stock, day = served + used, stock - used, arrival
        stock += quantity
    served += min(stock, demand * max(0.0, end - day))
    return _round(served)


def _timely(arrival, need, stockout):
    if need.purchase_days is None or arrival <= need.purchase_days + TOLERANCE:
        return True
    return stockout is not None and arrival <= stockout + TOLERANCE


@dataclasses.dataclass(frozen=True)
class _Option:
    """A donor for one need, with its figures before the need takes any."""

    stock: DonorStock | None
    lots: tuple[Lot, ...]
    route: Route
    warehouse_name: str
    available: float
    keeps: float
    surplus: float
    sendable: float
    at_risk: float

    @property
    def warehouse_id(self):
        return self.route.donor_warehouse_id

    @property
    def arrival(self):
        return float(self.route.transfer_days)

    def rank(self):
        return (
            self.arrival,
            -self.at_risk,
            -self.surplus,
            self.route.cost_per_unit,
            self.warehouse_id,
        )


def _route_order(route):
    return (
        route.transfer_days,
        route.cost_per_unit,
        route.cost_per_transfer,
        route.route_id is None,
        route.route_id or 0,
    )


def _routes(need):
    """The best route from each donor warehouse, never from the receiver."""
    best = {}
    for route in sorted(need.routes, key=_route_order):
        if route.donor_warehouse_id != need.warehouse_id:
            best.setdefault(route.donor_warehouse_id, route)
    return best.values()


def _option(need, route, holding, names):
    if holding is None:
        name = (
            route.donor_warehouse_name
            or names.get(route.donor_warehouse_id)
            or f"Warehouse {route.donor_warehouse_id}"
        )
        return _Option(None, (), route, name, 0.0, 0.0, 0.0, 0.0, 0.0)
    stock, lots = holding
    spare = surplus(stock)
    accepted, at_risk = _lot_figures(
        lots, stock.daily_demand, need, route.transfer_days
    )
    sendable = min(spare, accepted)
    return _Option(
        stock,
        lots,
        route,
        stock.warehouse_name,
        available(stock),
        keeps(stock),
        spare,
        sendable,
        min(sendable, at_risk),
    )


def _cost_check(option, need, stockout, chosen, quantity):
    """``(cheaper, equal)``: whether transferring beats buying ``quantity``."""
    transfer = transfer_cost(option.route, quantity)
    before = shortage_units(need, stockout, chosen)
    after = shortage_units(need, stockout, [*chosen, (option.arrival, quantity)])
    buying = need.purchase_unit_cost * quantity
    buying += need.shortage_cost_per_unit * (after - before)
    if abs(transfer) <= TOLERANCE and abs(buying) <= TOLERANCE:
        return True, True
    return transfer < buying - TOLERANCE, abs(transfer - buying) <= TOLERANCE


def _choose(option, need, stockout, remaining, chosen):
    """``(reason, quantity, costs_equal)`` for ``option`` given what is left."""
    if option.surplus <= TOLERANCE:
        return NO_SURPLUS, 0.0, False
    if option.sendable <= TOLERANCE:
        return SHORT_DATED, 0.0, False
    if not _timely(option.arrival, need, stockout):
        return TOO_LATE, 0.0, False
    if remaining <= TOLERANCE:
        return NEED_COVERED, 0.0, False
    quantity = _round(min(remaining, option.sendable))
    if need.purchase_days is None:
        return USED, quantity, False
    cheaper, equal = _cost_check(option, need, stockout, chosen, quantity)
    return (USED, quantity, equal) if cheaper else (TOO_EXPENSIVE, 0.0, equal)


def _candidate(option, need, stockout, reason, quantity, costs_equal):
    cost = transfer_cost(option.route, quantity if reason == USED else option.sendable)
    candidate = Candidate(
        option.warehouse_id,
        option.warehouse_name,
        option.available,
        option.keeps,
        option.surplus,
        option.sendable,
        option.at_risk,
        option.arrival,
        cost,
        quantity,
        reason,
        "",
        option.route.route_id,
    )
    note = candidate_note(
        candidate,
        need=need,
        stock=option.stock,
        stockout_days=stockout,
        costs_equal=costs_equal,
    )
    return dataclasses.replace(candidate, note=note)


def _escalated(need, transfers, buy_quantity, stockout):
    """Critical needs only: nothing sourceable, or nothing before stock-out."""
    if need.criticality != CRITICAL or need.quantity <= TOLERANCE:
        return False
    buying = buy_quantity > TOLERANCE
    if buying and need.purchase_days is None:
        return True
    if stockout is None:
        return False
    arrivals = [transfer.arrival_days for transfer in transfers]
    if buying:
        arrivals.append(need.purchase_days)
    return not any(arrival <= stockout + TOLERANCE for arrival in arrivals)


def _decide_one(need, stocks, holdings, names):
    """The decision for ``need``; ``holdings`` is updated with what it takes."""
    stockout = stockout_days(need)
    options = []
    for route in _routes(need):
        holding = _holding(
            (route.donor_warehouse_id, need.product_id), stocks, holdings
        )
        options.append(_option(need, route, holding, names))
    options.sort(key=_Option.rank)
    remaining, chosen, candidates, transfers = need.quantity, [], [], []
    for option in options:
        reason, quantity, equal = _choose(option, need, stockout, remaining, chosen)
        candidate = _candidate(option, need, stockout, reason, quantity, equal)
        candidates.append(candidate)
        if reason != USED:
            continue
        remaining = _round(remaining - quantity)
        chosen.append((option.arrival, quantity))
        transfers.append(
            Transfer(
                candidate.warehouse_id,
                candidate.warehouse_name,
                candidate.route_id,
                quantity,
                candidate.arrival_days,
                candidate.cost,
            )
        )
        _send(option, need, quantity, holdings)
    return _decision(need, stockout, candidates, transfers, remaining, chosen)


def _decision(need, stockout, candidates, transfers, remaining, chosen):
    buy_quantity = remaining if remaining > TOLERANCE else 0.0
    transferred = sum(quantity for _arrival, quantity in chosen)
    avoided = need.purchase_unit_cost * transferred
    avoided += need.shortage_cost_per_unit * shortage_units(need, stockout, chosen)
    escalated = _escalated(need, transfers, buy_quantity, stockout)
    candidates = tuple(candidates)
    return Decision(
        need.key,
        need.product_id,
        need.warehouse_id,
        float(need.quantity),
        tuple(transfers),
        buy_quantity,
        None if need.purchase_days is None else float(need.purchase_days),
        stockout,
        escalated,
        candidates,
        explain(
            need,
            candidates,
            buy_quantity=buy_quantity,
            stockout_days=stockout,
            escalated=escalated,
        ),
        _round(avoided),
        _round(sum(transfer.cost for transfer in transfers)),
    )


# -- a run ------------------------------------------------------------------


def _holding(key, stocks, holdings):
    """``(stock, lots)`` of a donor as earlier needs left it, ``None`` when
    ``stocks`` has no entry for it."""
    if key not in holdings:
        stock = stocks.get(key)
        holdings[key] = None if stock is None else (stock, lots_of(stock))
    return holdings[key]


def _warehouse_names(stocks):
    """Warehouse names by id, from any of their stock entries."""
    names = {}
    for key in sorted(stocks):
        stock = stocks[key]
        names.setdefault(stock.warehouse_id, stock.warehouse_name)
    return names


def _send(option, need, quantity, holdings):
    """Record that ``option``'s donor sends ``quantity`` for ``need``."""
    stock = option.stock
    key = (stock.warehouse_id, stock.product_id)
    lots = _take(option.lots, stock.daily_demand, need, option.arrival, quantity)
    outgoing = _round(stock.outgoing + quantity)
    holdings[key] = (dataclasses.replace(stock, outgoing=outgoing), lots)


def _need_order(need):
    stockout = stockout_days(need)
    return (
        _RANKS.get(need.criticality, _RANKS[NORMAL]),
        stockout is None,
        stockout or 0.0,
        need.key,
        need.product_id,
        need.warehouse_id,
    )


def decide(
    needs: Sequence[Need], stocks: Mapping[tuple[int, int], DonorStock]
) -> list[Decision]:
    """Decide how each need is sourced, serving the most urgent first.

    :param stocks: donor stock by ``(warehouse_id, product_id)``.
    :returns: one :class:`~.model.Decision` per need, in the order they were
        served (critical, high, normal; then by stock-out, none last; then
        key). The same input always gives the same output.
    """
    holdings = {}
    names = _warehouse_names(stocks)
    return [
        _decide_one(need, stocks, holdings, names)
        for need in sorted(needs, key=_need_order)
    ]
