# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Demo data: a central store resupplying a hospital pharmacy and a clinic.

The XML file declares the warehouses, the distributor and the products; this
loader adds what XML cannot: the resupply routes' courier times and costs, a
month of ward consumption (done moves dated in the past, so the router sees a
daily demand), today's stock, the replenishment rules, and one run of the
router on the rules below their minimum. It shows a full transfer (gloves to
the clinic), a transfer and a purchase (IV sets to the pharmacy), a purchase
because the central store is at its minimum (blood tubes to the clinic) and
an escalated critical shortage (epinephrine at the pharmacy). Gauze at the
pharmacy is left below its minimum, for the user to simulate and order.
"""

import datetime
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

#: Demo warehouses by key.
WAREHOUSES = {
    "central": "replenishment_router.stock_warehouse_central_demo",
    "pharmacy": "replenishment_router.stock_warehouse_pharmacy_demo",
    "clinic": "replenishment_router.stock_warehouse_clinic_demo",
}
#: Demo products by key.
PRODUCTS = {
    "gloves": "replenishment_router.product_template_gloves_demo",
    "iv_set": "replenishment_router.product_template_iv_set_demo",
    "blood_tube": "replenishment_router.product_template_blood_tube_demo",
    "epinephrine": "replenishment_router.product_template_epinephrine_demo",
    "gauze": "replenishment_router.product_template_gauze_demo",
}
#: Resupply route of each receiving warehouse from the central store:
#: (transfer days, cost per unit, cost per shipment).
ROUTES = {
    "pharmacy": (0, 0.02, 0.0),  # a porter, same campus
    "clinic": (1, 0.05, 25.0),  # a courier run, next day
}
#: (warehouse, product): (on hand today, consumed over the last 30 days,
#: minimum, maximum of its replenishment rule).
STOCK = {
    ("central", "gloves"): (400, 240, 60, 200),
    ("central", "iv_set"): (150, 150, 50, 150),
    ("central", "blood_tube"): (200, 120, 200, 400),
    ("central", "epinephrine"): (24, 30, 24, 48),
    ("central", "gauze"): (260, 180, 100, 300),
    ("clinic", "gloves"): (6, 45, 15, 40),
    ("clinic", "blood_tube"): (60, 450, 150, 450),
    ("clinic", "gauze"): (40, 30, 20, 50),
    ("pharmacy", "iv_set"): (20, 120, 40, 120),
    ("pharmacy", "epinephrine"): (6, 90, 20, 40),
    ("pharmacy", "gauze"): (12, 60, 30, 80),
}
#: The rules the loader routes: transfer, split, buy, escalation.
ROUTED = (
    ("clinic", "gloves"),
    ("pharmacy", "iv_set"),
    ("clinic", "blood_tube"),
    ("pharmacy", "epinephrine"),
)
#: Ward consumption days (days ago) over the demand window.
CONSUMPTION_DAYS = (27, 22, 17, 12, 7, 2)
#: The stock count the history starts from (days ago).
COUNT_DAYS = 31


def _split(quantity, parts):
    """``quantity`` in ``parts`` whole numbers, the first ones larger."""
    share, rest = divmod(int(quantity), parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


class ReplenishmentRouterDemo(models.AbstractModel):
    _name = "replenishment.router.demo"
    _description = "Replenishment Router Demo Loader"

    @api.model
    def _load_demo(self):
        """Routes, a month of consumption, rules; then route the demo rules."""
        warehouses = {key: self.env.ref(xmlid) for key, xmlid in WAREHOUSES.items()}
        products = {
            key: self.env.ref(xmlid).product_variant_id
            for key, xmlid in PRODUCTS.items()
        }
        self._demo_routes(warehouses)
        for (warehouse, product), (on_hand, consumed, _min, _max) in STOCK.items():
            self._demo_history(
                warehouses[warehouse], products[product], on_hand, consumed
            )
        orderpoints = self._demo_orderpoints(warehouses, products)
        decisions = self._demo_route(
            self.env["stock.warehouse.orderpoint"].concat(
                *(orderpoints[key] for key in ROUTED)
            )
        )
        _logger.info(
            "Replenishment router demo loaded: %s decision(s), %s escalated",
            len(decisions),
            len(decisions.filtered("escalated")),
        )

    @api.model
    def _demo_routes(self, warehouses):
        """Courier time and costs of the central store's resupply routes."""
        for key, (days, per_unit, per_shipment) in ROUTES.items():
            route = self.env["stock.route"].search(
                [
                    ("supplied_wh_id", "=", warehouses[key].id),
                    ("supplier_wh_id", "=", warehouses["central"].id),
                ],
                limit=1,
            )
            route.write(
                {
                    "replenishment_cost_per_unit": per_unit,
                    "replenishment_cost_per_transfer": per_shipment,
                }
            )
            # The leg out of the transit location is the courier's.
            route.rule_ids.filtered(
                lambda rule: rule.location_src_id.usage == "transit"
            ).delay = days

    @api.model
    def _demo_history(self, warehouse, product, on_hand, consumed):
        """A stock count a month ago, then the wards' consumption since."""
        stock = warehouse.lot_stock_id
        self._demo_move(
            product,
            product.with_company(warehouse.company_id).property_stock_inventory,
            stock,
            on_hand + consumed,
            self.env._("Stock count"),
            COUNT_DAYS,
            is_inventory=True,
        )
        customers = self.env.ref("stock.stock_location_customers")
        parts = _split(consumed, len(CONSUMPTION_DAYS))
        for days_ago, quantity in zip(CONSUMPTION_DAYS, parts, strict=True):
            if quantity:
                self._demo_move(
                    product,
                    stock,
                    customers,
                    quantity,
                    self.env._("Ward consumption"),
                    days_ago,
                )

    @api.model
    def _demo_move(
        self, product, source, destination, quantity, name, days_ago, **vals
    ):
        """A done move of ``quantity``, dated ``days_ago`` days ago."""
        move = self.env["stock.move"].create(
            {
                "name": name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": (source.company_id or destination.company_id).id,
                **vals,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        date = fields.Datetime.now() - datetime.timedelta(days=days_ago)
        move.write({"date": date})
        move.move_line_ids.write({"date": date})
        return move

    @api.model
    def _demo_orderpoints(self, warehouses, products):
        """The manual replenishment rules, by (warehouse, product) key.

        Created by the administrator: the replenishment report deletes the
        manual rules OdooBot created once they have nothing left to order,
        taking them for its own suggestions.
        """
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_user(
            self.env.ref("base.user_admin")
        )
        orderpoints = {}
        for (warehouse_key, product_key), row in STOCK.items():
            warehouse = warehouses[warehouse_key]
            orderpoint = Orderpoint.create(
                {
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_id": products[product_key].id,
                    "product_min_qty": row[2],
                    "product_max_qty": row[3],
                    "trigger": "manual",
                    "company_id": warehouse.company_id.id,
                }
            ).with_env(self.env)
            xmlid = f"stock_warehouse_orderpoint_{warehouse_key}_{product_key}_demo"
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"replenishment_router.{xmlid}",
                        "record": orderpoint,
                        "noupdate": True,
                    }
                ]
            )
            orderpoints[(warehouse_key, product_key)] = orderpoint
        return orderpoints

    @api.model
    def _demo_route(self, orderpoints):
        """What the Order button does, for the demo rules only."""
        orderpoints._procure_orderpoint_confirm(company_id=orderpoints.company_id)
        return self.env["replenishment.decision"].search(
            [("orderpoint_id", "in", orderpoints.ids)]
        )
