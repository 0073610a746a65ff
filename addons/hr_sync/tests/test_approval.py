# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import HrSyncCase, hospital


@tagged("post_install", "-at_install")
class TestApproval(HrSyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "po_double_validation": "two_step",
                "po_double_validation_amount": 1000,
                "hr_manager_approval_limit": 5000,
            }
        )
        cls.buyer = cls._user(
            "ward_buyer", "base.group_user,purchase.group_purchase_user"
        )
        cls.vendor = cls.env["res.partner"].create({"name": "MedSupply"})
        cls.product = cls.env["product.product"].create({"name": "Electrodes"})

    @classmethod
    def _user(cls, login, groups="base.group_user"):
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _users_for_heads(self):
        for key in ("DIR", "MED1", "CAR1"):
            employee = self.employee(key)
            employee.user_id = self._user(key.lower())
        # Heads were set before they had users: sync the group now.
        limits = self.env["hr.sync.approval.limit"]
        heads = self.employee("DIR") | self.employee("MED1") | self.employee("CAR1")
        limits._sync_approver_group(heads, heads._hr_headed_departments())

    def _order(self, amount, department):
        order = (
            self.env["purchase.order"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "requesting_department_id": department.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_qty": 1,
                                "price_unit": amount,
                                "taxes_id": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        return order

    def test_new_manager_approves_within_limit_not_above(self):
        self.sync(hospital())
        self._users_for_heads()
        head = self.employee("CAR1").user_id
        self.assertTrue(head.has_group("hr_sync.group_department_approver"))
        cardiology = self.department("CARD")
        line = self._order(10, cardiology).order_line
        self.assertEqual(
            line.analytic_distribution, {str(cardiology.hr_cost_center_id.id): 100}
        )
        order = self._order(3000, cardiology)
        self.assertEqual(order.state, "to approve")
        self.assertEqual(order.hr_approver_id, self.employee("CAR1"))
        activity = order.activity_ids.filtered(lambda a: a.user_id == head)
        self.assertTrue(activity)
        order.with_user(head).button_approve()
        self.assertEqual(order.state, "purchase")
        big = self._order(8000, cardiology)
        with self.assertRaisesRegex(UserError, "above your approval limit"):
            big.with_user(head).button_approve()
        self.assertEqual(big.state, "to approve")

    def test_order_escalates_to_parent_department_manager(self):
        self.sync(hospital())
        self._users_for_heads()
        self.env["hr.sync.approval.limit"].create(
            {"department_id": self.department("MED").id, "amount": 20000}
        )
        order = self._order(8000, self.department("CARD"))
        self.assertEqual(order.hr_approver_id, self.employee("MED1"))
        order.with_user(self.employee("MED1").user_id).button_approve()
        self.assertEqual(order.state, "purchase")

    def test_authority_is_revoked_when_the_manager_leaves(self):
        self.connector.hr_deactivation_share = 10  # 1 of 11 people
        self.sync(hospital())
        self._users_for_heads()
        head_user = self.employee("CAR1").user_id
        waiting = self._order(3000, self.department("CARD"))
        rows = hospital()
        rows[2]["status"] = "T"
        rows[3]["head"] = "yes"  # nurse N0 takes over cardiology
        for row in rows[4:]:
            row["manager"] = "N0"
        rows[3]["manager"] = "MED1"
        self.employee("N0").user_id = new_test_user(
            self.env, "n0", groups="base.group_user"
        )
        self.sync(rows, full=False)
        self.assertFalse(head_user.has_group("hr_sync.group_department_approver"))
        new_head = self.employee("N0")
        self.assertEqual(self.department("CARD").manager_id, new_head)
        self.assertTrue(new_head.user_id.has_group("hr_sync.group_department_approver"))
        # The waiting order moved to the new head.
        self.assertEqual(waiting.hr_approver_id, new_head)
        self.assertTrue(
            waiting.activity_ids.filtered(lambda a: a.user_id == new_head.user_id)
        )
        grants = self.env["integration.message"].search(
            [("operation", "in", ("hr_grant_approval", "hr_revoke_approval"))]
        )
        self.assertEqual(
            set(grants.mapped("operation")), {"hr_grant_approval", "hr_revoke_approval"}
        )

    def test_waiting_order_moves_up_when_its_approver_leaves(self):
        self.connector.hr_deactivation_share = 10  # 1 of 11 people
        self.sync(hospital())
        self._users_for_heads()
        waiting = self._order(3000, self.department("CARD"))
        self.assertEqual(waiting.hr_approver_id, self.employee("CAR1"))
        rows = hospital()
        rows[2]["status"] = "T"  # the head of cardiology leaves, nobody replaces her
        self.sync(rows, full=False)
        head_of_medicine = self.employee("MED1")
        self.assertEqual(waiting.hr_approver_id, head_of_medicine)
        self.assertTrue(
            waiting.activity_ids.filtered(
                lambda a: a.user_id == head_of_medicine.user_id
            )
        )
