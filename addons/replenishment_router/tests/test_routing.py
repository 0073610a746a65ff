# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo.tests import tagged

from .common import RouterCase


@tagged("post_install", "-at_install")
class TestRouting(RouterCase):
    def test_scheduler_transfers_instead_of_buying(self):
        self._stock(self.central, self.gauze, 100)
        self._orderpoint(self.central, self.gauze, 20, 40)
        pharmacy_rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)

        self.env["procurement.group"].run_scheduler()

        decision = self.env["replenishment.decision"].search(
            [("orderpoint_id", "=", pharmacy_rule.id)]
        )
        self.assertEqual(len(decision), 1)
        self.assertEqual(decision.kind, "transfer")
        self.assertEqual(decision.transfer_qty, 50)
        self.assertFalse(self._purchase_lines(self.gauze))
        incoming = self._moves_into(self.pharmacy, self.gauze)
        self.assertEqual(sum(incoming.mapped("product_uom_qty")), 50)
        out_of_central = incoming.move_orig_ids
        self.assertEqual(out_of_central.location_id, self.central.lot_stock_id)
        self.assertEqual(
            decision.picking_ids, incoming.picking_id | out_of_central.picking_id
        )
        self.assertIn("transfer 50", decision.explanation)
        self.assertEqual(pharmacy_rule.replenishment_decision_id, decision)
        used = decision.donor_ids.filtered(lambda d: d.reason == "used")
        self.assertEqual(used.warehouse_id, self.central)
        self.assertEqual(used.surplus_qty, 80)

    def test_donor_at_its_minimum_is_left_alone(self):
        self._stock(self.central, self.gauze, 20)
        self._orderpoint(self.central, self.gauze, 20, 40)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)

        decision = self._route(rule)

        self.assertEqual(decision.kind, "buy")
        self.assertEqual(decision.buy_qty, 50)
        self.assertEqual(decision.donor_ids.reason, "no_surplus")
        self.assertFalse(self._moves_into(self.pharmacy, self.gauze).move_orig_ids)
        line = self._purchase_lines(self.gauze)
        self.assertEqual(line.product_qty, 50)
        self.assertEqual(line.order_id.partner_id, self.vendor)
        self.assertEqual(decision.purchase_line_ids, line)
        self.assertEqual(self.central.lot_stock_id.quant_ids.quantity, 20)

    def test_split_creates_a_transfer_and_a_purchase(self):
        self._stock(self.central, self.gauze, 45)
        self._orderpoint(self.central, self.gauze, 20, 40)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)

        decision = self._route(rule)

        self.assertEqual(decision.kind, "split")
        self.assertEqual((decision.transfer_qty, decision.buy_qty), (25, 25))
        self.assertEqual(self._purchase_lines(self.gauze).product_qty, 25)
        transfer = self._moves_into(self.pharmacy, self.gauze).filtered("move_orig_ids")
        self.assertEqual(transfer.product_uom_qty, 25)
        self.assertTrue(decision.picking_ids)
        self.assertTrue(decision.purchase_line_ids)

    def test_two_clinics_one_donor_no_double_allocation(self):
        self._stock(self.central, self.gauze, 80)
        self._orderpoint(self.central, self.gauze, 20, 40)
        rules = self._orderpoint(self.pharmacy, self.gauze, 30, 50) | self._orderpoint(
            self.clinic, self.gauze, 30, 50
        )

        decisions = self._route(rules)

        self.assertEqual(len(decisions), 2)
        self.assertEqual(sum(decisions.mapped("transfer_qty")), 60)
        self.assertEqual(sum(decisions.mapped("buy_qty")), 40)
        out_of_central = self.env["stock.move"].search(
            [
                ("product_id", "=", self.gauze.id),
                ("location_id", "=", self.central.lot_stock_id.id),
            ]
        )
        self.assertEqual(sum(out_of_central.mapped("product_uom_qty")), 60)

    def test_running_twice_creates_nothing_more(self):
        self._stock(self.central, self.gauze, 45)
        self._orderpoint(self.central, self.gauze, 20, 40)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        self.env["procurement.group"].run_scheduler()
        moves = self.env["stock.move"].search([("product_id", "=", self.gauze.id)])
        line = self._purchase_lines(self.gauze)

        self.env["procurement.group"].run_scheduler()
        rule.action_replenish()

        self.assertEqual(
            self.env["stock.move"].search([("product_id", "=", self.gauze.id)]), moves
        )
        self.assertEqual(self._purchase_lines(self.gauze), line)
        self.assertEqual(line.product_qty, 25)
        self.assertEqual(
            self.env["replenishment.decision"].search_count(
                [("product_id", "=", self.gauze.id)]
            ),
            1,
        )

    def test_later_rule_cannot_take_what_was_transferred(self):
        """The first transfer is pending when the clinic runs short: the
        central store's promised units are not counted again."""
        self._stock(self.central, self.gauze, 80)
        self._orderpoint(self.central, self.gauze, 20, 40)
        self._route(self._orderpoint(self.pharmacy, self.gauze, 30, 50))

        decision = self._route(self._orderpoint(self.clinic, self.gauze, 30, 50))

        self.assertEqual((decision.transfer_qty, decision.buy_qty), (10, 40))

    def test_order_button_of_the_report_is_routed(self):
        self._stock(self.central, self.gauze, 100)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50, trigger="manual")
        rule.with_user(self.planner).action_replenish()
        self.assertEqual(rule.replenishment_decision_id.kind, "transfer")
        self.assertFalse(self._purchase_lines(self.gauze))

    def test_real_time_trigger_is_routed(self):
        self._stock(self.central, self.gauze, 100)
        self._stock(self.pharmacy, self.gauze, 40)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.pharmacy.out_type_id.id,
                "location_id": self.pharmacy.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Ward",
                            "product_id": self.gauze.id,
                            "product_uom_qty": 25,
                            "product_uom": self.gauze.uom_id.id,
                            "location_id": self.pharmacy.lot_stock_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        self.assertEqual(rule.replenishment_decision_id.kind, "transfer")
        self.assertEqual(rule.replenishment_decision_id.transfer_qty, 35)

    def test_resupply_rule_no_longer_pulls_blindly(self):
        """A rule set to resupply from the central store does not empty it."""
        self._stock(self.central, self.gauze, 30)
        self._orderpoint(self.central, self.gauze, 20, 40)
        route = self.env["stock.route"].search(
            [
                ("supplied_wh_id", "=", self.pharmacy.id),
                ("supplier_wh_id", "=", self.central.id),
            ]
        )
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        rule.route_id = route

        decision = self._route(rule)

        self.assertEqual((decision.transfer_qty, decision.buy_qty), (10, 40))
        self.assertEqual(self._purchase_lines(self.gauze).product_qty, 40)

    def test_simulate_creates_nothing(self):
        self._stock(self.central, self.gauze, 45)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        counts = self._document_counts()

        action = rule.action_replenishment_simulate()

        self.assertEqual(self._document_counts(), counts)
        simulation = self.env["replenishment.simulation"].browse(action["res_id"])
        self.assertEqual(simulation.line_ids.transfer_qty, 45)
        self.assertEqual(simulation.line_ids.buy_qty, 5)
        self.assertIn("transfer 45", simulation.line_ids.explanation)
        self.assertFalse(rule.replenishment_decision_id)

    def test_short_dated_lots_stay_unless_accepted(self):
        self.gauze.write({"tracking": "lot", "use_expiration_date": True})
        lot = self.env["stock.lot"].create(
            {
                "name": "GZ-SHORT",
                "product_id": self.gauze.id,
                "expiration_date": self.env.cr.now() + datetime.timedelta(days=10),
            }
        )
        self._stock(self.central, self.gauze, 100, lot=lot)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)

        decision = self._route(rule)
        self.assertEqual(decision.kind, "buy")
        self.assertEqual(decision.donor_ids.reason, "short_dated")

    def _document_counts(self):
        return {
            model: self.env[model].search_count([])
            for model in (
                "stock.picking",
                "stock.move",
                "purchase.order.line",
                "replenishment.decision",
            )
        }
