# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Purchase approval authority of department managers, from the org chart.

A manager's limit is, most specific first: a limit for their department, for
their job, for their HR grade, else their company's default. Heading a
department grants the approver group; heading none any more revokes it.
Both are logged as data changes on the department's HR connector.
"""

from odoo import api, fields, models
from odoo.osv import expression

APPROVER_GROUP = "hr_sync.group_department_approver"


class HrSyncApprovalLimit(models.Model):
    _name = "hr.sync.approval.limit"
    _description = "Purchase Approval Limit"
    _order = "company_id, department_id, job_id, grade, id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    department_id = fields.Many2one(
        "hr.department",
        domain="[('company_id', 'in', (company_id, False))]",
        help="Applies to the manager of this department.",
    )
    job_id = fields.Many2one(
        "hr.job", string="Job Position", help="Applies to managers in this job."
    )
    grade = fields.Char(
        string="HR Grade", help="Applies to managers with this HR grade."
    )
    amount = fields.Monetary(
        string="Limit",
        required=True,
        help="Largest order total, in company currency, they may approve.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "one_target",
            "CHECK(num_nonnulls(department_id, job_id, NULLIF(grade, '')) = 1)",
            "An approval limit applies to exactly one of a department, a job or "
            "a grade.",
        ),
        ("amount_positive", "CHECK(amount >= 0)", "A limit cannot be negative."),
    ]

    @api.depends("department_id", "job_id", "grade", "amount")
    def _compute_display_name(self):
        for limit in self:
            target = (
                limit.department_id.display_name
                or limit.job_id.display_name
                or limit.grade
            )
            limit.display_name = f"{target}: {limit.amount:,.2f}"

    @api.model
    def _limit_for(self, employee, department):
        """The amount ``employee``, heading ``department``, may approve."""
        targets = [("department_id", "=", department.id)]
        if employee.job_id:
            targets.append(("job_id", "=", employee.job_id.id))
        grade = employee.sudo().hr_sync_grade
        if grade:
            targets.append(("grade", "=", grade))
        company = department.company_id or employee.company_id
        candidates = self.sudo().search(
            [("company_id", "=", company.id)] + expression.OR([[t] for t in targets])
        )
        for matches in (
            candidates.filtered(lambda limit: limit.department_id == department),
            candidates.filtered("job_id"),
            candidates.filtered("grade"),
        ):
            if matches:
                return max(matches.mapped("amount"))
        return company.hr_manager_approval_limit

    @api.model
    def _on_managers_changed(self, old_managers):
        """Grant, revoke and move pending approvals after department heads changed.

        :param old_managers: ``{department: previous manager}``.
        """
        changed = {
            department: old
            for department, old in old_managers.items()
            if department.manager_id != old
        }
        if not changed:
            return
        people = self.env["hr.employee"]
        for department, old in changed.items():
            people |= old | department.manager_id
        self._on_heads_changed(people, changed)

    @api.model
    def _on_heads_changed(self, employees, departments):
        """Sync the approver group of ``employees`` and move the approvals
        waiting in ``departments`` (``{department: previous head}``): after a
        head changed, left, or got a user to approve with."""
        self._sync_approver_group(employees, departments)
        self.env["purchase.order"]._hr_reassign_approvals(departments)

    @api.model
    def _sync_approver_group(self, employees, changed):
        """Give the approver group to the users of ``employees`` heading a
        department, take it from the others; log each grant and revocation."""
        group = self.env.ref(APPROVER_GROUP)
        heading = set(
            self.env["hr.department"]
            .sudo()
            .search([("manager_id", "in", employees.ids)])
            .manager_id.filtered("active")
            .ids
        )
        for employee in employees.sudo().filtered("user_id"):
            user = employee.user_id
            has_group = group in user.groups_id
            should = employee.id in heading
            if has_group == should:
                continue
            command = [(4, group.id)] if should else [(3, group.id)]
            connector = self._log_connector(employee, changed)
            operation = "hr_grant_approval" if should else "hr_revoke_approval"
            if connector:
                self.env["integration.message"].sudo()._log_apply(
                    connector,
                    operation,
                    user,
                    {"groups_id": command},
                    idempotency_reference={
                        "user": user.id,
                        "grant": should,
                        "at": fields.Datetime.now().isoformat(),
                        "departments": sorted(d.id for d in changed),
                    },
                    initiator="cron" if self.env.context.get("hr_sync_run") else "user",
                )
            else:
                user.write({"groups_id": command})

    @api.model
    def _log_connector(self, employee, changed):
        for department in changed:
            if department.hr_sync_connector_id:
                return department.hr_sync_connector_id
        return employee.sudo().hr_sync_connector_id
