# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    @api.depends("order_id.requesting_department_id")
    def _compute_analytic_distribution(self):
        """Default the distribution to the requesting department's cost center."""
        result = super()._compute_analytic_distribution()
        for line in self:
            cost_center = line.order_id.requesting_department_id.hr_cost_center_id
            if cost_center and not line.analytic_distribution and not line.display_type:
                line.analytic_distribution = {str(cost_center.id): 100}
        return result
