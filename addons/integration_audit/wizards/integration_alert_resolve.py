# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationAlertResolve(models.TransientModel):
    """Close alerts by hand, saying what was done."""

    _name = "integration.alert.resolve"
    _description = "Resolve Integration Alerts"

    alert_ids = fields.Many2many("integration.alert", required=True)
    note = fields.Text(required=True, help="What was done about the problem.")

    def action_resolve(self):
        self.ensure_one()
        self.alert_ids._resolve_manually(self.note)
        return {"type": "ir.actions.act_window_close"}
