# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    hr_entity_code = fields.Char(
        string="HR Entity Code",
        help="The legal entity code HR platforms use for this company: an "
        "employee whose feed names it is routed here.",
    )
    hr_manager_approval_limit = fields.Monetary(
        string="Department Manager Approval Limit",
        default=5000.0,
        help="Purchase amount (untaxed excluded: total, in company currency) a "
        "department manager may approve, unless an approval limit for the "
        "department, the job or the grade says otherwise.",
    )

    _sql_constraints = [
        (
            "hr_entity_code_uniq",
            "unique(hr_entity_code)",
            "An HR entity code names one company only.",
        ),
    ]

    def _hr_entity_code(self):
        """The code feeds use for this company: its HR code, else its name."""
        self.ensure_one()
        return self.hr_entity_code or self.name
