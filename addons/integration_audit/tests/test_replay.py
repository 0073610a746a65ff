# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.exceptions import UserError

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import IntegrationAuditCase


class TestReplay(IntegrationAuditCase):
    def test_replay_100_times_applies_the_effect_once(self):
        message = self.open_partner_message("R-1")
        message._log_process()
        self.assertEqual(self.partners("R-1"), 1)
        with trap_jobs() as trap:
            for _round in range(100):
                message.with_user(self.manager).action_replay()
                self.assertEqual(message.state, "queued")
                trap.perform_enqueued_jobs()
                self.assertEqual(message.state, "done")
        self.assertEqual(self.partners("R-1"), 1, "100 replays, one business effect")
        self.assertEqual(message.replay_count, 100)
        self.assertEqual(message.attempt_count, 101)
        self.assertIn("already applied", message.note)
        self.assertEqual(len(message.change_ids), 2, "changes recorded once")

    def test_replay_many_from_the_list(self):
        messages = self.open_partner_message("R-2") | self.open_partner_message("R-3")
        for message in messages:
            message._log_process()
        with trap_jobs() as trap:
            messages.with_user(self.manager).action_replay()
            self.assertEqual(trap.jobs_count(only=messages[0]._run_job), 1)
            self.assertEqual(trap.jobs_count(only=messages[1]._run_job), 1)
            trap.perform_enqueued_jobs()
        self.assertEqual(messages.mapped("state"), ["done", "done"])
        self.assertEqual(self.partners("R-2") + self.partners("R-3"), 2)

    def test_effect_guard_holds_without_the_message_state(self):
        """Even a second message with the same business key applies nothing."""
        message = self.open_partner_message("R-4")
        message._log_process()
        twin = self.Message._log_open(
            self.connector,
            "upsert_partner",
            direction="inbound",
            idempotency_key="another-delivery-of-R-4",
            payload=message.payload_attachment_id.raw,
            processor_model="res.partner",
        )
        self.env.cr.execute(
            "UPDATE integration_message SET business_key = %s WHERE id = %s",
            (message.business_key, twin.id),
        )
        twin.invalidate_recordset()
        twin._log_process()
        self.assertEqual(twin.state, "done")
        self.assertEqual(self.partners("R-4"), 1)

    def test_edited_replay_creates_a_linked_message_and_applies_once(self):
        message = self.open_partner_message("R-5", fail="permanent")
        message._log_process()
        self.assertEqual(message.state, "dead")
        wizard = (
            self.env["integration.message.replay"]
            .with_user(self.manager)
            .create({"message_id": message.id, "reason": "Supplier sent a wrong flag"})
        )
        self.assertIn('"fail": "permanent"', wizard.payload)
        wizard.payload = json.dumps({"ref": "R-5", "name": "Ward nurse", "fail": None})
        with trap_jobs() as trap:
            action = wizard.action_replay()
            trap.perform_enqueued_jobs()
        replay = self.Message.browse(action["res_id"])
        self.assertEqual(replay.original_id, message)
        self.assertEqual(
            replay.state,
            "done",
            (self.events(replay), replay.note, replay.error_message),
        )
        self.assertNotEqual(replay.idempotency_key, message.idempotency_key)
        self.assertEqual(replay.business_key, message.business_key)
        self.assertIn("Supplier sent a wrong flag", replay.edit_note)
        self.assertIn(
            '-{"ref": "R-5", "name": "Ward nurse", "fail": "permanent"}',
            replay.edit_note,
        )
        self.assertEqual(self.events(message)[-1], "replayed")
        self.assertEqual(self.partners("R-5"), 1)
        with trap_jobs() as trap:
            message.with_user(self.manager).action_replay()
            trap.perform_enqueued_jobs()
        self.assertEqual(self.partners("R-5"), 1, "the original replayed adds nothing")

    def test_edited_replay_refuses_an_unchanged_payload(self):
        message = self.open_partner_message("R-6", fail="permanent")
        message._log_process()
        wizard = (
            self.env["integration.message.replay"]
            .with_user(self.manager)
            .create({"message_id": message.id, "reason": "no change"})
        )
        with self.assertRaises(UserError):
            wizard.action_replay()

    def test_running_message_cannot_be_replayed(self):
        message = self.open_partner_message("R-7")
        message._transition("running", "started")
        with self.assertRaisesRegex(UserError, "cannot be replayed"):
            message.with_user(self.manager).action_replay()
