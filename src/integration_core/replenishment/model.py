# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the replenishment engine reads and what it decides.

The addon builds, from Odoo records read in bulk, one :class:`Need` per
orderpoint below its minimum and one :class:`DonorStock` per product and
warehouse that may give some away; :func:`~.decide.decide` answers with one
:class:`Decision` per need: the transfers to make (:class:`Transfer`), what
to buy, and every donor considered (:class:`Candidate`) with the reason it
was or was not used.

Quantities are in the product's unit of measure, durations in days from now,
costs in the company currency.
"""

import dataclasses

#: How critical an item is for patient care; critical needs are served first
#: and escalated when nothing arrives before the stock-out.
CRITICAL = "critical"
HIGH = "high"
NORMAL = "normal"
CRITICALITIES = (CRITICAL, HIGH, NORMAL)

#: Why a donor was or was not used for a need (:attr:`Candidate.reason`).
USED = "used"
NO_SURPLUS = "no_surplus"
SHORT_DATED = "short_dated"
TOO_LATE = "too_late"
TOO_EXPENSIVE = "too_expensive"
NEED_COVERED = "need_covered"
REASONS = (USED, NO_SURPLUS, SHORT_DATED, TOO_LATE, TOO_EXPENSIVE, NEED_COVERED)


@dataclasses.dataclass(frozen=True)
class Lot:
    """Part of a warehouse's stock that expires at one time.

    :param expires_in_days: days until it expires, ``None`` when it never
        does; 0 or less when it has already expired.
    """

    quantity: float
    expires_in_days: float | None = None


@dataclasses.dataclass(frozen=True)
class DonorStock:
    """One product at one warehouse that may give some of it away.

    :param on_hand: physical stock in the warehouse (may be 0 or negative).
    :param outgoing: already promised out (pending outgoing moves).
    :param lots: ``on_hand`` broken down by expiry; the units of ``on_hand``
        no lot covers never expire.
    :param minimum: the warehouse's own orderpoint minimum, 0 without one.
    :param lead_days: how long the warehouse itself takes to be replenished.
    :param safety_days: safety buffer in days of demand (from the product
        category).
    """

    warehouse_id: int
    warehouse_name: str
    product_id: int
    on_hand: float
    outgoing: float = 0.0
    lots: tuple[Lot, ...] = ()
    minimum: float = 0.0
    daily_demand: float = 0.0
    lead_days: float = 0.0
    safety_days: float = 0.0


@dataclasses.dataclass(frozen=True)
class Route:
    """How a donor warehouse can supply the receiver.

    :param transfer_days: how long a transfer takes to arrive.
    :param cost_per_transfer: a fixed cost for each transfer, whatever its
        quantity (transport), added to ``cost_per_unit`` × quantity.
    :param route_id: opaque id the addon uses to create the transfer.
    :param donor_warehouse_name: the donor's name, for a donor with no
        :class:`DonorStock` (else the stock's name is used).
    """

    donor_warehouse_id: int
    transfer_days: float
    cost_per_unit: float = 0.0
    cost_per_transfer: float = 0.0
    route_id: int | None = None
    donor_warehouse_name: str = ""


@dataclasses.dataclass(frozen=True)
class Need:
    """One orderpoint below its minimum, at the receiving warehouse.

    :param key: the orderpoint id (opaque, returned in the decision).
    :param quantity: what Odoo would order (already respects multiples).
    :param free_quantity: the receiver's current forecast stock.
    :param purchase_days: vendor lead time, purchase lead days included;
        ``None`` when the product cannot be bought.
    :param shortage_cost_per_unit: what one unit missing at the receiver
        costs (one-off).
    :param criticality: :data:`CRITICAL`, :data:`HIGH` or :data:`NORMAL`.
    :param routes: the warehouses that can supply the receiver.
    :param min_shelf_days: the receiver refuses lots expiring within this
        many days, unless ``accept_short_dated``.
    """

    key: int
    product_id: int
    product_name: str
    warehouse_id: int
    warehouse_name: str
    quantity: float
    uom_name: str = "Units"
    free_quantity: float = 0.0
    daily_demand: float = 0.0
    purchase_days: float | None = None
    purchase_unit_cost: float = 0.0
    shortage_cost_per_unit: float = 0.0
    supplier_name: str = ""
    criticality: str = NORMAL
    routes: tuple[Route, ...] = ()
    min_shelf_days: float = 0.0
    accept_short_dated: bool = False


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A donor considered for one need, and why it was used or not.

    :param available: ``on_hand - outgoing``, after what earlier needs of the
        same run took.
    :param keeps: what the donor must keep for itself.
    :param surplus: ``max(0, available - keeps)``.
    :param sendable: the surplus the receiver accepts (expiry rule).
    :param at_risk: sendable units that would expire at the donor before it
        uses them.
    :param cost: transfer cost of ``quantity``, or of ``sendable`` when the
        donor is not used.
    :param quantity: transferred from this donor, 0 when not used.
    :param reason: one of :data:`REASONS`.
    :param note: the reason as a short English phrase, which follows the
        warehouse name in the explanation ("can spare 25 (keeps 30 for its
        own 10-day need), arrives tomorrow: transfer 25").
    """

    warehouse_id: int
    warehouse_name: str
    available: float
    keeps: float
    surplus: float
    sendable: float
    at_risk: float
    arrival_days: float
    cost: float
    quantity: float
    reason: str
    note: str
    route_id: int | None = None


@dataclasses.dataclass(frozen=True)
class Transfer:
    """Units to move from a donor warehouse to the receiver."""

    warehouse_id: int
    warehouse_name: str
    route_id: int | None
    quantity: float
    arrival_days: float
    cost: float


@dataclasses.dataclass(frozen=True)
class Decision:
    """How one need is sourced: transfers first, the rest bought.

    :param need: the needed quantity (:attr:`Need.quantity`).
    :param buy_quantity: what is left to buy; also reported when the product
        cannot be bought, so that the caller can say it cannot be sourced.
    :param buy_days: how long buying takes (:attr:`Need.purchase_days`),
        ``None`` when it cannot be bought.
    :param stockout_days: when the receiver runs out, ``None`` without demand.
    :param escalated: a critical need that nothing reaches in time.
    :param candidates: every donor considered, in ranking order.
    :param explanation: the decision as one English paragraph.
    :param purchase_cost_avoided: the purchase cost of the transferred units
        plus the shortage cost the transfers avoid.
    :param transfer_cost: what the transfers cost.
    """

    key: int
    product_id: int
    warehouse_id: int
    need: float
    transfers: tuple[Transfer, ...]
    buy_quantity: float
    buy_days: float | None
    stockout_days: float | None
    escalated: bool
    candidates: tuple[Candidate, ...]
    explanation: str
    purchase_cost_avoided: float
    transfer_cost: float

    @property
    def transferred(self) -> float:
        """The quantity all transfers together bring."""
        return round(sum(transfer.quantity for transfer in self.transfers), 6)

    @property
    def value_saved(self) -> float:
        """What transferring saves over buying (negative when it costs more)."""
        return round(self.purchase_cost_avoided - self.transfer_cost, 6)
