# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import math

from odoo import fields
from odoo.tests import new_test_user
from odoo.tools import SQL, mute_logger

from integration_core.errors import PermanentError, TransientError
from integration_core.monitoring.health import assess
from integration_core.monitoring.latency import BUCKETS_MS, bucket_index

from ..models.integration_message_rollup import (
    BUCKET_FIELDS,
    WATERMARK_OVERLAP,
    WATERMARK_PARAM,
)
from .common import IntegrationAuditCase

OVERVIEW_FIELDS = [
    "name",
    "system_kind",
    "criticality",
    "company_id",
    "latency_sla",
    "health_state",
    "health_note",
    "health_color",
    "overview_message_count",
    "overview_failure_rate",
    "overview_p95_ms",
    "overview_p95_over_sla",
    "retry_queue_count",
    "dead_letter_count",
    "open_alert_count",
    "last_success_at",
    "figures_as_of",
]


class TestOverview(IntegrationAuditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Connector = cls.env["integration.connector"]
        # hr: SLA 10 s, traffic mostly fine; supplier: critical, only failures
        # in the last 24 hours; clinic: company B.
        cls.connector.latency_sla = 10
        cls.supplier = Connector.create(
            {
                "name": "Test supplier",
                "code": "test_supplier",
                "system_kind": "supplier",
                "transport": "none",
                "criticality": "critical",
                "retry_max_attempts": 3,
                "retry_jitter": 0,
            }
        )
        cls.clinic = Connector.create(
            {
                "name": "Clinic B lab",
                "code": "test_lab_b",
                "system_kind": "other",
                "transport": "none",
                "company_id": cls.company_b.id,
            }
        )
        cls.user_a = new_test_user(
            cls.env,
            "integration_user_a",
            groups="base.group_user,integration_audit.group_integration_user",
        )
        cls.Rollup = cls.env["integration.message.rollup"]
        cls.sequence = 0

    def setUp(self):
        super().setUp()
        # Start from no watermark: the first run builds the roll-ups.
        self.env["ir.config_parameter"].set_param(WATERMARK_PARAM, False)
        self.now = fields.Datetime.now()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def log(self, connector, state, latency_ms=None, hours_ago=0):
        """A message in ``state`` made through the logging API; its create
        date (and finish, for done messages) moved ``hours_ago`` back and its
        latency set, by SQL, as a test may."""
        type(self).sequence += 1
        message = self.Message._log_open(
            connector,
            "upsert_partner",
            direction="inbound",
            idempotency_reference={"n": self.sequence},
            processor_model="res.partner",
        )
        if state == "queued":
            message._transition("queued", "queued")
        elif state == "done":
            message._log_done()
        elif state == "failed":
            message._log_fail(TransientError("HTTP 503"))
        elif state in ("dead", "resolved"):
            with mute_logger("odoo.addons.integration_audit.models.integration_alert"):
                message._log_fail_permanently(PermanentError("bad payload"))
            if state == "resolved":
                message._log_resolve("fixed by hand")
        self.assertEqual(message.state, state)
        self.env.flush_all()
        created = self.env.cr.now() - datetime.timedelta(hours=hours_ago)
        updates = [SQL("create_date = %s", created)]
        if latency_ms is not None:
            updates.append(SQL("latency_ms = %s", latency_ms))
        if state == "done":
            updates.append(
                SQL(
                    "finished_at = %s",
                    created + datetime.timedelta(milliseconds=latency_ms or 0),
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE integration_message SET %s WHERE id = %s",
                SQL(", ").join(updates),
                message.id,
            )
        )
        self.env.invalidate_all()
        return message

    def build_traffic(self):
        hr_latencies = [50, 80, 120, 300, 700, 1500, 4000, 9000, 20000, 45000]
        messages = {"hr": [self.log(self.connector, "done", ms) for ms in hr_latencies]}
        messages["hr_old"] = self.log(self.connector, "dead", 10, hours_ago=30)
        messages["hr_2h"] = self.log(self.connector, "done", 200, hours_ago=2)
        messages["hr_failed"] = self.log(self.connector, "failed")
        messages["hr_pending"] = self.log(self.connector, "pending")
        messages["hr_queued"] = self.log(self.connector, "queued")
        messages["sup_old"] = self.log(self.supplier, "done", 900, hours_ago=30)
        messages["sup_dead"] = self.log(self.supplier, "dead", 2000)
        messages["sup_failed"] = self.log(self.supplier, "failed")
        messages["lab"] = self.log(self.clinic, "done", 400)
        messages["lab_resolved"] = self.log(self.clinic, "resolved", 100, hours_ago=3)
        return messages

    def window_start(self):
        """The overview's 24 hours, as roll-ups see them: whole hours."""
        return (self.now - datetime.timedelta(hours=24)).replace(
            minute=0, second=0, microsecond=0
        )

    def from_log(self, connector):
        """Every overview figure computed directly from integration_message."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT COUNT(*),
                          COUNT(*) FILTER (WHERE state IN ('done', 'resolved')),
                          COUNT(*) FILTER (WHERE state IN ('failed', 'dead')),
                          COUNT(*) FILTER (WHERE latency_ms > %s),
                          ARRAY_AGG(latency_ms) FILTER (WHERE latency_ms IS NOT NULL)
                     FROM integration_message
                    WHERE connector_id = %s AND create_date >= %s""",
                connector.latency_sla * 1000,
                connector.id,
                self.window_start(),
            )
        )
        total, succeeded, failing, slow, latencies = cr.fetchone()
        cr.execute(
            SQL(
                """SELECT COUNT(*) FILTER (WHERE state = 'failed'),
                          COUNT(*) FILTER (WHERE state = 'dead'),
                          MAX(finished_at) FILTER (WHERE state = 'done')
                     FROM integration_message WHERE connector_id = %s""",
                connector.id,
            )
        )
        retry_queue, dead, last_success = cr.fetchone()
        alerts = self.env["integration.alert"].search_count(
            [("connector_id", "=", connector.id), ("state", "!=", "resolved")]
        )
        return {
            "total": total,
            "failure_rate": 100.0 * failing / total if total else 0.0,
            "health": assess(total, succeeded, failing, slow).state,
            "latencies": sorted(latencies or []),
            "retry_queue": retry_queue,
            "dead": dead,
            "last_success": last_success,
            "alerts": alerts,
        }

    def assert_overview_matches_log(self, connector):
        connector.invalidate_recordset()
        expected = self.from_log(connector)
        self.assertEqual(connector.overview_message_count, expected["total"])
        self.assertAlmostEqual(
            connector.overview_failure_rate, expected["failure_rate"], places=6
        )
        self.assertEqual(connector.health_state, expected["health"])
        self.assertEqual(connector.retry_queue_count, expected["retry_queue"])
        self.assertEqual(connector.dead_letter_count, expected["dead"])
        self.assertEqual(connector.open_alert_count, expected["alerts"])
        self.assertEqual(connector.last_success_at, expected["last_success"])
        latencies = expected["latencies"]
        if not latencies:
            self.assertEqual(connector.overview_p95_ms, 0.0)
            return expected
        # The estimate lies in the bucket of the exact p95 (nearest rank).
        exact = latencies[math.ceil(0.95 * len(latencies)) - 1]
        index = bucket_index(exact)
        lower = BUCKETS_MS[index - 1] if index else 0
        upper = BUCKETS_MS[index] if index < len(BUCKETS_MS) else BUCKETS_MS[-1]
        self.assertGreaterEqual(connector.overview_p95_ms, lower)
        self.assertLessEqual(connector.overview_p95_ms, upper)
        return expected

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_overview_figures_equal_counts_from_the_log(self):
        messages = self.build_traffic()
        self.Rollup._cron_update_rollups()
        for connector in self.connector | self.supplier | self.clinic:
            self.assert_overview_matches_log(connector)
        hr, supplier = self.connector, self.supplier
        # The figures themselves, so that a wrong log query cannot hide.
        # hr: 10 done + 1 done 2 h ago + failed + pending + queued = 14 in
        # 24 h (the dead one is 30 h old), 1 failing; 2 slower than 10 s.
        self.assertEqual(hr.overview_message_count, 14)
        self.assertAlmostEqual(hr.overview_failure_rate, 100 / 14)
        self.assertEqual(hr.health_state, "degraded")
        self.assertEqual(hr.retry_queue_count, 1)
        self.assertEqual(hr.dead_letter_count, 1)  # 30 h old, still a dead letter
        self.assertGreater(hr.overview_p95_ms, 30000)
        self.assertLessEqual(hr.overview_p95_ms, 60000)
        self.assertTrue(hr.overview_p95_over_sla)
        # supplier: its only success is 30 h old: down, but it has a last success.
        self.assertEqual(supplier.overview_message_count, 2)
        self.assertEqual(supplier.health_state, "down")
        self.assertEqual(supplier.health_color, 1)
        self.assertEqual(supplier.overview_failure_rate, 100.0)
        self.assertEqual(supplier.last_success_at, messages["sup_old"].finished_at)
        self.assertLess(supplier.last_success_at, self.window_start())
        self.assertEqual(hr.health_color, 2)
        self.assertEqual(self.clinic.health_state, "ok")
        self.assertEqual(self.clinic.health_color, 10)
        self.assertEqual(hr.figures_as_of, self.env.cr.now().replace(microsecond=0))
        # The 30 h old message is in the roll-ups, not in the 24 h figures.
        old_hour = self.Rollup.search(
            [("connector_id", "=", hr.id), ("hour", "<", self.window_start())]
        )
        self.assertEqual(old_hour.message_count, 1)
        self.assertEqual(old_hour.dead_count, 1)

    def test_roll_up_columns_add_up(self):
        self.build_traffic()
        self.Rollup._cron_update_rollups()
        rollups = self.Rollup.search(
            [("connector_id", "in", (self.connector | self.supplier).ids)]
        )
        self.assertTrue(rollups)
        for rollup in rollups:
            states = (
                rollup.pending_count
                + rollup.queued_count
                + rollup.running_count
                + rollup.done_count
                + rollup.failed_count
                + rollup.dead_count
                + rollup.cancelled_count
                + rollup.resolved_count
            )
            self.assertEqual(states, rollup.message_count)
            buckets = sum(rollup[name] for name in BUCKET_FIELDS)
            self.assertEqual(buckets, rollup.latency_count)
        hr_now = rollups.filtered(
            lambda r: (
                r.connector_id == self.connector
                and r.hour
                == self.env.cr.now().replace(minute=0, second=0, microsecond=0)
            )
        )
        self.assertEqual(hr_now.breach_count, 2)
        self.assertEqual(hr_now.latency_le_100, 2)
        self.assertEqual(hr_now.latency_le_60000, 1)
        self.assertEqual(hr_now.latency_le_inf, 0)

    def test_incremental_update_follows_changes_without_double_counting(self):
        messages = self.build_traffic()
        self.Rollup._cron_update_rollups()
        before = self.supplier.overview_message_count
        # Pretend every message was written a day ago; then a person resolves
        # the supplier's dead letter and its retry is replayed to done.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE integration_message SET write_date = %s "
                "WHERE connector_id IN %s",
                self.env.cr.now() - datetime.timedelta(days=1),
                (self.connector | self.supplier | self.clinic)._ids,
            )
        )
        self.env.invalidate_all()
        messages["sup_dead"]._log_resolve("checked with the supplier")
        failed = messages["sup_failed"]
        failed._transition("running", "started", attempt_count=2)
        failed._log_done()
        # The last run was 5 minutes after this transaction's write dates: a
        # late commit, which the overlap still reads.
        self.assertGreater(WATERMARK_OVERLAP, datetime.timedelta(minutes=5))
        self.env["ir.config_parameter"].set_param(
            WATERMARK_PARAM,
            fields.Datetime.to_string(
                self.env.cr.now() + datetime.timedelta(minutes=5)
            ),
        )
        # Mark every roll-up as old, to see which ones the run rewrites.
        self.env.cr.execute(
            SQL(
                "UPDATE integration_message_rollup SET write_date = %s",
                self.env.cr.now() - datetime.timedelta(days=1),
            )
        )
        self.assertGreaterEqual(self.Rollup._cron_update_rollups(), 1)
        self.env.cr.execute(
            SQL(
                """SELECT connector_id, hour FROM integration_message_rollup
                    WHERE write_date = %s AND connector_id IN %s""",
                self.env.cr.now(),
                (self.connector | self.supplier | self.clinic)._ids,
            )
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [
                (
                    self.supplier.id,
                    self.env.cr.now().replace(minute=0, second=0, microsecond=0),
                )
            ],
            "only the supplier's current hour is re-aggregated",
        )
        self.env.invalidate_all()
        for connector in self.connector | self.supplier | self.clinic:
            self.assert_overview_matches_log(connector)
        self.assertEqual(self.supplier.overview_message_count, before)
        self.assertEqual(self.supplier.health_state, "ok")
        self.assertEqual(self.supplier.retry_queue_count, 0)
        self.assertEqual(self.supplier.dead_letter_count, 0)
        self.assertEqual(self.supplier.overview_failure_rate, 0.0)
        # Nothing written since: the next run re-aggregates nothing.
        self.env["ir.config_parameter"].set_param(
            WATERMARK_PARAM,
            fields.Datetime.to_string(
                self.env.cr.now() + WATERMARK_OVERLAP + datetime.timedelta(minutes=1)
            ),
        )
        self.assertEqual(self.Rollup._cron_update_rollups(), 0)

    def test_rebuild_gives_the_same_figures(self):
        self.build_traffic()
        self.Rollup._cron_update_rollups()
        fields_read = ["connector_id", "hour", "message_count", "done_count"]
        fields_read += ["dead_count", "breach_count", "latency_sum_ms", *BUCKET_FIELDS]
        first = self.Rollup.search_read([], fields_read, order="connector_id, hour")
        self.Rollup._rebuild_rollups()
        again = self.Rollup.search_read([], fields_read, order="connector_id, hour")
        for row in first + again:
            row.pop("id")
        self.assertEqual(first, again)

    def test_health_check_history_and_alert(self):
        messages = self.build_traffic()
        Check = self.env["integration.health.check"]
        self.env["integration.connector"]._cron_check_health()
        checks = Check.search(
            [("connector_id", "in", (self.connector | self.supplier).ids)]
        )
        self.assertEqual(len(checks), 2)
        hr = checks.filtered(lambda c: c.connector_id == self.connector)
        supplier = checks.filtered(lambda c: c.connector_id == self.supplier)
        self.assertEqual((hr.state, hr.uptime, hr.messages), ("degraded", 100.0, 14))
        self.assertEqual((supplier.state, supplier.uptime), ("down", 0.0))
        self.assertEqual(supplier.failure_rate, 100.0)
        self.assertGreater(hr.p95_ms, 30000)
        self.assertIn("none succeeded", supplier.note)
        # Uptime per day is the average of the checks.
        day = Check._read_group(
            [("connector_id", "=", self.supplier.id)],
            ["checked_at:day"],
            ["uptime:avg"],
        )
        self.assertEqual(day[0][1], 0.0)
        alert = self.env["integration.alert"].search(
            [("connector_id", "=", self.supplier.id), ("kind", "=", "health")]
        )
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.state, "open")
        self.assertIn("is down", alert.name)
        # A medium connector that is only degraded does not alert.
        self.assertFalse(
            self.env["integration.alert"].search_count(
                [("connector_id", "=", self.connector.id), ("kind", "=", "health")]
            )
        )
        # The supplier recovers: the next check resolves its health alert.
        messages["sup_dead"]._log_resolve("checked")
        messages["sup_failed"]._transition("running", "started", attempt_count=2)
        messages["sup_failed"]._log_done()
        self.env["integration.connector"]._cron_check_health()
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)
        latest = Check.search([("connector_id", "=", self.supplier.id)], limit=1)
        self.assertEqual((latest.state, latest.uptime), ("ok", 100.0))
        day = Check._read_group(
            [("connector_id", "=", self.supplier.id)],
            ["checked_at:day"],
            ["uptime:avg"],
        )
        self.assertEqual(day[0][1], 50.0)

    def test_companies_see_only_their_figures(self):
        self.build_traffic()
        self.env["integration.connector"]._cron_check_health()
        Rollup = self.Rollup.with_user(self.user_b)
        self.assertFalse(Rollup.search_count([("company_id", "=", self.company_a.id)]))
        self.assertEqual(Rollup.search([]).connector_id.company_id, self.company_b)
        Check = self.env["integration.health.check"].with_user(self.user_b)
        self.assertEqual(Check.search([]).connector_id.company_id, self.company_b)
        lab = self.clinic.with_user(self.user_b)
        self.assertEqual(lab.overview_message_count, 2)
        self.assertEqual(lab.health_state, "ok")
        # Figures read for company A's connectors by user B are empty.
        figures = Rollup._figures(self.connector, self.now - datetime.timedelta(days=1))
        self.assertEqual(figures[self.connector.id]["messages"], 0)

    def test_read_only_user_opens_the_overview(self):
        self.build_traffic()
        self.Rollup._cron_update_rollups()
        action = self.env.ref("integration_audit.integration_connector_action_overview")
        self.assertTrue(action.view_mode.startswith("kanban"))
        Connector = self.env["integration.connector"].with_user(self.user_a)
        views = Connector.get_views([(action.view_id.id, "kanban")])
        self.assertIn("overview_p95_ms", views["views"]["kanban"]["arch"])
        spec = {name: {} for name in OVERVIEW_FIELDS}
        spec["company_id"] = {"fields": {"display_name": {}}}
        result = Connector.web_search_read(
            [("id", "in", (self.connector | self.supplier).ids)], spec
        )
        by_id = {record["id"]: record for record in result["records"]}
        self.assertEqual(by_id[self.supplier.id]["health_state"], "down")
        self.assertEqual(by_id[self.connector.id]["overview_message_count"], 14)
        root = self.env.ref("integration_audit.integration_audit_menu_root")
        first = root.child_id.sorted("sequence")[0]
        self.assertEqual(
            first, self.env.ref("integration_audit.integration_connector_menu_overview")
        )

    def test_overview_costs_the_same_queries_for_2_or_6_connectors(self):
        Connector = self.env["integration.connector"]
        more = Connector.create(
            [
                {"name": f"Bulk {n}", "code": f"bulk_{n}", "transport": "none"}
                for n in range(4)
            ]
        )
        for connector in more:
            self.log(connector, "done", 300)
            self.log(connector, "failed")
            self.log(connector, "dead", 100)
        self.build_traffic()
        self.Rollup._cron_update_rollups()
        two = self.connector | self.supplier
        six = two | more

        def queries(connectors):
            connectors = connectors.with_user(self.user_a)
            self.env.invalidate_all()
            # The parameter cache is process-wide: warm it like a running server.
            self.Rollup._watermark()
            count = self.env.cr.sql_log_count
            connectors.read(OVERVIEW_FIELDS)
            return self.env.cr.sql_log_count - count

        queries(six)  # warm the ormcaches (access rules, groups)
        self.assertEqual(queries(two), queries(six))
        self.assertLessEqual(queries(six), 10)
