# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each company's suppliers, files and orders stay in that company."""

from odoo.tests import new_test_user, tagged

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase

CLINIC_ID = "CITYCLINIC"


@tagged("post_install", "-at_install")
class TestMultiCompany(SupplierEdiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.company"].create({"name": "City Clinic"})
        cls.env.user.company_ids |= cls.clinic
        cls.clinic_connector = cls.env["integration.connector"].create(
            {
                "name": "MedSurg EDI (clinic)",
                "code": "medsurg_clinic",
                "company_id": cls.clinic.id,
                "system_kind": "supplier",
                "transport": "none",
            }
        )
        cls.clinic_profile = cls.env["supplier.edi.profile"].create(
            {
                "name": "MedSurg X12 (clinic)",
                "partner_id": cls.supplier.id,
                "company_id": cls.clinic.id,
                "connector_id": cls.clinic_connector.id,
                "our_identifier": CLINIC_ID,
                "partner_identifier": SUPPLIER_ID,
            }
        )
        cls.clinic_profile.state = "live"

    def _notice(self, receiver, order, line):
        return files.x12_856(
            SUPPLIER_ID,
            receiver,
            900 + line.id,
            f"SH-{receiver}",
            order.name,
            [("", [(line.id, "0614141000012", "", 5, "EA", "L9", "20280101")])],
        )

    def test_clinic_file_never_touches_the_hospital(self):
        order = self._order([(self.gloves, 5, 12.5)])
        self._run_queued()
        # The clinic's connector receives a notice naming the hospital's order.
        self._receive(
            self._notice(CLINIC_ID, order, order.order_line),
            connector=self.clinic_connector,
        )
        document = self.env["supplier.edi.document"].search(
            [("profile_id", "=", self.clinic_profile.id)]
        )
        self.assertEqual(document.state, "exception")
        self.assertIn(f"no purchase order {order.name}", document.issue_text)
        self.assertFalse(order.picking_ids.move_line_ids.edi_document_id)
        # A file for the clinic's identity arriving on the hospital's connector.
        message = self._receive(self._notice(CLINIC_ID, order, order.order_line))
        self.assertEqual(message.state, "dead")
        self.assertIn("no EDI profile", message.error_message)
        self.assertFalse(order.picking_ids.move_line_ids.edi_document_id)
        # The right file on the right connector fills the hospital's receipt.
        self._receive(self._notice(HOSPITAL_ID, order, order.order_line))
        self.assertEqual(order.picking_ids.move_line_ids.lot_name, "L9")

    def test_clinic_user_sees_only_clinic_profiles(self):
        user = new_test_user(
            self.env,
            "clinic_integrator",
            groups="base.group_user,integration_audit.group_integration_user",
            company_id=self.clinic.id,
            company_ids=[(6, 0, self.clinic.ids)],
        )
        profiles = self.env["supplier.edi.profile"].with_user(user).search([])
        self.assertEqual(profiles, self.clinic_profile)
