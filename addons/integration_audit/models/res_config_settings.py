# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    integration_log_retention_days = fields.Integer(
        related="company_id.integration_log_retention_days", readonly=False
    )

    def action_integration_rotate_secrets(self):
        """Re-encrypt every connector secret with the current vault key."""
        count = self.env["integration.secret"]._rotate_all()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Secrets re-encrypted"),
                "message": self.env._(
                    "%s secret(s) now use the current vault key.", count
                ),
                "type": "success",
                "sticky": False,
            },
        }
