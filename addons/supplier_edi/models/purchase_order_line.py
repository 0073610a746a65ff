# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Order lines as they travel (the line id is the EDI line number) and come back."""

from decimal import Decimal

from odoo import fields, models

from integration_core.edi import model as edi
from integration_core.supplier.gtin import normalize_gtin

ACK_STATUSES = [
    (edi.LINE_ACCEPTED, "Accepted"),
    (edi.LINE_CHANGED, "Changed"),
    (edi.LINE_BACKORDERED, "Backordered"),
    (edi.LINE_REJECTED, "Rejected"),
]


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    edi_ack_status = fields.Selection(
        ACK_STATUSES, string="Supplier Answer", copy=False, readonly=True
    )
    edi_ack_qty = fields.Float(
        string="Acknowledged Qty",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
    )
    edi_ack_price = fields.Float(
        string="Acknowledged Price", digits="Product Price", copy=False, readonly=True
    )
    edi_ack_date = fields.Date(string="Acknowledged Date", copy=False, readonly=True)
    edi_ack_note = fields.Char(string="Differences", copy=False, readonly=True)

    def _edi_vendor_codes(self, partner):
        """``{product id: supplier's product code}`` for these lines, in one read."""
        infos = self.env["product.supplierinfo"].search_read(
            [
                ("partner_id", "in", partner.commercial_partner_id.ids),
                ("product_tmpl_id", "in", self.product_id.product_tmpl_id.ids),
                ("product_code", "!=", False),
            ],
            ["product_tmpl_id", "product_id", "product_code"],
            order="sequence, id",
        )
        by_template, by_product = {}, {}
        for info in infos:
            if info["product_id"]:
                by_product.setdefault(info["product_id"][0], info["product_code"])
            by_template.setdefault(info["product_tmpl_id"][0], info["product_code"])
        return {
            product.id: by_product.get(product.id)
            or by_template.get(product.product_tmpl_id.id, "")
            for product in self.product_id
        }

    def _edi_order_line(self, vendor_codes):
        """This line for the supplier: its id is the line number echoed back."""
        self.ensure_one()
        product = self.product_id
        return edi.OrderLine(
            line_number=str(self.id),
            product=edi.Product(
                gtin=normalize_gtin(product.barcode or ""),
                vendor_part=vendor_codes.get(product.id, ""),
                buyer_part=product.default_code or "",
                description=(product.name or "")[:80],
            ),
            quantity=self._edi_decimal(self.product_qty),
            unit=self.product_uom._edi_code(),
            unit_price=self._edi_decimal(self.price_unit),
            requested_delivery=self.date_planned.date() if self.date_planned else None,
        )

    @staticmethod
    def _edi_decimal(value):
        """A float field value as an exact Decimal (``12.5`` → ``12.5``)."""
        exact = Decimal(repr(float(value or 0.0))).normalize()
        return Decimal(format(exact, "f"))

    def _edi_ack_values(self, answer):
        return {
            "edi_ack_status": answer.status,
            "edi_ack_qty": float(answer.acknowledged_qty)
            if answer.acknowledged_qty is not None
            else 0.0,
            "edi_ack_price": float(answer.acknowledged_price)
            if answer.acknowledged_price is not None
            else self.price_unit,
            "edi_ack_date": answer.acknowledged_date,
            "edi_ack_note": "; ".join(answer.differences)[:250] or False,
        }
