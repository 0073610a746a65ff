# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Files received again, replays and corrected notices never apply twice."""

import re

from odoo import Command
from odoo.tests import tagged

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase


@tagged("post_install", "-at_install")
class TestReplay(SupplierEdiCase):
    def setUp(self):
        super().setUp()
        self.order = self._order([(self.gloves, 20, 12.5)])
        self._run_queued()
        self.line = self.order.order_line

    def _notice(self, control, qty=20, lot="L1"):
        return files.x12_856(
            SUPPLIER_ID,
            HOSPITAL_ID,
            control,
            "SH-1",
            self.order.name,
            [("", [(self.line.id, "0614141000012", "", qty, "EA", lot, "20280101")])],
        )

    def _invoice(self, control):
        return files.x12_810(
            SUPPLIER_ID,
            HOSPITAL_ID,
            control,
            "INV-1",
            self.order.name,
            [(self.line.id, 20, "EA", "12.50", "NG-300M")],
            28750,
            tax="37.50",
        )

    def test_same_files_100_times_one_receipt_one_bill(self):
        notice, invoice = self._notice(701), self._invoice(702)
        for _attempt in range(100):
            self._receive(notice)
        picking = self.order.picking_ids
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 20)
        picking.button_validate()
        for _attempt in range(100):
            self._receive(invoice)
        bills = self.env["account.move"].search([("ref", "=", "INV-1")])
        self.assertEqual(len(bills), 1)
        self.assertEqual(self.line.qty_received, 20)
        self.assertEqual(self.line.qty_invoiced, 20)
        files_logged = self.env["integration.message"].search(
            [
                ("operation", "=", "edi_receive_file"),
                ("connector_id", "=", self.connector.id),
            ]
        )
        self.assertEqual(len(files_logged), 2)

    def test_same_documents_new_control_numbers(self):
        """The supplier re-sends the same notice and invoice in new interchanges."""
        for control in range(710, 715):
            self._receive(self._notice(control))
        picking = self.order.picking_ids
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 20)
        picking.button_validate()
        for control in range(720, 725):
            self._receive(self._invoice(control))
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", "INV-1")]), 1
        )

    def test_resent_notice_with_new_set_number_after_receipt(self):
        """Same content, new interchange and set control numbers: no exception."""
        self._receive(self._notice(760))
        self.order.picking_ids.button_validate()
        again = re.sub(
            rb"(ST\*856\*|SE\*\d+\*)0001~", rb"\g<1>0042~", self._notice(761)
        )
        self.assertIn(b"ST*856*0042~", again)
        self._receive(again)
        documents = self.env["supplier.edi.document"].search(
            [("reference", "=", "SH-1")]
        )
        self.assertEqual(documents.mapped("state"), ["applied"], self._problems())
        self.assertEqual(self.line.qty_received, 20)

    def test_replay_from_the_log_repeats_nothing(self):
        self._receive(self._notice(730))
        picking = self.order.picking_ids
        picking.button_validate()
        self._receive(self._invoice(731))
        Message = self.env["integration.message"]
        for message in Message.search(
            [
                (
                    "operation",
                    "in",
                    ("edi_receive_file", "edi_ship_notice", "edi_invoice"),
                )
            ]
        ):
            message.with_user(self.manager)._log_replay()
        self._run_queued()
        self.assertEqual(self.line.qty_received, 20)
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", "INV-1")]), 1
        )

    def test_corrected_notice_replaces_the_first(self):
        self._receive(self._notice(740, qty=20, lot="L1"))
        self._receive(self._notice(741, qty=15, lot="L2"))
        picking = self.order.picking_ids
        self.assertEqual(picking.move_line_ids.mapped("lot_name"), ["L2"])
        self.assertEqual(sum(picking.move_line_ids.mapped("quantity")), 15)

    def test_unknown_item_applies_nothing(self):
        content = files.x12_856(
            SUPPLIER_ID,
            HOSPITAL_ID,
            750,
            "SH-2",
            self.order.name,
            [
                (
                    "",
                    [
                        (self.line.id, "", "NG-300M", 10, "EA", "L1", "20280101"),
                        ("", "", "UNKNOWN-99", 5, "EA", "", ""),
                    ],
                )
            ],
        )
        self._receive(content, name="sh2.x12")
        document = self.env["supplier.edi.document"].search(
            [("reference", "=", "SH-2")]
        )
        self.assertEqual(document.state, "exception")
        self.assertIn("UNKNOWN-99", document.issue_text)
        self.assertIn("item 2", document.issue_text)
        picking = self.order.picking_ids
        self.assertFalse(picking.move_line_ids.edi_document_id)
        self.assertFalse(picking.edi_ship_notice_ref)
        # The buyer adds the missing line and the supplier's code; retry.
        self.order.order_line = [
            Command.create({"product_id": self.syringes.id, "product_qty": 5})
        ]
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.supplier.id,
                "product_tmpl_id": self.syringes.product_tmpl_id.id,
                "product_code": "UNKNOWN-99",
            }
        )
        document.with_user(self.manager).action_retry()
        self._run_queued()
        self.assertEqual(document.state, "applied", self._problems())
        self.assertEqual(
            sorted(self.order.picking_ids.move_line_ids.mapped("quantity")), [5, 10]
        )
