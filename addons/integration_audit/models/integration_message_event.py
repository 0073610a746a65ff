# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from integration_core.audit_chain import chain_hash

EVENT_TYPES = [
    ("created", "Created"),
    ("duplicate", "Received again"),
    ("queued", "Queued"),
    ("started", "Started"),
    ("retry_scheduled", "Failed, retry scheduled"),
    ("done", "Done"),
    ("dead", "Sent to dead letters"),
    ("cancelled", "Cancelled"),
    ("resolved", "Resolved manually"),
    ("replayed", "Replayed"),
]


class IntegrationMessageEvent(models.Model):
    """One entry of the tamper-evident audit trail.

    Each event's ``entry_hash`` covers its own fields, a digest of its
    message's creation data and data changes, and the hash of the previous
    event of the same company: editing, deleting or inserting any row breaks
    the chain at that point (see ``integration.audit.chain``).
    """

    _name = "integration.message.event"
    _description = "Integration Log Entry"
    _order = "id"

    message_id = fields.Many2one(
        "integration.message",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    event_type = fields.Selection(EVENT_TYPES, required=True, readonly=True)
    state = fields.Char(string="State After", readonly=True)
    attempt = fields.Integer(readonly=True)
    user_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    logged_at = fields.Datetime(required=True, readonly=True)
    note = fields.Text(readonly=True)
    change_count = fields.Integer(readonly=True)
    content_digest = fields.Char(readonly=True)
    previous_hash = fields.Char(readonly=True)
    entry_hash = fields.Char(readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["integration.message"]._check_log_writer()
        return super().create(vals_list)

    def write(self, vals):
        self.env["integration.message"]._check_log_writer()
        if self.filtered("entry_hash"):
            raise self._immutable_error()
        return super().write(vals)

    def unlink(self):
        self.env["integration.message"]._check_log_writer(retention=True)
        return super().unlink()

    def _immutable_error(self):
        return AccessError(self.env._("Audit trail entries can never be changed."))

    @api.model
    def _append(self, message, event_type, note=None):
        """Append one event for ``message`` to its company's chain."""
        message = message.sudo()
        vals = {
            "message_id": message.id,
            "company_id": message.company_id.id,
            "event_type": event_type,
            "state": message.state,
            "attempt": message.attempt_count,
            "user_id": self.env.uid,
            "logged_at": fields.Datetime.now(),
            "note": note and str(note),
            "change_count": message.change_count,
            "content_digest": message._content_digest(message.change_count),
        }
        chain = self.env["integration.audit.chain"]._lock_head(message.company_id)
        vals["previous_hash"] = chain["head_hash"]
        vals["entry_hash"] = chain_hash(chain["head_hash"], self._hashed_fields(vals))
        event = message._writer().env[self._name].create(vals)
        self.env["integration.audit.chain"]._move_head(chain, vals["entry_hash"])
        return event

    @api.model
    def _hashed_fields(self, vals):
        """The fields an entry's hash covers, from create values or a stored row."""
        return {
            "message": vals["message_id"],
            "company": vals["company_id"],
            "type": vals["event_type"],
            "state": vals["state"] or "",
            "attempt": vals["attempt"] or 0,
            "user": vals["user_id"] or 0,
            "at": fields.Datetime.to_string(vals["logged_at"]),
            "note": vals["note"] or "",
            "changes": vals["change_count"] or 0,
            "content": vals["content_digest"] or "",
        }
