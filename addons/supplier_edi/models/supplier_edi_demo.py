# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Demo data: St Luke's Health Network and its two EDI suppliers.

Past the master data, everything goes through the module's real pipeline:
the suppliers' sample files are checked by the EDI engine before their
profiles go live, orders are confirmed (their 850 / ORDERS are written and
sent), and the suppliers' answers are written by the engine and received on
the connectors like any partner file, then processed by their queued jobs.
"""

import base64
import datetime
import logging
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from integration_core.edi import api as edi_api
from integration_core.edi import model as edi
from integration_core.supplier.gtin import gtin_check_digit
from integration_core.transport.base import InboundMessage

_logger = logging.getLogger(__name__)

MEDSURG = "medsurg"
EUROMED = "euromed"

#: key: (name, internal reference, GTIN-13 without its check digit,
#: criticality, lot-tracked with expiry, supplier, supplier's code, price)
PRODUCTS = {
    "gloves": (
        "Nitrile exam gloves L, box of 100",
        "STL-GLV-L",
        "085012300010",
        "normal",
        True,
        MEDSURG,
        "MS-NGL-100L",
        8.90,
    ),
    "epinephrine": (
        "Epinephrine 1 mg/10 ml prefilled syringe",
        "STL-EPI-1MG",
        "085012300027",
        "critical",
        True,
        MEDSURG,
        "MS-EPI-1MG10",
        14.20,
    ),
    "edta_tube": (
        "Blood collection tube EDTA 4 ml",
        "STL-BCT-EDTA4",
        "085012300034",
        "high",
        True,
        MEDSURG,
        "MS-BCT-EDTA4",
        0.32,
    ),
    "iv_set": (
        "IV administration set, 20 drops/ml",
        "STL-IVS-20",
        "085012300041",
        "normal",
        False,
        MEDSURG,
        "MS-IVS-20",
        1.85,
    ),
    "gauze": (
        "Sterile gauze swab 10 x 10 cm, pack of 10",
        "STL-GZ-1010",
        "085012300058",
        "normal",
        False,
        MEDSURG,
        "MS-GZ-1010",
        4.20,
    ),
    "mask": (
        "Surgical face mask type IIR, box of 50",
        "STL-MSK-IIR",
        "406123400001",
        "normal",
        False,
        EUROMED,
        "EM-MSK-IIR50",
        6.40,
    ),
    "suture": (
        "Absorbable suture polyglactin 3-0, box of 36",
        "STL-SUT-PG30",
        "406123400002",
        "high",
        True,
        EUROMED,
        "EM-SUT-PG30",
        96.00,
    ),
}
#: The gloves' shipping case: 10 boxes, with its own GTIN-14.
GLOVE_CASE_GTIN = "1085012300010" + gtin_check_digit("1085012300010")
GLOVE_CASE_QTY = 10
#: File names of the suppliers' documents: X12 set and EDIFACT message.
SET_TYPES = {
    edi.PurchaseOrderAck: ("855", "ORDRSP"),
    edi.ShipNotice: ("856", "DESADV"),
    edi.Invoice: ("810", "INVOIC"),
    edi.PriceCatalog: ("832", "PRICAT"),
    edi.FunctionalAck: ("997", "CONTRL"),
}


def _gs1(body):
    """``body`` followed by its GS1 check digit (GTIN, GLN, SSCC)."""
    return body + gtin_check_digit(body)


def _sscc(serial):
    """An SSCC of MedSurg's GS1 company prefix."""
    return _gs1(f"00850123{serial:09d}")


