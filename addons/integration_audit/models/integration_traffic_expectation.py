# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from integration_core.monitoring.watches import silence, unanswered

#: How far back a reply watch looks for unanswered triggers: a trigger older
#: than this no longer keeps its alert open.
REPLY_LOOKBACK = datetime.timedelta(days=7)


class IntegrationTrafficExpectation(models.Model):
    _name = "integration.traffic.expectation"
    _description = "Expected Traffic of an Integration Connector"
    _order = "connector_id, id"

    name = fields.Char(
        required=True,
        help="What is expected, as the alert will say it, e.g. "
        "'Nightly employee feed' or '997 within 2 hours of each order'.",
    )
    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="connector_id.company_id", store=True, index=True
    )
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("every", "At least one message every..."),
            ("reply", "A reply within... of each message"),
        ],
        required=True,
        default="every",
        help="Every: silence alert when no message (of the operation) was logged "
        "for longer than the gap. Reply: alert when a message of the operation "
        "got no reply message within the delay.",
    )
    operation = fields.Char(
        help="Operation of the expected messages, e.g. import_employee for an HR "
        "feed, or edi_send (orders we send to a supplier) for a reply watch. "
        "Empty: any message of the connector (every only).",
    )
    max_gap_hours = fields.Float(
        string="Max Gap (h)",
        default=26.0,
        help="Every: longest allowed time without a message, e.g. 26 for a "
        "nightly feed (a day and some slack).",
    )
    reply_operation = fields.Char(
        help="Reply: operation of the answer, e.g. edi_functional_ack (the 997 or "
        "CONTRL a supplier returns) or edi_order_ack (855 / ORDRSP).",
    )
    reply_within_hours = fields.Float(
        string="Reply Within (h)",
        default=2.0,
        help="Reply: how long the answer may take, e.g. 2 for a 997 after an 850.",
    )
    last_seen_at = fields.Datetime(
        string="Last Message",
        compute="_compute_last_seen_at",
        help="When the last expected message (every) or reply (reply) was logged.",
    )

    def _compute_last_seen_at(self):
        for expectation in self:
            operation = (
                expectation.reply_operation
                if expectation.kind == "reply"
                else expectation.operation
            )
            expectation.last_seen_at = (
                expectation._last_message_at(operation)
                if expectation.connector_id.id
                else False
            )

    @api.constrains(
        "kind", "operation", "max_gap_hours", "reply_operation", "reply_within_hours"
    )
    def _check_rule(self):
        for expectation in self:
            connector = expectation.connector_id.display_name
            if expectation.kind == "every" and expectation.max_gap_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Connector %(connector)s, expectation %(name)s: the maximum "
                        "gap must be more than 0 hours.",
                        connector=connector,
                        name=expectation.name,
                    )
                )
            if expectation.kind == "reply" and (
                not expectation.operation
                or not expectation.reply_operation
                or expectation.reply_within_hours <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Connector %(connector)s, expectation %(name)s: a reply "
                        "watch needs the operation that expects a reply, the reply "
                        "operation and a delay of more than 0 hours.",
                        connector=connector,
                        name=expectation.name,
                    )
                )
            if (
                expectation.kind == "reply"
                and expectation.operation == expectation.reply_operation
            ):
                raise ValidationError(
                    self.env._(
                        "Connector %(connector)s, expectation %(name)s: the reply "
                        "operation must differ from the operation it answers.",
                        connector=connector,
                        name=expectation.name,
                    )
                )

    def _alert_key(self):
        self.ensure_one()
        return f"expectation:{self.id}"

    def _finding(self, now):
        """What the watch finds now: a ``Finding`` or ``None``."""
        self.ensure_one()
        if self.kind == "reply":
            return self._finding_reply(now)
        return self._finding_every(now)

    def _finding_every(self, now):
        gap = datetime.timedelta(hours=self.max_gap_hours)
        # Most runs find a recent message: look in the gap first (index on
        # connector and creation date), and for the last one only when silent.
        last_seen = self._last_message_at(self.operation, since=now - gap)
        if not last_seen:
            last_seen = self._last_message_at(self.operation)
        return silence(
            last_seen or None,
            gap,
            now,
            since=self.create_date,
            key=self._alert_key(),
            label=self.name,
        )

    def _finding_reply(self, now):
        within = datetime.timedelta(hours=self.reply_within_hours)
        since = now - REPLY_LOOKBACK
        self.env["integration.message"].flush_model(
            ["connector_id", "operation", "create_date"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, create_date, operation = %(reply)s
                  FROM integration_message
                 WHERE connector_id = %(connector)s
                   AND create_date >= %(since)s
                   AND operation IN (%(trigger)s, %(reply)s)
                 ORDER BY create_date, id
                """,
                connector=self.connector_id.id,
                since=since,
                trigger=self.operation,
                reply=self.reply_operation,
            )
        )
        triggers, replies = [], []
        for message_id, created, is_reply in self.env.cr.fetchall():
            if is_reply:
                replies.append(created)
            else:
                triggers.append((message_id, created))
        return unanswered(
            triggers, replies, within, now, key=self._alert_key(), label=self.name
        )

    def _last_message_at(self, operation, since=None):
        """When the connector last logged a message (of ``operation``), or ``None``."""
        self.ensure_one()
        self.env["integration.message"].flush_model(
            ["connector_id", "operation", "create_date"]
        )
        conditions = [SQL("connector_id = %s", self.connector_id.id)]
        if operation:
            conditions.append(SQL("operation = %s", operation))
        if since:
            conditions.append(SQL("create_date >= %s", since))
        self.env.cr.execute(
            SQL(
                "SELECT max(create_date) FROM integration_message WHERE %s",
                SQL(" AND ").join(conditions),
            )
        )
        return self.env.cr.fetchone()[0]
