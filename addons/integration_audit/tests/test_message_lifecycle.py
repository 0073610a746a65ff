# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import IntegrationAuditCase


class TestMessageLifecycle(IntegrationAuditCase):
    def test_open_records_who_what_and_payload(self):
        message = self.open_partner_message("N-1")
        self.assertEqual(message.state, "pending")
        self.assertEqual(message.initiator_type, "partner")
        self.assertEqual(message.initiator_user_id, self.env.user)
        self.assertEqual(message.source_system, "TestHR")
        self.assertEqual(message.target_system, "Odoo")
        self.assertEqual(len(message.idempotency_key), 64)
        self.assertEqual(message.payload_size, len(message.payload_attachment_id.raw))
        self.assertEqual(len(message.payload_sha256), 64)
        self.assertEqual(self.events(message), ["created"])

    def test_duplicate_open_returns_the_same_message(self):
        first = self.open_partner_message("N-2")
        second = self.open_partner_message("N-2")
        self.assertEqual(first, second)
        self.assertEqual(self.events(first), ["created", "duplicate"])

    def test_through_every_state_to_done(self):
        message = self.open_partner_message("N-3")
        with trap_jobs() as trap:
            message._log_enqueue()
            self.assertEqual(message.state, "queued")
            trap.assert_jobs_count(1, only=message._run_job)
            trap.perform_enqueued_jobs()
        self.assertEqual(message.state, "done")
        self.assertEqual(message.attempt_count, 1)
        self.assertEqual(self.partners("N-3"), 1)
        self.assertEqual(self.events(message), ["created", "queued", "started", "done"])
        self.assertEqual(
            message.change_ids.mapped("field_name"),
            ["name", "ref"],
            "what changed is kept",
        )
        self.assertEqual(message.change_ids[1].new_value, "N-3")
        self.assertGreaterEqual(message.latency_ms, 0)

    def test_transient_failure_retries_then_dead_letter_raises_alert(self):
        message = self.open_partner_message("N-4", fail="transient")
        with trap_jobs() as trap:
            message._log_enqueue()
            trap.perform_enqueued_jobs()
            self.assertEqual(message.state, "failed")
            self.assertEqual(message.error_kind, "transient")
            self.assertIn("503", message.error_message)
            self.assertTrue(message.next_retry_at)
            trap.assert_jobs_count(1, only=message._run_job)  # the retry
            trap.perform_enqueued_jobs()
            self.assertEqual(message.state, "failed")
            self.assertEqual(message.attempt_count, 2)
            trap.perform_enqueued_jobs()
        self.assertEqual(message.state, "dead", "budget of 3 attempts spent")
        self.assertEqual(message.attempt_count, 3)
        self.assertIn("exhausted", message.note)
        self.assertEqual(self.partners("N-4"), 0, "a failed attempt leaves no effect")
        self.assertEqual(
            self.events(message),
            ["created", "queued"]
            + ["started", "retry_scheduled"] * 2
            + ["started", "dead"],
        )
        alert = self.connector.alert_ids
        self.assertEqual(len(alert), 1, "a dead letter raises one alert")
        self.assertEqual(alert.kind, "dead_letter")
        self.assertEqual(alert.alert_key, "upsert_partner")
        self.assertEqual(alert.document_ref, message)
        self.assertIn(f"#{message.id}", alert.note)
        # A medium connector under the default policy: the owner reads it in
        # the daily digest, nobody is disturbed at once.
        self.assertEqual(alert.notification_channel, "digest")
        self.assertFalse(alert.activity_ids)

    def test_permanent_failure_goes_straight_to_dead_letters(self):
        message = self.open_partner_message("N-5", fail="permanent")
        with trap_jobs() as trap:
            message._log_enqueue()
            trap.perform_enqueued_jobs()
            trap.assert_jobs_count(0)
        self.assertEqual(message.state, "dead")
        self.assertEqual(message.attempt_count, 1)
        self.assertEqual(message.error_kind, "permanent")
        self.assertIn("field 'name'", message.error_message)
        self.assertIn("PermanentError", message.error_traceback)
        self.assertIn(message, self.Message.search([("state", "=", "dead")]))

    def test_resolve_and_cancel(self):
        dead = self.open_partner_message("N-6", fail="permanent")
        dead._log_process()
        dead.with_user(self.manager).action_open_resolve_wizard()
        wizard = (
            self.env["integration.message.resolve"]
            .with_user(self.manager)
            .create(
                {"message_ids": [(6, 0, dead.ids)], "note": "Entered by hand in HR."}
            )
        )
        wizard.action_resolve()
        self.assertEqual(dead.state, "resolved")
        self.assertEqual(dead.resolution_user_id, self.manager)
        self.assertEqual(dead.resolution_note, "Entered by hand in HR.")
        self.assertTrue(dead.resolution_date)

        pending = self.open_partner_message("N-7")
        pending.with_user(self.manager).action_cancel()
        self.assertEqual(pending.state, "cancelled")
        self.assertEqual(self.events(pending), ["created", "cancelled"])

    def test_job_of_a_cancelled_message_does_nothing(self):
        message = self.open_partner_message("N-8")
        with trap_jobs() as trap:
            message._log_enqueue()
            message.with_user(self.manager).action_cancel()
            trap.perform_enqueued_jobs()
        self.assertEqual(message.state, "cancelled")
        self.assertEqual(self.partners("N-8"), 0)

    def test_critical_connector_uses_its_own_channel(self):
        self.connector.criticality = "critical"
        message = self.open_partner_message("N-9")
        with trap_jobs() as trap:
            message._log_enqueue()
            trap.assert_enqueued_job(
                message._run_job, properties={"channel": "root.integration_critical"}
            )
        self.connector.criticality = "low"
        other = self.open_partner_message("N-10")
        with trap_jobs() as trap:
            other._log_enqueue()
            trap.assert_enqueued_job(
                other._run_job, properties={"channel": "root.integration"}
            )

    def test_log_write_records_old_and_new_values(self):
        partner = self.env["res.partner"].create({"name": "Lab A", "phone": "100"})
        message = self.Message._log_open(
            self.connector, "update_partner", direction="inbound", idempotency_key="k-1"
        )
        message._log_write(partner, {"phone": "200", "email": "lab@example.com"})
        message._log_done()
        changes = {c.field_name: (c.old_value, c.new_value) for c in message.change_ids}
        self.assertEqual(
            changes, {"phone": ("100", "200"), "email": (False, "lab@example.com")}
        )
        self.assertEqual(set(message.change_ids.mapped("res_id")), {partner.id})
        self.assertEqual(message.change_count, 2)

    def test_log_apply_writes_once_and_logs_done(self):
        partner = self.env["res.partner"].create({"name": "Pharmacy", "phone": "1"})
        message = self.Message._log_apply(
            self.connector,
            "update_partner",
            partner,
            {"phone": "2"},
            idempotency_key="apply-1",
            initiator="partner",
        )
        self.assertEqual(message.state, "done")
        self.assertEqual(partner.phone, "2")
        self.assertEqual(
            [(c.field_name, c.old_value, c.new_value) for c in message.change_ids],
            [("phone", "1", "2")],
        )
        self.assertEqual(self.events(message), ["done"])
        partner.phone = "3"
        again = self.Message._log_apply(
            self.connector,
            "update_partner",
            partner,
            {"phone": "4"},
            idempotency_key="apply-1",
        )
        self.assertEqual(again, message)
        self.assertEqual(partner.phone, "3", "a logged key never writes twice")
        self.assertEqual(self.events(message), ["done", "duplicate"])
        self.assertEqual(message.change_count, 1)
        result = self.env["integration.audit.chain"]._verify(self.company_a)
        self.assertTrue(result["ok"], result["reason"])
        with self.assertRaisesRegex(UserError, "nothing to replay"):
            message.with_user(self.manager).action_replay()
        self.assertEqual(partner.phone, "3")
