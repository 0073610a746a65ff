# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from integration_core.errors import PermanentError

from .common import IntegrationAuditCase

URL = "/integration/metrics"
_SAMPLE_RE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)")
_LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)')


def parse(body):
    """``{(sample name, frozenset(labels)): value}``; fails on a malformed line."""
    samples = {}
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        match = _SAMPLE_RE.fullmatch(line)
        assert match, f"malformed sample line {line!r}"
        name, labels, value = match.groups()
        pairs = _LABEL_RE.findall(labels or "")
        key = (name, frozenset(pairs))
        assert key not in samples, f"sample repeated: {line}"
        samples[key] = float(value)
    return samples


@tagged("post_install", "-at_install")
class TestMetrics(IntegrationAuditCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["integration.connector"].create(
            {
                "name": "Clinic B supplier",
                "code": "b_supplier",
                "system_kind": "supplier",
                "criticality": "critical",
                "transport": "none",
                "company_id": cls.company_b.id,
                "retry_jitter": 0,
            }
        )
        cls.token = cls.env["integration.secret"]._generate_metrics_token()

    def setUp(self):
        super().setUp()
        self.make_traffic()

    def make_traffic(self):
        """Messages in every state on both connectors, made through the API."""
        done = {}
        for ref in ("M-DONE-1", "M-DONE-2"):
            done[ref] = self.open_partner_message(ref)
            done[ref]._log_process()
        self.open_partner_message("M-PENDING")
        self.open_partner_message("M-QUEUED")._log_enqueue()
        self.open_partner_message("M-RETRY", fail="transient")._log_process()
        self.open_partner_message("M-DEAD", fail="permanent")._log_process()
        resolved = self.open_partner_message("M-RESOLVED", fail="permanent")
        resolved._log_process()
        resolved._log_resolve("fixed by hand")
        other = self.other
        self.open_partner_message(
            "B-RETRY", fail="transient", connector=other
        )._log_process()
        running = self.open_partner_message("B-RUN", connector=other)
        running._transition("running", "started", attempt_count=1)
        dead = self.open_partner_message("B-DEAD", connector=other)
        dead._log_fail_permanently(PermanentError("unknown order"))
        self.open_partner_message("B-CANCEL", connector=other).action_cancel()
        done["B-DONE"] = self.open_partner_message("B-DONE", connector=other)
        done["B-DONE"]._log_process()
        # Latencies in known buckets: 50 ms, 2 s and 7 minutes.
        self.env.flush_all()
        for ref, latency_ms in (
            ("M-DONE-1", 50),
            ("M-DONE-2", 2000),
            ("B-DONE", 420000),
        ):
            self.env.cr.execute(
                "UPDATE integration_message SET latency_ms = %s WHERE id = %s",
                (latency_ms, done[ref].id),
            )
        self.Message.invalidate_model()
        Alert = self.env["integration.alert"]
        for connector, criticality, state, key in (
            (self.connector, "high", "open", "a1"),
            (self.connector, "high", "acknowledged", "a2"),
            (self.connector, "low", "resolved", "a3"),
            (self.other, "critical", "open", "a4"),
        ):
            Alert.create(
                {
                    "name": f"Alert {key}",
                    "connector_id": connector.id,
                    "criticality": criticality,
                    "kind": "business",
                    "alert_key": key,
                    "state": state,
                }
            )
        self.env["integration.message.rollup"]._cron_update_rollups()
        self.env.flush_all()

    def scrape(self, token=None, accept=None, authorization=None):
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if authorization:
            headers["Authorization"] = authorization
        if accept:
            headers["Accept"] = accept
        return self.url_open(URL, headers=headers)

    def labels(self, connector, **extra):
        return frozenset(
            {
                "connector": connector.code,
                "company": connector.company_id.name,
                "system_kind": connector.system_kind,
                "connector_criticality": connector.criticality,
                **extra,
            }.items()
        )

    def test_missing_or_wrong_token_is_refused(self):
        for response in (
            self.scrape(),
            self.scrape(token="not-the-token"),
            self.scrape(token=self.token[:-1]),
            self.scrape(authorization=f"Basic {self.token}"),
            self.scrape(authorization="Bearer "),
        ):
            self.assertEqual(response.status_code, 401)
            self.assertTrue(response.headers["WWW-Authenticate"].startswith("Bearer"))
            self.assertNotIn("integration_messages", response.text)

    def test_no_token_configured_is_refused_and_said(self):
        self.env["res.config.settings"].create(
            {}
        ).action_integration_revoke_metrics_token()
        response = self.scrape(token=self.token)
        self.assertEqual(response.status_code, 401)
        self.assertIn("No metrics token is configured", response.text)
        self.assertTrue(response.headers["WWW-Authenticate"].startswith("Bearer"))

    def test_settings_generate_a_new_token_shown_once_and_stored_encrypted(self):
        action = (
            self.env["res.config.settings"]
            .create({})
            .action_integration_generate_metrics_token()
        )
        new_token = action["params"]["message"].rsplit(" ", 1)[-1]
        self.assertTrue(action["params"]["sticky"])
        self.assertNotEqual(new_token, self.token)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT value FROM integration_secret WHERE connector_id IS NULL "
            "AND name = 'metrics_token'"
        )
        stored = [row[0] for row in self.env.cr.fetchall()]
        self.assertEqual(len(stored), 1)
        self.assertTrue(stored[0].startswith("vault:v1:"))
        self.assertNotIn(new_token, stored[0])
        self.assertEqual(self.scrape(token=self.token).status_code, 401)
        self.assertEqual(self.scrape(token=new_token).status_code, 200)

    def test_only_administrators_manage_the_token(self):
        settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaises(AccessError):
            settings.create({}).action_integration_generate_metrics_token()
        self.assertEqual(self.scrape(token=self.token).status_code, 200)

    def test_figures_match_the_log(self):
        response = self.scrape(token=self.token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8"
        )
        samples = parse(response.text)
        Message = self.Message
        connectors = (
            self.env["integration.connector"].with_context(active_test=False).search([])
        )
        by_state = {
            (connector.id, state): count
            for connector, state, count in Message._read_group(
                [], ["connector_id", "state"], ["__count"]
            )
        }
        states = [state for state, _label in Message._fields["state"].selection]
        for connector in connectors:
            for state in states:
                self.assertEqual(
                    samples[
                        ("integration_messages", self.labels(connector, state=state))
                    ],
                    by_state.get((connector.id, state), 0),
                    f"{connector.code} {state}",
                )
            base = self.labels(connector)
            self.assertEqual(
                samples[("integration_dead_letters", base)],
                Message.search_count(
                    [("connector_id", "=", connector.id), ("state", "=", "dead")]
                ),
            )
            self.assertEqual(
                samples[("integration_retry_queue_depth", base)],
                Message.search_count(
                    [("connector_id", "=", connector.id), ("state", "=", "failed")]
                ),
            )
            for kind in ("transient", "permanent"):
                self.assertEqual(
                    samples[
                        ("integration_failures", self.labels(connector, kind=kind))
                    ],
                    Message.search_count(
                        [
                            ("connector_id", "=", connector.id),
                            ("state", "in", ("failed", "dead")),
                            ("error_kind", "=", kind),
                        ]
                    ),
                )
            for criticality in ("critical", "high", "medium", "low"):
                self.assertEqual(
                    samples[
                        (
                            "integration_alerts_open",
                            self.labels(connector, criticality=criticality),
                        )
                    ],
                    self.env["integration.alert"].search_count(
                        [
                            ("connector_id", "=", connector.id),
                            ("criticality", "=", criticality),
                            ("state", "!=", "resolved"),
                        ]
                    ),
                )
            # A latency of 0 ms (applied at once) is a latency; NULL (not
            # finished) is none: the ORM reads both as 0, so ask SQL.
            self.env.cr.execute(
                "SELECT latency_ms FROM integration_message "
                "WHERE connector_id = %s AND latency_ms IS NOT NULL",
                (connector.id,),
            )
            latencies = [row[0] for row in self.env.cr.fetchall()]
            self.assertEqual(
                samples[("integration_message_latency_seconds_count", base)],
                len(latencies),
                connector.code,
            )
            self.assertAlmostEqual(
                samples[("integration_message_latency_seconds_sum", base)],
                sum(latencies) / 1000,
            )
            for le, bound_ms in (("0.1", 100), ("2.5", 2500), ("300.0", 300000)):
                self.assertEqual(
                    samples[
                        (
                            "integration_message_latency_seconds_bucket",
                            self.labels(connector, le=le),
                        )
                    ],
                    len([ms for ms in latencies if ms <= bound_ms]),
                    f"{connector.code} le={le}",
                )
            health = [
                state
                for state in ("ok", "degraded", "down", "unknown")
                if samples[
                    (
                        "integration_connector_health",
                        self.labels(connector, state=state),
                    )
                ]
            ]
            self.assertEqual(len(health), 1, "exactly one health state is set")

        # What this test made, spelt out, so that a sum over nothing cannot pass.
        mine = self.labels(self.connector)
        other = self.labels(self.other)
        self.assertEqual(samples[("integration_dead_letters", mine)], 1)
        self.assertEqual(samples[("integration_dead_letters", other)], 1)
        self.assertEqual(samples[("integration_retry_queue_depth", mine)], 1)
        self.assertEqual(
            samples[
                ("integration_messages", self.labels(self.connector, state="done"))
            ],
            2,
        )
        self.assertEqual(
            samples[
                ("integration_messages", self.labels(self.other, state="cancelled"))
            ],
            1,
        )
        self.assertEqual(
            samples[
                (
                    "integration_alerts_open",
                    self.labels(self.connector, criticality="high"),
                )
            ],
            2,
        )
        self.assertEqual(
            samples[
                (
                    "integration_message_latency_seconds_bucket",
                    self.labels(self.other, le="+Inf"),
                )
            ],
            samples[("integration_message_latency_seconds_count", other)],
        )
        self.assertEqual(
            samples[
                (
                    "integration_message_latency_seconds_bucket",
                    self.labels(self.other, le="300.0"),
                )
            ],
            samples[("integration_message_latency_seconds_count", other)] - 1,
            "the 7-minute message is only in the +Inf bucket",
        )
        self.assertEqual(samples[("integration_connector_up", mine)], 1)
        self.assertEqual(
            samples[
                ("integration_connector_health", self.labels(self.other, state="down"))
            ]
            + samples[
                (
                    "integration_connector_health",
                    self.labels(self.other, state="degraded"),
                )
            ],
            1,
            "clinic B's connector has failing messages",
        )

    def test_openmetrics_when_asked(self):
        response = self.scrape(
            token=self.token,
            accept="application/openmetrics-text;version=1.0.0,"
            "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )
        self.assertTrue(response.text.endswith("# EOF\n"))
        self.assertIn(
            "# TYPE integration_message_latency_seconds histogram", response.text
        )
        samples = parse(response.text.removesuffix("# EOF\n"))
        self.assertEqual(
            samples[("integration_dead_letters", self.labels(self.connector))], 1
        )

    def test_inactive_connector_is_not_up(self):
        self.other.active = False
        samples = parse(self.scrape(token=self.token).text)
        self.assertEqual(
            samples[("integration_connector_up", self.labels(self.other))], 0
        )
        self.assertEqual(
            samples[("integration_connector_up", self.labels(self.connector))], 1
        )
