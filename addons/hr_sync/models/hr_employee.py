# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

EMPLOYMENT_STATUSES = [
    ("onboarding", "Onboarding"),
    ("active", "Active"),
    ("leave", "On Leave"),
    ("terminated", "Terminated"),
]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    hr_sync_connector_id = fields.Many2one(
        "integration.connector",
        string="HR Source",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        groups="hr.group_hr_user",
        help="The HR connector that owns this employee's master data.",
    )
    hr_sync_external_id = fields.Char(
        string="HR External ID",
        readonly=True,
        copy=False,
        groups="hr.group_hr_user",
    )
    hr_sync_hash = fields.Char(readonly=True, copy=False, groups="hr.group_hr_user")
    hr_sync_status = fields.Selection(
        EMPLOYMENT_STATUSES,
        string="Employment Status",
        copy=False,
        tracking=True,
        groups="hr.group_hr_user",
    )
    hr_sync_hire_date = fields.Date(
        string="Hire Date", copy=False, groups="hr.group_hr_user"
    )
    hr_sync_termination_date = fields.Date(
        string="Termination Date", copy=False, groups="hr.group_hr_user"
    )
    hr_sync_grade = fields.Char(string="HR Grade", groups="hr.group_hr_user")
    hr_cost_center_id = fields.Many2one(
        "account.analytic.account",
        string="Cost Center",
        groups="hr.group_hr_user",
        domain="[('plan_id.hr_cost_center_plan', '=', True)]",
    )

    _sql_constraints = [
        (
            "hr_sync_external_id_uniq",
            "unique(hr_sync_connector_id, hr_sync_external_id, company_id)",
            "An HR external id names one employee per connector and company.",
        ),
    ]

    def _get_employee_m2o_to_empty_on_archived_employees(self):
        # HR sync re-points the reports of the employees it archives itself
        # (see hr.sync.run._repoint_reports); other archiving keeps Odoo's rule.
        if self.env.context.get("hr_sync_keep_reports"):
            return []
        return super()._get_employee_m2o_to_empty_on_archived_employees()

    def _hr_headed_departments(self):
        """``{department: employee}`` for each department an employee heads."""
        departments = (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("manager_id", "in", self.ids)])
        )
        return {department: department.manager_id for department in departments}
