# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Read a batch of orderpoints' data in bulk, ask the core engine, act on it.

The decision rules live in :mod:`integration_core.replenishment`; this model
only gathers their inputs (a fixed number of queries per batch, whatever its
size) and turns the decisions into Odoo procurements and records.
"""

import dataclasses
import datetime
import logging
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import SQL, float_round

from integration_core.replenishment import DonorStock, Lot, Need, Route, decide

_logger = logging.getLogger(__name__)

PENDING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
CONSUMPTION_USAGES = ("customer", "production", "inventory")


@dataclasses.dataclass
class RoutingInputs:
    """What the engine needs, and the records to act on its answer."""

    needs: list
    stocks: dict
    routes: dict  # route id -> stock.route
    orderpoints: dict  # orderpoint id -> stock.warehouse.orderpoint


@dataclasses.dataclass
class RoutingPlan:
    """Decisions of one run, before and after Odoo created the documents."""

    inputs: RoutingInputs
    decisions: list
    trigger: str
    first_move_id: int  # documents with a larger id were created by the run
    first_purchase_line_id: int


class ReplenishmentRouter(models.AbstractModel):
    _name = "replenishment.router"
    _description = "Replenishment Router"

    # ------------------------------------------------------------------
    # Public verbs
    # ------------------------------------------------------------------

    @api.model
    def _plan(self, procurements, trigger="scheduler"):
        """Split orderpoint procurements into transfers and the rest to buy.

        Return ``(procurements to run, plan)``; procurements that do not come
        from an orderpoint pass through unchanged, and ``plan`` is ``None``
        when there is nothing to route.
        """
        from_orderpoint = [p for p in procurements if p.values.get("orderpoint_id")]
        if not from_orderpoint:
            return procurements, None
        quantities = {
            p.values["orderpoint_id"].id: p.product_qty for p in from_orderpoint
        }
        orderpoints = self.env["stock.warehouse.orderpoint"].browse(list(quantities))
        inputs = self._read_inputs(orderpoints, quantities)
        decisions = decide(inputs.needs, inputs.stocks)
        self._lock_donors(decisions)
        routed = [p for p in procurements if not p.values.get("orderpoint_id")]
        by_orderpoint = {p.values["orderpoint_id"].id: p for p in from_orderpoint}
        for decision in decisions:
            routed += self._procurements_for(
                decision, by_orderpoint[decision.key], inputs
            )
        return routed, RoutingPlan(
            inputs,
            decisions,
            trigger,
            first_move_id=self._max_id("stock_move"),
            first_purchase_line_id=self._max_id("purchase_order_line"),
        )

    @api.model
    def _record(self, plan):
        """Store the decisions of ``plan`` with the documents Odoo created."""
        moves_by_orderpoint, lines_by_orderpoint = self._created_documents(plan)
        needs = {need.key: need for need in plan.inputs.needs}
        vals_list = [
            self._decision_values(
                decision,
                needs[decision.key],
                plan,
                moves_by_orderpoint.get(decision.key, self.env["stock.move"]),
                lines_by_orderpoint.get(decision.key, self.env["purchase.order.line"]),
            )
            for decision in plan.decisions
        ]
        # Decisions are a log: no creation message, follower or tracking each.
        records = (
            self.env["replenishment.decision"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
            .create(vals_list)
        )
        for record in records:
            record.orderpoint_id.replenishment_decision_id = record
        records.filtered("escalated")._escalate()
        # Logged as part of the replenishment, whoever pressed the button.
        records.picking_ids._replenishment_notify_logistics(
            initiator="cron" if self.env.su else "user"
        )
        return records

    @api.model
    def _simulate(self, orderpoints):
        """Decisions for ``orderpoints`` as they stand; nothing is written."""
        quantities = {
            orderpoint.id: orderpoint.qty_to_order
            for orderpoint in orderpoints
            if orderpoint.qty_to_order > 0
        }
        if not quantities:
            return [], None
        inputs = self._read_inputs(orderpoints.browse(list(quantities)), quantities)
        return decide(inputs.needs, inputs.stocks), inputs

    # ------------------------------------------------------------------
    # Inputs, in bulk
    # ------------------------------------------------------------------

    @api.model
    def _read_inputs(self, orderpoints, quantities):
        receivers = orderpoints.warehouse_id
        donors_by_receiver = receivers._replenishment_donors()
        donors = self.env["stock.warehouse"].union(*donors_by_receiver.values())
        products = orderpoints.product_id
        routes = self._resupply_routes(receivers, donors)
        route_days = self._route_days(routes)
        sellers = self._sellers(products)
        warehouses = receivers | donors
        locations = self._internal_locations(warehouses)
        demand = self._daily_demand(products, warehouses, locations)
        stocks = self._donor_stocks(products, donors, locations, demand, sellers)
        needs = []
        for orderpoint in orderpoints:
            receiver = orderpoint.warehouse_id
            product = orderpoint.product_id
            category = product.categ_id
            seller = sellers.get(product.id)
            needs.append(
                Need(
                    key=orderpoint.id,
                    product_id=product.id,
                    product_name=product.display_name,
                    warehouse_id=receiver.id,
                    warehouse_name=receiver.name,
                    quantity=quantities[orderpoint.id],
                    uom_name=orderpoint.product_uom.name,
                    free_quantity=orderpoint.qty_forecast,
                    daily_demand=demand.get((receiver.id, product.id), 0.0),
                    purchase_days=seller["days"] if seller else None,
                    purchase_unit_cost=(
                        seller["price"] if seller else product.standard_price
                    ),
                    shortage_cost_per_unit=category.replenishment_shortage_cost,
                    supplier_name=seller["name"] if seller else "",
                    criticality=product.supply_criticality,
                    routes=tuple(
                        Route(
                            donor_warehouse_id=donor.id,
                            transfer_days=route_days.get(route.id, 0.0),
                            cost_per_unit=route.replenishment_cost_per_unit,
                            cost_per_transfer=route.replenishment_cost_per_transfer,
                            route_id=route.id,
                        )
                        for donor in donors_by_receiver[receiver]
                        for route in [routes.get((receiver.id, donor.id))]
                        if route
                    ),
                    min_shelf_days=category.replenishment_min_shelf_days,
                    accept_short_dated=receiver.replenishment_accept_short_dated,
                )
            )
        return RoutingInputs(
            needs=needs,
            stocks=stocks,
            routes={route.id: route for route in routes.values()},
            orderpoints={orderpoint.id: orderpoint for orderpoint in orderpoints},
        )

    @api.model
    def _resupply_routes(self, receivers, donors):
        """Odoo's inter-warehouse resupply routes, by (receiver, donor)."""
        if not donors:
            return {}
        routes = self.env["stock.route"].search(
            [
                ("supplied_wh_id", "in", receivers.ids),
                ("supplier_wh_id", "in", donors.ids),
            ],
            order="sequence, id",
        )
        by_pair = {}
        for route in routes:
            by_pair.setdefault(
                (route.supplied_wh_id.id, route.supplier_wh_id.id), route
            )
        return by_pair

    @api.model
    def _route_days(self, routes):
        """A route's transfer time: the sum of its rules' delays."""
        if not routes:
            return {}
        groups = self.env["stock.rule"]._read_group(
            [("route_id", "in", [route.id for route in routes.values()])],
            ["route_id"],
            ["delay:sum"],
        )
        return {route.id: float(delay or 0) for route, delay in groups}

    @api.model
    def _sellers(self, products):
        """The vendor Odoo's buy rule would pick first, per product (id)."""
        today = fields.Date.context_today(self)
        infos = self.env["product.supplierinfo"].search(
            [
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("company_id", "in", [False, *self.env.companies.ids]),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            order="sequence, min_qty desc, price, id",
        )
        infos_by_template = defaultdict(list)
        for info in infos:
            infos_by_template[info.product_tmpl_id.id].append(info)
        sellers = {}
        for product in products:
            for info in infos_by_template[product.product_tmpl_id.id]:
                if info.product_id and info.product_id != product:
                    continue
                company = info.company_id or self.env.company
                sellers[product.id] = {
                    "name": info.partner_id.name,
                    "price": info.price,
                    "days": info.delay + company.po_lead + company.days_to_purchase,
                }
                break
        return sellers

    @api.model
    def _internal_locations(self, warehouses):
        """Internal location id -> warehouse id, for these warehouses."""
        rows = self.env["stock.location"].search_read(
            [("warehouse_id", "in", warehouses.ids), ("usage", "=", "internal")],
            ["warehouse_id"],
            load=None,
        )
        return {row["id"]: row["warehouse_id"] for row in rows}

    @api.model
    def _daily_demand(self, products, warehouses, locations):
        """(warehouse id, product id) -> average consumption per day."""
        demand = defaultdict(float)
        by_window = defaultdict(list)
        for warehouse in warehouses:
            by_window[max(warehouse.replenishment_demand_days, 1)].append(warehouse.id)
        now = fields.Datetime.now()
        for days, warehouse_ids in by_window.items():
            location_ids = [
                location_id
                for location_id, warehouse_id in locations.items()
                if warehouse_id in warehouse_ids
            ]
            groups = self.env["stock.move"]._read_group(
                [
                    ("state", "=", "done"),
                    ("date", ">=", now - datetime.timedelta(days=days)),
                    ("product_id", "in", products.ids),
                    ("location_id", "in", location_ids),
                    ("location_dest_id.usage", "in", CONSUMPTION_USAGES),
                ],
                ["product_id", "location_id"],
                ["product_qty:sum"],
            )
            for product, location, quantity in groups:
                demand[(locations[location.id], product.id)] += quantity / days
        return dict(demand)

    @api.model
    def _donor_stocks(self, products, donors, locations, demand, sellers):
        """(warehouse id, product id) -> DonorStock, for every donor."""
        if not donors:
            return {}
        donor_locations = [
            location_id
            for location_id, warehouse_id in locations.items()
            if warehouse_id in donors.ids
        ]
        on_hand, lots = self._donor_on_hand(products, donor_locations, locations)
        outgoing = self._donor_outgoing(products, donor_locations, locations)
        minimums = self._donor_minimums(products, donors)
        stocks = {}
        for donor in donors:
            for product in products:
                key = (donor.id, product.id)
                seller = sellers.get(product.id)
                stocks[key] = DonorStock(
                    warehouse_id=donor.id,
                    warehouse_name=donor.name,
                    product_id=product.id,
                    on_hand=on_hand.get(key, 0.0),
                    outgoing=outgoing.get(key, 0.0),
                    lots=tuple(lots.get(key, ())),
                    minimum=minimums.get(key, 0.0),
                    daily_demand=demand.get(key, 0.0),
                    lead_days=seller["days"] if seller else 0.0,
                    safety_days=product.categ_id.replenishment_safety_days,
                )
        return stocks

    @api.model
    def _donor_on_hand(self, products, donor_locations, locations):
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("location_id", "in", donor_locations),
            ],
            ["product_id", "location_id", "lot_id"],
            ["quantity:sum"],
        )
        expiry = self._lot_expiry_days({lot.id for _p, _l, lot, _q in groups if lot})
        on_hand = defaultdict(float)
        lots = defaultdict(list)
        for product, location, lot, quantity in groups:
            key = (locations[location.id], product.id)
            on_hand[key] += quantity
            if lot and expiry.get(lot.id) is not None and quantity > 0:
                lots[key].append(Lot(quantity=quantity, expires_in_days=expiry[lot.id]))
        return on_hand, lots

    @api.model
    def _lot_expiry_days(self, lot_ids):
        if not lot_ids:
            return {}
        now = fields.Datetime.now()
        rows = self.env["stock.lot"].search_read(
            [("id", "in", list(lot_ids)), ("expiration_date", "!=", False)],
            ["expiration_date"],
            load=None,
        )
        return {
            row["id"]: (row["expiration_date"] - now).total_seconds() / 86400
            for row in rows
        }

    @api.model
    def _donor_outgoing(self, products, donor_locations, locations):
        """Quantities already promised out of each donor warehouse."""
        groups = self.env["stock.move"]._read_group(
            [
                ("state", "in", PENDING_MOVE_STATES),
                ("product_id", "in", products.ids),
                ("location_id", "in", donor_locations),
                ("location_dest_id", "not in", donor_locations),
            ],
            ["product_id", "location_id"],
            ["product_qty:sum"],
        )
        outgoing = defaultdict(float)
        for product, location, quantity in groups:
            outgoing[(locations[location.id], product.id)] += quantity
        return outgoing

    @api.model
    def _donor_minimums(self, products, donors):
        groups = self.env["stock.warehouse.orderpoint"]._read_group(
            [("warehouse_id", "in", donors.ids), ("product_id", "in", products.ids)],
            ["warehouse_id", "product_id"],
            ["product_min_qty:sum"],
        )
        return {
            (warehouse.id, product.id): minimum
            for warehouse, product, minimum in groups
        }

    # ------------------------------------------------------------------
    # Acting on decisions
    # ------------------------------------------------------------------

    @api.model
    def _lock_donors(self, decisions):
        donor_ids = {
            transfer.warehouse_id for d in decisions for transfer in d.transfers
        }
        self.env["stock.warehouse"].browse(sorted(donor_ids))._replenishment_lock()

    @api.model
    def _procurements_for(self, decision, procurement, inputs):
        """The transfers and the purchase replacing one orderpoint procurement."""
        procurements = [
            procurement._replace(
                product_qty=transfer.quantity,
                values={
                    **procurement.values,
                    "route_ids": inputs.routes[transfer.route_id],
                },
            )
            for transfer in decision.transfers
        ]
        rounding = procurement.product_uom.rounding
        buy_quantity = float_round(decision.buy_quantity, precision_rounding=rounding)
        if buy_quantity > 0:
            values = dict(procurement.values)
            if values.get("route_ids") and values["route_ids"].supplier_wh_id:
                # The rule resupplies from another warehouse: what is left to
                # find is bought, not pulled blindly from that warehouse.
                values["route_ids"] = self.env["stock.route"]
            procurements.append(
                procurement._replace(product_qty=buy_quantity, values=values)
            )
        return procurements

    @api.model
    def _max_id(self, table):
        self.env.cr.execute(
            SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table))
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _created_documents(self, plan):
        orderpoint_ids = [decision.key for decision in plan.decisions]
        self.env.flush_all()
        moves = self.env["stock.move"].search(
            [
                ("id", ">", plan.first_move_id),
                ("orderpoint_id", "in", orderpoint_ids),
            ]
        )
        lines = self.env["purchase.order.line"].search(
            [
                ("orderpoint_id", "in", orderpoint_ids),
                ("state", "in", ("draft", "sent", "to approve")),
                "|",
                ("id", ">", plan.first_purchase_line_id),
                ("write_date", ">=", self.env.cr.now()),
            ]
        )
        return (
            {op.id: group for op, group in moves.grouped("orderpoint_id").items()},
            {op.id: group for op, group in lines.grouped("orderpoint_id").items()},
        )

    @api.model
    def _decision_values(self, decision, need, plan, moves, lines):
        orderpoint = plan.inputs.orderpoints[decision.key]
        transfer_moves = moves.filtered(lambda move: not move.purchase_line_id)
        return {
            "company_id": orderpoint.company_id.id,
            "orderpoint_id": orderpoint.id,
            "product_id": orderpoint.product_id.id,
            "warehouse_id": orderpoint.warehouse_id.id,
            "uom_id": orderpoint.product_uom.id,
            "criticality": need.criticality,
            "trigger": plan.trigger,
            "need_qty": decision.need,
            "transfer_qty": decision.transferred,
            "buy_qty": decision.buy_quantity,
            "buy_days": decision.buy_days or 0.0,
            "stockout_days": decision.stockout_days or 0.0,
            "stockout_expected": decision.stockout_days is not None,
            "escalated": decision.escalated,
            "explanation": decision.explanation,
            "inputs": self._inputs_json(need, plan.inputs.stocks),
            "transfer_cost": decision.transfer_cost,
            "purchase_cost_avoided": decision.purchase_cost_avoided,
            "picking_ids": [
                Command.set(
                    (
                        transfer_moves.picking_id
                        | transfer_moves.move_orig_ids.picking_id
                    ).ids
                )
            ],
            "purchase_line_ids": [Command.set(lines.ids)],
            "donor_ids": self._donor_commands(decision),
        }

    @api.model
    def _donor_commands(self, decision):
        return [
            Command.create(
                {
                    "sequence": rank,
                    "warehouse_id": candidate.warehouse_id,
                    "available_qty": candidate.available,
                    "keep_qty": candidate.keeps,
                    "surplus_qty": candidate.surplus,
                    "sendable_qty": candidate.sendable,
                    "at_risk_qty": candidate.at_risk,
                    "arrival_days": candidate.arrival_days,
                    "cost": candidate.cost,
                    "quantity": candidate.quantity,
                    "reason": candidate.reason,
                    "note": candidate.note,
                }
            )
            for rank, candidate in enumerate(decision.candidates, start=1)
        ]

    @api.model
    def _inputs_json(self, need, stocks):
        donor_ids = sorted({route.donor_warehouse_id for route in need.routes})
        return {
            "need": dataclasses.asdict(need),
            "donors": [
                dataclasses.asdict(stocks[donor_id, need.product_id])
                for donor_id in donor_ids
                if (donor_id, need.product_id) in stocks
            ],
        }
