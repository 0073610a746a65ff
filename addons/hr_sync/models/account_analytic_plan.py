# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class AccountAnalyticPlan(models.Model):
    _inherit = "account.analytic.plan"

    hr_cost_center_plan = fields.Boolean(
        string="HR Cost Centers",
        help="HR sync creates the cost centers of the feeds in this plan.",
    )

    @api.model
    def _hr_cost_center_plan(self):
        plan = self.search([("hr_cost_center_plan", "=", True)], limit=1)
        return plan or self.env.ref("hr_sync.account_analytic_plan_cost_centers")
