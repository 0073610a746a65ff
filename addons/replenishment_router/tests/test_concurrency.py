# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two clinics short of the same item, one donor, two database transactions.

The test transaction cannot be seen by other connections, so this case works
on data it commits itself through its own connections, and removes it after.
"""

import random
import threading
import time

import psycopg2

from odoo import SUPERUSER_ID, Command, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentRuns(BaseCase):
    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        with self._connection() as env:
            self.ids = self._create_network(env)
            env.cr.commit()
        self.addCleanup(self._remove_network)

    def _connection(self):
        return _Connection(self.dbname)

    def _create_network(self, env):
        suffix = f"{random.randrange(1000):03d}"
        Warehouse = env["stock.warehouse"]
        central = Warehouse.create(
            {"name": f"Conc Central {suffix}", "code": f"C{suffix}"}
        )
        receivers = Warehouse.create(
            [
                {
                    "name": f"Conc {kind} {suffix}",
                    "code": f"{kind[0]}{suffix}",
                    "resupply_wh_ids": [Command.link(central.id)],
                }
                for kind in ("Pharmacy", "Lab")
            ]
        )
        vendor = env["res.partner"].create({"name": f"Conc Vendor {suffix}"})
        product = env["product.product"].create(
            {
                "name": f"Blood collection tube 4 ml {suffix}",
                "is_storable": True,
                "route_ids": [
                    Command.link(env.ref("purchase_stock.route_warehouse0_buy").id)
                ],
                "seller_ids": [
                    Command.create({"partner_id": vendor.id, "price": 1, "delay": 5})
                ],
            }
        )
        env["stock.quant"]._update_available_quantity(product, central.lot_stock_id, 80)
        Orderpoint = env["stock.warehouse.orderpoint"]
        Orderpoint.create(
            {
                "warehouse_id": central.id,
                "location_id": central.lot_stock_id.id,
                "product_id": product.id,
                "product_min_qty": 20,
                "product_max_qty": 20,
            }
        )
        rules = Orderpoint.create(
            [
                {
                    "warehouse_id": receiver.id,
                    "location_id": receiver.lot_stock_id.id,
                    "product_id": product.id,
                    "product_min_qty": 30,
                    "product_max_qty": 50,
                }
                for receiver in receivers
            ]
        )
        return {
            "warehouses": (central | receivers).ids,
            "central": central.id,
            "product": product.id,
            "vendor": vendor.id,
            "rules": rules.ids,
        }

    def _remove_network(self):
        with self._connection() as env:
            product = env["product.product"].browse(self.ids["product"])
            moves = env["stock.move"].search([("product_id", "=", product.id)])
            env["replenishment.decision"].search(
                [("product_id", "=", product.id)]
            ).unlink()
            orders = (
                env["purchase.order.line"]
                .search([("product_id", "=", product.id)])
                .order_id
            )
            orders.button_cancel()
            orders.unlink()
            pickings = moves.picking_id
            moves._action_cancel()
            pickings.unlink()
            moves.exists().unlink()
            env["stock.warehouse.orderpoint"].search(
                [("product_id", "=", product.id)]
            ).unlink()
            env["stock.quant"].search([("product_id", "=", product.id)]).sudo().unlink()
            product.active = False
            env["stock.warehouse"].browse(self.ids["warehouses"]).active = False
            env.cr.commit()

    def test_second_transaction_cannot_allocate_the_same_surplus(self):
        pharmacy_rule, lab_rule = self.ids["rules"]
        outcome = {}

        with self._connection() as env_a, self._connection() as env_b:
            # The lab's run starts (its snapshot is taken) ...
            env_b.cr.execute("SELECT pg_backend_pid()")
            lab_pid = env_b.cr.fetchone()[0]
            # ... while the pharmacy's run allocates the central store's surplus.
            self._route(env_a, pharmacy_rule)

            def lab_run():
                try:
                    with mute_logger("odoo.sql_db"):
                        self._route(env_b, lab_rule)
                    outcome["lab"] = "routed"
                except psycopg2.errors.SerializationFailure:
                    outcome["lab"] = "serialization failure"
                    env_b.cr.rollback()

            thread = threading.Thread(target=lab_run)
            thread.start()
            self.assertTrue(
                self._waits_for_lock(env_a, lab_pid), "the lab never waited"
            )
            env_a.cr.commit()
            thread.join(30)
            self.assertEqual(outcome.get("lab"), "serialization failure")

            # Odoo retries such a transaction: on fresh data the lab gets
            # what is left, and buys the rest.
            self._route(env_b, lab_rule)
            env_b.cr.commit()

        with self._connection() as env:
            Decision = env["replenishment.decision"]
            pharmacy = Decision.search([("orderpoint_id", "=", pharmacy_rule)])
            lab = Decision.search([("orderpoint_id", "=", lab_rule)])
            self.assertEqual((pharmacy.transfer_qty, pharmacy.buy_qty), (50, 0))
            self.assertEqual((lab.transfer_qty, lab.buy_qty), (10, 40))
            central = env["stock.warehouse"].browse(self.ids["central"])
            out_of_central = env["stock.move"].search(
                [
                    ("product_id", "=", self.ids["product"]),
                    ("location_id", "=", central.lot_stock_id.id),
                ]
            )
            self.assertEqual(sum(out_of_central.mapped("product_uom_qty")), 60)

    def _route(self, env, rule_id):
        rule = env["stock.warehouse.orderpoint"].browse(rule_id)
        rule._procure_orderpoint_confirm(company_id=rule.company_id)

    def _waits_for_lock(self, env, pid, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            env.cr.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = env.cr.fetchone()
            if row and row[0] == "Lock":
                return True
            time.sleep(0.1)
        return False


class _Connection:
    """An environment on a connection of its own (not the test transaction)."""

    def __init__(self, dbname):
        self.cr = db_connect(dbname).cursor()

    def __enter__(self):
        return api.Environment(self.cr, SUPERUSER_ID, {"tracking_disable": True})

    def __exit__(self, *exc):
        self.cr.rollback()
        self.cr.close()
