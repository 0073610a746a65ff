# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import http.server
import json
import threading
from unittest import mock

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import IntegrationAuditCase


class _Webhook(http.server.BaseHTTPRequestHandler):
    """A paging tool: refuses the first POST with 503, accepts the next ones."""

    token = "hook-t0ken"
    statuses = []
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("X-Alert-Token") != self.token:
            status = 401
        else:
            status = self.statuses.pop(0) if self.statuses else 200
        type(self).received.append((status, self.headers.get("Content-Type"), body))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        """Keep the test log clean."""


@tagged("post_install", "-at_install")
class TestAlert(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["integration.alert"]
        cls.activity_type = cls.env.ref(
            "integration_audit.mail_activity_type_integration_alert"
        )
        cls.oncall_1 = new_test_user(
            cls.env,
            "oncall_1",
            email="oncall1@example.com",
            notification_type="email",
            groups="base.group_user,integration_audit.group_integration_user",
        )
        cls.oncall_2 = new_test_user(
            cls.env,
            "oncall_2",
            email="oncall2@example.com",
            notification_type="email",
            groups="base.group_user,integration_audit.group_integration_user",
        )
        cls.oncall_group = cls.env["res.groups"].create(
            {
                "name": "Integration on-call (test)",
                "users": [(6, 0, (cls.oncall_1 | cls.oncall_2).ids)],
            }
        )
        cls.manager.email = "manager@example.com"
        cls.company_a.integration_oncall_group_id = cls.oncall_group
        cls.critical = cls.env["integration.connector"].create(
            {
                "name": "Crash cart supplier",
                "code": "crash_cart",
                "transport": "none",
                "criticality": "critical",
                "user_id": cls.manager.id,
            }
        )
        cls.high = cls.env["integration.connector"].create(
            {
                "name": "Payroll",
                "code": "payroll",
                "transport": "none",
                "criticality": "high",
                "user_id": cls.manager.id,
            }
        )

    def raise_business(self, connector=None, key="K-1", **options):
        return (connector or self.connector)._raise_alert(
            "Unmatched invoice INV-1", "No order for INV-1", key=key, **options
        )

    def alert_activities(self, alert):
        return alert.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.activity_type
        )

    def mails_to(self, alert, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "integration.alert"),
                ("res_id", "=", alert.id),
                ("recipient_ids", "in", partner.ids),
            ]
        )

    # -- deduplication, re-opening, resolving --------------------------------

    def test_same_problem_three_times_is_one_alert(self):
        alerts = self.Alert
        for _attempt in range(3):
            alerts |= self.raise_business()
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.occurrence_count, 3)
        self.assertEqual(alerts.state, "open")
        self.assertEqual(alerts.kind, "business")
        self.assertEqual(alerts.criticality, "medium", "the connector's")
        self.assertLessEqual(alerts.first_seen, alerts.last_seen)
        other = self.raise_business(key="K-2")
        self.assertNotEqual(other, alerts, "another key is another problem")
        self.assertEqual(
            self.Alert.search_count([("connector_id", "=", self.connector.id)]), 2
        )

    def test_unique_index_counts_a_concurrent_insert(self):
        alert = self.raise_business()
        # What a second transaction racing the first ends with: the INSERT
        # meets the open alert on the partial unique index and counts on it.
        again, fresh = self.Alert.sudo()._insert_or_count(
            self.connector,
            "business",
            "K-1",
            "medium",
            {"name": "x", "first_seen": alert.first_seen, "last_seen": alert.last_seen},
        )
        self.assertEqual(again, alert)
        self.assertFalse(fresh)
        self.assertEqual(alert.occurrence_count, 2)
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.Alert.create(
                {
                    "name": "duplicate",
                    "connector_id": self.connector.id,
                    "kind": "business",
                    "alert_key": "K-1",
                }
            )
            self.env.flush_all()

    def test_existing_two_argument_call_still_works(self):
        alert = self.connector._raise_alert("HR file unreadable", "bad header")
        self.assertTrue(alert)
        self.assertEqual(alert._name, "integration.alert")
        self.assertEqual(alert.alert_key, "HR file unreadable")
        self.assertEqual(alert.kind, "business")
        self.assertEqual(alert.note, "bad header")
        self.assertEqual(alert.connector_id, self.connector)

    def test_more_severe_criticality_wins_and_document_is_linked(self):
        partner = self.env["res.partner"].create({"name": "Supplier X"})
        alert = self.raise_business(criticality="critical", record=partner)
        self.assertEqual(alert.criticality, "critical")
        self.assertEqual(alert.document_ref, partner)
        low = self.raise_business(self.high, key="K-low", criticality="low")
        self.assertEqual(low.criticality, "high", "the connector's is more severe")

    def test_resolved_problem_seen_again_reopens_the_same_alert(self):
        alert = self.raise_business(self.high)
        self.assertEqual(len(self.alert_activities(alert)), 1)
        first_notified = alert.notified_at
        resolved = self.high._resolve_alerts("business", key="K-1", note="cleared")
        self.assertEqual(resolved, alert)
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)
        self.assertEqual(alert.resolution_note, "cleared")
        self.assertFalse(alert.resolved_by_id)
        self.assertFalse(self.alert_activities(alert), "its reminder is closed")

        again = self.raise_business(self.high)
        self.assertEqual(again, alert)
        self.assertEqual(alert.state, "open")
        self.assertEqual(alert.reopen_count, 1)
        self.assertEqual(alert.occurrence_count, 2)
        self.assertFalse(alert.auto_resolved)
        self.assertFalse(alert.resolved_at)
        self.assertEqual(
            self.alert_activities(alert).user_id, self.manager, "notified again"
        )
        self.assertGreaterEqual(alert.notified_at, first_notified)
        self.assertEqual(len(self.mails_to(alert, self.manager.partner_id)), 2)

    def test_acknowledge(self):
        alert = self.raise_business(self.high)
        alert.with_user(self.manager).action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.manager)
        self.assertTrue(alert.acknowledged_at)
        self.assertFalse(self.alert_activities(alert))
        self.assertIn("Acknowledged by", alert.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "Unmatched invoice INV-1"):
            alert.with_user(self.manager).action_acknowledge()
        # Seen again while acknowledged: counted, nobody notified again.
        mails = len(self.mails_to(alert, self.manager.partner_id))
        self.raise_business(self.high)
        self.assertEqual(alert.occurrence_count, 2)
        self.assertEqual(alert.state, "acknowledged")
        self.assertFalse(self.alert_activities(alert))
        self.assertEqual(len(self.mails_to(alert, self.manager.partner_id)), mails)

    def test_manual_resolve_requires_a_note(self):
        alert = self.raise_business()
        action = alert.with_user(self.manager).action_open_resolve_wizard()
        self.assertEqual(action["res_model"], "integration.alert.resolve")
        Wizard = self.env["integration.alert.resolve"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Unmatched invoice INV-1"):
            Wizard.create(
                {"alert_ids": [(6, 0, alert.ids)], "note": "  "}
            ).action_resolve()
        self.assertEqual(alert.state, "open")
        Wizard.create(
            {"alert_ids": [(6, 0, alert.ids)], "note": "Order created by hand."}
        ).action_resolve()
        self.assertEqual(alert.state, "resolved")
        self.assertFalse(alert.auto_resolved)
        self.assertEqual(alert.resolved_by_id, self.manager)
        self.assertEqual(alert.resolution_note, "Order created by hand.")
        self.assertIn("Order created by hand.", alert.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "already resolved"):
            alert._resolve_manually("again")

    def test_auditor_cannot_resolve(self):
        alert = self.raise_business()
        with self.assertRaises(AccessError):
            alert.with_user(self.auditor).action_acknowledge()

    # -- dead letters ---------------------------------------------------------

    def test_dead_letters_count_on_one_alert_and_clear_when_replayed(self):
        first = self.open_partner_message("D-1", fail="permanent")
        first._log_process()
        second = self.open_partner_message("D-2", fail="permanent")
        second._log_process()
        alert = self.Alert.search([("connector_id", "=", self.connector.id)])
        self.assertEqual(len(alert), 1, "one alert per connector and operation")
        self.assertEqual(alert.kind, "dead_letter")
        self.assertEqual(alert.alert_key, "upsert_partner")
        self.assertEqual(alert.occurrence_count, 2)
        self.assertEqual(alert.document_ref, second, "the last dead letter")
        self.assertEqual(alert.notification_channel, "digest", "medium connector")
        self.assertFalse(alert.activity_ids, "medium: nothing at once")

        def succeed(model, message):
            return model.create({"name": "Fixed", "ref": message.res_id or "fixed"})

        patch = mock.patch.object(
            type(self.env["res.partner"]),
            "_integration_handle_upsert_partner",
            succeed,
        )
        with patch, trap_jobs():
            first.with_user(self.manager).action_replay()
            self.assertEqual(alert.state, "open", "the replay has not run yet")
            first._run_job()
        self.assertEqual(first.state, "done")
        self.assertEqual(alert.state, "open", "D-2 is still a dead letter")

        second._log_resolve("Entered by hand.")
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)
        self.assertIn("No dead letter of upsert_partner", alert.resolution_note)

        third = self.open_partner_message("D-3", fail="permanent")
        third._log_process()
        self.assertEqual(alert.state, "open", "a new dead letter re-opens it")
        self.assertEqual(alert.reopen_count, 1)
        third.with_user(self.manager).action_cancel()
        self.assertEqual(alert.state, "resolved", "cancelled: nothing dead is left")

    # -- notification policy --------------------------------------------------

    def start_webhook(self, statuses):
        _Webhook.statuses = list(statuses)
        _Webhook.received = []
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        webhook = self.env["integration.connector"].create(
            {
                "name": "Paging tool",
                "code": "paging_tool",
                "transport": "http",
                "endpoint": f"http://127.0.0.1:{server.server_port}/alerts",
                "auth_method": "api_key",
                "api_key_header": "X-Alert-Token",
                "timeout": 5,
                "retry_max_attempts": 3,
                "retry_backoff_base": 10,
                "retry_jitter": 0,
            }
        )
        webhook.new_api_key = _Webhook.token
        self.company_a.integration_alert_webhook_connector_id = webhook
        return webhook

    def test_critical_policy_notifies_oncall_at_once_and_posts_the_webhook(self):
        webhook = self.start_webhook([503])
        partner = self.env["res.partner"].create({"name": "Epinephrine PO"})
        with trap_jobs() as trap:
            alert = self.raise_business(self.critical, record=partner)
            trap.assert_jobs_count(1)
        self.assertEqual(alert.notification_channel, "oncall")
        self.assertTrue(alert.notified_at)
        activities = self.alert_activities(alert)
        self.assertEqual(activities.user_id, self.oncall_1 | self.oncall_2)
        for user in self.oncall_1 | self.oncall_2:
            mail = self.mails_to(alert, user.partner_id)
            self.assertEqual(len(mail), 1, user.name)
            self.assertIn("Unmatched invoice INV-1", mail.subject)
            self.assertIn("/odoo/action-integration_audit", mail.body_html)

        post = self.Message.search(
            [("connector_id", "=", webhook.id), ("operation", "=", "alert_webhook")]
        )
        self.assertEqual(len(post), 1)
        self.assertEqual(post.state, "queued")
        self.assertTrue(post.critical)
        self.assertEqual(post.document_ref, alert)
        self.assertEqual(alert.webhook_message_ids, post)
        with trap_jobs():
            post._run_job()
            self.assertEqual(post.state, "failed", "503: retried later")
            self.assertIn("503", post.error_message)
            post._run_job()
        self.assertEqual(post.state, "done")
        self.assertEqual(
            self.events(post),
            ["created", "queued", "started", "retry_scheduled", "started", "done"],
        )
        self.assertEqual([status for status, _t, _b in _Webhook.received], [503, 200])
        _status, content_type, body = _Webhook.received[-1]
        self.assertEqual(content_type, "application/json")
        sent = json.loads(body)
        self.assertEqual(sent["alert_id"], alert.id)
        self.assertEqual(sent["criticality"], "critical")
        self.assertEqual(sent["connector"]["code"], "crash_cart")
        self.assertEqual(sent["occurrences"], 1)
        self.assertEqual(sent["document"]["id"], partner.id)
        self.assertEqual(sent["document"]["name"], "Epinephrine PO")
        self.assertTrue(sent["url"].endswith(f"/{alert.id}"))
        self.assertEqual(sent["company"], self.company_a.name)

        # Counted again while open: no second page.
        with trap_jobs() as trap:
            self.raise_business(self.critical)
            trap.assert_jobs_count(0)
        self.assertEqual(len(self.alert_activities(alert)), 2)

    def test_medium_alert_waits_for_the_digest_once(self):
        alert = self.raise_business()
        other = self.raise_business(key="K-2")
        self.assertEqual(alert.notification_channel, "digest")
        self.assertFalse(alert.notified_at)
        self.assertFalse(alert.activity_ids)
        self.assertFalse(self.mails_to(alert, self.manager.partner_id))
        digests = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.manager.partner_id.ids)]
        )
        self.Alert._cron_send_digest()
        digest = (
            self.env["mail.mail"].search(
                [("recipient_ids", "in", self.manager.partner_id.ids)]
            )
            - digests
        )
        self.assertEqual(len(digest), 1, "one mail for both alerts of the owner")
        self.assertIn("Unmatched invoice INV-1", digest.body_html)
        self.assertIn(self.connector.name, digest.body_html)
        self.assertIn("2 open alert(s)", digest.subject)
        self.assertTrue(alert.digest_sent_at)
        self.assertTrue(other.digest_sent_at)
        before = self.env["mail.mail"].search_count([])
        self.Alert._cron_send_digest()
        self.assertEqual(
            self.env["mail.mail"].search_count([]), before, "not listed twice"
        )

    def test_critical_connector_is_never_batched(self):
        self.company_a.integration_alert_policy_critical = "digest"
        alert = self.raise_business(self.critical, criticality="medium")
        self.assertEqual(alert.criticality, "critical")
        self.assertEqual(alert.notification_channel, "owner")
        self.assertIn("never batched", alert.notification_reason)
        self.assertEqual(self.alert_activities(alert).user_id, self.manager)
        self.assertTrue(self.mails_to(alert, self.manager.partner_id))
        self.Alert._cron_send_digest()
        self.assertFalse(alert.digest_sent_at, "not in the digest")

    def test_low_policy_is_dashboard_only(self):
        self.connector.criticality = "low"
        alert = self.raise_business()
        self.assertEqual(alert.notification_channel, "dashboard")
        self.assertFalse(alert.activity_ids)
        self.Alert._cron_send_digest()
        self.assertFalse(alert.digest_sent_at)

    # -- multi-company ---------------------------------------------------------

    def test_other_company_does_not_see_the_alert(self):
        alert = self.raise_business()
        connector_b = self.env["integration.connector"].create(
            {
                "name": "B HR",
                "code": "b_hr",
                "transport": "none",
                "company_id": self.company_b.id,
            }
        )
        alert_b = self.raise_business(connector_b)
        self.assertEqual(alert_b.company_id, self.company_b)
        visible = self.Alert.with_user(self.user_b).search([])
        self.assertIn(alert_b, visible)
        self.assertNotIn(alert, visible)
        with self.assertRaises(AccessError):
            alert.with_user(self.user_b).read(["name"])

    def test_connector_action_shows_its_open_alerts(self):
        alert = self.raise_business()
        action = self.connector.action_view_alerts()
        self.assertEqual(action["res_model"], "integration.alert")
        self.assertIn(alert, self.Alert.search(action["domain"]))
        self.assertEqual(action["context"]["search_default_filter_open"], 1)
        self.assertEqual(self.connector.alert_ids, alert)
