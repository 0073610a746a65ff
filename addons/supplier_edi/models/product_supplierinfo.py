# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Supplier prices from 832 / PRICAT catalogs, never overlapping."""

import dataclasses
import logging
from decimal import Decimal

from odoo import api, fields, models

from integration_core.supplier.pricelist import ExistingPrice, plan_prices

_logger = logging.getLogger(__name__)


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    edi_catalog_ref = fields.Char(
        string="EDI Catalog", readonly=True, copy=False, help="The catalog that set it."
    )

    @api.model
    def _edi_apply_catalog(self, catalog, document):
        """Create, close and update the supplier's prices as ``catalog`` says."""
        profile = document.profile_id
        partner = profile.partner_id.commercial_partner_id
        company = profile.company_id
        rows = self.search_read(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "in", [False, company.id]),
                ("product_id", "!=", False),
            ],
            ["product_id", "min_qty", "price", "date_start", "date_end", "currency_id"],
            load=None,
        )
        currency_codes = {
            currency.id: currency.name
            for currency in self.env["res.currency"]
            .with_context(active_test=False)
            .search([])
        }
        existing = [
            ExistingPrice(
                id=row["id"],
                product_id=row["product_id"],
                # Odoo's default break 0 and the X12 832's "1" (CTP04 must
                # come with the unit) both mean "from the first unit".
                min_qty=row["min_qty"] or 1,
                price=row["price"],
                date_start=row["date_start"] or None,
                date_end=row["date_end"] or None,
                currency=currency_codes.get(row["currency_id"], ""),
            )
            for row in rows
        ]
        # An item without a minimum quantity is a price from the first unit,
        # the break Odoo stores as 0 and the X12 832 writes as 1.
        catalog = dataclasses.replace(
            catalog,
            items=[
                item
                if item.minimum_quantity
                else dataclasses.replace(item, minimum_quantity=Decimal(1))
                for item in catalog.items
            ],
        )
        resolver = profile._item_resolver([item.product for item in catalog.items])
        digits = self.env["decimal.precision"].precision_get
        plan = plan_prices(
            catalog,
            resolver,
            existing,
            fields.Date.context_today(self),
            price_digits=digits("Product Price"),
            quantity_digits=digits("Product Unit of Measure"),
            location_prefix=document.interchange_id.file_name or "",
        )
        problems = plan.unknown + plan.issues
        if problems:
            document.warning_text = "\n".join(str(issue) for issue in problems)
        self._edi_apply_price_plan(plan, partner, company, catalog.number)
        return self.env._(
            "%(created)d new, %(closed)d closed, %(updated)d updated, "
            "%(deleted)d removed, %(unchanged)d unchanged, %(unknown)d unknown item(s)",
            created=len(plan.creates),
            closed=len(plan.closes),
            updated=len(plan.updates),
            deleted=len(plan.deletes),
            unchanged=len(plan.unchanged),
            unknown=len(plan.unknown),
        )

    @api.model
    def _edi_apply_price_plan(self, plan, partner, company, reference):
        if not plan.has_changes:
            return
        currencies = self._edi_currencies(plan, company)
        products = self.env["product.product"].browse(
            {price.product_id for price in plan.creates}
        )
        templates = {product.id: product.product_tmpl_id.id for product in products}
        self.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "product_id": price.product_id,
                    "product_tmpl_id": templates[price.product_id],
                    "min_qty": float(price.min_qty),
                    "price": float(price.price),
                    "date_start": price.date_start,
                    "date_end": price.date_end,
                    "product_code": price.product_code or False,
                    "currency_id": currencies.get(
                        price.currency, company.currency_id.id
                    ),
                    "edi_catalog_ref": reference,
                }
                for price in plan.creates
            ]
        )
        by_end = {}
        for close in plan.closes:
            by_end.setdefault(close.date_end, []).append(close.id)
        for date_end, ids in by_end.items():
            self.browse(ids).write({"date_end": date_end})
        for update in plan.updates:
            values = dict(update.values)
            if "currency" in values:
                code = values.pop("currency")
                values["currency_id"] = currencies.get(code, company.currency_id.id)
            for name in ("price",):
                if name in values:
                    values[name] = float(values[name])
            values["edi_catalog_ref"] = reference
            self.browse(update.id).write(values)
        if plan.deletes:
            self.browse(plan.deletes).unlink()

    @api.model
    def _edi_currencies(self, plan, company):
        codes = {price.currency for price in plan.creates if price.currency}
        codes |= {
            update.values["currency"]
            for update in plan.updates
            if update.values.get("currency")
        }
        if not codes:
            return {}
        currencies = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "in", list(codes))])
        )
        return {currency.name: currency.id for currency in currencies}
