# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError

from .common import IntegrationAuditCase


class TestSecurity(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.message = cls.env["integration.message"]._log_open(
            cls.connector,
            "import_employee",
            direction="inbound",
            idempotency_key="sec-1",
        )
        partner = cls.env["res.partner"].create({"name": "Security partner"})
        cls.message._log_write(partner, {"phone": "555"})
        cls.message._log_done()

    def test_auditor_reads_everything(self):
        message = self.message.with_user(self.auditor)
        self.assertEqual(message.state, "done")
        self.assertEqual(message.change_ids.new_value, "555")
        self.assertEqual(len(message.event_ids), 2)
        self.assertTrue(message.event_ids[0].entry_hash)
        self.assertEqual(
            message.connector_id.with_user(self.auditor).name, "Test HR platform"
        )
        result = (
            self.env["integration.chain.verification"]
            .with_user(self.auditor)
            .create({})
        )
        result.action_verify()
        self.assertEqual(result.state, "ok")

    def test_auditor_changes_nothing(self):
        message = self.message.with_user(self.auditor)
        with self.assertRaises(AccessError):
            message.write({"note": "edited"})
        with self.assertRaises(AccessError):
            message.unlink()
        with self.assertRaises(AccessError):
            message.action_replay()
        with self.assertRaises(AccessError):
            message.action_cancel()
        with self.assertRaises(AccessError):
            message.event_ids[0].write({"note": "edited"})
        with self.assertRaises(AccessError):
            message.change_ids.write({"new_value": "666"})
        with self.assertRaises(AccessError):
            self.connector.with_user(self.auditor).write(
                {"endpoint": "http://127.0.0.1:1"}
            )
        with self.assertRaises(AccessError):
            self.env["integration.message"].with_user(self.auditor).create(
                {
                    "connector_id": self.connector.id,
                    "operation": "forged",
                    "direction": "inbound",
                    "idempotency_key": "forged",
                    "initiator_type": "user",
                    "state": "done",
                }
            )

    def test_administrator_cannot_edit_or_delete_the_log(self):
        admin = self.env.ref("base.user_admin")
        for env in (self.env(user=admin), self.env(su=True)):
            message = self.message.with_env(env)
            with self.assertRaisesRegex(AccessError, "not even by an administrator"):
                message.write({"state": "cancelled"})
            with self.assertRaises(AccessError):
                message.unlink()
            with self.assertRaises(AccessError):
                message.event_ids.unlink()
            with self.assertRaises(AccessError):
                message.event_ids[0].write({"note": "edited"})
            with self.assertRaises(AccessError):
                message.change_ids.unlink()
            with self.assertRaises(AccessError):
                env["integration.audit.chain"].search([]).write({"head_hash": "0" * 64})
        self.assertEqual(self.message.state, "done")

    def test_company_b_cannot_see_company_a_messages(self):
        Message = self.env["integration.message"].with_user(self.user_b)
        self.assertFalse(Message.search([("id", "=", self.message.id)]))
        with self.assertRaises(AccessError):
            self.message.with_user(self.user_b).read(["state"])
        with self.assertRaises(AccessError):
            self.connector.with_user(self.user_b).read(["name"])
        self.assertFalse(
            self.env["integration.message.event"]
            .with_user(self.user_b)
            .search([("message_id", "=", self.message.id)])
        )
        connector_b = self.env["integration.connector"].create(
            {"name": "Clinic B HR", "code": "b_hr", "company_id": self.company_b.id}
        )
        message_b = self.env["integration.message"]._log_open(
            connector_b, "import_employee", direction="inbound", idempotency_key="b-1"
        )
        self.assertEqual(message_b.company_id, self.company_b)
        self.assertEqual(Message.search([]), message_b.with_user(self.user_b))
