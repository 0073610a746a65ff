# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import datetime
import http.server
import socket
import threading

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import IntegrationAuditCase


class _PartnerApi(http.server.BaseHTTPRequestHandler):
    """A partner endpoint that wants basic auth odoo / s3cret."""

    expected = "Basic " + base64.b64encode(b"odoo:s3cret").decode()

    def _answer(self):
        status = 200 if self.headers.get("Authorization") == self.expected else 401
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_OPTIONS = _answer

    def log_message(self, *args):
        """Keep the test log clean."""


class TestConnector(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PartnerApi)
        cls.server_thread = threading.Thread(
            target=cls.server.serve_forever, daemon=True
        )
        cls.server_thread.start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)
        cls.http_connector = cls.env["integration.connector"].create(
            {
                "name": "Partner API",
                "code": "partner_api",
                "transport": "http",
                "endpoint": f"http://127.0.0.1:{cls.server.server_port}/api",
                "auth_method": "basic",
                "username": "odoo",
                "timeout": 5,
            }
        )

    def test_connection_test_really_connects(self):
        self.http_connector.new_password = "s3cret"
        action = self.http_connector.with_user(self.manager).action_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("200", action["params"]["message"])
        logged = self.Message.search(
            [
                ("connector_id", "=", self.http_connector.id),
                ("operation", "=", "test_connection"),
            ]
        )
        self.assertEqual(logged.state, "done")

    def test_connection_test_reports_wrong_credentials(self):
        self.http_connector.new_password = "wrong"
        with self.assertRaisesRegex(UserError, "Connection test of Partner API failed"):
            self.http_connector.action_test_connection()

    def test_a_missing_secret_is_named(self):
        self.http_connector.auth_method = "api_key"
        with self.assertRaisesRegex(
            UserError, "Connector Partner API: set its API Key first"
        ):
            self.http_connector.action_test_connection()

    def test_connection_test_reports_a_server_down(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free_port = probe.getsockname()[1]
        self.http_connector.endpoint = f"http://127.0.0.1:{free_port}/api"
        with self.assertRaisesRegex(UserError, "failed"):
            self.http_connector.action_test_connection()

    def test_health_follows_recent_messages(self):
        self.assertEqual(self.connector.health_state, "unknown")
        # Health follows the hourly roll-ups, which a cron keeps from the log.
        rollups = self.env["integration.message.rollup"]
        ok = self.open_partner_message("H-1")
        ok._log_process()
        rollups._cron_update_rollups()
        self.connector.invalidate_recordset(["health_state"])
        self.assertEqual(self.connector.health_state, "ok")
        bad = self.open_partner_message("H-2", fail="permanent")
        bad._log_process()
        rollups._cron_update_rollups()
        self.connector.invalidate_recordset(["health_state"])
        self.assertEqual(self.connector.health_state, "degraded")
        self.assertEqual(self.connector.dead_letter_count, 1)

    def test_down_connector_alerts_its_owner_once(self):
        bad = self.open_partner_message("H-3", fail="permanent")
        bad._log_process()
        self.env["integration.connector"]._cron_check_health()
        self.env["integration.connector"]._cron_check_health()
        alerts = self.connector.alert_ids.filtered(lambda a: a.kind == "health")
        self.assertEqual(len(alerts), 1)
        self.assertIn("is down", alerts.name)
        self.assertEqual(alerts.occurrence_count, 2, "the second check counts on it")

    def test_retry_policy_is_validated(self):
        with self.assertRaisesRegex(ValidationError, "Test HR platform"):
            self.connector.retry_jitter = 2

    def test_scheduled_connector_runs_when_due(self):
        self.connector.write(
            {"schedule_interval_number": 1, "schedule_interval_type": "hours"}
        )
        now = fields.Datetime.now()
        self.assertTrue(self.connector._is_due(now))
        self.connector.last_run_at = now - datetime.timedelta(minutes=30)
        self.assertFalse(self.connector._is_due(now))
        self.connector.last_run_at = now - datetime.timedelta(hours=2)
        self.env["integration.connector"]._cron_run_scheduled()
        self.assertGreaterEqual(self.connector.last_run_at, now)
