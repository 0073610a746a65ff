# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The X12 loop over a real OpenSSH SFTP server started by the test."""

from odoo.tests import tagged

from integration_core.edi import api as edi_api

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase, start_sftp_server


@tagged("post_install", "-at_install")
class TestSftpFlow(SupplierEdiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = start_sftp_server(cls, cls.connector)

    def _drop(self, name, content):
        (self.home / "to_hospital" / name).write_bytes(content)

    def _poll(self):
        self.connector._run_scheduled()
        # What the commit would trigger: archive the files now safely logged.
        self.env.cr.postcommit.run()
        self._run_queued()

    def test_order_out_answers_in(self):
        order = self._order([(self.gloves, 20, 12.5)])
        self._run_queued()
        sent = sorted((self.home / "from_hospital").iterdir())
        self.assertEqual(len(sent), 1, self._problems())
        result = edi_api.read(sent[0].read_bytes())
        (document,) = result.documents
        self.assertEqual(document.number, order.name)
        self.assertFalse(
            [
                path
                for path in (self.home / "from_hospital").iterdir()
                if "tmp" in path.name
            ]
        )
        line = order.order_line
        self._drop(
            "997_1.x12",
            files.x12_997(SUPPLIER_ID, HOSPITAL_ID, 801, [document.control_number]),
        )
        self._drop(
            "855_1.x12",
            files.x12_855(
                SUPPLIER_ID,
                HOSPITAL_ID,
                802,
                order.name,
                "SO-1",
                [(line.id, 20, "12.50", "NG-300M", "IA", 20, "20261210")],
            ),
        )
        self._poll()
        self.assertEqual(order.edi_state, "acknowledged", self._problems())
        self.assertEqual(line.edi_ack_status, "accepted")
        inbox = self.home / "to_hospital"
        self.assertEqual(
            sorted(path.name for path in inbox.iterdir() if path.is_file()), []
        )
        # Our 997 for the 855 went back to the supplier.
        answers = [
            edi_api.read(path.read_bytes())
            for path in (self.home / "from_hospital").iterdir()
        ]
        types = sorted(
            type(doc).__name__ for result in answers for doc in result.documents
        )
        self.assertEqual(types, ["FunctionalAck", "PurchaseOrder"])
        self._drop(
            "856_1.x12",
            files.x12_856(
                SUPPLIER_ID,
                HOSPITAL_ID,
                803,
                "SH-9",
                order.name,
                [("", [(line.id, "0614141000012", "", 20, "EA", "LOT-A", "20280131")])],
            ),
        )
        self._poll()
        picking = order.picking_ids
        self.assertEqual(picking.move_line_ids.lot_name, "LOT-A")
        picking.button_validate()
        self._drop(
            "810_1.x12",
            files.x12_810(
                SUPPLIER_ID,
                HOSPITAL_ID,
                804,
                "INV-9",
                order.name,
                [(line.id, 20, "EA", "12.50", "NG-300M")],
                28750,
                tax="37.50",
            ),
        )
        self._poll()
        bill = self.env["account.move"].search([("ref", "=", "INV-9")])
        self.assertEqual(bill.edi_match_state, "matched", self._problems())
