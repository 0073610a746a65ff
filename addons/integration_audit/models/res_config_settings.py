# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import AccessError

from .integration_secret import METRICS_TOKEN


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    integration_log_retention_days = fields.Integer(
        related="company_id.integration_log_retention_days", readonly=False
    )
    # -- alert notification policy --
    integration_alert_policy_critical = fields.Selection(
        related="company_id.integration_alert_policy_critical", readonly=False
    )
    integration_alert_policy_high = fields.Selection(
        related="company_id.integration_alert_policy_high", readonly=False
    )
    integration_alert_policy_medium = fields.Selection(
        related="company_id.integration_alert_policy_medium", readonly=False
    )
    integration_alert_policy_low = fields.Selection(
        related="company_id.integration_alert_policy_low", readonly=False
    )
    integration_oncall_group_id = fields.Many2one(
        related="company_id.integration_oncall_group_id", readonly=False
    )
    integration_alert_webhook_connector_id = fields.Many2one(
        related="company_id.integration_alert_webhook_connector_id", readonly=False
    )
    # -- metrics token and neutralization --
    integration_metrics_token_set = fields.Boolean(
        string="Metrics Token Set", compute="_compute_integration_metrics"
    )
    integration_database_neutralized = fields.Boolean(
        string="Database Neutralized", compute="_compute_integration_metrics"
    )

    def _compute_integration_metrics(self):
        token_set = bool(
            self.env["integration.secret"]
            .sudo()
            .search_count([("connector_id", "=", False), ("name", "=", METRICS_TOKEN)])
        )
        neutralized = bool(
            self.env["ir.config_parameter"].sudo().get_param("database.is_neutralized")
        )
        for settings in self:
            settings.integration_metrics_token_set = token_set
            settings.integration_database_neutralized = neutralized

    def action_integration_generate_metrics_token(self):
        """Make a new metrics token (the old one stops working); show it once."""
        self._check_integration_system()
        token = self.env["integration.secret"]._generate_metrics_token()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Metrics token generated"),
                "message": self.env._(
                    "Copy it now into your Prometheus credentials file, it is not "
                    "shown again: %s",
                    token,
                ),
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_integration_revoke_metrics_token(self):
        """Remove the metrics token: the endpoint refuses every scrape."""
        self._check_integration_system()
        self.env["integration.secret"]._revoke_metrics_token()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Metrics token revoked"),
                "message": self.env._("/integration/metrics now refuses every scrape."),
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_integration_system(self):
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only administrators manage the metrics token.")
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
