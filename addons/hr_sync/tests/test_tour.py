# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import MAPPING, hospital


@tagged("post_install", "-at_install")
class TestHrSyncTour(HttpCase):
    """An administrator configures a file connector, previews a payroll file,
    applies it and opens the run; the new head of cardiology then approves
    her department's order."""

    def test_file_connector_to_pending_approval(self):
        company = self.env.ref("base.main_company")
        company.write(
            {
                "hr_entity_code": company.hr_entity_code or "TOUR",
                "po_double_validation": "two_step",
                "po_double_validation_amount": 1000,
            }
        )
        connector = self.env["integration.connector"].create(
            {
                "name": "Tour Payroll File",
                "code": "tour_payroll",
                "company_id": company.id,
                "system_kind": "hr",
                "direction": "inbound",
                "transport": "none",
                "hr_source": "file",
            }
        )
        connector.hr_mapping_spec = json.dumps(MAPPING)
        self.start_tour("/odoo", "hr_sync_file_connector_tour", login="admin")

        run = self.env["hr.sync.run"].search(
            [("connector_id", "=", connector.id), ("state", "=", "done")]
        )
        self.assertEqual(run.created_count, len(hospital(nurses=2)))
        head = self.env["hr.employee"].search(
            [
                ("hr_sync_connector_id", "=", connector.id),
                ("hr_sync_external_id", "=", "CAR1"),
            ]
        )
        head.user_id = new_test_user(
            self.env, "tour_head", groups="base.group_user", name="Cara Heart"
        )
        limits = self.env["hr.sync.approval.limit"]
        limits._sync_approver_group(head, head._hr_headed_departments())
        buyer = new_test_user(
            self.env,
            "tour_buyer",
            groups="base.group_user,purchase.group_purchase_user",
        )
        order = (
            self.env["purchase.order"]
            .with_user(buyer)
            .create(
                {
                    "partner_id": self.env["res.partner"]
                    .create({"name": "Tour Vendor"})
                    .id,
                    "requesting_department_id": head.department_id.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.env["product.product"]
                                .create({"name": "Tour Electrodes"})
                                .id,
                                "product_qty": 1,
                                "price_unit": 3000,
                                "taxes_id": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        self.assertEqual(order.hr_approver_id, head)
        self.start_tour("/odoo", "hr_sync_manager_approval_tour", login="tour_head")
        self.assertEqual(order.state, "purchase")
