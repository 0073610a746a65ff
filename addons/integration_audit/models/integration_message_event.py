# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import collections

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
_COLUMNS = (
    "message_id",
    "company_id",
    "event_type",
    "state",
    "attempt",
    "user_id",
    "logged_at",
    "note",
    "change_count",
    "content_digest",
    "previous_hash",
    "entry_hash",
)


class IntegrationMessageEvent(models.Model):
    """One entry of the tamper-evident audit trail.

    Each event's ``entry_hash`` covers its own fields, a digest of its
    message's creation data and data changes, and the hash of the previous
    event of the same company: editing, deleting or inserting any row breaks
    the chain at that point (see ``integration.audit.chain``).

    Events are collected during the transaction and written in bulk when it
    flushes (before commit, or before anything reads them), so that logging
    costs little next to the business writes it records.
    """

    _name = "integration.message.event"
    _description = "Integration Log Entry"
    _inherit = ["integration.log.buffer"]
    _order = "id"
    _log_columns = _COLUMNS

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
    entry_hash = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        # Rows are only ever inserted in bulk by _flush_pending.
        raise self._immutable_error()

    def write(self, vals):  # pylint: disable=method-required-super
        raise self._immutable_error()

    def unlink(self):
        self.env["integration.message"]._check_log_writer(retention=True)
        return super().unlink()

    def _immutable_error(self):
        return AccessError(
            self.env._(
                "Audit trail entries are written by the integration log only "
                "and can never be changed."
            )
        )

    @api.model
    def _append(self, message, event_type, note=None):
        """Queue one event for ``message``, chained when the transaction flushes."""
        vals = {
            "message_id": message.id,
            "company_id": message.company_id.id,
            "event_type": event_type,
            "state": message.state,
            "attempt": message.attempt_count,
            "user_id": self.env.uid,
            "logged_at": fields.Datetime.now(),
            "note": note and str(note),
            "change_count": message._change_count_now(),
            "content_digest": message._content_digest(),
        }
        self._queue([vals], [message.id], "event_ids")

    @api.model
    def _flush_pending(self):
        """Write the queued changes and events; chain the events per company."""
        self.env["integration.message.change"]._flush_pending()
        pending = self._take_pending()
        if not pending:
            return 0
        by_company = collections.defaultdict(list)
        for vals in pending:
            by_company[vals["company_id"]].append(vals)
        chains = self.env["integration.audit.chain"]
        for company_id, events in by_company.items():
            head = chains._lock_head(company_id)
            previous = head["head_hash"]
            for vals in events:
                vals["previous_hash"] = previous
                previous = vals["entry_hash"] = chain_hash(
                    previous, self._hashed_fields(vals)
                )
            self._insert_rows(events)
            chains._move_head(head, previous, len(events))
        self.env.cache.invalidate(
            [(self.env["integration.message"]._fields["event_ids"], None)]
        )
        return len(pending)

    @api.model
    def _discard_pending(self):
        """Forget the queued events and changes (their savepoint was rolled back)."""
        result = super()._discard_pending()
        self.env["integration.message.change"]._discard_pending()
        self.env["integration.message"]._forget_contents()
        return result

    @api.model
    def _hashed_fields(self, vals):
        """The fields an entry's hash covers, from queued values or a stored row."""
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
