# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The X12 loop with a distributor: 850 out; 997, 855, 856 and 810 in."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from integration_core.edi import api as edi_api
from integration_core.edi import model as edi

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase


@tagged("post_install", "-at_install")
class TestX12Flow(SupplierEdiCase):
    def _sent_orders(self, order):
        interchange = order.edi_interchange_ids.filtered(
            lambda record: record.direction == "outbound"
        )
        self.assertEqual(len(interchange), 1)
        content = interchange.message_id.payload_attachment_id.raw
        return interchange, edi_api.read(content)

    def test_confirmed_order_goes_out_as_850(self):
        order = self._order([(self.gloves, 20, 12.5), (self.syringes, 500, 0.4)])
        self.assertEqual(order.edi_state, "queued")
        self._run_queued()
        self.assertEqual(order.edi_state, "sent")
        interchange, result = self._sent_orders(order)
        self.assertTrue(result.ok, result.errors)
        (document,) = result.documents
        self.assertIsInstance(document, edi.PurchaseOrder)
        self.assertEqual(document.number, order.name)
        self.assertEqual(
            [line.line_number for line in document.lines],
            [str(line.id) for line in order.order_line],
        )
        self.assertEqual(document.lines[0].product.vendor_part, "NG-300M")
        self.assertEqual(result.interchanges[0].sender.identifier, HOSPITAL_ID)
        self.assertEqual(interchange.ack_state, "waiting")
        self.assertTrue(interchange.ack_due_at)

    def test_997_then_855_then_856_then_810(self):
        order = self._order([(self.gloves, 20, 12.5), (self.syringes, 500, 0.4)])
        self._run_queued()
        interchange, result = self._sent_orders(order)
        gloves, syringes = (
            self._line(order, self.gloves),
            self._line(order, self.syringes),
        )
        # 997: the order was accepted.
        self._receive(
            files.x12_997(
                SUPPLIER_ID, HOSPITAL_ID, 501, [result.documents[0].control_number]
            )
        )
        self.assertEqual(interchange.ack_state, "accepted")
        self.assertEqual(order.edi_state, "accepted")
        # 855: gloves accepted, syringes later and fewer.
        self._receive(
            files.x12_855(
                SUPPLIER_ID,
                HOSPITAL_ID,
                502,
                order.name,
                "SO-88120",
                [
                    (gloves.id, 20, "12.50", "NG-300M", "IA", 20, "20261210"),
                    (syringes.id, 500, "0.40", "SY-10LL", "IQ", 400, "20261214"),
                ],
            )
        )
        self.assertEqual(order.edi_state, "acknowledged")
        self.assertEqual(gloves.edi_ack_status, "accepted")
        self.assertEqual(syringes.edi_ack_status, "changed")
        self.assertEqual(syringes.edi_ack_qty, 400)
        self.assertEqual(str(syringes.date_planned.date()), "2026-12-14")
        self.assertIn(
            "supplier_edi.mail_activity_type_edi_difference",
            order.activity_ids.activity_type_id.get_external_id().values(),
        )
        # 856: gloves by case GTIN with lot and expiry, syringes by vendor code.
        self._receive(
            files.x12_856(
                SUPPLIER_ID,
                HOSPITAL_ID,
                503,
                "SH700123",
                order.name,
                [
                    (
                        "006141410000000019",
                        [
                            (
                                gloves.id,
                                "10614141000019",
                                "",
                                2,
                                "CA",
                                "L2611A",
                                "20280131",
                            ),
                            (syringes.id, "", "SY-10LL", 400, "EA", "", ""),
                        ],
                    )
                ],
            )
        )
        picking = order.picking_ids
        self.assertEqual(picking.edi_ship_notice_ref, "SH700123")
        glove_line = picking.move_line_ids.filtered(
            lambda line: line.product_id == self.gloves
        )
        self.assertEqual(glove_line.quantity, 20)
        self.assertEqual(glove_line.lot_name, "L2611A")
        self.assertEqual(str(glove_line.expiration_date.date()), "2028-01-31")
        self.assertEqual(glove_line.result_package_id.name, "006141410000000019")
        syringe_line = picking.move_line_ids.filtered(
            lambda line: line.product_id == self.syringes
        )
        self.assertEqual(syringe_line.quantity, 400)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(order.edi_state, "shipped")
        # The dock confirms; the rest of the syringes stay on a backorder.
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=[]
        ).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(gloves.qty_received, 20)
        lot = self.env["stock.lot"].search([("name", "=", "L2611A")])
        self.assertEqual(str(lot.expiration_date.date()), "2028-01-31")
        # 810: what was received, at the ordered prices.
        self._receive(
            files.x12_810(
                SUPPLIER_ID,
                HOSPITAL_ID,
                504,
                "INV-2026-3311",
                order.name,
                [
                    (gloves.id, 20, "EA", "12.50", "NG-300M"),
                    (syringes.id, 400, "EA", "0.40", "SY-10LL"),
                ],
                47150,
                tax="61.50",
            )
        )
        bill = self.env["account.move"].search([("ref", "=", "INV-2026-3311")])
        self.assertEqual(len(bill), 1, self._problems())
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.edi_match_state, "matched", bill.edi_match_note)
        self.assertEqual(
            sorted(bill.invoice_line_ids.mapped("quantity")), [20.0, 400.0]
        )
        self.assertEqual(bill.invoice_line_ids.purchase_line_id, gloves | syringes)
        self.assertEqual(order.edi_state, "invoiced")
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_invoice_over_tolerance_is_held(self):
        order = self._order([(self.syringes, 100, 0.4)])
        self._run_queued()
        line = order.order_line
        picking = order.picking_ids
        picking.move_ids.quantity = 100
        picking.button_validate()
        self._receive(
            files.x12_810(
                SUPPLIER_ID,
                HOSPITAL_ID,
                601,
                "INV-HIGH",
                order.name,
                [(line.id, 100, "EA", "0.45", "SY-10LL")],
                5175,
                tax="6.75",
            )
        )
        bill = self.env["account.move"].search([("ref", "=", "INV-HIGH")])
        self.assertEqual(bill.edi_match_state, "exception")
        self.assertIn("0.45", bill.edi_match_note)
        with self.assertRaisesRegex(UserError, "held"):
            bill.action_post()
        bill.with_user(self.manager)._edi_override_match(
            "Price increase agreed by phone on 3 Dec"
        )
        self.assertEqual(bill.edi_match_state, "overridden")
        self.assertEqual(bill.edi_override_user_id, self.manager)
        override_log = self.env["integration.message"].search(
            [("operation", "=", "edi_override_match")]
        )
        self.assertEqual(override_log.res_id, bill.id)
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_buyer_cannot_override(self):
        order = self._order([(self.syringes, 10, 0.4)])
        self._run_queued()
        self._receive(
            files.x12_810(
                SUPPLIER_ID,
                HOSPITAL_ID,
                602,
                "INV-EARLY",
                order.name,
                [(order.order_line.id, 10, "EA", "0.40", "SY-10LL")],
                460,
                tax="0.60",
            )
        )
        bill = self.env["account.move"].search([("ref", "=", "INV-EARLY")])
        # Nothing was received yet: three-way match fails.
        self.assertEqual(bill.edi_match_state, "exception")
        with self.assertRaises(AccessError):
            bill.with_user(self.buyer)._edi_override_match("because")
        # The goods arrive: the held bill matches by itself.
        picking = order.picking_ids
        picking.move_ids.quantity = 10
        picking.button_validate()
        self.assertEqual(bill.edi_match_state, "matched", bill.edi_match_note)

    def test_cancelling_a_sent_order_sends_the_cancellation(self):
        order = self._order([(self.syringes, 10, 0.4)])
        self._run_queued()
        order.button_cancel()
        self._run_queued()
        self.assertEqual(order.edi_state, "cancel_sent")
        cancel = order.edi_interchange_ids.sorted("id")[-1]
        (document,) = edi_api.read(
            cancel.message_id.payload_attachment_id.raw
        ).documents
        self.assertEqual(document.purpose, edi.ORDER_CANCEL)
        self.assertEqual(document.number, order.name)

    def test_critical_items_go_on_the_critical_channel(self):
        self.gloves.supply_criticality = "critical"
        order = self._order([(self.gloves, 5, 12.5)])
        message = order.edi_interchange_ids.message_id
        self.assertTrue(message.critical)
        self.assertEqual(message.queue_job_id.channel, "root.integration_critical")
        routine = self._order([(self.syringes, 5, 0.4)])
        self.assertEqual(
            routine.edi_interchange_ids.message_id.queue_job_id.channel,
            "root.integration",
        )

    def test_missing_functional_ack_raises_an_alert(self):
        order = self._order([(self.syringes, 10, 0.4)])
        self._run_queued()
        interchange = order.edi_interchange_ids
        interchange.ack_due_at = "2026-01-01 00:00:00"
        self.env["supplier.edi.profile"]._cron_check_acknowledgements()
        alert = self.connector.alert_ids.filtered(
            lambda alert: "No functional acknowledgement" in alert.name
        )
        self.assertEqual(len(alert), 1)
        self.assertIn(interchange.control_number, alert.note)
        self.assertEqual(alert.document_ref, interchange)
        self.env["supplier.edi.profile"]._cron_check_acknowledgements()
        self.assertEqual(alert.occurrence_count, 2, "still overdue: counted again")
        self.assertEqual(len(self.connector.alert_ids), 1)

    def test_credit_memo_becomes_a_vendor_refund(self):
        order = self._order([(self.syringes, 10, 0.4)])
        self._run_queued()
        picking = order.picking_ids
        picking.move_ids.quantity = 10
        picking.button_validate()
        line = order.order_line
        self._receive(
            files.x12_810(
                SUPPLIER_ID,
                HOSPITAL_ID,
                610,
                "CM-88",
                order.name,
                [(line.id, 2, "EA", "0.40", "SY-10LL")],
                92,
                tax="0.12",
                kind="CR",
            )
        )
        refund = self.env["account.move"].search([("ref", "=", "CM-88")])
        self.assertEqual(refund.move_type, "in_refund", self._problems())
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.invoice_line_ids.purchase_line_id, line)
        self.assertEqual(refund.edi_match_state, "none")
        self.assertEqual(line.qty_invoiced, -2)
        self.assertNotEqual(order.edi_state, "invoiced")
