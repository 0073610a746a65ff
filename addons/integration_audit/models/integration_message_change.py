# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from integration_core.changes import diff_values

_COLUMNS = (
    "message_id",
    "company_id",
    "res_model",
    "res_id",
    "field_name",
    "field_description",
    "old_value",
    "new_value",
)


class IntegrationMessageChange(models.Model):
    """One field of one record that a message changed: old and new value as text.

    Like events, changes are collected during the transaction and written in
    bulk when it flushes.
    """

    _name = "integration.message.change"
    _description = "Integration Data Change"
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
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record ID",
        model_field="res_model",
        required=True,
        readonly=True,
        index=True,
    )
    field_name = fields.Char(string="Field", required=True, readonly=True)
    field_description = fields.Char(string="Field Label", readonly=True)
    old_value = fields.Text(readonly=True)
    new_value = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        # Rows are only ever inserted in bulk by _flush_pending.
        raise self.env["integration.message.event"]._immutable_error()

    def write(self, vals):  # pylint: disable=method-required-super
        raise self.env["integration.message.event"]._immutable_error()

    def unlink(self):
        self.env["integration.message"]._check_log_writer(retention=True)
        return super().unlink()

    @api.model
    def _record(self, message, record, old_values, new_values, field_names):
        """Queue the changes of ``record``; return how many fields changed."""
        record.ensure_one()
        if new_values is None:
            new_values = message._snapshot(record, field_names or old_values)
        changes = diff_values(old_values, new_values, field_names)
        if not changes:
            return 0
        fields_meta = record._fields
        rows = [
            {
                "message_id": message.id,
                "company_id": message.company_id.id,
                "res_model": record._name,
                "res_id": record.id,
                "field_name": change.field,
                "field_description": fields_meta[change.field].string
                if change.field in fields_meta
                else change.field,
                "old_value": change.old,
                "new_value": change.new,
            }
            for change in changes
        ]
        content = message._content()
        self._queue(rows, [message.id], "change_ids")
        content["changes"].extend(self._digest_row(row) for row in rows)
        message.invalidate_recordset(["change_count"], flush=False)
        return len(rows)

    @api.model
    def _flush_pending(self):
        count = super()._flush_pending()
        if count:
            self.env.cache.invalidate(
                [(self.env["integration.message"]._fields["change_ids"], None)]
            )
        return count

    @api.model
    def _digest_row(self, row):
        """One change as the chain's content digest covers it ("" and None as empty)."""
        return [
            row["res_model"],
            row["res_id"],
            row["field_name"],
            row["old_value"] or False,
            row["new_value"] or False,
        ]

    def _digest_rows(self):
        return [
            self._digest_row(
                {
                    "res_model": change.res_model,
                    "res_id": change.res_id,
                    "field_name": change.field_name,
                    "old_value": change.old_value,
                    "new_value": change.new_value,
                }
            )
            for change in self
        ]
