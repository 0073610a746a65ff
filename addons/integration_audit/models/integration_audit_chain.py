# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
import logging

from odoo import api, fields, models

from integration_core.audit_chain import GENESIS_HASH, ChainEntry, verify_chain

_logger = logging.getLogger(__name__)

_VERIFY_BATCH = 2000


class IntegrationAuditChain(models.Model):
    """The head of one company's hash chain, and its retention anchor.

    Appending locks this row (``SELECT ... FOR UPDATE``), so concurrent
    transactions of one company append one after the other; under Odoo's
    repeatable-read isolation the later one gets a serialization failure and
    is retried, so the chain never forks.
    """

    _name = "integration.audit.chain"
    _description = "Integration Log Hash Chain"
    _rec_name = "company_id"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    head_hash = fields.Char(readonly=True, default=GENESIS_HASH)
    entry_count = fields.Integer(readonly=True)
    anchor_hash = fields.Char(
        readonly=True,
        default=GENESIS_HASH,
        help="Hash the oldest kept entry links to, after retention removed older ones.",
    )
    anchor_event_id = fields.Integer(readonly=True)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "One hash chain per company."),
    ]

    def write(self, vals):
        self.env["integration.message"]._check_log_writer()
        return super().write(vals)

    def unlink(self):
        self.env["integration.message"]._check_log_writer(retention=True)
        return super().unlink()

    @api.model
    def _lock_head(self, company_id):
        """Lock and return ``{"id", "head_hash"}`` of the company's chain."""
        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO integration_audit_chain
                (company_id, head_hash, anchor_hash, entry_count, anchor_event_id,
                 create_uid, create_date, write_uid, write_date)
            VALUES (%s, %s, %s, 0, 0, %s, now() at time zone 'utc', %s,
                    now() at time zone 'utc')
            ON CONFLICT (company_id) DO NOTHING
            """,
            (company_id, GENESIS_HASH, GENESIS_HASH, self.env.uid, self.env.uid),
        )
        cr.execute(
            """
            SELECT id, head_hash FROM integration_audit_chain
             WHERE company_id = %s FOR UPDATE
            """,
            (company_id,),
        )
        chain_id, head_hash = cr.fetchone()
        return {"id": chain_id, "head_hash": head_hash}

    @api.model
    def _move_head(self, chain, entry_hash, count):
        self.env.cr.execute(
            """
            UPDATE integration_audit_chain
               SET head_hash = %s, entry_count = entry_count + %s
             WHERE id = %s
            """,
            (entry_hash, count, chain["id"]),
        )
        self.browse(chain["id"]).invalidate_recordset()

    @api.model
    def _verify(self, company):
        """Check ``company``'s whole log (see :meth:`_verify_flushed`)."""
        self.env["integration.message.event"]._flush_pending()
        return self._verify_flushed(company)

    @api.model
    def _verify_flushed(self, company):
        """Check ``company``'s whole log; return a result dict.

        ``ok``; ``checked`` (entries); ``break_event_id``, ``break_message_id``
        and ``reason`` for the first problem found: an entry altered, deleted
        or inserted (the chain), or a message or data change altered after
        its entry was written (the content digest), or a message whose state
        differs from its last entry.
        """
        chain = self.sudo().search([("company_id", "=", company.id)], limit=1)
        start = chain.anchor_hash if chain else GENESIS_HASH
        checked = {"count": 0}
        events = self._iter_events(
            company, chain.anchor_event_id if chain else 0, checked
        )
        found = verify_chain(events, start_hash=start)
        if found:
            event = self.env["integration.message.event"].sudo().browse(found.entry_id)
            return self._result(False, checked["count"], event, found.describe())
        if chain and chain.head_hash != (checked.get("last_hash") or start):
            return self._result(
                False,
                checked["count"],
                None,
                self.env._(
                    "the newest entries were deleted: the chain head does not match"
                ),
            )
        return self._verify_contents(company, checked["count"])

    @api.model
    def _iter_events(self, company, from_id, checked):
        events = self.env["integration.message.event"].sudo()
        last_id = from_id - 1 if from_id else 0
        while True:
            batch = events.search(
                [("company_id", "=", company.id), ("id", ">", last_id)],
                order="id",
                limit=_VERIFY_BATCH,
            )
            if not batch:
                return
            for event in batch:
                checked["count"] += 1
                checked["last_hash"] = event.entry_hash
                yield ChainEntry(
                    event.id,
                    events._hashed_fields(
                        {
                            "message_id": event.message_id.id,
                            "company_id": event.company_id.id,
                            "event_type": event.event_type,
                            "state": event.state,
                            "attempt": event.attempt,
                            "user_id": event.user_id.id,
                            "logged_at": event.logged_at,
                            "note": event.note,
                            "change_count": event.change_count,
                            "content_digest": event.content_digest,
                        }
                    ),
                    event.previous_hash or "",
                    event.entry_hash or "",
                )
            last_id = batch[-1].id
            batch.invalidate_recordset()

    @api.model
    def _verify_contents(self, company, checked):
        """Recompute each message's content digest and compare its state."""
        messages = self.env["integration.message"].sudo()
        events = self.env["integration.message.event"].sudo()
        for message in messages.search([("company_id", "=", company.id)], order="id"):
            message_events = events.search(
                [("message_id", "=", message.id)], order="id"
            )
            for event in message_events:
                if (
                    message._stored_content_digest(event.change_count)
                    != event.content_digest
                ):
                    return self._result(
                        False,
                        checked,
                        event,
                        self.env._(
                            "message %s or its data changes were altered after "
                            "this entry",
                            message.name,
                        ),
                    )
            if message_events and message_events[-1].state != message.state:
                return self._result(
                    False,
                    checked,
                    message_events[-1],
                    self.env._(
                        "message %(name)s is %(state)s but its last entry says "
                        "%(logged)s",
                        name=message.name,
                        state=message.state,
                        logged=message_events[-1].state,
                    ),
                )
        return self._result(True, checked, None, "")

    @api.model
    def _result(self, ok, checked, event, reason):
        return {
            "ok": ok,
            "checked": checked,
            "break_event_id": event.id if event else False,
            "break_message_id": event.message_id.id if event else False,
            "reason": reason,
        }

    @api.model
    def _apply_retention(self, company):
        """Remove the oldest entries of ``company`` past its retention period.

        Only a prefix of the chain is removed, and only messages that are
        closed and have no entry left; the new anchor records the hash the
        oldest kept entry links to, so verification still covers the rest.
        """
        days = company.integration_log_retention_days
        if not days:
            return 0
        cutoff = fields.Datetime.now() - datetime.timedelta(days=days)
        events = self.env["integration.message.event"].sudo()
        keep = events.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("logged_at", ">=", cutoff),
                ("message_id.state", "not in", ("done", "cancelled", "resolved")),
            ],
            order="id",
            limit=1,
        )
        old_domain = [("company_id", "=", company.id)]
        if keep:
            old_domain.append(("id", "<", keep.id))
        old_events = events.search(old_domain)
        if not old_events:
            return 0
        messages = old_events.message_id
        kept_messages = events.search(
            [("message_id", "in", messages.ids), ("id", "not in", old_events.ids)]
        ).message_id
        writer = messages._writer().with_context(integration_audit_retention=True)
        chain = self.sudo().search([("company_id", "=", company.id)], limit=1)
        anchor = keep.previous_hash if keep else chain.head_hash
        old_events.with_env(writer.env).unlink()
        removable = (messages - kept_messages).with_env(writer.env)
        removable.change_ids.unlink()
        removable.payload_attachment_id.unlink()
        removable.unlink()
        chain.with_env(writer.env).write(
            {"anchor_hash": anchor, "anchor_event_id": keep.id if keep else 0}
        )
        _logger.info(
            "Retention removed %s log entries and %s messages of company %s",
            len(old_events),
            len(removable),
            company.name,
        )
        return len(old_events)
