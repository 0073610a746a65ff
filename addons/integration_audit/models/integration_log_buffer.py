# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import functools

from odoo import api, models

_INSERT_CHUNK = 500
LOG_ACCESS_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


@functools.lru_cache(maxsize=64)
def insert_query(table, columns, rows=1, suffix=""):
    """``INSERT INTO table (columns) VALUES (%s, ...), ...`` for ``rows`` rows.

    ``table``, ``columns`` and ``suffix`` come from model definitions, never
    from data; values are always passed as query parameters. Built once per
    shape: composing SQL objects per value cost more than the insert itself.
    """
    names = ", ".join(f'"{column}"' for column in columns)
    placeholders = "({})".format(", ".join(["%s"] * len(columns)))
    values = ", ".join([placeholders] * rows)
    return f'INSERT INTO "{table}" ({names}) VALUES {values} {suffix}'.rstrip()


def column_value(value):
    """A cache or create value as a query parameter (Odoo's False is NULL)."""
    return None if value is False else value


class IntegrationLogBuffer(models.AbstractModel):
    """Rows of an append-only log table, written in bulk.

    Rows are queued in the transaction (``cr.precommit.data``) and inserted
    with one statement per 500 rows when the transaction flushes: before
    commit, before any query reads the table, or at a flushing savepoint. The
    ORM never writes these tables: ``create`` and ``write`` are refused.
    """

    _name = "integration.log.buffer"
    _description = "Integration Log Bulk Writer"

    #: The columns a queued row holds, in insert order.
    _log_columns = ()

    def flush_model(self, fnames=None):
        self._flush_pending()
        return super().flush_model(fnames)

    @api.model
    def _pending_key(self):
        return f"integration_audit.pending.{self._name}"

    @api.model
    def _pending(self):
        """The rows queued in this transaction (registers the flush once)."""
        data = self.env.cr.precommit.data
        key = self._pending_key()
        if key not in data:
            data[key] = []
            self.env.cr.precommit.add(self._flush_pending)
        return data[key]

    @api.model
    def _queue(self, rows, message_ids, one2many):
        """Queue ``rows``; make the messages' ``one2many`` re-read (and so flush)."""
        self._pending().extend(rows)
        field = self.env["integration.message"]._fields[one2many]
        self.env.cache.invalidate([(field, list(message_ids))])

    @api.model
    def _take_pending(self):
        return self.env.cr.precommit.data.pop(self._pending_key(), None) or []

    @api.model
    def _discard_pending(self):
        """Forget the queued rows (their savepoint was rolled back)."""
        self._take_pending()

    @api.model
    def _flush_pending(self):
        """Insert the queued rows; return how many."""
        rows = self._take_pending()
        self._insert_rows(rows)
        return len(rows)

    @api.model
    def _insert_rows(self, rows):
        """Insert ``rows`` in bulk and drop this model's stale cache."""
        if not rows:
            return
        cr = self.env.cr
        stamps = (self.env.uid, cr.now(), self.env.uid, cr.now())
        columns = (*self._log_columns, *LOG_ACCESS_COLUMNS)
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            params = []
            for row in chunk:
                params.extend(column_value(row[column]) for column in self._log_columns)
                params.extend(stamps)
            cr.execute(insert_query(self._table, columns, len(chunk)), params)
        # Only the cache: flushing here would call _flush_pending again.
        self.env.cache.invalidate([(field, None) for field in self._fields.values()])
