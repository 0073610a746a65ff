# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""832 / PRICAT catalogs into supplier prices."""

import datetime
from decimal import Decimal

from odoo.tests import tagged

from integration_core.edi import api as edi_api
from integration_core.edi import model as edi

from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase


@tagged("post_install", "-at_install")
class TestCatalog(SupplierEdiCase):
    def _catalog(self, control, items):
        catalog = edi.PriceCatalog(
            number="CAT-2027",
            issue_date=datetime.date(2026, 12, 1),
            parties=[],
            items=items,
            currency="USD",
        )
        interchange = edi.Interchange(
            standard="X12",
            version="004010",
            sender=edi.Identity(SUPPLIER_ID),
            receiver=edi.Identity(HOSPITAL_ID),
            control_number=str(control),
            prepared_at=datetime.datetime(2026, 12, 1, 8, 0),
            documents=[catalog],
        )
        return edi_api.write(interchange).encode()

    def _prices(self, product):
        return self.env["product.supplierinfo"].search(
            [("partner_id", "=", self.supplier.id), ("product_id", "=", product.id)],
            order="id",
        )

    def test_price_change_closes_old_opens_new(self):
        items = [
            edi.CatalogItem(
                edi.Product(gtin="0614141000012", vendor_part="NG-300M"),
                "EA",
                Decimal("13.10"),
                effective_from=datetime.date(2027, 1, 1),
            ),
            edi.CatalogItem(edi.Product(gtin="00012345678905"), "EA", Decimal("1.00")),
        ]
        content = self._catalog(801, items)
        self._receive(content, "catalog.x12")
        document = self.env["supplier.edi.document"].search(
            [("document_type", "=", "catalog"), ("profile_id", "=", self.profile.id)]
        )
        prices = self._prices(self.gloves)
        debug = f"{document.result_note} {document.warning_text} {self._problems()}"
        old, new = prices
        self.assertEqual(str(old.date_end), "2026-12-31", debug)
        self.assertEqual(old.price, 12.5)
        self.assertEqual(str(new.date_start), "2027-01-01")
        self.assertFalse(new.date_end)
        self.assertEqual(new.price, 13.1)
        document = self.env["supplier.edi.document"].search(
            [("document_type", "=", "catalog"), ("profile_id", "=", self.profile.id)]
        )
        self.assertEqual(document.state, "applied", self._problems())
        self.assertIn("00012345678905", document.warning_text)
        self.assertEqual(len(self._prices(self.syringes)), 1)

        # The same catalog again, in a new interchange: nothing is written.
        before = self.env["product.supplierinfo"].search_read(
            [("partner_id", "=", self.supplier.id)], ["write_date", "price"]
        )
        self._receive(self._catalog(802, items), "catalog-again.x12")
        after = self.env["product.supplierinfo"].search_read(
            [("partner_id", "=", self.supplier.id)], ["write_date", "price"]
        )
        self.assertEqual(before, after)

    def test_case_price_converts_to_the_purchase_unit(self):
        items = [
            edi.CatalogItem(
                edi.Product(gtin="10614141000019"),
                "CA",
                Decimal("120.00"),
                effective_from=datetime.date(2027, 2, 1),
            )
        ]
        self._receive(self._catalog(803, items), "case.x12")
        new = self._prices(self.gloves).filtered(
            lambda price: str(price.date_start) == "2027-02-01"
        )
        self.assertEqual(new.price, 12.0, self._problems())
