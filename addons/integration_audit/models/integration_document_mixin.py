# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationDocumentMixin(models.AbstractModel):
    """The business document a log entry or an alert is about."""

    _name = "integration.document.mixin"
    _description = "Integration Business Document"

    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", readonly=True
    )
    document_ref = fields.Reference(
        selection="_selection_document_model",
        string="Business Document",
        compute="_compute_document_ref",
    )

    @api.model
    def _selection_document_model(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([])
        ]

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        for record in self:
            if record.res_model in self.env and record.res_id:
                record.document_ref = f"{record.res_model},{record.res_id}"
            else:
                record.document_ref = False
