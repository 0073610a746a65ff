# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, tagged

from integration_core.errors import PermanentError


@tagged("post_install", "-at_install")
class TestCockpitTour(HttpCase):
    """An integration manager opens the overview, follows the red card to
    its dead letters, replays one and acknowledges the alert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        admin.groups_id |= cls.env.ref("integration_audit.group_integration_manager")
        Connector = cls.env["integration.connector"]
        # Only the tour's connectors on the overview.
        Connector.search([]).action_archive()
        cls.hr_feed, cls.wholesaler = Connector.create(
            [
                {
                    "name": "Tour HR Feed",
                    "code": "tour_hr_feed",
                    "system_kind": "hr",
                    "transport": "none",
                    "criticality": "low",
                },
                {
                    "name": "Tour Pharmacy Wholesaler",
                    "code": "tour_wholesaler",
                    "system_kind": "supplier",
                    "transport": "none",
                    "criticality": "high",
                    "user_id": admin.id,
                },
            ]
        )
        Message = cls.env["integration.message"]
        done = Message._log_open(
            cls.hr_feed,
            "import_employee",
            direction="inbound",
            idempotency_reference={"employee": "E-1"},
        )
        done._log_done()
        cls.dead = Message
        for order in ("PO-T1", "PO-T2"):
            message = Message._log_open(
                cls.wholesaler,
                "send_order",
                direction="outbound",
                idempotency_reference={"po": order},
                payload=json.dumps({"po": order}),
                processor_model="res.partner",
            )
            message._log_fail_permanently(
                PermanentError(f"Order {order}: unknown supplier item")
            )
            cls.dead |= message
        cls.env["integration.message.rollup"]._cron_update_rollups()

    def test_follow_the_red_card_replay_and_acknowledge(self):
        self.assertEqual(self.wholesaler.health_state, "down")
        self.assertEqual(self.hr_feed.health_state, "ok")
        alert = self.wholesaler.alert_ids
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.kind, alert.state), ("dead_letter", "open"))
        self.assertEqual(alert.occurrence_count, 2)

        self.start_tour("/odoo", "integration_audit_cockpit_tour", login="admin")

        replayed = self.dead.filtered(lambda message: message.state == "queued")
        self.assertEqual(len(replayed), 1)
        self.assertEqual(replayed.replay_count, 1)
        self.assertTrue(replayed.queue_job_id)
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.env.ref("base.user_admin"))
