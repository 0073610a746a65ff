# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Onboarding: samples validated with located errors; go-live needs them."""

import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase


@tagged("post_install", "-at_install")
class TestOnboarding(SupplierEdiCase):
    def setUp(self):
        super().setUp()
        self.profile.write(
            {"state": "draft", "receive_order_ack": False, "receive_catalog": False}
        )

    def _sample(self, content, name):
        return self.env["supplier.edi.sample"].create(
            {
                "profile_id": self.profile.id,
                "name": name,
                "file": base64.b64encode(content),
            }
        )

    def _good_notice(self):
        return files.x12_856(
            SUPPLIER_ID,
            HOSPITAL_ID,
            11,
            "SH-S",
            "PO0001",
            [("", [("1", "0614141000012", "", 5, "EA", "L1", "20280101")])],
        )

    def test_faulty_sample_shows_located_errors(self):
        faulty = self._good_notice().replace(b"DTM*036*20280101", b"DTM*036*20281301")
        sample = self._sample(faulty, "bad-856.x12")
        self.assertEqual(sample.state, "failed")
        self.assertGreaterEqual(sample.error_count, 1)
        self.assertIn("DTM", sample.report)
        self.assertIn("segment", sample.report)

    def test_go_live_needs_a_passing_sample_per_document(self):
        with self.assertRaisesRegex(UserError, "856"):
            self.profile.action_go_live()
        self._sample(self._good_notice(), "good-856.x12")
        with self.assertRaisesRegex(UserError, "810"):
            self.profile.action_go_live()
        invoice = files.x12_810(
            SUPPLIER_ID,
            HOSPITAL_ID,
            12,
            "INV-S",
            "PO0001",
            [("1", 5, "EA", "12.50", "NG-300M")],
            6250,
        )
        self._sample(invoice, "good-810.x12")
        self.profile.action_go_live()
        self.assertEqual(self.profile.state, "live")

    def test_sample_from_another_sender_fails(self):
        other = self._good_notice().replace(b"MEDSURGDIST", b"OTHERDIST  ")
        sample = self._sample(other, "other.x12")
        self.assertEqual(sample.state, "failed")
        self.assertIn("OTHERDIST", sample.report)

    def test_draft_profile_sends_nothing(self):
        order = self._order([(self.syringes, 10, 0.4)])
        self.assertEqual(order.edi_state, "none")
        self.assertFalse(order.edi_interchange_ids)
