# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import logging

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from integration_core.errors import IntegrationError
from integration_core.monitoring.certificates import expiring
from integration_core.monitoring.health import assess, should_alert
from integration_core.monitoring.latency import percentile
from integration_core.monitoring.watches import is_stuck, sla_breach, stuck_limit
from integration_core.retry import RetryPolicy
from integration_core.transport.http import HttpTransport
from integration_core.transport.sftp import SftpTransport

_logger = logging.getLogger(__name__)

CRITICAL_CHANNEL = "root.integration_critical"
DEFAULT_CHANNEL = "root.integration"

# Secrets a connector may hold, stored encrypted in integration.secret.
SECRET_NAMES = ("password", "api_key", "client_secret", "private_key")

HEALTH_WINDOW = datetime.timedelta(hours=24)

# How the log names the watchdog's error (integration.message.error_class).
STUCK_ERROR_CLASS = "integration_core.monitoring.watches.StuckMessageError"
# Odoo's kanban colour index of each health colour (0 = no colour).
HEALTH_COLORS = {"red": 1, "orange": 2, "green": 10, "grey": 0}


class IntegrationConnector(models.Model):
    _name = "integration.connector"
    _description = "Integration Connector"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short technical name, unique per company, used in idempotency keys "
        "and logs (e.g. workday_hr).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    system_kind = fields.Selection(
        [
            ("hr", "HR platform"),
            ("supplier", "Supplier"),
            ("logistics", "Logistics"),
            ("finance", "Finance"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        tracking=True,
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound"), ("both", "Both ways")],
        required=True,
        default="both",
    )
    transport = fields.Selection(
        [
            ("http", "HTTP(S)"),
            ("sftp", "SFTP"),
            ("none", "None (files or manual)"),
        ],
        required=True,
        default="http",
        help="How this connector reaches the partner. Other modules add AS2 and SOAP.",
    )
    sftp_port = fields.Integer(string="SFTP Port", default=22)
    sftp_host_key = fields.Char(
        string="Pinned Host Key",
        tracking=True,
        help="The SFTP server's public key line (e.g. ssh-ed25519 AAAA...), "
        "checked at every connection. Confirm its fingerprint with the partner.",
    )
    sftp_inbox_dir = fields.Char(
        string="Inbox Folder",
        default="outbound",
        help="Where the partner leaves files for us; processed files move to "
        "<inbox>/archive, failed ones to <inbox>/error.",
    )
    sftp_outbox_dir = fields.Char(
        string="Outbox Folder",
        default="inbound",
        help="Where we upload files for the partner.",
    )
    endpoint = fields.Char(
        tracking=True, help="URL or host of the partner system, e.g. https://api..."
    )
    partner_system = fields.Char(
        help="Name of the remote system as it appears in the log (e.g. Workday)."
    )
    auth_method = fields.Selection(
        [
            ("none", "None"),
            ("basic", "Basic (user and password)"),
            ("api_key", "API key"),
            ("oauth2_client_credentials", "OAuth2 client credentials"),
            ("client_certificate", "Client certificate"),
            ("ssh_key", "SSH key"),
        ],
        required=True,
        default="none",
        tracking=True,
    )
    username = fields.Char(help="User name, or OAuth2 client id.")
    api_key_header = fields.Char(default="X-API-Key")
    oauth_token_url = fields.Char(string="OAuth2 Token URL")
    oauth_scope = fields.Char(string="OAuth2 Scope")
    client_certificate = fields.Text(
        help="PEM certificate presented to the partner (public, not a secret)."
    )
    secret_ids = fields.One2many(
        "integration.secret", "connector_id", groups="base.group_system"
    )
    # Write-only fields: they read as empty; writing one stores it encrypted.
    new_password = fields.Char(
        string="Password", compute="_compute_new_secrets", inverse="_inverse_password"
    )
    new_api_key = fields.Char(
        string="API Key", compute="_compute_new_secrets", inverse="_inverse_api_key"
    )
    new_client_secret = fields.Char(
        string="Client Secret",
        compute="_compute_new_secrets",
        inverse="_inverse_client_secret",
    )
    new_private_key = fields.Text(
        string="Private Key",
        compute="_compute_new_secrets",
        inverse="_inverse_private_key",
        help="PEM private key for a client certificate or SSH authentication.",
    )
    secrets_set = fields.Char(
        compute="_compute_secrets_set",
        help="Which secrets are stored (never their value).",
    )
    criticality = fields.Selection(
        [
            ("critical", "Critical"),
            ("high", "High"),
            ("medium", "Medium"),
            ("low", "Low"),
        ],
        required=True,
        default="medium",
        tracking=True,
        help="Critical connectors run on their own queue channel so that batch "
        "work never delays them, and their failures alert at once.",
    )
    latency_sla = fields.Integer(
        string="Latency SLA (s)",
        default=60,
        help="A message slower than this, from creation to done, degrades health.",
    )
    schedule_interval_number = fields.Integer(string="Run Every", default=0)
    schedule_interval_type = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        default="hours",
    )
    last_run_at = fields.Datetime(readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        help="Receives the alerts of this connector.",
    )
    version = fields.Char(help="Version of the partner interface, e.g. 004010 or v2.")
    notes = fields.Html()
    timeout = fields.Integer(string="Timeout (s)", default=30)
    retry_max_attempts = fields.Integer(string="Max Attempts", default=5)
    retry_backoff_base = fields.Float(string="Backoff Base (s)", default=30.0)
    retry_backoff_factor = fields.Float(string="Backoff Factor", default=2.0)
    retry_backoff_cap = fields.Float(string="Backoff Cap (s)", default=3600.0)
    retry_jitter = fields.Float(string="Jitter", default=0.1, help="Fraction, 0 to 1.")
    queue_channel = fields.Char(compute="_compute_queue_channel")
    integration_message_count = fields.Integer(
        string="Logged Messages", compute="_compute_message_stats"
    )
    dead_letter_count = fields.Integer(compute="_compute_overview")
    health_state = fields.Selection(
        [
            ("ok", "Healthy"),
            ("degraded", "Degraded"),
            ("down", "Down"),
            ("unknown", "No recent traffic"),
        ],
        compute="_compute_overview",
    )
    health_note = fields.Char(compute="_compute_overview")
    # -- neutralization (staging copies send nothing) --
    neutralized = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set by the database neutralization of a staging copy: the "
        "connector sends and receives nothing until an administrator clears it.",
    )
    # -- overview figures (roll-ups) --
    # Computed together for the whole recordset, from the hourly roll-ups
    # (integration.message.rollup) and a few indexed live counts.
    overview_message_count = fields.Integer(
        string="Messages (24 h)", compute="_compute_overview"
    )
    overview_failure_rate = fields.Float(
        string="Failure Rate (24 h, %)",
        compute="_compute_overview",
        help="Failed and dead messages among the messages of the last 24 hours.",
    )
    overview_p95_ms = fields.Float(
        string="p95 Latency (ms)",
        compute="_compute_overview",
        help="95th percentile of the last 24 hours' latencies, estimated from "
        "the roll-ups' histogram buckets (exact to the bucket). 0 without data.",
    )
    overview_p95_over_sla = fields.Boolean(
        string="p95 Over SLA", compute="_compute_overview"
    )
    retry_queue_count = fields.Integer(
        string="Retry Queue",
        compute="_compute_overview",
        help="Messages that failed and wait for a scheduled retry, now.",
    )
    open_alert_count = fields.Integer(string="Open Alerts", compute="_compute_overview")
    last_success_at = fields.Datetime(
        string="Last Success",
        compute="_compute_overview",
        help="When a message of this connector was last done, as of the figures.",
    )
    figures_as_of = fields.Datetime(
        compute="_compute_overview",
        help="When the hourly figures last read the log (every 5 minutes).",
    )
    health_color = fields.Integer(
        compute="_compute_overview",
        help="Kanban colour of the health state: red down, orange degraded, "
        "green healthy, none without traffic.",
    )
    # -- alerts --
    alert_ids = fields.One2many("integration.alert", "connector_id")
    # -- watches --
    sla_breach_threshold = fields.Float(
        string="SLA Alert Threshold (%)",
        default=10.0,
        help="An SLA breach alert is raised when at least this share of the "
        "messages finished in the SLA window was slower than the latency SLA.",
    )
    sla_window_minutes = fields.Integer(
        string="SLA Window (min)",
        default=60,
        help="How far back the SLA watch looks (by message creation time).",
    )
    sla_min_messages = fields.Integer(
        string="SLA Minimum Messages",
        default=5,
        help="With fewer finished messages in the window, the SLA watch stays "
        "quiet: two slow messages out of three say little.",
    )
    stuck_after_minutes = fields.Integer(
        string="Stuck After (min)",
        default=0,
        help="A message queued or running for longer than this is failed by the "
        "watchdog and goes through the retry policy. 0: ten times the timeout, "
        "at least 15 minutes.",
    )
    stuck_limit_minutes = fields.Integer(
        string="Stuck Limit (min)",
        compute="_compute_stuck_limit_minutes",
        help="The limit the stuck-message watchdog applies.",
    )
    traffic_expectation_ids = fields.One2many(
        "integration.traffic.expectation",
        "connector_id",
        string="Expected Traffic",
        help="Silence watches: the traffic this connector must see, e.g. one "
        "message every 26 hours for a nightly feed.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A connector code must be unique per company.",
        ),
    ]

    def _compute_new_secrets(self):
        for connector in self:
            connector.new_password = False
            connector.new_api_key = False
            connector.new_client_secret = False
            connector.new_private_key = False

    def _inverse_password(self):
        self._store_secret_from_field("password", "new_password")

    def _inverse_api_key(self):
        self._store_secret_from_field("api_key", "new_api_key")

    def _inverse_client_secret(self):
        self._store_secret_from_field("client_secret", "new_client_secret")

    def _inverse_private_key(self):
        self._store_secret_from_field("private_key", "new_private_key")

    def _compute_secrets_set(self):
        secrets = self.env["integration.secret"].sudo()
        for connector in self:
            names = secrets.search([("connector_id", "=", connector.id)]).mapped("name")
            connector.secrets_set = ", ".join(sorted(names))

    @api.depends("criticality")
    def _compute_queue_channel(self):
        for connector in self:
            connector.queue_channel = (
                CRITICAL_CHANNEL
                if connector.criticality == "critical"
                else DEFAULT_CHANNEL
            )

    def _compute_message_stats(self):
        messages = self.env["integration.message"]
        totals = dict(
            messages._read_group(
                [("connector_id", "in", self.ids)], ["connector_id"], ["__count"]
            )
        )
        for connector in self:
            connector.integration_message_count = totals.get(connector, 0)

    def _compute_overview(self):
        """Every overview figure of the whole recordset in a fixed number of
        queries: the roll-ups' last 24 hours, their last success, the retry
        queue and dead letters (partial index on open states), open alerts."""
        rollups = self.env["integration.message.rollup"]
        figures = rollups._figures(self, fields.Datetime.now() - HEALTH_WINDOW)
        last_success = rollups._last_success(self)
        as_of = rollups._watermark()
        waiting = {
            (connector.id, state): count
            for connector, state, count in self.env["integration.message"]._read_group(
                [("connector_id", "in", self.ids), ("state", "in", ("failed", "dead"))],
                ["connector_id", "state"],
                ["__count"],
            )
        }
        alerts = dict(
            self.env["integration.alert"]._read_group(
                [("connector_id", "in", self.ids), ("state", "!=", "resolved")],
                ["connector_id"],
                ["__count"],
            )
        )
        for connector in self:
            figure = figures[connector.id]
            health = connector._assess(figure)
            p95 = connector._p95(figure)
            connector.overview_message_count = figure["messages"]
            connector.overview_failure_rate = connector._failure_rate(figure)
            connector.overview_p95_ms = p95 or 0.0
            connector.overview_p95_over_sla = bool(
                p95 and connector.latency_sla and p95 > connector.latency_sla * 1000
            )
            connector.retry_queue_count = waiting.get((connector.id, "failed"), 0)
            connector.dead_letter_count = waiting.get((connector.id, "dead"), 0)
            connector.open_alert_count = alerts.get(connector, 0)
            connector.last_success_at = last_success.get(connector.id, False)
            connector.figures_as_of = as_of or False
            connector.health_state = health.state
            connector.health_note = connector._health_note(health)
            connector.health_color = HEALTH_COLORS[health.color]

    @api.constrains(
        "retry_max_attempts",
        "retry_backoff_base",
        "retry_backoff_factor",
        "retry_backoff_cap",
        "retry_jitter",
    )
    def _check_retry_policy(self):
        for connector in self:
            try:
                connector._retry_policy()
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Connector %(name)s: %(error)s",
                        name=connector.name,
                        error=error,
                    )
                ) from error

    @api.constrains("latency_sla", "timeout", "schedule_interval_number")
    def _check_positive_numbers(self):
        for connector in self:
            if connector.latency_sla < 0 or connector.timeout <= 0:
                raise ValidationError(
                    self.env._(
                        "Connector %s: the latency SLA must not be negative and the "
                        "timeout must be positive.",
                        connector.name,
                    )
                )
            if connector.schedule_interval_number < 0:
                raise ValidationError(
                    self.env._(
                        "Connector %s: the schedule must not be negative.",
                        connector.name,
                    )
                )

    @api.depends("timeout", "stuck_after_minutes")
    def _compute_stuck_limit_minutes(self):
        for connector in self:
            limit = stuck_limit(
                connector.timeout, max(connector.stuck_after_minutes, 0)
            )
            connector.stuck_limit_minutes = int(limit.total_seconds() // 60)

    @api.constrains(
        "sla_breach_threshold",
        "sla_window_minutes",
        "sla_min_messages",
        "stuck_after_minutes",
    )
    def _check_watch_settings(self):
        for connector in self:
            if not 0 < connector.sla_breach_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "Connector %s: the SLA alert threshold is a percentage "
                        "above 0 and at most 100.",
                        connector.name,
                    )
                )
            if connector.sla_window_minutes <= 0 or connector.sla_min_messages < 1:
                raise ValidationError(
                    self.env._(
                        "Connector %s: the SLA window must be at least one minute "
                        "and the SLA minimum at least one message.",
                        connector.name,
                    )
                )
            if connector.stuck_after_minutes < 0:
                raise ValidationError(
                    self.env._(
                        "Connector %s: the stuck limit must not be negative "
                        "(0 uses the default from the timeout).",
                        connector.name,
                    )
                )

    def action_test_connection(self):
        """Connect to the partner for real and report the outcome in the chatter."""
        self.ensure_one()
        message = self.env["integration.message"]._log_open(
            self,
            operation="test_connection",
            direction="outbound",
            initiator="user",
            idempotency_reference={"at": fields.Datetime.now().isoformat()},
        )
        try:
            note = self._test_connection()
        except (IntegrationError, OSError, ValueError) as error:
            message._log_fail_permanently(error)
            raise UserError(
                self.env._(
                    "Connection test of %(name)s failed: %(error)s",
                    name=self.name,
                    error=error,
                )
            ) from error
        message._log_done(note=note)
        self.message_post(body=self.env._("Connection test succeeded: %s", note))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Connection test succeeded"),
                "message": note,
                "type": "success",
                "sticky": False,
            },
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_audit.integration_message_action"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {"default_connector_id": self.id}
        return action

    def action_view_dead_letters(self):
        action = self.action_view_messages()
        action["domain"] = [("connector_id", "=", self.id), ("state", "=", "dead")]
        return action

    def action_view_retry_queue(self):
        """The connector's failed messages, waiting for their retry."""
        action = self.action_view_messages()
        action["domain"] = [("connector_id", "=", self.id), ("state", "=", "failed")]
        action["name"] = self.env._("Retry Queue: %s", self.name)
        return action

    def _test_connection(self):
        """Connect and authenticate; return a short success note.

        Dispatches to ``_test_connection_<transport>``: modules adding a
        transport implement that hook. Raise an ``IntegrationError`` on failure.
        """
        self._check_not_neutralized()
        handler = getattr(self, f"_test_connection_{self.transport}", None)
        if handler is None:
            raise UserError(
                self.env._(
                    "Connector %(name)s: transport %(transport)s cannot test "
                    "its connection.",
                    name=self.name,
                    transport=self.transport,
                )
            )
        return handler()

    def _test_connection_http(self):
        if not self.endpoint:
            raise UserError(
                self.env._("Connector %s: set the endpoint first.", self.name)
            )
        with HttpTransport(
            self.endpoint, auth=self._http_auth(), timeout=(self.timeout, self.timeout)
        ) as transport:
            return transport.test_connection()

    def _test_connection_sftp(self):
        with self._sftp_transport() as transport:
            return transport.test_connection()

    def _sftp_transport(self):
        """An SFTP transport to the connector's server (``endpoint`` = host)."""
        self.ensure_one()
        self._check_not_neutralized()
        if not self.endpoint or not self.sftp_host_key:
            raise UserError(
                self.env._(
                    "Connector %s: set the SFTP host (endpoint) and its pinned "
                    "host key first.",
                    self.name,
                )
            )
        return SftpTransport(
            self.endpoint,
            self.sftp_port or 22,
            self.username or "",
            password=self._get_secret("password"),
            private_key=self._get_secret("private_key"),
            known_host_key=self.sftp_host_key,
            outbox_dir=self.sftp_outbox_dir or "inbound",
            inbox_dir=self.sftp_inbox_dir or "outbound",
            timeout=self.timeout,
        )

    def _test_connection_none(self):
        return self.env._("Nothing to connect to: this connector has no transport.")

    def _http_auth(self):
        """Return the auth tuple ``integration_core.transport.http`` expects."""
        self.ensure_one()
        self._check_not_neutralized()
        method = self.auth_method
        if method == "basic":
            return ("basic", self.username or "", self._get_secret("password") or "")
        if method == "api_key":
            return (
                "api_key",
                self.api_key_header or "X-API-Key",
                self._required_secret("api_key", self.env._("API Key")),
            )
        if method == "oauth2_client_credentials":
            return (
                "oauth2_client_credentials",
                self.oauth_token_url,
                self.username or "",
                self._required_secret("client_secret", self.env._("Client Secret")),
                self.oauth_scope or None,
            )
        return None

    def _required_secret(self, name, label):
        """The secret ``name``; a clear error naming the field when it is unset."""
        value = self._get_secret(name)
        if not value:
            raise UserError(
                self.env._(
                    "Connector %(connector)s: set its %(field)s first (tab "
                    "Connection).",
                    connector=self.display_name,
                    field=label,
                )
            )
        return value

    # -- watches --

    @api.model
    def _cron_run_watches(self):
        """Run the watches of every active connector that is not neutralized."""
        now = fields.Datetime.now()
        connectors = self.search([("neutralized", "=", False)])
        for done, connector in enumerate(connectors, start=1):
            try:
                # One connector's broken watch must not silence the others.
                with self.env.cr.savepoint():
                    connector._run_watches(now)
            except psycopg2.errors.SerializationFailure:
                # A job changed one of its messages meanwhile: next run.
                _logger.info(
                    "Watches of connector %s met a concurrent update; they run "
                    "again at the next run",
                    connector.code,
                )
            except Exception:  # noqa: BLE001 - logged; the next run tries again
                _logger.exception("Watches of connector %s failed", connector.code)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=len(connectors) - done
            )

    def _run_watches(self, now):
        """Raise or resolve the SLA, silence, stuck and certificate alerts."""
        self.ensure_one()
        self._watch_sla(now)
        self._watch_silence(now)
        self._watch_stuck_messages(now)
        self._watch_certificates(now)

    def _watch_sla(self, now):
        """Alert when too many recently finished messages were slower than the SLA."""
        self.ensure_one()
        finding = None
        if self.latency_sla:
            since = now - datetime.timedelta(minutes=self.sla_window_minutes)
            self.env["integration.message"].flush_model(
                ["connector_id", "create_date", "state", "latency_ms"]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT count(*), count(*) FILTER (WHERE latency_ms > %(sla_ms)s)
                      FROM integration_message
                     WHERE connector_id = %(connector)s
                       AND create_date >= %(since)s
                       AND state = 'done'
                    """,
                    sla_ms=self.latency_sla * 1000,
                    connector=self.id,
                    since=since,
                )
            )
            total, breaches = self.env.cr.fetchone()
            finding = sla_breach(
                total, breaches, self.sla_breach_threshold, self.sla_min_messages
            )
        if finding:
            note = self.env._(
                "%(note)s Latency SLA: %(sla)s s; window: the last %(window)s minutes.",
                note=finding.note,
                sla=self.latency_sla,
                window=self.sla_window_minutes,
            )
            self._raise_alert(finding.summary, note, kind="sla_breach", key="sla")
        else:
            self._resolve_watch_alerts("sla_breach", ["sla"])

    def _watch_silence(self, now):
        """Alert for each expected traffic that did not come (see the expectations)."""
        self.ensure_one()
        quiet = []
        for expectation in self.traffic_expectation_ids:
            finding = expectation._finding(now)
            if finding:
                self._raise_alert(
                    finding.summary, finding.note, kind="silence", key=finding.key
                )
            else:
                quiet.append(expectation._alert_key())
        # Archived or deleted expectations no longer keep their alert open.
        watched = {
            expectation._alert_key() for expectation in self.traffic_expectation_ids
        }
        self._resolve_watch_alerts("silence", quiet, keep=watched - set(quiet))

    def _watch_stuck_messages(self, now):
        """Fail messages queued or running for too long; one alert while any is stuck.

        Rows locked by a job that is processing them right now are skipped:
        only messages nobody works on are failed. The alert stays open until
        the messages failed as stuck have gone through (done, or dead and
        alerted as dead letters).
        """
        self.ensure_one()
        limit = stuck_limit(self.timeout, self.stuck_after_minutes)
        cutoff = now - limit
        Message = self.env["integration.message"]
        Message.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT id
                  FROM integration_message
                 WHERE connector_id = %(connector)s
                   AND state IN ('queued', 'running')
                   AND (write_date < %(cutoff)s
                        OR (state = 'running' AND started_at < %(cutoff)s))
                 ORDER BY id
                   FOR UPDATE SKIP LOCKED
                """,
                connector=self.id,
                cutoff=cutoff,
            )
        )
        stuck = Message.browse(row[0] for row in self.env.cr.fetchall())
        failed = Message
        for message in stuck:
            since = message.write_date
            if message.state == "running" and message.started_at:
                since = min(since, message.started_at)
            if is_stuck(message.state, since, now, limit):
                message._log_stuck(since, limit)
                failed |= message
        waiting = Message.search_count(
            [
                ("connector_id", "=", self.id),
                ("state", "in", ("failed", "queued", "running")),
                ("error_class", "=", STUCK_ERROR_CLASS),
                ("id", "not in", failed.ids),
            ]
        )
        if not failed and not waiting:
            self._resolve_watch_alerts("stuck_message", ["stuck"])
            return
        self._raise_alert(
            self.env._(
                "Messages stuck longer than %s minutes", self.stuck_limit_minutes
            ),
            self.env._(
                "%(count)s message(s) stayed queued or running longer than "
                "%(limit)s minutes and were failed now, for a retry or the dead "
                "letters: %(names)s. %(waiting)s message(s) failed as stuck "
                "earlier still wait for their retry.",
                count=len(failed),
                limit=self.stuck_limit_minutes,
                names=", ".join(f"{m.name} #{m.id}" for m in failed) or "-",
                waiting=waiting,
            ),
            kind="stuck_message",
            key="stuck",
        )

    def _watched_certificates(self):
        """Hook: ``[(label, pem_text)]`` of the certificates this connector uses.

        The label names the certificate in the alert and is its key: keep it
        stable (not translated). Modules add theirs (supplier_edi: AS2).
        """
        self.ensure_one()
        if self.auth_method == "client_certificate" and self.client_certificate:
            return [("TLS client certificate", self.client_certificate)]
        return []

    def _watch_certificates(self, now):
        """Alert for each certificate expiring within 30 days, or unreadable."""
        self.ensure_one()
        fine, watched = [], set()
        for label, pem in self._watched_certificates():
            watched.add(label)
            try:
                finding = expiring(pem, now, key=label, label=label)
            except ValueError as error:
                self._raise_alert(
                    self.env._("%s cannot be read", label),
                    self.env._(
                        "Connector %(name)s: %(label)s is not a readable PEM "
                        "certificate: %(error)s",
                        name=self.name,
                        label=label,
                        error=error,
                    ),
                    kind="certificate",
                    key=label,
                )
                continue
            if finding:
                self._raise_alert(
                    finding.summary, finding.note, kind="certificate", key=label
                )
            else:
                fine.append(label)
        self._resolve_watch_alerts("certificate", fine, keep=watched - set(fine))

    def _resolve_watch_alerts(self, kind, keys, keep=None):
        """Resolve the open alerts of ``kind`` with ``keys``.

        With ``keep`` (the keys still firing), every other open alert of that
        kind is resolved too: its watch is gone (an archived expectation, a
        removed certificate).
        """
        self.ensure_one()
        note = self.env._("The watch no longer finds the problem.")
        keys = set(keys)
        if keep is not None:
            open_keys = (
                self.env["integration.alert"]
                .sudo()
                .search(
                    [
                        ("connector_id", "=", self.id),
                        ("kind", "=", kind),
                        ("state", "!=", "resolved"),
                    ]
                )
                .mapped("alert_key")
            )
            keys |= set(open_keys) - set(keep)
        for key in sorted(keys):
            self._resolve_alerts(kind, key, note=note)

    # -- neutralization (staging copies send nothing) --

    def action_clear_neutralization(self):
        """Let a neutralized connector talk to its partner again (administrators).

        For a copy that may talk to partners (a new production server restored
        from a dump, say). The connector stays inactive: activate it yourself.
        """
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "Only administrators can clear a connector's neutralization."
                )
            )
        for connector in self.filtered("neutralized"):
            connector.neutralized = False
            connector.message_post(
                body=self.env._(
                    "Neutralization cleared by %s: this connector may talk to its "
                    "partner again once it is active.",
                    self.env.user.name,
                )
            )
        return True

    def _check_not_neutralized(self):
        """Refuse to reach the partner of a neutralized connector."""
        for connector in self:
            if connector.neutralized:
                raise UserError(
                    self.env._(
                        "Connector %s is neutralized: this database is a copy "
                        "(staging or test) and talks to no partner. An "
                        "administrator may clear the neutralization on the "
                        "connector if this copy must talk to partners.",
                        connector.display_name,
                    )
                )

    def _retry_policy(self):
        self.ensure_one()
        return RetryPolicy(
            max_attempts=self.retry_max_attempts,
            backoff_base=self.retry_backoff_base,
            backoff_factor=self.retry_backoff_factor,
            backoff_cap=self.retry_backoff_cap,
            jitter=self.retry_jitter,
        )

    def _get_secret(self, name):
        """Return the decrypted secret ``name``, or ``None`` when it is not set."""
        self.ensure_one()
        return self.env["integration.secret"]._read_secret(self, name)

    def _set_secret(self, name, value):
        """Store ``value`` encrypted as secret ``name`` (empty value removes it)."""
        self.ensure_one()
        self.env["integration.secret"]._write_secret(self, name, value)

    def _store_secret_from_field(self, name, field_name):
        for connector in self:
            value = connector[field_name]
            if value:
                connector._set_secret(name, value)
                connector.message_post(body=self.env._("Secret %s was changed.", name))
        # Write-only: drop the typed value from the cache so nothing reads it back.
        self.invalidate_recordset([field_name])

    def _assess(self, figure):
        """The ``Health`` of this connector from its roll-up ``figure``."""
        self.ensure_one()
        states = figure["states"]
        return assess(
            total=figure["messages"],
            succeeded=states["done"] + states["resolved"],
            failing=states["failed"] + states["dead"],
            slow=figure["breaches"] if self.latency_sla else 0,
        )

    def _health_note(self, health):
        """``health``'s reason, translated, for the card and the history."""
        if health.state == "unknown":
            return self.env._("No message in the last 24 hours.")
        if health.state == "down":
            return self.env._("%s failing message(s), none succeeded.", health.failing)
        if health.state == "degraded":
            return self.env._(
                "%(failing)s failing and %(slow)s slow message(s) of %(total)s.",
                failing=health.failing,
                slow=health.slow,
                total=health.total,
            )
        return self.env._("%s message(s), all fine.", health.total)

    @api.model
    def _failure_rate(self, figure):
        """Failed and dead messages among ``figure``'s messages, in percent."""
        if not figure["messages"]:
            return 0.0
        return 100.0 * (figure["failed"] + figure["dead"]) / figure["messages"]

    @api.model
    def _p95(self, figure):
        """Estimated p95 latency in ms of ``figure`` (``None`` without data)."""
        return percentile(figure["latency_buckets"], 0.95)

    def _is_due(self, now):
        self.ensure_one()
        if not self.schedule_interval_number:
            return False
        if not self.last_run_at:
            return True
        delta = datetime.timedelta(
            **{self.schedule_interval_type: self.schedule_interval_number}
        )
        return self.last_run_at + delta <= now

    @api.model
    def _cron_run_scheduled(self):
        """Run every connector whose schedule is due (thin loop, like edi_oca)."""
        now = fields.Datetime.now()
        connectors = self.search(
            [("schedule_interval_number", ">", 0), ("neutralized", "=", False)]
        )
        due = connectors.filtered(lambda connector: connector._is_due(now))
        for done, connector in enumerate(due, start=1):
            connector.last_run_at = now
            connector._run_scheduled()
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(due) - done)

    def _run_scheduled(self):
        """Hook: modules run their connector kind's scheduled work here."""
        self.ensure_one()
        _logger.info("Connector %s is due but no module runs its schedule", self.code)

    @api.model
    def _cron_check_health(self):
        """Check every active connector's health, store it, alert and resolve.

        Brings the roll-ups up to date first, then writes one
        ``integration.health.check`` per active connector. A connector that
        is down alerts, a degraded one only when critical or high
        (``integration_core.monitoring.health.should_alert``); its health
        alert is resolved at the first check where that no longer holds.
        """
        self.env["integration.message.rollup"]._cron_update_rollups()
        now = fields.Datetime.now()
        connectors = self.search([])
        figures = self.env["integration.message.rollup"]._figures(
            connectors, now - HEALTH_WINDOW
        )
        healths = {
            connector.id: connector._assess(figures[connector.id])
            for connector in connectors
        }
        self.env["integration.health.check"]._record(connectors, now, figures, healths)
        states = dict(self._fields["health_state"]._description_selection(self.env))
        for connector in connectors:
            health = healths[connector.id]
            if should_alert(health, connector.criticality):
                connector._raise_alert(
                    self.env._(
                        "Connector %(name)s is %(state)s",
                        name=connector.name,
                        state=states[health.state].lower(),
                    ),
                    connector._health_note(health),
                    kind="health",
                    key="health",
                )
            else:
                connector._resolve_alerts(
                    "health",
                    note=self.env._("Health check: %s", connector._health_note(health)),
                )

    def _raise_alert(
        self, summary, note, *, kind="business", key=None, record=None, criticality=None
    ):
        """Raise an alert about this connector; return the ``integration.alert``.

        :param summary: one line naming the problem.
        :param note: what was seen (updated at every occurrence).
        :param kind: see ``integration.alert.kind``.
        :param key: identifies the problem within the connector and kind
            (default: ``summary``). An open or acknowledged alert with the same
            key counts one more occurrence; a resolved one is re-opened.
        :param record: the business document concerned, if any.
        :param criticality: the problem's own criticality; the connector's
            when not given. The more severe of both applies.
        """
        self.ensure_one()
        return self.env["integration.alert"]._raise(
            self,
            summary,
            note,
            kind=kind,
            key=key,
            record=record,
            criticality=criticality,
        )

    def _resolve_alerts(self, kind, key=None, note=None):
        """Resolve this connector's alerts of ``kind`` (and ``key``): the
        condition cleared. ``key=None`` resolves every one of that kind.
        Returns the alerts resolved."""
        domain = [
            ("connector_id", "in", self.ids),
            ("kind", "=", kind),
            ("state", "!=", "resolved"),
        ]
        if key is not None:
            domain.append(("alert_key", "=", key))
        alerts = self.env["integration.alert"].sudo().search(domain)
        return alerts._auto_resolve(note)

    def action_view_alerts(self):
        """The connector's alerts, the open ones first shown."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "integration_audit.integration_alert_action"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {
            "default_connector_id": self.id,
            "search_default_filter_open": 1,
        }
        return action
