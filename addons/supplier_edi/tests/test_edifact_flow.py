# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The EDIFACT loop with a European supplier over a real SFTP server: ORDERS
out; CONTRL, ORDRSP, DESADV and INVOIC in."""

import datetime
from decimal import Decimal

from odoo.tests import tagged

from integration_core.edi import api as edi_api
from integration_core.edi import model as edi

from .common import SupplierEdiCase, start_sftp_server

HOSPITAL_GLN = "5412345000013"
SUPPLIER_GLN = "4012345000009"


@tagged("post_install", "-at_install")
class TestEdifactFlow(SupplierEdiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.euromed = cls.env["res.partner"].create(
            {"name": "EuroMed GmbH", "is_company": True}
        )
        for product, code in ((cls.gloves, "EM-GLV-M"), (cls.syringes, "EM-SYR-10")):
            cls.env["product.supplierinfo"].create(
                {
                    "partner_id": cls.euromed.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_code": code,
                    "price": 1.0,
                }
            )
        cls.eu_connector = cls.env["integration.connector"].create(
            {
                "name": "EuroMed EDIFACT",
                "code": "euromed_edi",
                "system_kind": "supplier",
                "transport": "none",
            }
        )
        cls.eu_profile = cls.env["supplier.edi.profile"].create(
            {
                "name": "EuroMed D96A",
                "partner_id": cls.euromed.id,
                "connector_id": cls.eu_connector.id,
                "standard": "EDIFACT",
                "version": "D96A",
                "our_identifier": HOSPITAL_GLN,
                "our_qualifier": "14",
                "partner_identifier": SUPPLIER_GLN,
                "partner_qualifier": "14",
                "our_gln": HOSPITAL_GLN,
                "partner_gln": SUPPLIER_GLN,
                "freight_product_id": cls.freight.id,
            }
        )
        cls.eu_profile.state = "live"
        cls.home = start_sftp_server(cls, cls.eu_connector)

    def _deliver(self, content, name):
        """The supplier puts a file in our SFTP inbox; the scheduler picks it up."""
        (self.home / "to_hospital" / name).write_bytes(content)
        self.eu_connector._run_scheduled()
        self.env.cr.postcommit.run()
        self._run_queued()
        self.assertFalse((self.home / "to_hospital" / name).exists())

    def _from_supplier(self, control, document):
        interchange = edi.Interchange(
            standard="EDIFACT",
            version="D96A",
            sender=edi.Identity(SUPPLIER_GLN, "14"),
            receiver=edi.Identity(HOSPITAL_GLN, "14"),
            control_number=str(control),
            prepared_at=datetime.datetime(2026, 12, 3, 10, 0),
            documents=[document],
        )
        return edi_api.write(interchange).encode()

    def test_orders_contrl_ordrsp_desadv_invoic(self):
        order = self._order(
            [(self.gloves, 20, 12.5), (self.syringes, 500, 0.4)], partner=self.euromed
        )
        self._run_queued()
        self.assertEqual(order.edi_state, "sent")
        sent = order.edi_interchange_ids
        (uploaded,) = (self.home / "from_hospital").iterdir()
        result = edi_api.read(uploaded.read_bytes())
        self.assertTrue(result.ok, result.errors)
        (orders,) = result.documents
        self.assertEqual(orders.number, order.name)
        self.assertEqual(orders.lines[1].product.vendor_part, "EM-SYR-10")
        gloves, syringes = (
            self._line(order, self.gloves),
            self._line(order, self.syringes),
        )

        contrl = edi_api.acknowledge(
            result,
            sender=edi.Identity(SUPPLIER_GLN, "14"),
            receiver=edi.Identity(HOSPITAL_GLN, "14"),
            control_number="9001",
            prepared_at=datetime.datetime(2026, 12, 3, 10, 0),
        )
        self._deliver(edi_api.write(contrl).encode(), "contrl.edi")
        self.assertEqual(sent.ack_state, "accepted", self._problems())

        ack = edi.PurchaseOrderAck(
            number="AB-77",
            ack_date=datetime.date(2026, 12, 3),
            order_number=order.name,
            order_date=None,
            status=edi.ACK_ACCEPTED_WITH_CHANGES,
            parties=[],
            lines=[
                edi.AckLine(
                    str(gloves.id),
                    edi.Product(vendor_part="EM-GLV-M"),
                    edi.LINE_ACCEPTED,
                    Decimal(20),
                    "EA",
                    Decimal("12.5"),
                ),
                edi.AckLine(
                    str(syringes.id),
                    edi.Product(vendor_part="EM-SYR-10"),
                    edi.LINE_REJECTED,
                    Decimal(0),
                    "EA",
                ),
            ],
        )
        self._deliver(self._from_supplier(9002, ack), "ordrsp.edi")
        self.assertEqual(gloves.edi_ack_status, "accepted", self._problems())
        self.assertEqual(syringes.edi_ack_status, "rejected")
        activity = order.activity_ids.filtered(
            lambda activity: "AB-77" in (activity.summary or "")
        )
        self.assertIn("Rejected", activity.note)

        notice = edi.ShipNotice(
            number="DES-5501",
            ship_date=datetime.date(2026, 12, 4),
            parties=[],
            orders=[
                edi.ShippedOrder(
                    order_number=order.name,
                    packs=[
                        edi.Pack(
                            sscc="340123450000000017",
                            items=[
                                edi.ShippedItem(
                                    str(gloves.id),
                                    edi.Product(gtin="0614141000012"),
                                    Decimal(20),
                                    "EA",
                                    lot="EU-LOT-9",
                                    expiry_date=datetime.date(2028, 6, 30),
                                )
                            ],
                        )
                    ],
                )
            ],
        )
        self._deliver(self._from_supplier(9003, notice), "desadv.edi")
        picking = order.picking_ids
        move_line = picking.move_line_ids.filtered(
            lambda line: line.product_id == self.gloves
        )
        self.assertEqual(move_line.lot_name, "EU-LOT-9", self._problems())
        self.assertEqual(str(move_line.expiration_date.date()), "2028-06-30")
        self.assertEqual(move_line.result_package_id.name, "340123450000000017")
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.assertEqual(gloves.qty_received, 20)

        invoice = edi.Invoice(
            number="RE-2026-0042",
            invoice_date=datetime.date(2026, 12, 5),
            order_number=order.name,
            parties=[],
            lines=[
                edi.InvoiceLine(
                    str(gloves.id),
                    edi.Product(vendor_part="EM-GLV-M"),
                    Decimal(20),
                    "EA",
                    Decimal("12.5"),
                )
            ],
            total_amount=Decimal("299.00"),
            tax_amount=Decimal("39.00"),
            currency="USD",
            allowances_charges=[
                edi.AllowanceCharge(
                    edi.CHARGE, Decimal("10.00"), edi.KIND_FREIGHT, "FC", "Freight"
                )
            ],
        )
        self._deliver(self._from_supplier(9004, invoice), "invoic.edi")
        bill = self.env["account.move"].search([("ref", "=", "RE-2026-0042")])
        self.assertEqual(len(bill), 1, self._problems())
        self.assertEqual(
            bill.invoice_line_ids.filtered("purchase_line_id").quantity, 20
        )
        freight = bill.invoice_line_ids.filtered(
            lambda line: line.product_id == self.freight
        )
        self.assertEqual(freight.price_unit, 10.0)
        self.assertEqual(bill.edi_match_state, "matched", bill.edi_match_note)
