# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Purchase approval that follows the org chart.

With two-step approval (Odoo's own setting), an order of a requesting
department above the company threshold waits in *To Approve* for the first
manager up the department chain whose limit covers its total; that manager
gets an activity. Approving above one's limit is refused with a message
(Odoo's own ``button_approve`` would silently skip the order). Purchase
managers keep Odoo's right to approve anything.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    requesting_department_id = fields.Many2one(
        "hr.department",
        default=lambda self: self._default_requesting_department(),
        domain="[('company_id', 'in', (company_id, False))]",
        tracking=True,
        help="Whose budget the order is for: its lines default to the "
        "department's cost center, and its approval follows the department's "
        "managers.",
    )
    hr_approver_id = fields.Many2one(
        "hr.employee",
        string="Waiting For",
        readonly=True,
        copy=False,
        help="The department manager whose approval limit covers this order.",
    )

    @api.model
    def _default_requesting_department(self):
        return self.env.user.employee_id.department_id

    def _approval_allowed(self):
        self.ensure_one()
        return super()._approval_allowed() or self._hr_user_can_approve(self.env.user)

    def button_confirm(self):
        result = super().button_confirm()
        self.filtered(lambda order: order.state == "to approve")._hr_request_approval()
        return result

    def button_approve(self, force=False):
        refused = self.filtered(
            lambda order: order.state == "to approve" and not order._approval_allowed()
        )
        if refused and not force:
            order = refused[0]
            raise UserError(
                self.env._(
                    "You cannot approve %(order)s: its total of %(amount)s is above "
                    "your approval limit for department %(department)s (%(limit)s). "
                    "%(approver)s",
                    order=order.name,
                    amount=order._hr_format(order._hr_amount()),
                    department=order.requesting_department_id.display_name or "-",
                    limit=order._hr_format(order._hr_user_limit(self.env.user)),
                    approver=order._hr_waiting_note(),
                )
            )
        result = super().button_approve(force=force)
        self._hr_close_approval_activities()
        return result

    # -- approval ---------------------------------------------------------

    def _hr_amount(self):
        """The order total in company currency."""
        self.ensure_one()
        return self.currency_id._convert(
            self.amount_total,
            self.company_id.currency_id,
            self.company_id,
            self.date_order or fields.Date.today(),
        )

    def _hr_format(self, amount):
        currency = self.company_id.currency_id
        return f"{currency.symbol or ''}{amount:,.2f}"

    def _hr_user_limit(self, user):
        """The largest total ``user`` may approve for this order's department."""
        self.ensure_one()
        department = self.requesting_department_id
        if not department:
            return 0.0
        limits = self.env["hr.sync.approval.limit"]
        employees = user.sudo().employee_ids
        best = 0.0
        for head_of, manager in department.sudo()._hr_manager_chain():
            if manager in employees:
                best = max(best, limits._limit_for(manager, head_of))
        return best

    def _hr_user_can_approve(self, user):
        self.ensure_one()
        if not self.requesting_department_id or not user.has_group(
            "hr_sync.group_department_approver"
        ):
            return False
        return self._hr_amount() <= self._hr_user_limit(user)

    def _hr_find_approver(self):
        """The first manager up the chain, with a user, whose limit covers."""
        self.ensure_one()
        limits = self.env["hr.sync.approval.limit"]
        amount = self._hr_amount()
        for (
            head_of,
            manager,
        ) in self.requesting_department_id.sudo()._hr_manager_chain():
            if manager.user_id and limits._limit_for(manager, head_of) >= amount:
                return manager
        return self.env["hr.employee"]

    def _hr_request_approval(self):
        for order in self.filtered("requesting_department_id"):
            approver = order._hr_find_approver()
            order.hr_approver_id = approver
            if approver:
                order._hr_schedule_approval(approver)
            else:
                order._message_log(
                    body=self.env._(
                        "No manager of %(department)s or above has a limit covering "
                        "%(amount)s: a purchase manager must approve.",
                        department=order.requesting_department_id.display_name,
                        amount=order._hr_format(order._hr_amount()),
                    )
                )

    def _hr_schedule_approval(self, approver):
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Approve purchase order %s", self.name),
            note=self.env._(
                "%(amount)s requested by %(department)s is within your approval limit.",
                amount=self._hr_format(self._hr_amount()),
                department=self.requesting_department_id.display_name,
            ),
            user_id=approver.user_id.id,
        )

    def _hr_waiting_note(self):
        if self.hr_approver_id:
            return self.env._("It waits for %s.", self.hr_approver_id.name)
        return self.env._("A purchase manager must approve it.")

    def _hr_approval_activities(self):
        summary_start = self.env._("Approve purchase order %s", "")
        return self.activity_ids.filtered(
            lambda activity: (activity.summary or "").startswith(summary_start)
        )

    def _hr_close_approval_activities(self):
        for order in self.filtered(lambda order: order.state in ("purchase", "done")):
            order._hr_approval_activities().action_feedback(
                feedback=self.env._("Approved by %s", self.env.user.name)
            )

    @api.model
    def _hr_reassign_approvals(self, changed):
        """Move waiting approvals after department heads changed.

        :param changed: ``{department: previous manager}``.
        """
        departments = self.env["hr.department"]
        for department in changed:
            departments |= department
        waiting = self.sudo().search(
            [
                ("state", "=", "to approve"),
                ("requesting_department_id", "child_of", departments.ids),
            ]
        )
        for order in waiting:
            approver = order._hr_find_approver()
            if approver == order.hr_approver_id:
                continue
            order._hr_approval_activities().unlink()
            order.hr_approver_id = approver
            if approver:
                order._hr_schedule_approval(approver)
            order._message_log(
                body=self.env._(
                    "Department heads changed: the approval now waits for %s.",
                    approver.name or self.env._("a purchase manager"),
                )
            )
