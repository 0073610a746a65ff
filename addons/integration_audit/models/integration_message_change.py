# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from integration_core.changes import diff_values


class IntegrationMessageChange(models.Model):
    """One field of one record that a message changed: old and new value as text."""

    _name = "integration.message.change"
    _description = "Integration Data Change"
    _order = "id"

    message_id = fields.Many2one(
        "integration.message",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="message_id.company_id", store=True)
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
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
    def create(self, vals_list):
        self.env["integration.message"]._check_log_writer()
        return super().create(vals_list)

    def write(self, vals):
        self.env["integration.message"]._check_log_writer()
        raise self.env["integration.message.event"]._immutable_error()

    def unlink(self):
        self.env["integration.message"]._check_log_writer(retention=True)
        return super().unlink()

    @api.model
    def _record(self, message, record, old_values, new_values, field_names):
        record.ensure_one()
        if new_values is None:
            names = list(field_names or old_values)
            new_values = record._convert_to_write(record.read(names)[0])
        changes = diff_values(old_values, new_values, field_names)
        if not changes:
            return 0
        fields_meta = record._fields
        writer = message._writer()
        writer.env[self._name].create(
            [
                {
                    "message_id": message.id,
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
        )
        writer.write({"change_count": message.change_count + len(changes)})
        return len(changes)

    def _digest_rows(self):
        return [
            [
                change.res_model,
                change.res_id,
                change.field_name,
                change.old_value,
                change.new_value,
            ]
            for change in self
        ]
