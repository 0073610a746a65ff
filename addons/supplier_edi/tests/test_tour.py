# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import datetime
from unittest import mock

from cryptography.fernet import Fernet

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from integration_core.transport.base import InboundMessage

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID


@tagged("post_install", "-at_install")
class TestSupplierEdiTour(HttpCase):
    """An Integration Manager onboards a distributor's faulty sample file and
    reads where it is wrong, then releases a held EDI bill with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(
            mock.patch.dict(
                config.options,
                {"integration_vault_key": Fernet.generate_key().decode()},
            )
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.groups_id |= (
            cls.env.ref("integration_audit.group_integration_manager")
            | cls.env.ref("purchase.group_purchase_manager")
            | cls.env.ref("account.group_account_manager")
            | cls.env.ref("stock.group_stock_manager")
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Tour MedSurg Distribution", "is_company": True}
        )
        cls.syringes = cls.env["product.product"].create(
            {
                "name": "Tour syringe 10 ml Luer lock",
                "is_storable": True,
                "default_code": "TOURSY10",
                "purchase_method": "receive",
                "standard_price": 0.4,
                "seller_ids": [
                    Command.create(
                        {
                            "partner_id": cls.supplier.id,
                            "product_code": "TSY-10",
                            "price": 0.4,
                            "min_qty": 1,
                        }
                    )
                ],
            }
        )
        cls.connector = cls.env["integration.connector"].create(
            {
                "name": "Tour MedSurg EDI",
                "code": "tour_medsurg_edi",
                "system_kind": "supplier",
                "transport": "none",
                "partner_system": "MedSurg",
                "retry_jitter": 0,
                "user_id": cls.admin.id,
            }
        )
        cls.profile = cls.env["supplier.edi.profile"].create(
            {
                "name": "Tour MedSurg X12",
                "partner_id": cls.supplier.id,
                "connector_id": cls.connector.id,
                "standard": "X12",
                "version": "004010",
                "our_identifier": HOSPITAL_ID,
                "partner_identifier": SUPPLIER_ID,
                "price_tolerance_percent": 2.0,
            }
        )
        cls.profile.state = "live"

    def _run_queued(self):
        """Run what queue_job would: the connector's queued messages, in order."""
        self.env["integration.message"]._run_queued_now(self.connector)

    def _held_bill(self):
        """An 810 at 0.45 for syringes ordered and received at 0.40."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.syringes.id,
                            "product_qty": 100,
                            "price_unit": 0.4,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        self._run_queued()
        picking = order.picking_ids
        picking.move_ids.quantity = 100
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        content = files.x12_810(
            SUPPLIER_ID,
            HOSPITAL_ID,
            801,
            "INV-TOUR-1",
            order.name,
            [(order.order_line.id, 100, "EA", "0.45", "TSY-10")],
            5175,
            tax="6.75",
        )
        self.connector._edi_receive(
            InboundMessage(
                name="tour_810.x12",
                content=content,
                reference="tour_810.x12",
                received_at=datetime.datetime(2026, 12, 4, 9, 30),
            )
        )
        self._run_queued()
        bill = self.env["account.move"].search([("ref", "=", "INV-TOUR-1")])
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.edi_match_state, "exception")
        return bill

    def test_onboarding_sample_and_held_bill(self):
        bill = self._held_bill()
        self.start_tour("/odoo", "supplier_edi_tour", login="admin")

        sample = self.env["supplier.edi.sample"].search(
            [("profile_id", "=", self.profile.id)]
        )
        self.assertEqual(sample.name, "tour_faulty_856.x12")
        self.assertEqual(sample.state, "failed")
        self.assertEqual(sample.error_count, 1, sample.report)
        self.assertIn("segment 7 DTM", sample.report)
        self.assertIn("'20261332' is not a date", sample.report)

        self.assertEqual(bill.edi_match_state, "overridden")
        self.assertEqual(
            bill.edi_override_reason,
            "Price increase agreed by phone with MedSurg on 3 Dec",
        )
        self.assertEqual(bill.edi_override_user_id, self.admin)
        bill.action_post()
        self.assertEqual(bill.state, "posted")
