# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Hourly figures per connector, kept from the integration log by a cron.

The overview, the watches and the metrics endpoint read these roll-ups
instead of grouping millions of log rows. One row holds what the messages
created in one UTC hour on one connector look like *now*: counts per state,
SLA breaches, a latency histogram (:mod:`integration_core.monitoring.latency`)
and the last time one of them was done.

``_cron_update_rollups`` keeps them incrementally: it re-aggregates, in one
SQL statement, exactly the (connector, hour) buckets holding a message
written since its last run, minus :data:`WATERMARK_OVERLAP`. The log's
write dates are the writing transaction's start, and transactions commit
out of order: a message written by a transaction that started before the
last run but committed after it has a write date before that run. The
overlap re-reads such late commits; a transaction running longer than the
overlap could be missed until its bucket is written again (or
``_rebuild_rollups`` runs). Re-aggregating a bucket replaces its figures,
so reading a message twice never counts it twice.

Roll-ups are derived figures, not part of the tamper-evident log: they can
be rebuilt at any time. Messages removed by the retention job leave their
roll-ups in place, as history.
"""

import datetime
import logging

from odoo import api, fields, models
from odoo.tools import SQL

from integration_core.monitoring.latency import BUCKETS_MS

from .integration_message import STATES

_logger = logging.getLogger(__name__)

WATERMARK_PARAM = "integration_audit.rollup_watermark"
#: How far before the last run the next one looks (see the module docstring).
WATERMARK_OVERLAP = datetime.timedelta(minutes=10)
#: The first build aggregates the log this much create time at a time.
BUILD_BATCH = datetime.timedelta(days=7)

STATE_COUNT_FIELDS = {state: f"{state}_count" for state, _label in STATES}
#: One column per latency bucket (per-bucket counts, not cumulative).
BUCKET_FIELDS = tuple(f"latency_le_{bound}" for bound in BUCKETS_MS) + (
    "latency_le_inf",
)
#: Figures that add up over hours.
SUM_FIELDS = (
    "message_count",
    *STATE_COUNT_FIELDS.values(),
    "transient_count",
    "permanent_count",
    "breach_count",
    "latency_count",
    "latency_sum_ms",
    *BUCKET_FIELDS,
)


class IntegrationMessageRollup(models.Model):
    _name = "integration.message.rollup"
    _description = "Integration Messages per Connector and Hour"
    _order = "hour desc, connector_id"
    _rec_name = "hour"

    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    hour = fields.Datetime(
        required=True,
        index=True,
        help="Start of the UTC hour the messages were created in.",
    )
    message_count = fields.Integer(string="Messages")
    pending_count = fields.Integer(string="Pending")
    queued_count = fields.Integer(string="Queued")
    running_count = fields.Integer(string="Running")
    done_count = fields.Integer(string="Done")
    failed_count = fields.Integer(string="Failed, Retry Scheduled")
    dead_count = fields.Integer(string="Dead Letters")
    cancelled_count = fields.Integer(string="Cancelled")
    resolved_count = fields.Integer(string="Resolved Manually")
    transient_count = fields.Integer(
        string="Transient Errors", help="Messages whose last error was transient."
    )
    permanent_count = fields.Integer(
        string="Permanent Errors", help="Messages whose last error was permanent."
    )
    breach_count = fields.Integer(
        string="SLA Breaches",
        help="Messages slower than the connector's latency SLA when they were "
        "rolled up.",
    )
    latency_count = fields.Integer(
        string="Timed Messages", help="Messages with a latency (done or dead)."
    )
    # A float: an hour of slow messages overflows a 32-bit integer of milliseconds.
    latency_sum_ms = fields.Float(string="Total Latency (ms)")
    latency_le_100 = fields.Integer(string="Latency <= 100 ms")
    latency_le_250 = fields.Integer(string="Latency 100-250 ms")
    latency_le_500 = fields.Integer(string="Latency 250-500 ms")
    latency_le_1000 = fields.Integer(string="Latency 0.5-1 s")
    latency_le_2500 = fields.Integer(string="Latency 1-2.5 s")
    latency_le_5000 = fields.Integer(string="Latency 2.5-5 s")
    latency_le_10000 = fields.Integer(string="Latency 5-10 s")
    latency_le_30000 = fields.Integer(string="Latency 10-30 s")
    latency_le_60000 = fields.Integer(string="Latency 30-60 s")
    latency_le_300000 = fields.Integer(string="Latency 1-5 min")
    latency_le_inf = fields.Integer(string="Latency > 5 min")
    last_done_at = fields.Datetime(
        string="Last Success",
        aggregator="max",
        help="When the last of these messages was done.",
    )

    _sql_constraints = [
        (
            "connector_hour_uniq",
            "unique(connector_id, hour)",
            "One roll-up per connector and hour.",
        ),
    ]

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @api.model
    def _figures(self, connectors, since):
        """Figures per connector over the hours from ``since`` on.

        The hour holding ``since`` counts whole (roll-ups are hourly). Reads
        the roll-ups with the caller's access rights, in one query.

        :returns: ``{connector_id: dict}`` for every connector of
            ``connectors``, with keys ``messages``, ``done``, ``failed``,
            ``dead``, ``resolved``, ``breaches``, ``latency_buckets`` (a list
            of per-bucket counts, the last one ``+Inf``), ``latency_count``,
            ``latency_sum_ms``, ``last_done_at`` (over these hours, or
            ``None``) and a ``states`` dict of every state's count.
        """
        start = self._hour_start(since)
        groups = self._read_group(
            [("connector_id", "in", connectors.ids), ("hour", ">=", start)],
            ["connector_id"],
            [f"{name}:sum" for name in SUM_FIELDS] + ["last_done_at:max"],
        )
        figures = {
            connector_id: self._empty_figures() for connector_id in connectors.ids
        }
        for connector, *values in groups:
            sums = dict(zip(SUM_FIELDS, values[: len(SUM_FIELDS)], strict=True))
            figures[connector.id] = self._figures_from(sums, values[-1])
        return figures

    @api.model
    def _empty_figures(self):
        return self._figures_from(dict.fromkeys(SUM_FIELDS, 0), None)

    @api.model
    def _figures_from(self, sums, last_done_at):
        states = {state: sums[name] or 0 for state, name in STATE_COUNT_FIELDS.items()}
        return {
            "messages": sums["message_count"] or 0,
            "done": states["done"],
            "failed": states["failed"],
            "dead": states["dead"],
            "resolved": states["resolved"],
            "states": states,
            "transient": sums["transient_count"] or 0,
            "permanent": sums["permanent_count"] or 0,
            "breaches": sums["breach_count"] or 0,
            "latency_buckets": [sums[name] or 0 for name in BUCKET_FIELDS],
            "latency_count": sums["latency_count"] or 0,
            "latency_sum_ms": sums["latency_sum_ms"] or 0,
            "last_done_at": last_done_at or None,
        }

    @api.model
    def _last_success(self, connectors):
        """``{connector_id: datetime}``: the last done message, over all roll-ups."""
        groups = self._read_group(
            [("connector_id", "in", connectors.ids), ("last_done_at", "!=", False)],
            ["connector_id"],
            ["last_done_at:max"],
        )
        return {connector.id: last for connector, last in groups}

    @api.model
    def _watermark(self):
        """When the roll-ups last read the log (``None`` before the first run)."""
        value = self.env["ir.config_parameter"].sudo().get_param(WATERMARK_PARAM)
        return fields.Datetime.to_datetime(value) if value else None

    @api.model
    def _hour_start(self, moment):
        return fields.Datetime.to_datetime(moment).replace(
            minute=0, second=0, microsecond=0
        )

    # ------------------------------------------------------------------
    # Keeping them
    # ------------------------------------------------------------------

    @api.model
    def _cron_update_rollups(self):
        """Bring the roll-ups up to date with the log; return the buckets written.

        The first run (no watermark) builds them from the whole log, a week
        of create dates per statement; later runs re-aggregate only the
        buckets of messages written since the watermark minus the overlap.
        """
        now = self.env.cr.now()
        watermark = self._watermark()
        if watermark is None:
            written = self._build_rollups()
        else:
            written = self._refresh_rollups(watermark - WATERMARK_OVERLAP)
        self.env["ir.config_parameter"].sudo().set_param(
            WATERMARK_PARAM, fields.Datetime.to_string(now)
        )
        _logger.info("Integration roll-ups: %s hourly bucket(s) written", written)
        return written

    @api.model
    def _rebuild_rollups(self):
        """Drop every roll-up and build them again from the log.

        Roll-ups of hours whose messages the retention job removed are lost:
        they cannot be recomputed.
        """
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        self.env.invalidate_all()
        self.env["ir.config_parameter"].sudo().set_param(WATERMARK_PARAM, False)
        return self._cron_update_rollups()

    @api.model
    def _build_rollups(self):
        """Aggregate the whole log, one batch of create dates at a time."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT MIN(create_date), MAX(create_date) FROM %s",
                SQL.identifier(self.env["integration.message"]._table),
            )
        )
        first, last = cr.fetchone()
        if first is None:
            return 0
        start = self._hour_start(first)
        # Batches start on an hour, so that no bucket spans two of them.
        batches = int((last - start) / BUILD_BATCH) + 1
        messages = SQL("%s m", SQL.identifier(self.env["integration.message"]._table))
        written = 0
        for number in range(batches):
            end = start + BUILD_BATCH
            written += self._upsert(
                messages,
                SQL("m.create_date >= %s AND m.create_date < %s", start, end),
            )
            start = end
            self.env["ir.cron"]._notify_progress(
                done=number + 1, remaining=batches - number - 1
            )
        return written

    @api.model
    def _refresh_rollups(self, since):
        """Re-aggregate the buckets of the messages written since ``since``."""
        self.env.flush_all()
        table = SQL.identifier(self.env["integration.message"]._table)
        # The touched buckets (write_date index), then each bucket's messages
        # (connector_id, create_date index). LATERAL ... OFFSET 0 keeps the
        # planner from flattening this into one merge join over the whole
        # log, which it estimates cheaper and which is 10x slower at 2M rows.
        touched = SQL(
            """(SELECT DISTINCT t.connector_id,
                       date_trunc('hour', t.create_date) AS hour
                  FROM %s t
                 WHERE t.write_date >= %s) touched
               CROSS JOIN LATERAL (
                SELECT b.connector_id, b.company_id, b.create_date, b.state,
                       b.error_kind, b.latency_ms, b.finished_at
                  FROM %s b
                 WHERE b.connector_id = touched.connector_id
                   AND b.create_date >= touched.hour
                   AND b.create_date < touched.hour + interval '1 hour'
                OFFSET 0) m""",
            table,
            since,
            table,
        )
        # The row estimates of that plan are far too high: PostgreSQL's JIT
        # would compile it for longer than it runs.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return self._upsert(touched, SQL("TRUE"))

    @api.model
    def _upsert(self, source, where):
        """Aggregate the messages of ``source`` (aliased ``m``) matching
        ``where`` into their buckets, replacing those buckets' figures.

        Returns the number of buckets written.
        """
        columns = [
            SQL("COUNT(*)"),
            *(
                SQL("COUNT(*) FILTER (WHERE m.state = %s)", state)
                for state in STATE_COUNT_FIELDS
            ),
            SQL("COUNT(*) FILTER (WHERE m.error_kind = 'transient')"),
            SQL("COUNT(*) FILTER (WHERE m.error_kind = 'permanent')"),
            SQL(
                "COUNT(*) FILTER (WHERE c.latency_sla > 0 "
                "AND m.latency_ms > c.latency_sla * 1000)"
            ),
            SQL("COUNT(m.latency_ms)"),
            SQL("COALESCE(SUM(m.latency_ms), 0)"),
            *self._bucket_columns(),
        ]
        names = list(SUM_FIELDS)
        assert len(columns) == len(names)
        targets = SQL(", ").join(SQL.identifier(name) for name in names)
        updates = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
            for name in [*names, "last_done_at", "company_id"]
        )
        query = SQL(
            """
            INSERT INTO %(rollup)s (connector_id, hour, company_id, %(targets)s,
                                    last_done_at, create_uid, create_date,
                                    write_uid, write_date)
            SELECT m.connector_id, date_trunc('hour', m.create_date),
                   MIN(m.company_id), %(columns)s,
                   MAX(m.finished_at) FILTER (WHERE m.state = 'done'),
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM %(source)s
              JOIN %(connectors)s c ON c.id = m.connector_id
             WHERE %(where)s
             GROUP BY m.connector_id, date_trunc('hour', m.create_date)
            ON CONFLICT (connector_id, hour) DO UPDATE
               SET %(updates)s, write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            """,
            rollup=SQL.identifier(self._table),
            targets=targets,
            columns=SQL(", ").join(columns),
            uid=self.env.uid,
            now=self.env.cr.now(),
            source=source,
            connectors=SQL.identifier(self.env["integration.connector"]._table),
            where=where,
            updates=updates,
        )
        self.env.cr.execute(query)
        written = self.env.cr.rowcount
        self.invalidate_model()
        return written

    @api.model
    def _bucket_columns(self):
        """One ``COUNT(*) FILTER`` per latency bucket, bounds from BUCKETS_MS."""
        columns, lower = [], None
        for bound in BUCKETS_MS:
            if lower is None:
                condition = SQL("m.latency_ms <= %s", bound)
            else:
                condition = SQL(
                    "m.latency_ms > %s AND m.latency_ms <= %s", lower, bound
                )
            columns.append(SQL("COUNT(*) FILTER (WHERE %s)", condition))
            lower = bound
        columns.append(SQL("COUNT(*) FILTER (WHERE m.latency_ms > %s)", lower))
        return columns
