# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .common import IntegrationAuditCase

HOUR = datetime.timedelta(hours=1)
STUCK_CLASS = "integration_core.monitoring.watches.StuckMessageError"


def make_certificate(days, name="client.hospital.example"):
    """A real self-signed PEM certificate valid for ``days`` more days."""
    key = ec.generate_private_key(ec.SECP256R1(), default_backend())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.utcnow()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256(), default_backend())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


class TestWatches(IntegrationAuditCase):
    # -- helpers -------------------------------------------------------------

    def run_watches(self):
        self.env["integration.connector"]._cron_run_watches()

    def alerts(self, kind, connector=None):
        return self.env["integration.alert"].search(
            [
                ("connector_id", "=", (connector or self.connector).id),
                ("kind", "=", kind),
            ]
        )

    def assert_fired_once(self, kind, key, occurrences=2):
        alerts = self.alerts(kind)
        self.assertEqual(len(alerts), 1, f"one {kind} alert, not one per run")
        self.assertEqual(alerts.alert_key, key)
        self.assertEqual(alerts.state, "open")
        self.assertEqual(alerts.occurrence_count, occurrences)
        return alerts

    def set_columns(self, messages, **values):
        """Move log columns the API fills (dates, latency) for the test."""
        self.env.flush_all()
        assignments = SQL(", ").join(
            SQL("%s = %s", SQL.identifier(name), value)
            for name, value in values.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE integration_message SET %s WHERE id IN %s",
                assignments,
                tuple(messages.ids),
            )
        )
        self.env.invalidate_all()

    def log(self, operation, ref, direction="inbound"):
        return self.Message._log_open(
            self.connector,
            operation,
            direction=direction,
            idempotency_reference={"ref": ref},
        )

    def done(self, count, prefix):
        messages = self.Message
        for number in range(count):
            message = self.log("import_employee", f"{prefix}-{number}")
            message._log_done()
            messages |= message
        # Fast, whatever the time since the test transaction began.
        self.set_columns(messages, latency_ms=200)
        return messages

    # -- SLA -----------------------------------------------------------------

    def test_sla_breach_fires_once_and_resolves(self):
        self.assertEqual(self.connector.latency_sla, 60)
        fast = self.done(6, "fast")
        slow = self.done(4, "slow")
        self.set_columns(slow, latency_ms=120_000)
        self.run_watches()
        self.run_watches()
        alert = self.assert_fired_once("sla_breach", "sla")
        self.assertIn("4 of 10", alert.note)
        self.assertIn("60 s", alert.note)
        # Fast traffic brings the share under 10 %: 4 of 41.
        self.done(31, "later")
        self.assertTrue(fast)
        self.run_watches()
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)

    def test_sla_needs_enough_messages(self):
        slow = self.done(4, "slow")
        self.set_columns(slow, latency_ms=120_000)
        self.run_watches()
        self.assertFalse(self.alerts("sla_breach"), "4 messages < minimum of 5")
        self.connector.sla_min_messages = 4
        self.run_watches()
        self.assertEqual(len(self.alerts("sla_breach")), 1)

    def test_sla_ignores_messages_outside_the_window(self):
        slow = self.done(5, "slow")
        self.set_columns(
            slow,
            latency_ms=120_000,
            create_date=fields.Datetime.now() - 2 * HOUR,
        )
        self.run_watches()
        self.assertFalse(self.alerts("sla_breach"))

    # -- silence -------------------------------------------------------------

    def expect(self, **values):
        return self.env["integration.traffic.expectation"].create(
            {"connector_id": self.connector.id, **values}
        )

    def test_silence_every_fires_once_and_resolves(self):
        expectation = self.expect(
            name="Nightly employee feed",
            kind="every",
            operation="import_employee",
            max_gap_hours=26,
        )
        old = self.log("import_employee", "night-1")
        self.set_columns(old, create_date=fields.Datetime.now() - 27 * HOUR)
        self.log("import_department", "other")  # another operation: no help
        self.run_watches()
        self.run_watches()
        alert = self.assert_fired_once("silence", f"expectation:{expectation.id}")
        self.assertIn("Nightly employee feed", alert.name)
        self.assertIn("26 h", alert.name)
        self.log("import_employee", "night-2")
        self.run_watches()
        self.assertEqual(alert.state, "resolved")

    def test_silence_every_any_operation_and_archived(self):
        expectation = self.expect(name="Any traffic", kind="every", max_gap_hours=1)
        old = self.log("import_employee", "old")
        self.set_columns(old, create_date=fields.Datetime.now() - 2 * HOUR)
        self.run_watches()
        alert = self.alerts("silence")
        self.assertEqual(alert.state, "open")
        expectation.active = False
        self.run_watches()
        self.assertEqual(alert.state, "resolved", "an archived watch lets go")

    def test_silence_reply_fires_once_and_resolves(self):
        expectation = self.expect(
            name="997 within 2 hours of each order",
            kind="reply",
            operation="edi_send",
            reply_operation="edi_functional_ack",
            reply_within_hours=2,
        )
        order = self.log("edi_send", "PO-1", direction="outbound")
        self.set_columns(order, create_date=fields.Datetime.now() - 3 * HOUR)
        recent = self.log("edi_send", "PO-2", direction="outbound")
        self.assertTrue(recent, "a recent order still has time to be answered")
        self.run_watches()
        self.run_watches()
        alert = self.assert_fired_once("silence", f"expectation:{expectation.id}")
        self.assertIn("1 message(s) without", alert.name)
        self.log("edi_functional_ack", "997-1")
        self.run_watches()
        self.assertEqual(alert.state, "resolved")

    def test_expectation_constraints_name_the_connector(self):
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.expect(name="Bad", kind="reply", operation="edi_send")
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.expect(name="Bad", kind="every", max_gap_hours=0)

    def test_connector_watch_constraints(self):
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.connector.sla_breach_threshold = 0
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.connector.stuck_after_minutes = -1
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.connector.sla_window_minutes = 0

    # -- stuck messages --------------------------------------------------------

    def test_stuck_limit_default_and_configured(self):
        self.assertEqual(self.connector.timeout, 30)
        self.assertEqual(self.connector.stuck_limit_minutes, 15)
        self.connector.timeout = 300
        self.assertEqual(self.connector.stuck_limit_minutes, 50)
        self.connector.stuck_after_minutes = 5
        self.assertEqual(self.connector.stuck_limit_minutes, 5)

    def queued_stuck(self, ref):
        message = self.open_partner_message(ref)
        message._log_enqueue()
        job = message.queue_job_id
        self.assertTrue(job, "the queue job is stored")
        self.assertEqual(job.state, "pending")
        self.set_columns(message, write_date=fields.Datetime.now() - HOUR)
        return message, job

    def test_stuck_queued_message_is_failed_and_retried(self):
        message, old_job = self.queued_stuck("ST-1")
        fresh = self.open_partner_message("ST-2")
        fresh._log_enqueue()  # queued just now: not stuck
        self.run_watches()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.error_class, STUCK_CLASS)
        self.assertEqual(message.error_kind, "transient")
        self.assertIn("stuck in state queued", message.error_message)
        self.assertIn("15 min limit", message.error_message)
        self.assertTrue(message.next_retry_at)
        self.assertEqual(message.attempt_count, 1)
        self.assertEqual(old_job.state, "cancelled")
        self.assertNotEqual(message.queue_job_id, old_job, "the retry has a new job")
        self.assertEqual(message.queue_job_id.state, "pending")
        self.assertEqual(fresh.state, "queued")
        alert = self.alerts("stuck_message")
        self.assertIn(f"#{message.id}", alert.note)
        self.run_watches()
        self.assert_fired_once("stuck_message", "stuck")
        self.assertIn("1 message(s) failed as stuck earlier", alert.note)
        # The retry goes through: nothing is stuck any more.
        result = message.with_context(job_uuid=message.queue_job_uuid)._run_job()
        self.assertEqual(result, "message is done")
        self.run_watches()
        self.assertEqual(alert.state, "resolved")

    def test_stuck_running_message_at_last_attempt_is_dead(self):
        message = self.open_partner_message("ST-3")
        message._transition(
            "running",
            "started",
            attempt_count=3,
            started_at=fields.Datetime.now() - 2 * HOUR,
        )
        self.set_columns(message, write_date=fields.Datetime.now() - 2 * HOUR)
        self.run_watches()
        self.assertEqual(message.state, "dead")
        self.assertEqual(message.error_class, STUCK_CLASS)
        self.assertIn("stuck in state running", message.error_message)
        self.assertIn("exhausted", message.note)
        self.assertEqual(len(self.alerts("stuck_message")), 1)
        self.assertEqual(self.partners("ST-3"), 0)

    def test_late_job_of_a_stuck_message_applies_nothing(self):
        message, old_job = self.queued_stuck("ST-4")
        old_uuid = old_job.uuid
        self.run_watches()
        new_uuid = message.queue_job_uuid
        self.assertNotEqual(new_uuid, old_uuid)
        events = self.events(message)
        # The old job starts anyway (it was already with a worker).
        result = message.with_context(job_uuid=old_uuid)._run_job()
        self.assertTrue(result.startswith("skipped"), result)
        self.assertEqual(message.state, "failed", "the late job leaves it alone")
        self.assertEqual(message.attempt_count, 1)
        self.assertEqual(self.events(message), events)
        self.assertEqual(self.partners("ST-4"), 0)
        message.with_context(job_uuid=new_uuid)._run_job()
        self.assertEqual(message.state, "done")
        message.with_context(job_uuid=old_uuid)._run_job()
        self.assertEqual(self.partners("ST-4"), 1, "the effect applied exactly once")

    def test_neutralized_connector_is_not_watched(self):
        message, old_job = self.queued_stuck("ST-5")
        self.connector.neutralized = True
        self.run_watches()
        self.assertEqual(message.state, "queued")
        self.assertEqual(old_job.state, "pending")
        self.assertFalse(self.alerts("stuck_message"))

    # -- certificates ----------------------------------------------------------

    def test_certificate_expiring_fires_once_and_resolves(self):
        self.connector.write(
            {
                "auth_method": "client_certificate",
                "client_certificate": make_certificate(10),
            }
        )
        self.run_watches()
        self.run_watches()
        alert = self.assert_fired_once("certificate", "TLS client certificate")
        self.assertIn("expires in", alert.name)
        self.assertIn("CN=client.hospital.example", alert.note)
        self.connector.client_certificate = make_certificate(90)
        self.run_watches()
        self.assertEqual(alert.state, "resolved")

    def test_unreadable_certificate_raises_an_alert(self):
        self.connector.write(
            {"auth_method": "client_certificate", "client_certificate": "not a PEM"}
        )
        self.run_watches()
        alert = self.alerts("certificate")
        self.assertEqual(len(alert), 1)
        self.assertIn("cannot be read", alert.name)
        self.connector.auth_method = "none"
        self.run_watches()
        self.assertEqual(alert.state, "resolved", "a certificate no longer used")
