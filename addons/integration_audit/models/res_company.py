# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from integration_core.monitoring.alert_policy import DEFAULT_POLICIES

ALERT_CHANNELS = [
    ("oncall", "On-call group and webhook, at once"),
    ("owner", "Connector owner, at once"),
    ("digest", "Daily digest"),
    ("dashboard", "Dashboard only"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    integration_log_retention_days = fields.Integer(
        string="Integration Log Retention (days)",
        default=730,
        help="Closed integration messages older than this are removed by the "
        "retention job. 0 keeps them forever.",
    )
    # -- alert notification policy --
    integration_alert_policy_critical = fields.Selection(
        ALERT_CHANNELS,
        string="Critical Alerts",
        default=DEFAULT_POLICIES["critical"],
        required=True,
    )
    integration_alert_policy_high = fields.Selection(
        ALERT_CHANNELS,
        string="High Alerts",
        default=DEFAULT_POLICIES["high"],
        required=True,
    )
    integration_alert_policy_medium = fields.Selection(
        ALERT_CHANNELS,
        string="Medium Alerts",
        default=DEFAULT_POLICIES["medium"],
        required=True,
    )
    integration_alert_policy_low = fields.Selection(
        ALERT_CHANNELS,
        string="Low Alerts",
        default=DEFAULT_POLICIES["low"],
        required=True,
    )
    integration_oncall_group_id = fields.Many2one(
        "res.groups",
        string="On-call Group",
        default=lambda self: self.env.ref(
            "integration_audit.group_integration_manager", raise_if_not_found=False
        ),
        help="Members working in the company receive on-call alerts.",
    )
    integration_alert_webhook_connector_id = fields.Many2one(
        "integration.connector",
        string="Alert Webhook",
        domain="[('company_id', '=', id), ('transport', '=', 'http')]",
        help="On-call alerts are POSTed as JSON to this connector's endpoint, "
        "with its authentication, logged and retried like any message.",
    )

    @api.constrains("integration_alert_webhook_connector_id")
    def _check_integration_alert_webhook(self):
        for company in self:
            webhook = company.integration_alert_webhook_connector_id
            if webhook and (
                webhook.company_id != company or webhook.transport != "http"
            ):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the alert webhook %(connector)s must "
                        "be an HTTP connector of the same company.",
                        company=company.name,
                        connector=webhook.display_name,
                    )
                )

    def _integration_alert_policies(self):
        """The notification channel per alert criticality."""
        self.ensure_one()
        return {
            criticality: self[f"integration_alert_policy_{criticality}"]
            for criticality in DEFAULT_POLICIES
        }
