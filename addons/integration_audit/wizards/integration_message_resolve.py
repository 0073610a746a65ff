# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationMessageResolve(models.TransientModel):
    """Close failed or dead messages by hand, saying why."""

    _name = "integration.message.resolve"
    _description = "Resolve Integration Messages Manually"

    message_ids = fields.Many2many("integration.message", required=True)
    note = fields.Text(required=True, help="What was done outside the integration.")

    def action_resolve(self):
        self.ensure_one()
        self.message_ids._check_manager()
        self.message_ids._log_resolve(self.note)
        return {"type": "ir.actions.act_window_close"}
