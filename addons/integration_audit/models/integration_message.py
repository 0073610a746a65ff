# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The integration log: one record per message or run.

Other modules never write these records: they call the ``_log_*`` API
described in ``readme/DEVELOP.md``. Every write goes through
:meth:`IntegrationMessage._writer`, which carries a module-private token in
the context; ``create``, ``write`` and ``unlink`` refuse anything else, for
administrators and ``sudo()`` alike. Each transition appends an event to the
company's hash chain (``integration.message.event``).
"""

import datetime
import logging
import re
import traceback
import uuid

import psycopg2
from psycopg2.errorcodes import (
    DEADLOCK_DETECTED,
    LOCK_NOT_AVAILABLE,
    SERIALIZATION_FAILURE,
)

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import create_index

from integration_core.errors import (
    PERMANENT,
    TRANSIENT,
    PermanentError,
    TransientError,
    classify_exception,
)
from integration_core.idempotency import canonical_json, idempotency_key, payload_digest
from integration_core.monitoring.watches import StuckMessageError

from .integration_connector import CRITICAL_CHANNEL
from .integration_log_buffer import column_value, insert_query

_logger = logging.getLogger(__name__)

# Only code of this module holds this object: a context carrying it is the
# proof that a write comes from the logging API (see _writer). It cannot
# travel through RPC, which only carries JSON.
_LOG_WRITER = object()
_WRITER_KEY = "integration_audit_writer"

STATES = [
    ("pending", "Pending"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed, retry scheduled"),
    ("dead", "Dead letter"),
    ("cancelled", "Cancelled"),
    ("resolved", "Resolved manually"),
]
FINAL_STATES = ("done", "cancelled", "resolved")
REPLAYABLE_STATES = ("done", "failed", "dead", "cancelled", "resolved")
CANCELLABLE_STATES = ("pending", "queued", "failed", "dead")
RESOLVABLE_STATES = ("failed", "dead")

# Fields fixed at creation: the logging API never changes them either.
IMMUTABLE_FIELDS = frozenset(
    {
        "connector_id",
        "company_id",
        "correlation_id",
        "idempotency_key",
        "business_key",
        "operation",
        "direction",
        "res_model",
        "res_id",
        "processor_model",
        "initiator_type",
        "initiator_user_id",
        "initiator_partner_system",
        "source_system",
        "target_system",
        "payload_attachment_id",
        "payload_sha256",
        "payload_size",
        "original_id",
    }
)
# What the chain's content digest covers (company_id is hashed by each entry).
CONTENT_FIELDS = tuple(sorted(IMMUTABLE_FIELDS - {"company_id"}))
_CONTENTS_KEY = "integration_audit.contents"
_ON_KEY_CONFLICT = "ON CONFLICT (connector_id, idempotency_key) DO NOTHING RETURNING id"
_PG_RETRY_CODES = (SERIALIZATION_FAILURE, DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE)
_OPERATION_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_TRACEBACK_LIMIT = 20000


def _content_value(value):
    """One content field as the digest sees it: ids for records, False for empty."""
    if isinstance(value, models.BaseModel):
        return value.id or False
    return value or False


def _digest(content_fields, change_rows):
    return payload_digest(
        canonical_json({"message": content_fields, "changes": change_rows}).encode()
    )


class IntegrationMessage(models.Model):
    _name = "integration.message"
    _description = "Integration Message"
    _inherit = ["integration.document.mixin"]
    _order = "id desc"

    name = fields.Char(readonly=True)
    correlation_id = fields.Char(readonly=True, index=True)
    # Indexed by the unique (connector_id, idempotency_key) constraint.
    idempotency_key = fields.Char(readonly=True, required=True)
    business_key = fields.Char(
        readonly=True,
        help="Key of the business effect: an edited replay shares it with its "
        "original, so the effect still happens at most once.",
    )
    # No index of its own: the unique (connector_id, idempotency_key) one serves.
    connector_id = fields.Many2one(
        "integration.connector", required=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="connector_id.company_id", store=True, index=True, readonly=True
    )
    criticality = fields.Selection(related="connector_id.criticality")
    operation = fields.Char(required=True, readonly=True)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], required=True, readonly=True
    )
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", readonly=True, index=True
    )
    processor_model = fields.Char(readonly=True)
    initiator_type = fields.Selection(
        [("user", "User"), ("cron", "Scheduled action"), ("partner", "Partner system")],
        string="Initiated By",
        required=True,
        readonly=True,
    )
    initiator_user_id = fields.Many2one(
        "res.users", string="Initiating User", readonly=True, ondelete="restrict"
    )
    initiator_partner_system = fields.Char(string="Initiating System", readonly=True)
    source_system = fields.Char(readonly=True)
    target_system = fields.Char(readonly=True)
    state = fields.Selection(STATES, required=True, readonly=True, index=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    replay_count = fields.Integer(string="Replays", readonly=True)
    next_retry_at = fields.Datetime(string="Next Retry", readonly=True)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    latency_ms = fields.Integer(string="Latency (ms)", readonly=True, aggregator="avg")
    note = fields.Char(string="Outcome", readonly=True)
    payload_attachment_id = fields.Many2one(
        "ir.attachment", string="Payload", readonly=True
    )
    payload_name = fields.Char(
        string="Payload Name", related="payload_attachment_id.name"
    )
    payload_size = fields.Integer(string="Payload Size (bytes)", readonly=True)
    payload_sha256 = fields.Char(string="Payload SHA-256", readonly=True)
    error_kind = fields.Selection(
        [(TRANSIENT, "Transient"), (PERMANENT, "Permanent")], readonly=True
    )
    error_class = fields.Char(readonly=True)
    error_message = fields.Text(readonly=True)
    error_traceback = fields.Text(readonly=True)
    critical = fields.Boolean(
        readonly=True,
        help="Concerns a critical item: processed on the critical queue channel.",
    )
    queue_job_id = fields.Many2one("queue.job", readonly=True)
    queue_job_uuid = fields.Char(string="Queue Job UUID", readonly=True)
    resolution_user_id = fields.Many2one(
        "res.users", string="Resolved By", readonly=True
    )
    resolution_date = fields.Datetime(string="Resolved On", readonly=True)
    resolution_note = fields.Text(readonly=True)
    original_id = fields.Many2one(
        "integration.message", string="Replay Of", readonly=True, index="btree_not_null"
    )
    replay_ids = fields.One2many(
        "integration.message", "original_id", string="Edited Replays"
    )
    edit_note = fields.Text(string="Edit", readonly=True)
    change_ids = fields.One2many(
        "integration.message.change", "message_id", string="Data Changes"
    )
    change_count = fields.Integer(compute="_compute_change_count")
    event_ids = fields.One2many(
        "integration.message.event", "message_id", string="Audit Trail"
    )

    _sql_constraints = [
        (
            "idempotency_key_connector_uniq",
            "unique(connector_id, idempotency_key)",
            "An idempotency key is unique per connector.",
        ),
    ]

    def init(self):
        # The cockpit reads a connector's recent traffic (watches, overview)
        # and the hourly roll-ups re-aggregate what changed since they last ran.
        create_index(
            self.env.cr,
            "integration_message_connector_create_date_idx",
            self._table,
            ["connector_id", "create_date"],
        )
        create_index(
            self.env.cr,
            "integration_message_write_date_idx",
            self._table,
            ["write_date"],
        )
        # Messages waiting or in flight are few among millions: a partial
        # index finds the retry queue, dead letters and stuck messages.
        create_index(
            self.env.cr,
            "integration_message_open_state_idx",
            self._table,
            ["connector_id", "state", "write_date"],
            where="state IN ('pending', 'queued', 'running', 'failed', 'dead')",
        )

    def _compute_change_count(self):
        counts = dict(
            self.env["integration.message.change"]._read_group(
                [("message_id", "in", self.ids)], ["message_id"], ["__count"]
            )
        )
        for message in self:
            message.change_count = counts.get(message, 0)

    # ------------------------------------------------------------------
    # Write protection
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_log_writer()
        return super().create(vals_list)

    def write(self, vals):
        self._check_log_writer()
        # Set once: the API may fill an empty one (the payload is stored
        # right after creation), nobody may change one that holds a value.
        touched = {
            name
            for name in IMMUTABLE_FIELDS.intersection(vals)
            if any(self.mapped(name))
        }
        if touched:
            raise AccessError(
                self.env._(
                    "Integration log entries keep their %s as created.",
                    ", ".join(sorted(touched)),
                )
            )
        return super().write(vals)

    def unlink(self):
        self._check_log_writer(retention=True)
        return super().unlink()

    @api.model
    def _check_log_writer(self, retention=False):
        if self.env.context.get(_WRITER_KEY) is not _LOG_WRITER:
            raise AccessError(
                self.env._(
                    "The integration log cannot be changed or deleted, not even by an "
                    "administrator: use its actions (replay, cancel, resolve)."
                )
            )
        if retention and not self.env.context.get("integration_audit_retention"):
            raise AccessError(
                self.env._(
                    "Integration log entries are only removed by the retention job."
                )
            )

    def _writer(self):
        """These records in an environment allowed to write the log."""
        return self.sudo().with_context(**{_WRITER_KEY: _LOG_WRITER})

    # ------------------------------------------------------------------
    # Actions (buttons)
    # ------------------------------------------------------------------

    def action_replay(self):
        """Run the messages again; their business effect still happens once."""
        self._check_manager()
        for message in self:
            message._log_replay()
        return True

    def action_cancel(self):
        self._check_manager()
        error = self.env._("Message %(name)s cannot be cancelled in state %(state)s.")
        for message in self:
            message._check_state(CANCELLABLE_STATES, error)
            message._transition("cancelled", "cancelled", next_retry_at=False)
        return True

    def action_open_replay_wizard(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Replay with Edit"),
            "res_model": "integration.message.replay",
            "view_mode": "form",
            "target": "new",
            "context": {"default_message_id": self.id},
        }

    def action_open_resolve_wizard(self):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve Manually"),
            "res_model": "integration.message.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_message_ids": self.ids},
        }

    def action_open_payload(self):
        self.ensure_one()
        if not self.payload_attachment_id:
            raise UserError(self.env._("Message %s has no payload.", self.display_name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.payload_attachment_id.id}?download=true",
            "target": "self",
        }

    def _check_manager(self):
        if not self.env.user.has_group("integration_audit.group_integration_manager"):
            raise AccessError(
                self.env._(
                    "Only Integration Managers can replay, cancel or resolve messages."
                )
            )

    # ------------------------------------------------------------------
    # The logging API (see readme/DEVELOP.md)
    # ------------------------------------------------------------------

    @api.model
    def _log_open(
        self,
        connector,
        operation,
        *,
        direction,
        idempotency_key=None,
        idempotency_reference=None,
        payload=None,
        payload_name=None,
        record=None,
        processor_model=None,
        initiator="user",
        initiator_partner_system=None,
        correlation_id=None,
    ):
        """Open a message in state ``pending``; return it.

        The idempotency key is ``idempotency_key`` when given, else derived
        from the connector code, the operation and ``idempotency_reference``
        (or the payload's SHA-256). Opening a key already logged for the
        connector returns the existing message: a duplicate never creates a
        second message, and its receipt is recorded in the audit trail.
        """
        vals = self._prepare_open(
            connector,
            operation,
            direction=direction,
            idempotency_key=idempotency_key,
            idempotency_reference=idempotency_reference,
            payload=payload,
            record=record,
            processor_model=processor_model,
            initiator=initiator,
            initiator_partner_system=initiator_partner_system,
            correlation_id=correlation_id,
        )
        message = self._insert_message(vals)
        if message is None:
            return self._log_duplicate(connector, vals["idempotency_key"])
        message = message._writer()
        message._keep_opened(vals, payload, payload_name)
        message._append_event("created")
        return self.browse(message.id)

    @api.model
    def _log_apply(self, connector, operation, records, vals, **options):
        """Write ``vals`` on ``records`` once per idempotency key, logged as done.

        The synchronous shortcut for the most common message: one statement
        inserts the message, already done, and so claims its idempotency key;
        the write follows, and its changes and audit entries are queued for
        the bulk insert. A key logged before writes nothing and returns the
        existing message. Such a message has no processor, so it cannot be
        replayed. The keywords are those of :meth:`_log_open`.
        """
        message, fresh = self._insert_done(connector, operation, records, **options)
        if fresh:
            message._log_write(records, vals)
            message._append_event("done")
        return message

    @api.model
    def _log_created(self, connector, operation, record, field_names, **options):
        """Log ``record``, just created by the caller, as one done message.

        Its changes are ``field_names`` from empty to their current values.
        Lets a caller create many records in one ``create`` and still log
        one message per record. A key logged before records nothing and
        returns the existing message. The keywords are those of
        :meth:`_log_open`.
        """
        record.ensure_one()
        message, fresh = self._insert_done(connector, operation, record, **options)
        if fresh:
            new_values = message._snapshot(record, field_names)
            message._log_changes(record, {}, new_values, field_names)
            message._append_event("done")
        return message

    @api.model
    def _insert_done(
        self,
        connector,
        operation,
        records,
        *,
        direction="inbound",
        idempotency_key=None,
        idempotency_reference=None,
        payload=None,
        payload_name=None,
        initiator="user",
        initiator_partner_system=None,
        correlation_id=None,
    ):
        """Insert a message already done; return ``(message, True)``, or the
        message logged before under the same key and ``False``."""
        now = fields.Datetime.now()
        vals_message = self._prepare_open(
            connector,
            operation,
            direction=direction,
            idempotency_key=idempotency_key,
            idempotency_reference=idempotency_reference,
            payload=payload,
            record=records if len(records) == 1 else None,
            processor_model=None,
            initiator=initiator,
            initiator_partner_system=initiator_partner_system,
            correlation_id=correlation_id,
        )
        vals_message.update(
            processor_model=False,  # applied here, nothing to run again
            state="done",
            attempt_count=1,
            started_at=now,
            finished_at=now,
            latency_ms=0,
        )
        message = self._insert_message(vals_message)
        if message is None:
            key = vals_message["idempotency_key"]
            return self._log_duplicate(connector, key), False
        message._writer()._keep_opened(vals_message, payload, payload_name)
        return message, True

    @api.model
    def _prepare_open(self, connector, operation, **options):
        """Check the operation, derive the idempotency key, return the row's values."""
        connector.ensure_one()
        self._check_operation(connector, operation)
        key = options.pop("idempotency_key")
        reference = options.pop("idempotency_reference")
        payload = options.pop("payload")
        if not key:
            key = self._derive_key(connector, operation, reference, payload)
        return self._open_values(connector, operation, key=key, **options)

    @api.model
    def _log_duplicate(self, connector, key):
        """Record that ``key`` was received again; return the message logged first."""
        existing = self._find_logged(connector, key)
        existing._append_event("duplicate", note="received again")
        return self.browse(existing.id)

    def _keep_opened(self, vals, payload, payload_name):
        """Store a new message's payload; remember what the chain digests."""
        if payload is not None:
            vals.update(self._store_payload(payload, payload_name))
        self._remember_content(vals)

    def _log_changes(self, record, old_values, new_values=None, field_names=None):
        """Record what changed in ``record``: ``old_values`` -> ``new_values``.

        ``new_values`` defaults to the record's current values. Values are
        compared as text (``integration_core.changes``); only real changes
        are kept. Returns the number of changes recorded.
        """
        self.ensure_one()
        return self.env["integration.message.change"]._record(
            self, record, old_values, new_values, field_names
        )

    def _log_write(self, records, vals):
        """Write ``vals`` on ``records`` and record each field that changed."""
        self.ensure_one()
        names = list(vals)
        before = {record.id: self._snapshot(record, names) for record in records}
        records.write(vals)
        for record in records:
            after = self._snapshot(record, names)
            self._log_changes(record, before[record.id], after, names)
        return True

    def _log_done(self, note=None):
        """Mark the message done (business effect applied or sent)."""
        self.ensure_one()
        now = fields.Datetime.now()
        self._transition(
            "done",
            "done",
            note=note,
            finished_at=now,
            latency_ms=self._latency_ms(),
            next_retry_at=False,
        )

    def _log_fail(self, error):
        """Record a failed attempt; retry it later or send it to the dead letters.

        Follows the connector's retry policy: transient errors are retried
        with backoff until the attempt budget is spent, permanent ones are
        not. Returns the ``RetryDecision``.
        """
        self.ensure_one()
        decision = self.connector_id._retry_policy().decide(
            max(self.attempt_count, 1), error
        )
        error_vals = self._error_values(error, decision.kind)
        if decision.retry:
            eta = fields.Datetime.now() + datetime.timedelta(seconds=decision.delay)
            self._transition(
                "failed",
                "retry_scheduled",
                note=decision.reason,
                next_retry_at=eta,
                **error_vals,
            )
            self._enqueue(eta=eta)
        else:
            self._send_to_dead_letters(decision.reason, error_vals)
        return decision

    def _log_fail_permanently(self, error):
        """Send the message to the dead letters whatever the error."""
        self.ensure_one()
        vals = self._error_values(error, PERMANENT)
        self._send_to_dead_letters(self.env._("failed: %s", error), vals)

    def _log_enqueue(self, critical=False):
        """Hand the message to its processor through a queue job.

        :param critical: the message concerns a critical item (a crash-cart
            drug, say): its job, and its retries, run on the critical channel
            whatever the connector's own criticality.
        """
        self.ensure_one()
        if critical and not self.critical:
            self._writer().write({"critical": True})
        self._transition("queued", "queued")
        self._enqueue()

    def _log_process(self):
        """Apply the message's business effect now, at most once ever.

        The effect (``<processor_model>._integration_handle_<operation>``)
        runs in a savepoint after claiming the message's business key in the
        same transaction: a replay, a retry or a concurrent duplicate finds
        the key claimed and applies nothing. Failures are recorded with
        :meth:`_log_fail`. Returns the final state.
        """
        self.ensure_one()
        attempt = self.attempt_count + 1
        self._transition(
            "running",
            "started",
            attempt_count=attempt,
            started_at=fields.Datetime.now(),
        )
        try:
            with self.env.cr.savepoint():
                holder = self.env["integration.effect"]._claim(self)
                if holder is None:
                    self._call_processor()
        except psycopg2.OperationalError as error:
            if error.pgcode in _PG_RETRY_CODES:
                raise  # let Odoo / queue_job retry the whole transaction
            self._fail_after_rollback(error)
            return self.state
        except Exception as error:  # noqa: BLE001 - every failure is logged and classified
            self._fail_after_rollback(error)
            return self.state
        note = None
        if holder is not None:
            note = self.env._(
                "business effect already applied by %s", holder.display_name
            )
        self._log_done(note=note)
        return self.state

    def _fail_after_rollback(self, error):
        # The savepoint flushed the log when it started: whatever the failed
        # effect queued since was rolled back with it.
        self.env["integration.message.event"]._discard_pending()
        self._log_fail(error)

    def _log_replay(self):
        """Queue the message again; its business effect is never repeated."""
        self.ensure_one()
        self._check_replayable()
        self._transition("queued", "replayed", replay_count=self.replay_count + 1)
        self._enqueue()

    def _check_replayable(self):
        if not self.processor_model:
            raise UserError(
                self.env._(
                    "Message %s was applied directly and has no processor to run "
                    "again: there is nothing to replay.",
                    self.display_name,
                )
            )
        self._check_state(
            REPLAYABLE_STATES,
            self.env._("Message %(name)s cannot be replayed in state %(state)s."),
        )

    def _check_state(self, allowed, error):
        """Raise ``error`` (a ``%(name)s``/``%(state)s`` template) unless allowed."""
        if self.state not in allowed:
            raise UserError(error % {"name": self.display_name, "state": self.state})

    def _log_resolve(self, note):
        """Close a failed or dead message by hand, with who, when and why."""
        error = self.env._("Message %(name)s cannot be resolved in state %(state)s.")
        for message in self:
            message._check_state(RESOLVABLE_STATES, error)
            message._transition(
                "resolved",
                "resolved",
                note=note,
                resolution_user_id=self.env.user.id,
                resolution_date=fields.Datetime.now(),
                resolution_note=note,
                next_retry_at=False,
            )

    def _log_replay_edited(self, payload, edit_note):
        """Create a new message with an edited payload, linked to this one."""
        self.ensure_one()
        self._check_replayable()
        number = len(self.replay_ids) + 1
        vals = self._open_values(
            self.connector_id,
            self.operation,
            direction=self.direction,
            key=idempotency_key(
                self.connector_id.code, "edited_replay", [self.idempotency_key, number]
            ),
            record=self.env[self.res_model].browse(self.res_id)
            if self.res_model
            else None,
            processor_model=self.processor_model,
            initiator="user",
            initiator_partner_system=None,
            correlation_id=self.correlation_id,
        )
        vals.update(
            original_id=self.id,
            business_key=self.business_key,
            edit_note=edit_note,
            name=f"{self.name} (edit {number})",
        )
        replay = self._insert_message(vals)._writer()
        replay._keep_opened(vals, payload, self.payload_name)
        replay._append_event("created", note=edit_note)
        self._append_event("replayed", note=f"edited replay {replay.name}: {edit_note}")
        replay = self.browse(replay.id)
        replay._log_enqueue()
        return replay

    def _log_stuck(self, since, limit):
        """Fail a message stuck in queued or running: the watchdog's verdict.

        The failure goes through the retry policy (a ``StuckMessageError`` is
        transient): a new job is queued for the retry, or the message goes to
        the dead letters once its attempts are spent. Its old queue job is
        cancelled when it has not started; one that starts late anyway is
        skipped by :meth:`_run_job`, as it is no longer the message's job.
        Time stuck in the queue counts as an attempt, so that a queue that
        never runs cannot keep a message retrying forever.
        """
        self.ensure_one()
        error = StuckMessageError(self.state, since, limit)
        self._cancel_waiting_job(str(error))
        if self.state == "queued":
            self._writer().write({"attempt_count": self.attempt_count + 1})
        return self._log_fail(error)

    def _cancel_waiting_job(self, reason):
        """Cancel the message's queue job if it has not started yet."""
        self.ensure_one()
        job = self.queue_job_id.sudo()
        if not job and self.queue_job_uuid:
            job = (
                self.env["queue.job"]
                .sudo()
                .search([("uuid", "=", self.queue_job_uuid)], limit=1)
            )
        if job.state in ("wait_dependencies", "pending", "enqueued"):
            job._change_job_state("cancelled", result=reason)
            return True
        return False

    def _stale_job_note(self):
        """Why the running queue job must leave the message alone, or ``None``.

        queue_job runs a job with its uuid in the context: a job that is not
        the message's current one was replaced (the stuck-message watchdog or
        a replay queued the message again) and must not process it; together
        with the effect claim, a late job never applies an effect twice.
        """
        job_uuid = self.env.context.get("job_uuid")
        if job_uuid and self.queue_job_uuid and job_uuid != self.queue_job_uuid:
            return (
                f"skipped: job {job_uuid} was replaced by job "
                f"{self.queue_job_uuid} (the message was queued again)"
            )
        return None

    def _run_job(self):
        """Queue job entry point: process the message unless it was closed meanwhile."""
        self.ensure_one()
        stale = self._stale_job_note()
        if stale:
            return stale
        if self.connector_id.neutralized:
            # Left as it is, log untouched: once an administrator clears the
            # neutralization, requeueing the job runs the message.
            return f"skipped: connector {self.connector_id.code} is neutralized"
        if self.state in ("cancelled", "resolved", "dead", "done"):
            return f"skipped: message is {self.state}"
        return f"message is {self._log_process()}"

    # ------------------------------------------------------------------
    # Internals
    # ------------------------------------------------------------------

    @api.model
    def _check_operation(self, connector, operation):
        if not operation or not _OPERATION_RE.match(operation):
            raise UserError(
                self.env._(
                    "Connector %(connector)s: operation %(operation)r must be "
                    "lowercase letters, digits and underscores.",
                    connector=connector.display_name,
                    operation=operation,
                )
            )

    @api.model
    def _derive_key(self, connector, operation, reference, payload):
        if reference is None and payload is None:
            raise UserError(
                self.env._(
                    "Connector %s: a message needs an idempotency key, a "
                    "reference or a payload to derive one from.",
                    connector.display_name,
                )
            )
        if reference is None:
            reference = {"payload_sha256": payload_digest(self._payload_bytes(payload))}
        return idempotency_key(connector.code, operation, reference)

    @api.model
    def _open_values(
        self,
        connector,
        operation,
        *,
        direction,
        key,
        record,
        processor_model,
        initiator,
        initiator_partner_system,
        correlation_id,
    ):
        partner = connector.partner_system or connector.name
        inbound = direction == "inbound"
        user = self.env.user
        return {
            "name": f"{connector.code}/{operation}",
            "correlation_id": correlation_id or str(uuid.uuid4()),
            "idempotency_key": key,
            "business_key": key,
            "connector_id": connector.id,
            "operation": operation,
            "direction": direction,
            "res_model": record._name if record else False,
            "res_id": record.id if record else False,
            "processor_model": processor_model or (record._name if record else False),
            "initiator_type": initiator,
            "initiator_user_id": user.id,
            "initiator_partner_system": initiator_partner_system
            or (partner if initiator == "partner" else False),
            "source_system": partner if inbound else "Odoo",
            "target_system": "Odoo" if inbound else partner,
            "company_id": connector.company_id.id,
            "state": "pending",
            "attempt_count": 0,
            "replay_count": 0,
        }

    @api.model
    def _insert_message(self, vals):
        """Insert one message; return it, or ``None`` when its key is logged already.

        One ``INSERT ... ON CONFLICT DO NOTHING`` both checks the idempotency
        key and creates the row (the ORM's search then create would take two
        round trips and race with a concurrent duplicate). The values are put
        in the cache, so reading them back costs no query.
        """
        row = self._insert_row(vals)
        query, params = self._insert_statement(row)
        self.env.cr.execute(query, params)
        found = self.env.cr.fetchone()
        return found and self._inserted(found[0], row)

    @api.model
    def _insert_row(self, vals):
        now = self.env.cr.now()
        uid = self.env.uid
        return {
            **vals,
            "create_uid": uid,
            "create_date": now,
            "write_uid": uid,
            "write_date": now,
        }

    @api.model
    def _insert_statement(self, row):
        query = insert_query(
            self._table,
            tuple(row),
            suffix=_ON_KEY_CONFLICT,
        )
        return query, [column_value(value) for value in row.values()]

    @api.model
    def _inserted(self, message_id, row):
        """The inserted message, with the values it was inserted with in cache."""
        message = self.browse(message_id)
        cache = self.env.cache
        for name, value in row.items():
            field = self._fields[name]
            cache.set(
                message, field, field.convert_to_cache(value, message, validate=False)
            )
        return message

    @api.model
    def _find_logged(self, connector, key):
        return self.sudo().search(
            [("connector_id", "=", connector.id), ("idempotency_key", "=", key)],
            limit=1,
        )

    @api.model
    def _payload_bytes(self, payload):
        return payload.encode("utf-8") if isinstance(payload, str) else payload

    def _store_payload(self, payload, payload_name):
        raw = self._payload_bytes(payload)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": payload_name or f"{self.name.replace('/', '_')}.bin",
                    "raw": raw,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        payload_vals = {
            "payload_attachment_id": attachment.id,
            "payload_size": len(raw),
            "payload_sha256": payload_digest(raw),
        }
        self._writer().write(payload_vals)
        return payload_vals

    def _latency_ms(self):
        """Milliseconds from creation until now (create_date has microseconds)."""
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        return max(0, int((now - self.create_date).total_seconds() * 1000))

    def _transition(self, state, event_type, note=None, **vals):
        """Write the new state and append the matching event to the chain."""
        self.ensure_one()
        was_dead = self.state == "dead"
        vals["state"] = state
        if note is not None:
            vals["note"] = note and str(note)[:255]
        self._writer().write(vals)
        self._append_event(event_type, note=note)
        # A dead letter closed, or replayed to the end: its alert may clear.
        if state in FINAL_STATES and (was_dead or self.replay_count):
            self._resolve_dead_letter_alert()

    def _append_event(self, event_type, note=None):
        self.env["integration.message.event"]._append(self, event_type, note)

    @api.model
    def _error_values(self, error, kind):
        return {
            "error_kind": kind or classify_exception(error),
            "error_class": f"{type(error).__module__}.{type(error).__qualname__}",
            "error_message": str(error),
            "error_traceback": "".join(
                traceback.format_exception(type(error), error, error.__traceback__)
            )[-_TRACEBACK_LIMIT:],
        }

    def _send_to_dead_letters(self, reason, error_vals):
        now = fields.Datetime.now()
        self._transition(
            "dead",
            "dead",
            note=reason,
            next_retry_at=False,
            finished_at=now,
            latency_ms=self._latency_ms(),
            **error_vals,
        )
        # One alert per connector and operation; each dead letter counts on it.
        self.connector_id._raise_alert(
            self.env._(
                "Dead letters: %(operation)s on %(connector)s",
                operation=self.operation,
                connector=self.connector_id.name,
            ),
            self.env._(
                "Message %(name)s #%(id)s (correlation %(correlation)s) gave up: "
                "%(reason)s - %(error)s",
                name=self.name,
                id=self.id,
                correlation=self.correlation_id,
                reason=reason,
                error=error_vals.get("error_message"),
            ),
            kind="dead_letter",
            key=self.operation,
            record=self,
        )

    def _resolve_dead_letter_alert(self):
        """Resolve the dead-letter alert of this connector and operation once
        none of its messages is dead any more."""
        self.ensure_one()
        still_dead = self.sudo().search_count(
            [
                ("connector_id", "=", self.connector_id.id),
                ("operation", "=", self.operation),
                ("state", "=", "dead"),
            ],
            limit=1,
        )
        if not still_dead:
            self.connector_id._resolve_alerts(
                "dead_letter",
                key=self.operation,
                note=self.env._(
                    "No dead letter of %(operation)s is left: %(name)s is %(state)s.",
                    operation=self.operation,
                    name=self.name,
                    state=self.state,
                ),
            )

    def _enqueue(self, eta=None):
        job = self.with_delay(
            channel=CRITICAL_CHANNEL
            if self.critical
            else self.connector_id.queue_channel,
            eta=eta,
            description=self.env._("Process integration message %s", self.name),
        )._run_job()
        job_record = job.db_record()
        self._writer().write(
            {"queue_job_id": job_record.id, "queue_job_uuid": job.uuid}
        )
        return job

    def _call_processor(self):
        model_name = self.processor_model
        if not model_name or model_name not in self.env:
            raise UserError(
                self.env._(
                    "Message %(name)s: no processor model to apply operation "
                    "%(operation)s.",
                    name=self.name,
                    operation=self.operation,
                )
            )
        # Handlers apply a partner's data whoever replays it, like a scheduled
        # action: as superuser, in the message's company. The initiator stays
        # on the message.
        processor = self.env[model_name].sudo().with_company(self.company_id)
        handler = getattr(processor, f"_integration_handle_{self.operation}", None)
        if handler is None:
            raise UserError(
                self.env._(
                    "Message %(name)s: model %(model)s has no handler "
                    "_integration_handle_%(operation)s.",
                    name=self.name,
                    model=model_name,
                    operation=self.operation,
                )
            )
        return handler(self.sudo())

    @api.model
    def _snapshot(self, record, names):
        """``record``'s values for ``names`` as written (ids for relations)."""
        return {
            name: record._fields[name].convert_to_write(record[name], record)
            for name in names
        }

    def _remember_content(self, vals):
        """Keep what the chain digests for a message opened in this transaction."""
        self._contents()[self.id] = {
            "fields": {name: _content_value(vals.get(name)) for name in CONTENT_FIELDS},
            "changes": [],
        }

    def _content(self):
        """What the chain digests for this message: its creation data and changes."""
        self.ensure_one()
        contents = self._contents()
        if self.id not in contents:
            contents[self.id] = {
                "fields": self._stored_content_fields(),
                "changes": self._stored_changes()._digest_rows(),
            }
        return contents[self.id]

    @api.model
    def _contents(self):
        # Lives until the next flush, like the queued changes it mirrors.
        return self.env.cr.precommit.data.setdefault(_CONTENTS_KEY, {})

    @api.model
    def _forget_contents(self):
        self.env.cr.precommit.data.pop(_CONTENTS_KEY, None)

    def _content_digest(self):
        content = self._content()
        return _digest(content["fields"], content["changes"])

    def _change_count_now(self):
        """How many changes this message recorded so far, queued ones included."""
        return len(self._content()["changes"])

    def _stored_content_digest(self, change_count):
        """The digest recomputed from the database, for verification."""
        rows = self._stored_changes(change_count)._digest_rows() if change_count else []
        return _digest(self._stored_content_fields(), rows)

    def _stored_content_fields(self):
        return {name: _content_value(self[name]) for name in CONTENT_FIELDS}

    def _stored_changes(self, limit=None):
        return (
            self.env["integration.message.change"]
            .sudo()
            .search([("message_id", "=", self.id)], order="id", limit=limit)
        )

    @api.model
    def _create_demo_messages(self, connector_ids):
        """Demo data: a few messages in each state, made through the logging API."""
        hr, supplier, logistics = self.env["integration.connector"].browse(
            connector_ids
        )
        partner = self.env["res.partner"].create({"name": "Dr. Ana Ruiz (demo)"})
        done = self._log_open(
            hr,
            "import_employee",
            direction="inbound",
            initiator="cron",
            idempotency_reference={"employee": "E-1001", "version": 3},
            payload='{"employee": "E-1001", "email": "ana.ruiz@example.com"}',
            payload_name="employee_E-1001.json",
            record=partner,
        )
        done._log_write(
            partner, {"email": "ana.ruiz@example.com", "phone": "+1 555 0100"}
        )
        done._log_done()
        self._log_open(
            hr,
            "import_department",
            direction="inbound",
            initiator="cron",
            idempotency_reference={"department": "ICU"},
        )
        order = '{"po": "PO00042", "lines": 3}'
        queued = self._log_open(
            supplier,
            "send_purchase_order",
            direction="outbound",
            idempotency_reference={"po": "PO00042"},
            payload=order,
            payload_name="PO00042.json",
        )
        queued._transition("queued", "queued")
        running = self._log_open(
            supplier,
            "send_purchase_order",
            direction="outbound",
            idempotency_reference={"po": "PO00043"},
        )
        running._transition("running", "started", attempt_count=1)
        failed = self._log_open(
            logistics,
            "request_transfer",
            direction="outbound",
            idempotency_reference={"transfer": "WH/INT/00007"},
        )
        failed._transition(
            "failed",
            "retry_scheduled",
            note="transient error, attempt 1 of 3, retry in 30 s",
            attempt_count=1,
            next_retry_at=fields.Datetime.now() + datetime.timedelta(seconds=30),
            **self._error_values(
                TransientError("HTTP 503 from Regional DC WMS"), TRANSIENT
            ),
        )
        dead = self._log_open(
            supplier,
            "import_invoice",
            direction="inbound",
            initiator="partner",
            idempotency_reference={"invoice": "INV-88121"},
        )
        dead._transition("running", "started", attempt_count=1)
        dead._log_fail_permanently(
            PermanentError("Invoice INV-88121: unknown purchase order PO09999")
        )
        resolved = self._log_open(
            supplier,
            "import_invoice",
            direction="inbound",
            initiator="partner",
            idempotency_reference={"invoice": "INV-88100"},
        )
        resolved._log_fail_permanently(PermanentError("Invoice INV-88100: duplicate"))
        resolved._log_resolve("Duplicate invoice confirmed by the supplier by phone.")
        cancelled = self._log_open(
            logistics,
            "request_transfer",
            direction="outbound",
            idempotency_reference={"transfer": "WH/INT/00003"},
        )
        cancelled._transition("cancelled", "cancelled")
        return True

    @api.model
    def _run_queued_now(self, connectors=None, rounds=10):
        """Run what the job runner would, now, in this transaction.

        Processes the queued messages of ``connectors`` (every connector when
        ``None``) in order, again for what they queue in turn, at most
        ``rounds`` times; their queue jobs are closed so the runner does not
        start them later. For demo loaders, tests and benchmarks: production
        leaves this to queue_job's runner.
        """
        domain = [("state", "=", "queued")]
        if connectors is not None:
            domain.append(("connector_id", "in", connectors.ids))
        for _round in range(rounds):
            queued = self.search(domain, order="id")
            if not queued:
                return True
            # The jobs that would have run these messages; a retry queues a new one.
            jobs = queued.queue_job_id.sudo()
            for message in queued:
                message._run_job()
            jobs.filtered(
                lambda job: job.state not in ("done", "cancelled", "failed")
            ).write(
                {
                    "state": "done",
                    "date_done": fields.Datetime.now(),
                    "result": "run in-process by _run_queued_now",
                }
            )
        return not self.search_count(domain, limit=1)

    @api.model
    def _cron_apply_retention(self):
        """Remove log entries older than each company's retention period."""
        for company in self.env["res.company"].search([]):
            self.env["integration.audit.chain"]._apply_retention(company)
