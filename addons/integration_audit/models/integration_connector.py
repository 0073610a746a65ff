# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from integration_core.errors import IntegrationError
from integration_core.retry import RetryPolicy
from integration_core.transport.http import HttpTransport
from integration_core.transport.sftp import SftpTransport

_logger = logging.getLogger(__name__)

CRITICAL_CHANNEL = "root.integration_critical"
DEFAULT_CHANNEL = "root.integration"

# Secrets a connector may hold, stored encrypted in integration.secret.
SECRET_NAMES = ("password", "api_key", "client_secret", "private_key")

HEALTH_WINDOW = datetime.timedelta(hours=24)


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
    dead_letter_count = fields.Integer(compute="_compute_message_stats")
    health_state = fields.Selection(
        [
            ("ok", "Healthy"),
            ("degraded", "Degraded"),
            ("down", "Down"),
            ("unknown", "No recent traffic"),
        ],
        compute="_compute_health",
    )
    health_note = fields.Char(compute="_compute_health")

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
        dead = dict(
            messages._read_group(
                [("connector_id", "in", self.ids), ("state", "=", "dead")],
                ["connector_id"],
                ["__count"],
            )
        )
        for connector in self:
            connector.integration_message_count = totals.get(connector, 0)
            connector.dead_letter_count = dead.get(connector, 0)

    def _compute_health(self):
        since = fields.Datetime.now() - HEALTH_WINDOW
        for connector in self:
            connector.health_state, connector.health_note = connector._health(since)

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

    def _test_connection(self):
        """Connect and authenticate; return a short success note.

        Dispatches to ``_test_connection_<transport>``: modules adding a
        transport implement that hook. Raise an ``IntegrationError`` on failure.
        """
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
        method = self.auth_method
        if method == "basic":
            return ("basic", self.username or "", self._get_secret("password") or "")
        if method == "api_key":
            return (
                "api_key",
                self.api_key_header or "X-API-Key",
                self._get_secret("api_key"),
            )
        if method == "oauth2_client_credentials":
            return (
                "oauth2_client_credentials",
                self.oauth_token_url,
                self.username or "",
                self._get_secret("client_secret"),
                self.oauth_scope or None,
            )
        return None

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

    def _health(self, since):
        """Return ``(state, note)`` from this connector's messages since ``since``."""
        self.ensure_one()
        domain = [("connector_id", "=", self.id), ("create_date", ">=", since)]
        groups = dict(
            self.env["integration.message"]._read_group(domain, ["state"], ["__count"])
        )
        total = sum(groups.values())
        if not total:
            return "unknown", self.env._("No message in the last 24 hours.")
        failing = groups.get("dead", 0) + groups.get("failed", 0)
        succeeded = groups.get("done", 0) + groups.get("resolved", 0)
        if failing and not succeeded:
            return "down", self.env._("%s failing message(s), none succeeded.", failing)
        slow = (
            self.env["integration.message"].search_count(
                domain + [("latency_ms", ">", self.latency_sla * 1000)]
            )
            if self.latency_sla
            else 0
        )
        if failing or slow:
            return "degraded", self.env._(
                "%(failing)s failing and %(slow)s slow message(s) of %(total)s.",
                failing=failing,
                slow=slow,
                total=total,
            )
        return "ok", self.env._("%s message(s), all fine.", total)

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
        connectors = self.search([("schedule_interval_number", ">", 0)])
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
        """Alert owners of connectors that went down or breach their SLA."""
        since = fields.Datetime.now() - HEALTH_WINDOW
        for connector in self.search([]):
            state, note = connector._health(since)
            if state in ("down", "degraded") and (
                state == "down" or connector.criticality in ("critical", "high")
            ):
                connector._raise_alert(
                    self.env._(
                        "Connector %(name)s is %(state)s",
                        name=connector.name,
                        state=state,
                    ),
                    note,
                )

    def _raise_alert(self, summary, note):
        """Schedule one open alert activity for the owner; never duplicate it."""
        self.ensure_one()
        activity_type = self.env.ref(
            "integration_audit.mail_activity_type_integration_alert"
        )
        already = self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == activity_type
                and activity.summary == summary
            )
        )
        if already:
            return already
        self.message_post(
            body=self.env._("%(summary)s: %(note)s", summary=summary, note=note)
        )
        return self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=summary,
            note=note,
            user_id=(self.user_id or self.env.user).id,
        )
