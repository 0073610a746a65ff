# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields

from .common import IntegrationAuditCase


class TestChain(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chained = cls.env["integration.message"]
        for ref in ("C-1", "C-2", "C-3"):
            message = cls.env["integration.message"]._log_open(
                cls.connector,
                "import_employee",
                direction="inbound",
                idempotency_key=ref,
            )
            partner = cls.env["res.partner"].create({"name": ref})
            message._log_write(partner, {"phone": ref})
            message._log_done()
            cls.chained |= message

    def verify(self):
        return self.env["integration.audit.chain"]._verify(self.company_a)

    def test_intact_chain_verifies(self):
        result = self.verify()
        self.assertTrue(result["ok"], result["reason"])
        self.assertGreaterEqual(result["checked"], 6)

    def test_events_link_to_the_previous_one(self):
        events = self.env["integration.message.event"].search(
            [("company_id", "=", self.company_a.id)], order="id"
        )
        for previous, event in zip(events, events[1:], strict=False):
            self.assertEqual(event.previous_hash, previous.entry_hash)

    def test_tampered_entry_is_found(self):
        event = self.chained[1].event_ids.sorted("id")[-1]
        self.env.cr.execute(
            "UPDATE integration_message_event SET note = 'forged' WHERE id = %s",
            (event.id,),
        )
        self.env.invalidate_all()
        result = self.verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["break_event_id"], event.id)
        self.assertIn("altered", result["reason"])

    def test_deleted_entry_is_found(self):
        events = self.chained[1].event_ids.sorted("id")
        self.env.cr.execute(
            "DELETE FROM integration_message_event WHERE id = %s", (events[0].id,)
        )
        self.env.invalidate_all()
        result = self.verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["break_event_id"], events[1].id)
        self.assertIn("deleted, inserted or reordered", result["reason"])

    def test_deleted_newest_entry_is_found(self):
        newest = self.chained[2].event_ids.sorted("id")[-1]
        self.env.cr.execute(
            "DELETE FROM integration_message_event WHERE id = %s", (newest.id,)
        )
        self.env.invalidate_all()
        result = self.verify()
        self.assertFalse(result["ok"])
        self.assertIn("chain head", result["reason"])

    def test_tampered_message_or_change_is_found(self):
        message = self.chained[0]
        self.env.cr.execute(
            "UPDATE integration_message_change SET new_value = 'forged' "
            "WHERE message_id = %s",
            (message.id,),
        )
        self.env.invalidate_all()
        result = self.verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["break_message_id"], message.id)
        self.assertIn("altered after", result["reason"])

    def test_tampered_state_is_found(self):
        message = self.chained[2]
        self.env.cr.execute(
            "UPDATE integration_message SET state = 'cancelled' WHERE id = %s",
            (message.id,),
        )
        self.env.invalidate_all()
        result = self.verify()
        self.assertFalse(result["ok"])
        self.assertEqual(result["break_message_id"], message.id)
        self.assertIn("last entry says done", result["reason"])

    def test_wizard_reports_the_first_broken_link(self):
        event = self.chained[0].event_ids.sorted("id")[0]
        self.env.cr.execute(
            "UPDATE integration_message_event SET attempt = 7 WHERE id = %s",
            (event.id,),
        )
        self.env.invalidate_all()
        wizard = (
            self.env["integration.chain.verification"]
            .with_user(self.auditor)
            .create({})
        )
        wizard.action_verify()
        self.assertEqual(wizard.state, "broken")
        self.assertEqual(wizard.break_event_id, event)

    def test_retention_removes_old_closed_messages_and_keeps_the_chain_verifiable(self):
        connector_b = self.env["integration.connector"].create(
            {"name": "Clinic B HR", "code": "b_hr", "company_id": self.company_b.id}
        )
        messages = self.env["integration.message"]
        for ref in ("B-1", "B-2", "B-3"):
            message = messages._log_open(
                connector_b, "import_employee", direction="inbound", idempotency_key=ref
            )
            message._log_done()
            messages |= message
        old_events = messages[:2].event_ids
        self.env.cr.execute(
            "UPDATE integration_message_event SET logged_at = %s WHERE id IN %s",
            (
                fields.Datetime.subtract(fields.Datetime.now(), days=800),
                tuple(old_events.ids),
            ),
        )
        self.env.invalidate_all()
        self.company_b.integration_log_retention_days = 730
        self.env["integration.message"]._cron_apply_retention()
        self.assertFalse(messages[0].exists(), "closed message past retention removed")
        self.assertFalse(messages[1].exists())
        self.assertFalse(old_events.exists())
        self.assertTrue(messages[2].exists())
        result = self.env["integration.audit.chain"]._verify(self.company_b)
        self.assertTrue(result["ok"], result["reason"])
        self.assertEqual(result["checked"], 2)
        self.assertTrue(self.verify()["ok"], "company A untouched")