class SupplierEdiDemo(models.AbstractModel):
    _name = "supplier.edi.demo"
    _description = "Supplier EDI Demo Data"

    @api.model
    def _load_demo(self):
        """Two suppliers onboarded, and a week of orders and answers."""
        medsurg = self.env.ref("supplier_edi.supplier_edi_profile_medsurg_demo")
        euromed = self.env.ref("supplier_edi.supplier_edi_profile_euromed_demo")
        products = self._demo_products({MEDSURG: medsurg, EUROMED: euromed})
        self._demo_go_live(medsurg, products["iv_set"])
        self._demo_go_live(euromed, products["mask"])
        self._demo_ward_restock(medsurg, products)
        self._demo_held_invoice(medsurg, products)
        self._demo_unknown_item(medsurg, products)
        self._demo_euromed_order(euromed, products)
        _logger.info("Supplier EDI demo loaded")

    # ------------------------------------------------------------------
    # Master data and onboarding
    # ------------------------------------------------------------------

    @api.model
    def _demo_products(self, profiles):
        """The hospital's products, their suppliers' codes and prices."""
        products = {}
        for key, row in PRODUCTS.items():
            name, ref, gtin, criticality, tracked, supplier, code, price = row
            product = self.env["product.product"].create(
                {
                    "name": name,
                    "default_code": ref,
                    "barcode": _gs1(gtin),
                    "is_storable": True,
                    "tracking": "lot" if tracked else "none",
                    "use_expiration_date": tracked,
                    "supply_criticality": criticality,
                    "purchase_method": "receive",
                    "standard_price": price,
                }
            )
            self.env["product.supplierinfo"].create(
                {
                    "partner_id": profiles[supplier].partner_id.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_id": product.id,
                    "product_code": code,
                    "price": price,
                }
            )
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"supplier_edi.product_product_{key}_demo",
                        "record": product,
                        "noupdate": True,
                    }
                ]
            )
            products[key] = product
        self.env["product.packaging"].create(
            {
                "name": "Case of 10 boxes",
                "product_id": products["gloves"].id,
                "qty": GLOVE_CASE_QTY,
                "barcode": GLOVE_CASE_GTIN,
            }
        )
        return products

    @api.model
    def _demo_go_live(self, profile, product):
        """The supplier's test files pass the engine's checks: go live."""
        documents = self._demo_sample_documents(profile, product)
        for control, (flag, document) in enumerate(documents.items(), 901):
            if not profile[flag]:
                continue
            content = self._demo_file(profile, control, document)
            self.env["supplier.edi.sample"].create(
                {
                    "profile_id": profile.id,
                    "name": self._demo_file_name(profile, document, control, "test_"),
                    "file": base64.b64encode(content),
                }
            )
        profile.action_go_live()

    @api.model
    def _demo_sample_documents(self, profile, product):
        """One test document per profile flag, about an order made up."""
        day = self._demo_day(-30)
        item = self._demo_item(profile, product)
        qty, price = Decimal(10), Decimal(str(product.standard_price))
        return {
            "receive_order_ack": edi.PurchaseOrderAck(
                number="TEST-ACK-1",
                ack_date=day,
                order_number="TEST-PO-1",
                order_date=day,
                status=edi.ACK_ACCEPTED,
                parties=[],
                lines=[edi.AckLine("1", item, edi.LINE_ACCEPTED, qty, "EA", price)],
            ),
            "receive_ship_notice": edi.ShipNotice(
                number="TEST-ASN-1",
                ship_date=day,
                parties=[],
                orders=[
                    edi.ShippedOrder(
                        order_number="TEST-PO-1",
                        items=[edi.ShippedItem("1", item, qty, "EA")],
                    )
                ],
            ),
            "receive_invoice": edi.Invoice(
                number="TEST-INV-1",
                invoice_date=day,
                order_number="TEST-PO-1",
                parties=[],
                lines=[edi.InvoiceLine("1", item, qty, "EA", price)],
                total_amount=qty * price,
                currency=profile.company_id.currency_id.name,
            ),
            "receive_catalog": edi.PriceCatalog(
                number="TEST-CAT-1",
                issue_date=day,
                parties=[],
                items=[edi.CatalogItem(item, "EA", price)],
                currency=profile.company_id.currency_id.name,
            ),
        }

    # ------------------------------------------------------------------
    # The story
    # ------------------------------------------------------------------

    @api.model
    def _demo_ward_restock(self, profile, products):
        """Crash-cart and ward restock: acknowledged with a moved date, shipped,
        its receipt pre-filled with lots for the dock to check and confirm."""
        order = self._demo_order(
            profile,
            [
                (products["gloves"], 40),
                (products["epinephrine"], 20),
                (products["edta_tube"], 1000),
                (products["iv_set"], 200),
            ],
            ordered=-2,
            planned=2,
        )
        gloves, epinephrine, tubes, iv_sets = order.order_line
        self._demo_functional_ack(order, 4101)
        # The tubes come from another distribution centre, a day later.
        self._demo_acknowledge(order, 4102, "MSSO-40112", moved={tubes: 3})
        notice = edi.ShipNotice(
            number="MSASN-55120",
            ship_date=self._demo_day(0),
            parties=[],
            orders=[
                edi.ShippedOrder(
                    order_number=order.name,
                    packs=[
                        edi.Pack(
                            _sscc(55120001),
                            [
                                # The gloves travel in cases, named by the case GTIN.
                                edi.ShippedItem(
                                    str(gloves.id),
                                    edi.Product(gtin=GLOVE_CASE_GTIN),
                                    Decimal(40 // GLOVE_CASE_QTY),
                                    "CA",
                                    lot=self._demo_lot("NGL", -75),
                                    expiry_date=self._demo_day(1020),
                                ),
                                self._demo_shipped(
                                    epinephrine,
                                    self._demo_lot("EP", -50),
                                    self._demo_day(520),
                                ),
                            ],
                        ),
                        edi.Pack(
                            _sscc(55120002),
                            [
                                self._demo_shipped(
                                    tubes,
                                    self._demo_lot("K2E", -20),
                                    self._demo_day(430),
                                ),
                                self._demo_shipped(iv_sets),
                            ],
                        ),
                    ],
                )
            ],
            expected_delivery=self._demo_day(3),
            carrier="UPSN",
            tracking_number="1Z4A71W90387551201",
            gross_weight=Decimal("41.8"),
            weight_unit="LB",
        )
        self._demo_receive(profile, 4103, notice)
        return order

    @api.model
    def _demo_held_invoice(self, profile, products):
        """Received in full, then invoiced above the agreed gauze price: the
        bill is held until an Integration Manager overrides the match."""
        order = self._demo_order(
            profile,
            [(products["gauze"], 60), (products["edta_tube"], 500)],
            ordered=-12,
            planned=-8,
        )
        gauze, tubes = order.order_line
        self._demo_functional_ack(order, 4111)
        self._demo_acknowledge(order, 4112, "MSSO-39870", day=-11)
        notice = edi.ShipNotice(
            number="MSASN-54988",
            ship_date=self._demo_day(-9),
            parties=[],
            orders=[
                edi.ShippedOrder(
                    order_number=order.name,
                    items=[
                        self._demo_shipped(gauze),
                        self._demo_shipped(
                            tubes,
                            self._demo_lot("K2E", -30),
                            self._demo_day(420),
                        ),
                    ],
                )
            ],
            expected_delivery=self._demo_day(-8),
        )
        self._demo_receive(profile, 4113, notice)
        # The dock checked the delivery against the pre-filled receipt.
        order.picking_ids.button_validate()
        freight = edi.AllowanceCharge(
            edi.CHARGE, Decimal("18.50"), edi.KIND_FREIGHT, "D240", "Freight"
        )
        invoice = self._demo_invoice(
            order,
            "MSI-2611-0417",
            day=-7,
            prices={gauze: Decimal("4.45")},  # agreed: 4.20, 6 % more
            charges=[freight],
        )
        self._demo_receive(profile, 4114, invoice)
        return order

    @api.model
    def _demo_unknown_item(self, profile, products):
        """A ship notice naming an item the hospital never bought from MedSurg:
        nothing is applied, the notice waits in the EDI Exceptions list."""
        order = self._demo_order(
            profile, [(products["iv_set"], 300)], ordered=-1, planned=4
        )
        self._demo_functional_ack(order, 4121)
        substitute = edi.ShippedItem(
            "",
            edi.Product(
                vendor_part="MS-FOL-16CH", description="Foley catheter 16 Ch, 2-way"
            ),
            Decimal(20),
            "EA",
            lot=self._demo_lot("FC", -40),
            expiry_date=self._demo_day(690),
        )
        notice = edi.ShipNotice(
            number="MSASN-55131",
            ship_date=self._demo_day(0),
            parties=[],
            orders=[
                edi.ShippedOrder(
                    order_number=order.name,
                    items=[self._demo_shipped(order.order_line), substitute],
                )
            ],
            expected_delivery=self._demo_day(2),
        )
        self._demo_receive(profile, 4122, notice)
        return order

    @api.model
    def _demo_euromed_order(self, profile, products):
        """ORDERS out, CONTRL and an ORDRSP rejecting the sutures back, then a
        PRICAT raising the mask price from the first of next month."""
        order = self._demo_order(
            profile,
            [(products["mask"], 60), (products["suture"], 12)],
            ordered=-3,
            planned=7,
        )
        _masks, sutures = order.order_line
        self._demo_functional_ack(order, 7301)
        self._demo_acknowledge(order, 7302, "EM-AB-2231", rejected=sutures)
        catalog = edi.PriceCatalog(
            number="EM-PL-2027-01",
            issue_date=self._demo_day(0),
            parties=[],
            items=[
                edi.CatalogItem(
                    self._demo_item(profile, products["mask"]),
                    "EA",
                    Decimal("6.85"),
                    effective_from=self._demo_day(0) + relativedelta(months=1, day=1),
                    minimum_quantity=Decimal(1),
                ),
                edi.CatalogItem(
                    self._demo_item(profile, products["suture"]),
                    "EA",
                    Decimal(96),
                    minimum_quantity=Decimal(1),
                ),
            ],
            currency=profile.company_id.currency_id.name,
        )
        self._demo_receive(profile, 7303, catalog)
        return order

    # ------------------------------------------------------------------
    # Helpers: orders, the suppliers' documents, receiving
    # ------------------------------------------------------------------

    @api.model
    def _demo_day(self, days):
        return fields.Date.context_today(self) + datetime.timedelta(days=days)

    @api.model
    def _demo_lot(self, prefix, made):
        """A manufacturer's lot number: ``prefix`` and the day it was made."""
        return f"{prefix}{self._demo_day(made):%y%m%d}"

    @api.model
    def _demo_seller(self, profile, product):
        return product.seller_ids.filtered(
            lambda info: info.partner_id == profile.partner_id
        )[:1]

    @api.model
    def _demo_item(self, profile, product):
        """``product`` as the supplier names it: GTIN and catalogue number."""
        code = self._demo_seller(profile, product).product_code or ""
        return edi.Product(gtin=product.barcode or "", vendor_part=code)

    @api.model
    def _demo_order(self, profile, lines, ordered, planned):
        """A confirmed order; its 850 / ORDERS goes out. ``lines``: (product, qty)."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": profile.partner_id.id,
                "company_id": profile.company_id.id,
                "user_id": self.env.ref("base.user_admin").id,
                "date_order": self._demo_datetime(ordered, 9),
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": self._demo_seller(profile, product).price,
                            "date_planned": self._demo_datetime(planned, 10),
                        }
                    )
                    for product, qty in lines
                ],
            }
        )
        order.button_confirm()
        self._demo_run_queued()
        return order

    @api.model
    def _demo_datetime(self, days, hour):
        return datetime.datetime.combine(self._demo_day(days), datetime.time(hour))

    @api.model
    def _demo_shipped(self, line, lot="", expiry_date=None):
        """``line`` shipped in full, in its unit."""
        return edi.ShippedItem(
            str(line.id),
            self._demo_item(line.order_id.edi_profile_id, line.product_id),
            line._edi_decimal(line.product_qty),
            line.product_uom.edi_code,
            lot=lot,
            expiry_date=expiry_date,
        )

    @api.model
    def _demo_functional_ack(self, order, control):
        """The supplier's 997 / CONTRL for the order it received, by the engine."""
        profile = order.edi_profile_id
        sent = order.edi_interchange_ids.filtered(
            lambda interchange: interchange.direction == "outbound"
        )
        ack = edi_api.acknowledge(
            edi_api.read(sent.message_id.payload_attachment_id.raw),
            sender=profile._partner_identity(),
            receiver=profile._our_identity(),
            control_number=str(control),
            prepared_at=fields.Datetime.now(),
        )
        ack.test = profile.usage == "test"
        self._demo_receive(profile, control, *ack.documents)

    @api.model
    def _demo_acknowledge(self, order, control, number, moved=(), rejected=None, day=0):
        """855 / ORDRSP: every line accepted as ordered, but the ``moved`` ones
        (``{line: days from today}``) and the ``rejected`` one."""
        profile = order.edi_profile_id
        lines = []
        for line in order.order_line:
            item = self._demo_item(profile, line.product_id)
            unit = line.product_uom.edi_code
            if line == rejected:
                lines.append(
                    edi.AckLine(str(line.id), item, edi.LINE_REJECTED, Decimal(0), unit)
                )
                continue
            lines.append(
                edi.AckLine(
                    str(line.id),
                    item,
                    edi.LINE_CHANGED if line in moved else edi.LINE_ACCEPTED,
                    line._edi_decimal(line.product_qty),
                    unit,
                    line._edi_decimal(line.price_unit),
                    self._demo_day(moved[line])
                    if line in moved
                    else line.date_planned.date(),
                )
            )
        ack = edi.PurchaseOrderAck(
            number=number,
            ack_date=self._demo_day(day),
            order_number=order.name,
            order_date=order.date_order.date(),
            status=edi.ACK_ACCEPTED_WITH_CHANGES
            if moved or rejected
            else edi.ACK_ACCEPTED,
            parties=[],
            lines=lines,
        )
        self._demo_receive(profile, control, ack)

    @api.model
    def _demo_invoice(self, order, number, day, prices, charges=()):
        """The 810 / INVOIC of what was received, at ``prices`` where given; its
        total and tax as the supplier computes them, with the order's taxes."""
        profile = order.edi_profile_id
        lines, net, gross = [], Decimal(0), Decimal(0)
        for line in order.order_line:
            qty = line._edi_decimal(line.qty_received)
            price = prices.get(line) or line._edi_decimal(line.price_unit)
            lines.append(
                edi.InvoiceLine(
                    str(line.id),
                    self._demo_item(profile, line.product_id),
                    qty,
                    line.product_uom.edi_code,
                    price,
                )
            )
            amounts = line.taxes_id.compute_all(
                float(price), order.currency_id, float(qty), line.product_id
            )
            net += Decimal(repr(amounts["total_excluded"]))
            gross += Decimal(repr(amounts["total_included"]))
        freight_taxes = profile.freight_product_id.supplier_taxes_id.filtered(
            lambda tax: tax.company_id == profile.company_id
        )
        for charge in charges:
            amounts = freight_taxes.compute_all(float(charge.amount), order.currency_id)
            net += Decimal(repr(amounts["total_excluded"]))
            gross += Decimal(repr(amounts["total_included"]))
        cent = Decimal("0.01")
        return edi.Invoice(
            number=number,
            invoice_date=self._demo_day(day),
            order_number=order.name,
            order_date=order.date_order.date(),
            parties=[],
            lines=lines,
            total_amount=gross.quantize(cent),
            tax_amount=(gross - net).quantize(cent),
            currency=order.currency_id.name,
            payment_terms_days=30,
            allowances_charges=list(charges),
        )

    @api.model
    def _demo_file(self, profile, control, *documents):
        """``documents`` in an interchange from the supplier, by the EDI engine."""
        interchange = edi.Interchange(
            standard=profile.standard,
            version=profile.version,
            sender=profile._partner_identity(),
            receiver=profile._our_identity(),
            control_number=str(control),
            prepared_at=fields.Datetime.now(),
            documents=list(documents),
            test=profile.usage == "test",
        )
        return edi_api.write(interchange).encode()

    @api.model
    def _demo_file_name(self, profile, document, control, prefix=""):
        """``medsurgus_856_4103.x12``: sender, document type, control number."""
        x12, edifact = SET_TYPES[type(document)]
        if profile.standard == "X12":
            set_type, extension = x12, "x12"
        else:
            set_type, extension = edifact, "edi"
        name = f"{profile.partner_identifier}_{prefix}{set_type}_{control}"
        return f"{name.lower()}.{extension}"

    @api.model
    def _demo_receive(self, profile, control, *documents):
        """The supplier's file arrives on its connector and is processed."""
        name = self._demo_file_name(profile, documents[0], control)
        profile.connector_id._edi_receive(
            InboundMessage(
                name=name,
                content=self._demo_file(profile, control, *documents),
                reference=name,
                received_at=fields.Datetime.now(),
            )
        )
        self._demo_run_queued()

    @api.model
    def _demo_run_queued(self):
        """Run what queue_job would, for the demo connectors' messages only."""
        connectors = self.env.ref(
            "supplier_edi.integration_connector_medsurg_x12_demo"
        ) | self.env.ref("supplier_edi.integration_connector_euromed_edifact_demo")
        self.env["integration.message"]._run_queued_now(connectors)
