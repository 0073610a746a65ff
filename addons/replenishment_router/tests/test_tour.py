# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReplenishmentRouterTour(HttpCase):
    """An inventory manager simulates a clinic's replenishment from the
    report, then reads why the pharmacy's gauze was transferred and opens the
    transfer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.groups_id |= (
            cls.env.ref("stock.group_stock_manager")
            | cls.env.ref("stock.group_stock_multi_warehouses")
            | cls.env.ref("stock.group_stock_multi_locations")
            | cls.env.ref("purchase.group_purchase_manager")
        )
        company = cls.env.company
        Warehouse = cls.env["stock.warehouse"]
        cls.central = Warehouse.create(
            {"name": "Tour Central Store", "code": "TRCS", "company_id": company.id}
        )
        cls.pharmacy, cls.clinic = Warehouse.create(
            [
                {
                    "name": f"Tour {name}",
                    "code": code,
                    "company_id": company.id,
                    "resupply_wh_ids": [Command.link(cls.central.id)],
                }
                for name, code in (
                    ("Hospital Pharmacy", "TRPH"),
                    ("Outpatient Clinic", "TRCL"),
                )
            ]
        )
        vendor = cls.env["res.partner"].create(
            {"name": "Tour Medical Distributor", "is_company": True}
        )
        cls.gauze = cls.env["product.product"].create(
            {
                "name": "Tour gauze swab 10 x 10 cm",
                "default_code": "TOURGZ",
                "is_storable": True,
                "standard_price": 4.2,
                "route_ids": [
                    Command.link(cls.env.ref("purchase_stock.route_warehouse0_buy").id)
                ],
                "seller_ids": [
                    Command.create({"partner_id": vendor.id, "price": 4.2, "delay": 5})
                ],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.gauze, cls.central.lot_stock_id, 200
        )
        # Rules OdooBot creates are taken by the replenishment report for its
        # own suggestions, and deleted once there is nothing to order.
        Orderpoint = cls.env["stock.warehouse.orderpoint"].with_user(cls.admin)
        cls.pharmacy_rule, cls.clinic_rule = Orderpoint.create(
            [
                {
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_id": cls.gauze.id,
                    "product_min_qty": minimum,
                    "product_max_qty": maximum,
                    "trigger": "manual",
                }
                for warehouse, minimum, maximum in (
                    (cls.pharmacy, 20, 50),
                    (cls.clinic, 10, 30),
                )
            ]
        ).with_env(cls.env)
        cls.pharmacy_rule._procure_orderpoint_confirm(company_id=company)
        cls.decision = cls.pharmacy_rule.replenishment_decision_id

    def test_simulate_then_follow_the_decision_to_its_transfer(self):
        self.assertEqual(self.decision.kind, "transfer")
        self.assertEqual(self.decision.transfer_qty, 50)
        self.assertEqual(len(self.decision.picking_ids), 2)
        self.assertFalse(self.clinic_rule.replenishment_decision_id)
        self.assertEqual(self.clinic_rule.qty_to_order, 30)

        self.start_tour("/odoo", "replenishment_router_tour", login="admin")

        # Simulating wrote nothing: the clinic's rule is still to order.
        self.assertFalse(self.clinic_rule.replenishment_decision_id)
        self.assertEqual(
            self.env["replenishment.decision"].search_count(
                [("product_id", "=", self.gauze.id)]
            ),
            1,
        )
        self.assertTrue(self.pharmacy_rule.exists())
