# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Alerts: one record per open problem of a connector.

Raised and resolved only through ``connector._raise_alert()`` and
``connector._resolve_alerts()`` (see ``readme/DEVELOP.md``). The same problem
(connector, kind, key) seen again counts one more occurrence of its alert;
seen again after it was resolved, it re-opens it. Who hears about an alert is
the company's notification policy (``integration_core.monitoring.alert_policy``).
"""

import datetime
import json
import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from integration_core.monitoring import alert_policy
from integration_core.transport.base import OutboundMessage
from integration_core.transport.http import HttpTransport

_logger = logging.getLogger(__name__)

CRITICALITIES = [
    ("critical", "Critical"),
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
]
ALERT_KINDS = [
    ("dead_letter", "Dead letter"),
    ("sla_breach", "SLA breach"),
    ("silence", "Silence"),
    ("stuck_message", "Stuck message"),
    ("certificate", "Certificate expiring"),
    ("health", "Connector down"),
    ("business", "Business exception"),
]
NOTIFICATION_CHANNELS = [
    (alert_policy.ONCALL, "On-call group and webhook, at once"),
    (alert_policy.OWNER, "Connector owner, at once"),
    (alert_policy.DIGEST, "Daily digest"),
    (alert_policy.DASHBOARD, "Dashboard only"),
]
STATE_SEQUENCE = {"open": 0, "acknowledged": 1, "resolved": 2}
_OPEN_KEY_INDEX = "integration_alert_open_key_uniq"
_WEBHOOK_OPERATION = "alert_webhook"


class IntegrationAlert(models.Model):
    _name = "integration.alert"
    _description = "Integration Alert"
    _inherit = ["mail.thread", "mail.activity.mixin", "integration.document.mixin"]
    _order = "state_sequence, criticality_sequence, last_seen desc, id desc"

    name = fields.Char(string="Summary", required=True, readonly=True)
    connector_id = fields.Many2one(
        "integration.connector",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="connector_id.company_id", store=True, index=True
    )
    connector_user_id = fields.Many2one(
        related="connector_id.user_id", string="Connector Owner"
    )
    criticality = fields.Selection(
        CRITICALITIES,
        required=True,
        default="medium",
        readonly=True,
        help="The more severe of the criticality it was raised with and its "
        "connector's.",
    )
    criticality_sequence = fields.Integer(
        compute="_compute_criticality_sequence", store=True
    )
    kind = fields.Selection(
        ALERT_KINDS, required=True, default="business", readonly=True
    )
    alert_key = fields.Char(
        required=True,
        readonly=True,
        help="Identifies the problem within its connector and kind: the same key "
        "raised again counts on this alert.",
    )
    note = fields.Text(readonly=True, help="What was seen last.")
    first_seen = fields.Datetime(readonly=True)
    last_seen = fields.Datetime(readonly=True)
    occurrence_count = fields.Integer(string="Occurrences", default=1, readonly=True)
    state = fields.Selection(
        [
            ("open", "Open"),
            ("acknowledged", "Acknowledged"),
            ("resolved", "Resolved"),
        ],
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_at = fields.Datetime(readonly=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)
    resolved_at = fields.Datetime(readonly=True)
    resolution_note = fields.Text(readonly=True)
    auto_resolved = fields.Boolean(
        readonly=True, help="Resolved by the integration when the condition cleared."
    )
    reopen_count = fields.Integer(
        string="Re-opened", readonly=True, help="Times the problem came back."
    )
    # -- notification --
    notification_channel = fields.Selection(
        NOTIFICATION_CHANNELS,
        readonly=True,
        help="How the last notification went out, from the company's policy.",
    )
    notification_reason = fields.Char(readonly=True)
    notified_at = fields.Datetime(
        readonly=True, help="When people were last notified at once."
    )
    digest_sent_at = fields.Datetime(
        readonly=True, help="When the alert was listed in a daily digest."
    )
    webhook_message_ids = fields.One2many(
        "integration.message",
        "res_id",
        string="Webhook Posts",
        domain=[("res_model", "=", "integration.alert")],
        readonly=True,
    )

    def init(self):
        # One alert per problem while it is not resolved: concurrent raises of
        # the same problem meet on this index (see _insert_or_count).
        if not index_exists(self.env.cr, _OPEN_KEY_INDEX):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (connector_id, kind, alert_key) "
                    "WHERE state != 'resolved'",
                    SQL.identifier(_OPEN_KEY_INDEX),
                    SQL.identifier(self._table),
                )
            )

    @api.depends("state")
    def _compute_state_sequence(self):
        for alert in self:
            alert.state_sequence = STATE_SEQUENCE.get(alert.state, 0)

    @api.depends("criticality")
    def _compute_criticality_sequence(self):
        for alert in self:
            alert.criticality_sequence = alert_policy.severity_rank(
                alert.criticality or "medium"
            )

    # ------------------------------------------------------------------
    # Actions (buttons)
    # ------------------------------------------------------------------

    def action_acknowledge(self):
        """Someone is on it: record who and when, close the reminders."""
        now = fields.Datetime.now()
        for alert in self:
            if alert.state != "open":
                raise UserError(
                    self.env._(
                        "Alert %(name)s cannot be acknowledged: it is %(state)s.",
                        name=alert.display_name,
                        state=alert._state_label(),
                    )
                )
            alert.write(
                {
                    "state": "acknowledged",
                    "acknowledged_by_id": self.env.user.id,
                    "acknowledged_at": now,
                }
            )
            alert.sudo()._close_activities(
                self.env._("Acknowledged by %s", self.env.user.name)
            )
            alert.message_post(
                body=self.env._("Acknowledged by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_open_resolve_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve Alert"),
            "res_model": "integration.alert.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_alert_ids": self.ids},
        }

    def action_open_document(self):
        self.ensure_one()
        if not self.document_ref:
            raise UserError(
                self.env._("Alert %s has no business document.", self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def _resolve_manually(self, note):
        """Close the alerts by hand, with who, when and why."""
        if not (note or "").strip():
            raise UserError(
                self.env._(
                    "Say how alert %s was resolved: a note is required.",
                    ", ".join(self.mapped("display_name")),
                )
            )
        for alert in self:
            if alert.state == "resolved":
                raise UserError(
                    self.env._("Alert %s is already resolved.", alert.display_name)
                )
        self._resolve(note, user=self.env.user, auto=False)
        return True

    def _auto_resolve(self, note=None):
        """The condition cleared: resolve the alerts that are not resolved yet."""
        alerts = self.filtered(lambda alert: alert.state != "resolved")
        alerts._resolve(
            note or self.env._("The condition cleared."), user=None, auto=True
        )
        return alerts

    def _resolve(self, note, *, user, auto):
        now = fields.Datetime.now()
        self.write(
            {
                "state": "resolved",
                "resolved_at": now,
                "resolved_by_id": user.id if user else False,
                "resolution_note": note,
                "auto_resolved": auto,
            }
        )
        for alert in self:
            alert.sudo()._close_activities(note)
            body = (
                self.env._("Resolved automatically: %s", note)
                if auto
                else self.env._(
                    "Resolved by %(user)s: %(note)s", user=user.name, note=note
                )
            )
            alert.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _close_activities(self, feedback):
        if self.activity_ids:
            self.activity_ids.action_feedback(feedback=feedback)

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # Raising (through connector._raise_alert)
    # ------------------------------------------------------------------

    @api.model
    def _raise(
        self,
        connector,
        summary,
        note,
        kind="business",
        key=None,
        record=None,
        criticality=None,
    ):
        """Raise an alert of ``connector``, or count the problem on its open one.

        Returns the alert. See ``connector._raise_alert`` for the rules.
        """
        connector.ensure_one()
        alerts = self.sudo()
        key = key or summary
        criticality = alert_policy.more_severe(
            criticality or connector.criticality, connector.criticality
        )
        now = fields.Datetime.now()
        seen = {
            "name": summary,
            "note": note and str(note),
            "last_seen": now,
        }
        if record:
            record.ensure_one()
            seen.update(res_model=record._name, res_id=record.id)
        same = [
            ("connector_id", "=", connector.id),
            ("kind", "=", kind),
            ("alert_key", "=", key),
        ]
        alert = alerts.search(same + [("state", "!=", "resolved")], limit=1)
        if alert:
            return alert._count_again(seen, criticality)
        resolved = alerts.search(
            same + [("state", "=", "resolved")],
            order="resolved_at desc, id desc",
            limit=1,
        )
        if resolved:
            return resolved._reopen(seen, criticality)
        alert, fresh = alerts._insert_or_count(
            connector, kind, key, criticality, dict(seen, first_seen=now)
        )
        if fresh:
            alert._message_log(
                body=self.env._("Alert raised: %s", note or summary),
            )
            alert._notify()
        return alert

    def _count_again(self, seen, criticality):
        """The problem was seen again while the alert is open or acknowledged."""
        self.ensure_one()
        worse = alert_policy.more_severe(criticality, self.criticality)
        escalated = worse != self.criticality
        self.write(
            dict(seen, occurrence_count=self.occurrence_count + 1, criticality=worse)
        )
        if escalated and self.state == "open":
            self._message_log(
                body=self.env._("Seen again as %s: notified again.", worse)
            )
            self._notify()
        return self

    def _reopen(self, seen, criticality):
        """The problem came back after it was resolved: open the alert again."""
        self.ensure_one()
        self.write(
            dict(
                seen,
                state="open",
                criticality=criticality,
                occurrence_count=self.occurrence_count + 1,
                reopen_count=self.reopen_count + 1,
                acknowledged_by_id=False,
                acknowledged_at=False,
                resolved_by_id=False,
                resolved_at=False,
                resolution_note=False,
                auto_resolved=False,
                digest_sent_at=False,
            )
        )
        self._message_log(
            body=self.env._("Re-opened: the problem came back. %s", seen["note"] or "")
        )
        self._notify()
        return self

    @api.model
    def _insert_or_count(self, connector, kind, key, criticality, vals):
        """Insert a new alert, or count one more occurrence on the open one.

        One ``INSERT ... ON CONFLICT`` on the partial unique index: two
        transactions raising the same problem cannot create two alerts. The
        later one either counts on the first (it sees it) or gets a
        serialization failure (it does not, under repeatable read), which
        Odoo and queue_job retry; the retry finds the alert and counts on it.
        Returns ``(alert, True)`` when the alert was created.
        """
        now = self.env.cr.now()
        row = {
            "name": vals["name"],
            "note": vals.get("note") or None,
            "connector_id": connector.id,
            "company_id": connector.company_id.id,
            "criticality": criticality,
            "criticality_sequence": alert_policy.severity_rank(criticality),
            "kind": kind,
            "alert_key": key,
            "res_model": vals.get("res_model") or None,
            "res_id": vals.get("res_id") or None,
            "first_seen": vals["first_seen"],
            "last_seen": vals["last_seen"],
            "occurrence_count": 1,
            "state": "open",
            "state_sequence": STATE_SEQUENCE["open"],
            "reopen_count": 0,
            "auto_resolved": False,
            "create_uid": self.env.uid,
            "create_date": now,
            "write_uid": self.env.uid,
            "write_date": now,
        }
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s "
                "ON CONFLICT (connector_id, kind, alert_key) WHERE state != 'resolved' "
                "DO UPDATE SET occurrence_count = %s.occurrence_count + 1, "
                "last_seen = EXCLUDED.last_seen, note = EXCLUDED.note, "
                "write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date "
                "RETURNING id, occurrence_count",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in row),
                tuple(row.values()),
                SQL.identifier(self._table),
            )
        )
        alert_id, occurrences = self.env.cr.fetchone()
        alert = self.browse(alert_id)
        alert.invalidate_recordset()
        return alert, occurrences == 1

    # ------------------------------------------------------------------
    # Notification
    # ------------------------------------------------------------------

    def _route(self):
        self.ensure_one()
        return alert_policy.route(
            self.criticality,
            self.connector_id.criticality,
            self.company_id._integration_alert_policies(),
        )

    def _notify(self):
        """Notify the alert as the company's policy says; record what was sent."""
        for alert in self.sudo():
            route = alert._route()
            vals = {
                "notification_channel": route.channel,
                "notification_reason": route.reason,
            }
            if route.channel == alert_policy.ONCALL:
                sent = alert._notify_oncall()
            elif route.channel == alert_policy.OWNER:
                sent = alert._notify_users(alert.connector_id.user_id)
            elif route.channel == alert_policy.DIGEST:
                sent = self.env._("it will be listed in the next daily digest")
            else:
                sent = self.env._("nothing is sent, it is shown on the dashboard")
            if route.immediate:
                vals["notified_at"] = fields.Datetime.now()
            alert.write(vals)
            alert._message_log(
                body=self.env._(
                    "%(reason)s Sent: %(sent)s.", reason=route.reason, sent=sent
                )
            )

    def _notify_oncall(self):
        self.ensure_one()
        company = self.company_id
        group = company.integration_oncall_group_id or self.env.ref(
            "integration_audit.group_integration_manager"
        )
        users = group.users.filtered(
            lambda user: company in user.company_ids and not user.share
        )
        # An empty on-call group must not swallow a critical alert.
        sent = [self._notify_users(users or self.connector_id.user_id)]
        webhook = company.integration_alert_webhook_connector_id
        if webhook and webhook != self.connector_id:
            message = self._post_webhook(webhook)
            sent.append(self.env._("webhook %s", message.display_name))
        return ", ".join(sent)

    def _notify_users(self, users):
        """An activity per user on the alert and one email to them all."""
        self.ensure_one()
        users = users.filtered("active")
        if not users:
            return self.env._("nobody (no owner or on-call user to notify)")
        activity_type = self.env.ref(
            "integration_audit.mail_activity_type_integration_alert"
        )
        quiet = self.with_context(mail_activity_quick_update=True)
        for user in users:
            quiet.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.name,
                note=self.note,
                user_id=user.id,
            )
        self.message_notify(
            partner_ids=users.partner_id.ids,
            subject=self.env._(
                "[%(criticality)s] %(summary)s",
                criticality=self._criticality_label(),
                summary=self.name,
            ),
            body=self._notification_body(),
            mail_auto_delete=False,
            email_layout_xmlid="mail.mail_notification_light",
        )
        return self.env._("activity and email to %s", ", ".join(users.mapped("name")))

    def _notification_body(self):
        self.ensure_one()
        lines = [
            (self.env._("Connector"), self.connector_id.display_name),
            (self.env._("Criticality"), self._criticality_label()),
            (self.env._("Kind"), self._kind_label()),
            (self.env._("Occurrences"), self.occurrence_count),
            (self.env._("Last seen"), self.last_seen),
        ]
        if self.document_ref:
            lines.append((self.env._("Document"), self.document_ref.display_name))
        rows = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (label, value) for label, value in lines
        )
        return Markup("<p>%s</p><ul>%s</ul><p><a href='%s'>%s</a></p>") % (
            self.note or self.name,
            rows,
            self._url(),
            self.env._("Open the alert"),
        )

    def _criticality_label(self):
        return dict(CRITICALITIES)[self.criticality]

    def _kind_label(self):
        return dict(ALERT_KINDS)[self.kind]

    def _url(self):
        base = self.get_base_url()
        return (
            f"{base}/odoo/action-integration_audit.integration_alert_action/{self.id}"
        )

    def _webhook_payload(self):
        """The JSON the alert webhook receives (see readme/CONFIGURE.md)."""
        self.ensure_one()
        document = None
        if self.document_ref:
            document = {
                "model": self.res_model,
                "id": self.res_id,
                "name": self.document_ref.display_name,
            }
        return {
            "alert_id": self.id,
            "summary": self.name,
            "note": self.note or "",
            "kind": self.kind,
            "criticality": self.criticality,
            "state": self.state,
            "connector": {
                "code": self.connector_id.code,
                "name": self.connector_id.name,
                "criticality": self.connector_id.criticality,
            },
            "company": self.company_id.name,
            "document": document,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "occurrences": self.occurrence_count,
            "reopen_count": self.reopen_count,
            "url": self._url(),
        }

    def _post_webhook(self, webhook):
        """Log the POST as an outbound message of ``webhook``, queued critical.

        The message is logged, idempotent per alert, re-opening and
        criticality, and retried by the webhook connector's retry policy.
        """
        self.ensure_one()
        payload = json.dumps(self._webhook_payload(), sort_keys=True).encode()
        message = self.env["integration.message"]._log_open(
            webhook,
            _WEBHOOK_OPERATION,
            direction="outbound",
            initiator="cron",
            idempotency_reference={
                "alert": self.id,
                "reopen": self.reopen_count,
                "criticality": self.criticality,
            },
            payload=payload,
            payload_name=f"alert_{self.id}.json",
            record=self,
            processor_model=self._name,
        )
        if message.state == "pending":
            message._log_enqueue(critical=True)
        return message

    def _integration_handle_alert_webhook(self, message):
        """POST the logged alert JSON to the webhook connector's endpoint."""
        connector = message.connector_id
        if not connector.endpoint:
            raise UserError(
                self.env._(
                    "Alert webhook %s has no endpoint (URL).", connector.display_name
                )
            )
        with HttpTransport(
            connector.endpoint,
            auth=connector._http_auth(),
            timeout=(connector.timeout, connector.timeout),
        ) as transport:
            receipt = transport.send(
                OutboundMessage(
                    name=message.payload_name or f"alert_{message.res_id}.json",
                    content=message.payload_attachment_id.raw,
                    content_type="application/json",
                )
            )
        return receipt.reference

    # ------------------------------------------------------------------
    # Daily digest
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_digest(self):
        """One email per connector owner listing their new digest alerts."""
        alerts = self.sudo().search(
            [
                ("state", "!=", "resolved"),
                ("notification_channel", "=", alert_policy.DIGEST),
                ("digest_sent_at", "=", False),
            ],
            order="criticality_sequence, last_seen desc, id",
        )
        now = fields.Datetime.now()
        for owner, owned in alerts.grouped(
            lambda alert: alert.connector_id.user_id
        ).items():
            if not owner or not owner.partner_id.email:
                _logger.info(
                    "%s digest alert(s) have no owner with an email", len(owned)
                )
                continue
            mail = owned._send_digest(owner)
            owned.write({"digest_sent_at": now})
            for alert in owned:
                alert._message_log(
                    body=self.env._(
                        "Listed in the daily digest to %(owner)s (%(mail)s).",
                        owner=owner.name,
                        mail=mail.id,
                    )
                )
        return True

    def _send_digest(self, owner):
        rows = Markup("").join(
            Markup(
                "<tr><td><a href='%s'>%s</a></td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>%s</td></tr>"
            )
            % (
                alert._url(),
                alert.name,
                alert.connector_id.display_name,
                alert._criticality_label(),
                alert.occurrence_count,
                alert.last_seen,
            )
            for alert in self
        )
        header = Markup("").join(
            Markup("<th>%s</th>") % escape(label)
            for label in (
                self.env._("Alert"),
                self.env._("Connector"),
                self.env._("Criticality"),
                self.env._("Occurrences"),
                self.env._("Last seen (UTC)"),
            )
        )
        body = Markup("<p>%s</p><table border='1'><tr>%s</tr>%s</table>") % (
            self.env._("Integration alerts of your connectors since the last digest:"),
            header,
            rows,
        )
        company = self[:1].company_id
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "Integration alerts digest: %s open alert(s)", len(self)
                    ),
                    "body_html": body,
                    "email_from": company.email_formatted
                    or self.env.user.email_formatted,
                    "recipient_ids": [(4, owner.partner_id.id)],
                    "auto_delete": False,
                }
            )
        )

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    @api.model
    def _create_demo_alerts(self, connector_ids):
        """Demo data: a few alerts in each state, raised through the API."""
        hr, supplier, logistics = self.env["integration.connector"].browse(
            connector_ids
        )
        dead = self.env["integration.message"].search(
            [("connector_id", "=", supplier.id), ("state", "=", "dead")], limit=1
        )
        if not dead:  # the demo messages raise it; raise it here if they did not
            supplier._raise_alert(
                self.env._("Dead letters: import_invoice on %s", supplier.name),
                self.env._("Invoice INV-88121: unknown purchase order PO09999"),
                kind="dead_letter",
                key="import_invoice",
            )
        hr._raise_alert(
            self.env._("No employee file from Workday for 26 hours"),
            self.env._("The nightly HR feed is expected at least every 26 hours."),
            kind="silence",
            key="every:import_employee",
            criticality="medium",
        )
        slow = logistics._raise_alert(
            self.env._("Transfers to the Regional DC are slower than their SLA"),
            self.env._("12 of 40 requests took more than 60 s in the last hour."),
            kind="sla_breach",
            key="latency",
        )
        slow.action_acknowledge()
        shortage = logistics._raise_alert(
            self.env._("Transfer WH/INT/00003 rejected: location unknown"),
            self.env._("The Regional DC does not know location WH/Stock/Ward 4."),
            kind="business",
            criticality="low",
        )
        shortage._resolve_manually(
            self.env._("Location mapped in the DC's master data; transfer re-sent.")
        )
        return True


def _iso(value):
    if not value:
        return None
    return value.replace(tzinfo=datetime.timezone.utc).isoformat()
