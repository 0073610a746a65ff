# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A small care network: a central store that donates, a pharmacy, a clinic."""

import datetime

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class RouterCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write({"po_lead": 0, "days_to_purchase": 0})
        cls.env.user.groups_id |= cls.env.ref("stock.group_stock_multi_warehouses")
        cls.central, cls.pharmacy, cls.clinic = cls._network(cls.company, "T")
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Contract Supplier", "is_company": True}
        )
        cls.category = cls.env["product.category"].create(
            {
                "name": "Test medical supplies",
                "replenishment_safety_days": 0,
                "replenishment_min_shelf_days": 30,
            }
        )
        cls.gauze = cls._product("Gauze swabs 10x10, box", code="GZ-1010")
        cls.planner = new_test_user(
            cls.env,
            "supply_planner",
            groups="base.group_user,stock.group_stock_manager,"
            "stock.group_stock_multi_warehouses,purchase.group_purchase_user",
        )

    @classmethod
    def _network(cls, company, prefix):
        Warehouse = cls.env["stock.warehouse"].with_company(company)
        central = Warehouse.create(
            {
                "name": f"{prefix} Central Store",
                "code": f"{prefix}CS",
                "company_id": company.id,
            }
        )
        pharmacy = Warehouse.create(
            {
                "name": f"{prefix} Hospital Pharmacy",
                "code": f"{prefix}PH",
                "company_id": company.id,
                "resupply_wh_ids": [Command.link(central.id)],
            }
        )
        clinic = Warehouse.create(
            {
                "name": f"{prefix} Outpatient Clinic",
                "code": f"{prefix}CL",
                "company_id": company.id,
                "resupply_wh_ids": [Command.link(central.id)],
            }
        )
        return central, pharmacy, clinic

    @classmethod
    def _product(cls, name, code, price=10.0, delay=7, criticality="normal", **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "is_storable": True,
                "categ_id": cls.category.id,
                "standard_price": price,
                "supply_criticality": criticality,
                "route_ids": [
                    Command.link(cls.env.ref("purchase_stock.route_warehouse0_buy").id)
                ],
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": price, "delay": delay}
                    )
                ],
                **vals,
            }
        )

    def _stock(self, warehouse, product, quantity, lot=None):
        self.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, quantity, lot_id=lot
        )

    def _orderpoint(self, warehouse, product, minimum, maximum, trigger="auto"):
        # Created by a person: Odoo deletes the manual rules it created
        # itself once they are ordered.
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_user(self.planner)
        return Orderpoint.create(
            {
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
                "product_id": product.id,
                "product_min_qty": minimum,
                "product_max_qty": maximum,
                "trigger": trigger,
            }
        ).with_env(self.env)

    def _consume(self, warehouse, product, quantity, name="Ward consumption"):
        """Stock leaves ``warehouse`` for a ward (a done move); return it."""
        move = self.env["stock.move"].create(
            {
                "name": name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    def _consumed(self, warehouse, product, quantity, days_ago=10):
        """Record a past consumption out of ``warehouse`` (stock unchanged)."""
        self._stock(warehouse, product, quantity)
        move = self._consume(warehouse, product, quantity)
        move.date = fields.Datetime.now() - datetime.timedelta(days=days_ago)
        return move

    def _route(self, orderpoints):
        """What the Order button of the replenishment report does."""
        orderpoints._procure_orderpoint_confirm(company_id=self.company)
        return self.env["replenishment.decision"].search(
            [("orderpoint_id", "in", orderpoints.ids)], order="id"
        )

    def _purchase_lines(self, product):
        return self.env["purchase.order.line"].search([("product_id", "=", product.id)])

    def _moves_into(self, warehouse, product):
        return self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("location_dest_id", "=", warehouse.lot_stock_id.id),
                ("state", "not in", ("done", "cancel")),
            ]
        )
