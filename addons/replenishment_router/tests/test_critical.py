# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import RouterCase


@tagged("post_install", "-at_install")
class TestCriticalItems(RouterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pharmacist = new_test_user(
            cls.env, "head_pharmacist", groups="base.group_user,stock.group_stock_user"
        )
        cls.pharmacy.replenishment_responsible_id = cls.pharmacist
        cls.epinephrine = cls._product(
            "Epinephrine 1 mg/ml ampoule", code="EPI-1", criticality="critical"
        )

    def _dispense(self, warehouse, product, quantity):
        """A crash cart is restocked: ampoules leave the pharmacy."""
        self._consume(warehouse, product, quantity, name="Crash cart restock")

    def test_critical_item_is_routed_in_a_job_and_escalated(self):
        # 54 used before, 6 now: 60 in the last 30 days, 2 a day.
        self._consumed(self.pharmacy, self.epinephrine, 54, days_ago=5)
        self._stock(self.pharmacy, self.epinephrine, 12)
        rule = self._orderpoint(self.pharmacy, self.epinephrine, 10, 30)

        with trap_jobs() as trap:
            self._dispense(self.pharmacy, self.epinephrine, 6)
            trap.assert_jobs_count(1, only=rule._replenishment_route_critical)
            trap.assert_enqueued_job(
                rule._replenishment_route_critical,
                properties={"channel": "root.integration_critical"},
            )
            # Not routed before the job runs, and no scheduler run needed.
            self.assertFalse(rule.replenishment_decision_id)
            trap.perform_enqueued_jobs()

        decision = rule.replenishment_decision_id
        self.assertEqual(decision.trigger, "critical")
        self.assertEqual(decision.buy_qty, 24)
        # 6 left at 2 a day: out in 3 days; the vendor needs 7, the central
        # store has nothing to spare.
        self.assertAlmostEqual(decision.stockout_days, 3)
        self.assertTrue(decision.escalated)
        self.assertIn("escalated", decision.explanation)
        activity = decision.activity_ids
        self.assertEqual(activity.user_id, self.pharmacist)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("replenishment_router.mail_activity_type_critical_shortage"),
        )
        connector = decision._escalation_connector()
        self.assertEqual(connector.criticality, "critical")
        self.assertEqual(connector.system_kind, "logistics")
        # The company's critical logistics connector may carry other alerts.
        alert = connector.alert_ids.filtered(
            lambda alert: (
                alert.res_model == decision._name and alert.res_id == decision.id
            )
        )
        self.assertEqual(
            alert.name,
            "Critical shortage: [EPI-1] Epinephrine 1 mg/ml ampoule at T Hospital "
            "Pharmacy",
        )
        self.assertEqual(alert.criticality, "critical")
        self.assertEqual(alert.document_ref, decision)
        self.assertEqual(alert.notification_channel, "oncall", "notified at once")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "replenishment_router.replenishment_decision_action_escalated"
        )
        escalated = self.env["replenishment.decision"].search(
            safe_eval(action["domain"])
        )
        self.assertIn(decision, escalated)

    def test_critical_item_with_a_timely_transfer_is_not_escalated(self):
        self._consumed(self.pharmacy, self.epinephrine, 54, days_ago=5)
        self._stock(self.pharmacy, self.epinephrine, 12)
        self._stock(self.central, self.epinephrine, 100)
        rule = self._orderpoint(self.pharmacy, self.epinephrine, 10, 30)

        with trap_jobs() as trap:
            self._dispense(self.pharmacy, self.epinephrine, 6)
            trap.perform_enqueued_jobs()

        decision = rule.replenishment_decision_id
        self.assertEqual(decision.kind, "transfer")
        self.assertFalse(decision.escalated)
        self.assertFalse(decision.activity_ids)

    def test_normal_item_waits_for_the_scheduler(self):
        self._stock(self.pharmacy, self.gauze, 12)
        self._orderpoint(self.pharmacy, self.gauze, 10, 30)
        with trap_jobs() as trap:
            self._dispense(self.pharmacy, self.gauze, 6)
            trap.assert_jobs_count(0)
