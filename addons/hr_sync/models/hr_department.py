# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    hr_sync_connector_id = fields.Many2one(
        "integration.connector",
        string="HR Source",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    hr_sync_external_id = fields.Char(
        string="HR External ID", readonly=True, copy=False
    )
    hr_sync_hash = fields.Char(readonly=True, copy=False)
    hr_cost_center_id = fields.Many2one(
        "account.analytic.account",
        string="Cost Center",
        domain="[('plan_id.hr_cost_center_plan', '=', True)]",
        help="Purchases requested for this department land on this cost center.",
    )

    _sql_constraints = [
        (
            "hr_sync_external_id_uniq",
            "unique(hr_sync_connector_id, hr_sync_external_id, company_id)",
            "An HR external id names one department per connector and company.",
        ),
    ]

    def write(self, vals):
        old_managers = (
            {department: department.manager_id for department in self}
            if "manager_id" in vals
            else {}
        )
        result = super().write(vals)
        if old_managers:
            self.env["hr.sync.approval.limit"]._on_managers_changed(old_managers)
        return result

    def _update_employee_manager(self, manager_id):
        # A sync sets each employee's manager from the feed itself; Odoo's
        # re-pointing of the old manager's reports would fight it.
        if self.env.context.get("hr_sync_keep_reports"):
            return
        super()._update_employee_manager(manager_id)

    def _hr_manager_chain(self):
        """Active managers from this department up to the root, nearest first,
        each with the department they head."""
        self.ensure_one()
        chain = []
        department = self
        seen = set()
        while department and department.id not in seen:
            seen.add(department.id)
            manager = department.manager_id
            if manager and manager.active:
                chain.append((department, manager))
            department = department.parent_id
        return chain
