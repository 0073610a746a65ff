# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import http.server
import threading
from unittest import mock

from odoo.exceptions import AccessError, UserError
from odoo.modules.neutralize import neutralize_database
from odoo.tests import tagged

from .common import IntegrationAuditCase


class _Partner(http.server.BaseHTTPRequestHandler):
    """A partner that answers everything with 200 and counts what reached it."""

    hits = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.hits.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_POST = do_PUT = do_OPTIONS = _answer

    def log_message(self, *args):
        """Keep the test log clean."""


@tagged("post_install", "-at_install")
class TestNeutralize(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Partner)
        thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        address = f"http://127.0.0.1:{cls.server.server_port}"
        Connector = cls.env["integration.connector"]
        cls.partner_api = Connector.create(
            {
                "name": "Supplier API",
                "code": "supplier_api",
                "transport": "http",
                "endpoint": f"{address}/orders",
                "schedule_interval_number": 1,
                "schedule_interval_type": "hours",
                "criticality": "critical",
                "timeout": 5,
            }
        )
        cls.webhook = Connector.create(
            {
                "name": "Paging webhook",
                "code": "paging",
                "transport": "http",
                "endpoint": f"{address}/page",
                "timeout": 5,
            }
        )
        cls.company_a.integration_alert_webhook_connector_id = cls.webhook

    def setUp(self):
        super().setUp()
        _Partner.hits.clear()
        # A scheduled run talks to the partner, as hr_sync's and supplier_edi's do.
        patcher = mock.patch.object(
            type(self.partner_api),
            "_run_scheduled",
            lambda connector: (
                connector._test_connection() if connector == self.partner_api else None
            ),
        )
        patcher.start()
        self.addCleanup(patcher.stop)
        self.queued = self.open_partner_message("Q-1", connector=self.partner_api)
        self.queued._log_enqueue()
        self.job = self.queued.queue_job_id

    def neutralize(self):
        self.env.flush_all()
        neutralize_database(self.env.cr)
        self.env.invalidate_all()

    def test_the_partner_is_reachable_before_neutralization(self):
        # Proof that the checks below can fail: the same calls reach the partner.
        self.partner_api.action_test_connection()
        self.env["integration.connector"]._cron_run_scheduled()
        self.assertEqual(len(_Partner.hits), 2, _Partner.hits)
        self.assertEqual(self.job.state, "pending")

    def test_neutralized_database_sends_nothing(self):
        events_before = len(self.queued.event_ids)
        self.neutralize()
        connectors = (
            self.env["integration.connector"].with_context(active_test=False).search([])
        )
        self.assertTrue(connectors)
        self.assertFalse(any(connectors.mapped("active")))
        self.assertTrue(all(connectors.mapped("neutralized")))
        self.assertEqual(self.partner_api.schedule_interval_number, 1, "kept")
        self.assertEqual(self.job.state, "cancelled")
        self.assertTrue(self.job.date_cancelled)
        self.assertIn("neutralization", self.job.result)
        self.assertEqual(self.queued.state, "queued", "the log is not touched")
        self.assertEqual(len(self.queued.event_ids), events_before)
        self.assertTrue(
            self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized")
        )
        self.assertTrue(
            self.env["res.config.settings"].create({}).integration_database_neutralized
        )

        # Someone re-activates the connectors and runs every cron by hand.
        connectors.write({"active": True})
        Connector = self.env["integration.connector"]
        Connector._cron_run_scheduled()
        Connector._cron_check_health()
        if hasattr(Connector, "_cron_run_watches"):
            Connector._cron_run_watches()
        alert = self.partner_api._raise_alert(
            "Order PO-1 refused", "raised on the copy", criticality="critical"
        )
        webhook_message = self.Message.search(
            [("connector_id", "=", self.webhook.id), ("res_id", "=", alert.id)]
        )
        self.assertEqual(
            webhook_message.state, "queued", "the alert went to the webhook"
        )
        Alert = self.env["integration.alert"]
        if hasattr(Alert, "_cron_send_digest"):
            Alert._cron_send_digest()
        result = self.queued._run_job()
        self.assertIn("neutralized", result)
        self.assertIn("neutralized", webhook_message._run_job())
        self.Message._run_queued_now()
        with self.assertRaisesRegex(UserError, "is neutralized"):
            self.partner_api.action_test_connection()

        self.assertEqual(_Partner.hits, [], "nothing reached the partner")
        self.assertEqual(self.partners("Q-1"), 0, "nothing was applied")
        self.assertEqual(self.queued.state, "queued")
        self.assertEqual(webhook_message.state, "queued")
        self.assertFalse(self.partner_api.last_run_at, "the schedule did not run")

    def test_clear_neutralization(self):
        self.neutralize()
        with self.assertRaises(AccessError):
            self.partner_api.with_user(self.manager).action_clear_neutralization()
        self.assertTrue(self.partner_api.neutralized)
        self.partner_api.action_clear_neutralization()
        self.assertFalse(self.partner_api.neutralized)
        self.assertIn(
            "Neutralization cleared", self.partner_api.message_ids[:1].body or ""
        )
        self.assertTrue(self.webhook.neutralized, "only the cleared connector")
        self.partner_api.active = True
        self.partner_api.action_test_connection()
        self.assertEqual(len(_Partner.hits), 1)
        self.assertEqual(self.queued._run_job(), "message is done")
        self.assertEqual(self.partners("Q-1"), 1)
