# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A trading partner's EDI profile: what we exchange with one supplier, and how."""

import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from integration_core.edi import api as edi_api
from integration_core.edi.model import Identity, Interchange
from integration_core.errors import PermanentError
from integration_core.supplier.catalog import ItemResolver, ProductInfo, UnitInfo
from integration_core.supplier.gtin import normalize_gtin

_logger = logging.getLogger(__name__)

X12_VERSIONS = ("004010", "005010")
EDIFACT_VERSIONS = ("D96A", "D01B")

#: Inbound documents a profile may receive: flag field -> sample set types.
INBOUND_DOCUMENTS = {
    "receive_order_ack": ("855", "ORDRSP"),
    "receive_ship_notice": ("856", "DESADV"),
    "receive_invoice": ("810", "INVOIC"),
    "receive_catalog": ("832", "PRICAT"),
}


class SupplierEdiProfile(models.Model):
    _name = "supplier.edi.profile"
    _description = "Supplier EDI Profile"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "company_id, name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    connector_id = fields.Many2one(
        "integration.connector",
        required=True,
        tracking=True,
        domain="[('company_id', '=', company_id), ('system_kind', '=', 'supplier')]",
        help="How files travel: an SFTP, AS2 or HTTP connector of this company.",
    )
    state = fields.Selection(
        [("draft", "Onboarding"), ("live", "Live"), ("paused", "Paused")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        help="Only live profiles send orders; files from any profile are read.",
    )
    standard = fields.Selection(
        [("X12", "ANSI X12"), ("EDIFACT", "UN/EDIFACT")],
        required=True,
        default="X12",
        tracking=True,
    )
    version = fields.Selection(
        [
            ("004010", "X12 004010"),
            ("005010", "X12 005010"),
            ("D96A", "EDIFACT D96A"),
            ("D01B", "EDIFACT D01B"),
        ],
        required=True,
        default="004010",
        tracking=True,
    )
    usage = fields.Selection(
        [("test", "Test"), ("production", "Production")],
        required=True,
        default="test",
        tracking=True,
        help="Written as the test indicator (X12 ISA15, EDIFACT UNB 0035).",
    )
    our_identifier = fields.Char(
        required=True, help="Our interchange ID (X12 ISA06/GS02, EDIFACT UNB 0004)."
    )
    our_qualifier = fields.Char(
        default="ZZ", help="X12 ISA05 (ZZ, 01, 14...) or EDIFACT 0007 (14 = GLN)."
    )
    partner_identifier = fields.Char(
        required=True,
        index=True,
        help="The supplier's interchange ID (X12 ISA08/GS03, EDIFACT UNB 0010).",
    )
    partner_qualifier = fields.Char(default="ZZ")
    partner_gln = fields.Char(string="Supplier GLN")
    our_gln = fields.Char(string="Our GLN", help="Buyer party GLN on orders.")
    send_orders = fields.Boolean(
        default=True, help="Confirmed orders go out as 850 / ORDERS (and cancels)."
    )
    receive_order_ack = fields.Boolean(
        string="Order Acknowledgements", default=True, help="855 / ORDRSP."
    )
    receive_ship_notice = fields.Boolean(
        string="Ship Notices", default=True, help="856 / DESADV."
    )
    receive_invoice = fields.Boolean(
        string="Invoices", default=True, help="810 / INVOIC."
    )
    receive_catalog = fields.Boolean(
        string="Price Catalogs", default=False, help="832 / PRICAT."
    )
    functional_ack_expected = fields.Boolean(
        string="Expect Functional Acknowledgement",
        default=True,
        help="The supplier answers each interchange with a 997/999 or CONTRL.",
    )
    ack_deadline_hours = fields.Integer(
        string="Acknowledgement Deadline (h)",
        default=2,
        help="An order without its functional acknowledgement after this "
        "delay raises an alert on the connector.",
    )
    unknown_segments = fields.Selection(
        [("reject", "Reject the document"), ("warn", "Accept with a warning")],
        required=True,
        default="reject",
        help="What to do with a well-formed segment the standard does not "
        "define where the supplier put it.",
    )
    qty_tolerance_percent = fields.Float(string="Quantity Tolerance (%)", default=0.0)
    price_tolerance_percent = fields.Float(string="Price Tolerance (%)", default=2.0)
    price_tolerance_amount = fields.Monetary(
        string="Price Tolerance (per unit)",
        currency_field="currency_id",
        help="When set, the price difference per unit accepted instead of the "
        "percentage.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    auto_validate_receipt = fields.Boolean(
        help="Validate the receipt as soon as the ship notice fills it. "
        "Leave off to let the dock check and confirm."
    )
    freight_product_id = fields.Many2one(
        "product.product",
        help="Invoice freight charges become bill lines on this product.",
    )
    charge_product_id = fields.Many2one(
        "product.product",
        string="Other Charges Product",
        help="Other invoice charges become bill lines on this product.",
    )
    allowance_product_id = fields.Many2one(
        "product.product",
        help="Invoice discounts and allowances become negative bill lines on "
        "this product.",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Control Numbers",
        readonly=True,
        copy=False,
        help="Interchange control numbers we send to this supplier.",
    )
    sample_ids = fields.One2many("supplier.edi.sample", "profile_id", string="Samples")
    interchange_ids = fields.One2many("supplier.edi.interchange", "profile_id")
    document_ids = fields.One2many("supplier.edi.document", "profile_id")
    exception_count = fields.Integer(compute="_compute_counts")
    document_count = fields.Integer(compute="_compute_counts")
    onboarding_note = fields.Text(compute="_compute_onboarding_note")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A supplier has one EDI profile per company.",
        ),
    ]

    def _compute_counts(self):
        groups = self.env["supplier.edi.document"]._read_group(
            [("profile_id", "in", self.ids)], ["profile_id", "state"], ["__count"]
        )
        totals, exceptions = {}, {}
        for profile, state, count in groups:
            totals[profile.id] = totals.get(profile.id, 0) + count
            if state == "exception":
                exceptions[profile.id] = count
        for profile in self:
            profile.document_count = totals.get(profile.id, 0)
            profile.exception_count = exceptions.get(profile.id, 0)

    @api.depends(
        "sample_ids.state",
        "sample_ids.set_types",
        *INBOUND_DOCUMENTS,
    )
    def _compute_onboarding_note(self):
        for profile in self:
            missing = profile._missing_samples()
            profile.onboarding_note = (
                self.env._("Samples still needed: %s", ", ".join(missing))
                if missing
                else self.env._("Every enabled document has a passing sample.")
            )

    @api.constrains("standard", "version")
    def _check_version(self):
        for profile in self:
            versions = X12_VERSIONS if profile.standard == "X12" else EDIFACT_VERSIONS
            if profile.version not in versions:
                raise ValidationError(
                    self.env._(
                        "EDI profile %(name)s: version %(version)s is not a "
                        "%(standard)s version (use %(versions)s).",
                        name=profile.name,
                        version=profile.version,
                        standard=profile.standard,
                        versions=", ".join(versions),
                    )
                )

    @api.constrains("connector_id", "company_id")
    def _check_connector_company(self):
        for profile in self:
            if profile.connector_id.company_id != profile.company_id:
                raise ValidationError(
                    self.env._(
                        "EDI profile %(name)s: connector %(connector)s belongs to "
                        "another company.",
                        name=profile.name,
                        connector=profile.connector_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        profiles = super().create(vals_list)
        for profile in profiles:
            profile.sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("EDI control numbers: %s", profile.name),
                        "implementation": "no_gap",
                        "padding": 9,
                        "company_id": profile.company_id.id,
                    }
                )
            )
        return profiles

    def action_go_live(self):
        """Start sending orders once each enabled document has a passing sample."""
        for profile in self:
            missing = profile._missing_samples()
            if missing:
                raise UserError(
                    self.env._(
                        "EDI profile %(name)s cannot go live: no passing sample "
                        "for %(documents)s. Upload the supplier's sample files "
                        "on the Onboarding tab first.",
                        name=profile.name,
                        documents=", ".join(missing),
                    )
                )
        self.write({"state": "live"})

    def action_pause(self):
        self.write({"state": "paused"})

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "supplier_edi.supplier_edi_document_action"
        )
        action["domain"] = [("profile_id", "=", self.id)]
        action["context"] = {"search_default_exception": 0}
        return action

    def action_view_exceptions(self):
        action = self.action_view_documents()
        action["domain"] = [("profile_id", "=", self.id), ("state", "=", "exception")]
        return action

    def _missing_samples(self):
        """The enabled inbound documents without a passing sample, for people."""
        self.ensure_one()
        passed = set()
        for sample in self.sample_ids.filtered(lambda sample: sample.state == "passed"):
            passed.update((sample.set_types or "").split(","))
        missing = []
        for flag, set_types in INBOUND_DOCUMENTS.items():
            wanted = set_types[0] if self.standard == "X12" else set_types[1]
            if self[flag] and wanted not in passed:
                missing.append(wanted)
        return missing

    def _next_control_number(self):
        self.ensure_one()
        return int(self.sequence_id.sudo().next_by_id())

    def _our_identity(self):
        return Identity(self.our_identifier, self.our_qualifier or "ZZ")

    def _partner_identity(self):
        return Identity(self.partner_identifier, self.partner_qualifier or "ZZ")

    def _interchange(self, documents, control_number, ack_requested=None):
        """An interchange from us to the supplier holding ``documents``."""
        self.ensure_one()
        if ack_requested is None:
            ack_requested = self.functional_ack_expected
        return Interchange(
            standard=self.standard,
            version=self.version,
            sender=self._our_identity(),
            receiver=self._partner_identity(),
            control_number=str(control_number),
            prepared_at=datetime.datetime.now(datetime.timezone.utc).replace(
                tzinfo=None
            ),
            documents=documents,
            test=self.usage == "test",
            ack_requested=ack_requested,
        )

    def _read(self, content):
        """Read ``content`` under this profile's unknown-segment policy."""
        self.ensure_one()
        return edi_api.read(content, unknown_segments=self.unknown_segments)

    @api.model
    def _find_for_sender(self, connector, sender, receiver):
        """The profile of ``connector`` for interchange ``sender`` to ``receiver``."""
        profiles = self.with_context(active_test=False).search(
            [
                ("connector_id", "=", connector.id),
                ("company_id", "=", connector.company_id.id),
                ("partner_identifier", "=", sender.identifier.strip()),
            ]
        )
        return profiles.filtered(
            lambda profile: (
                profile.our_identifier.strip() == receiver.identifier.strip()
            )
        )[:1]

    def _find_order(self, number):
        """The purchase order ``number`` of this supplier in this company."""
        self.ensure_one()
        order = self.env["purchase.order"].search(
            [
                ("name", "=", (number or "").strip()),
                ("company_id", "=", self.company_id.id),
                (
                    "partner_id",
                    "child_of",
                    self.partner_id.commercial_partner_id.id,
                ),
            ],
            limit=1,
        )
        if not order:
            raise PermanentError(
                self.env._(
                    "Order %(number)s is not a purchase order of %(supplier)s in "
                    "%(company)s. Nothing was applied.",
                    number=number,
                    supplier=self.partner_id.display_name,
                    company=self.company_id.display_name,
                )
            )
        return order

    def _item_resolver(self, edi_products, products=None):
        """An :class:`ItemResolver` for ``edi_products``, read in a few queries.

        :param edi_products: the ``Product`` values of the document's items.
        :param products: ``product.product`` records to know in any case (the
            products of the order lines the document answers).
        """
        self.ensure_one()
        gtins = {normalize_gtin(item.gtin) for item in edi_products} - {""}
        barcodes = set()
        for gtin in gtins:
            barcodes.update(_barcode_forms(gtin))
        vendor_parts = {item.vendor_part for item in edi_products if item.vendor_part}
        buyer_parts = {item.buyer_part for item in edi_products if item.buyer_part}
        Product = self.env["product.product"].with_context(active_test=False)
        barcode_rows = (
            Product.search_read([("barcode", "in", list(barcodes))], ["barcode"])
            if barcodes
            else []
        )
        packaging_rows = (
            self.env["product.packaging"].search_read(
                [("barcode", "in", list(barcodes))],
                ["barcode", "product_id", "qty"],
                load=None,
            )
            if barcodes
            else []
        )
        vendor_rows = self._vendor_code_rows(vendor_parts)
        default_rows = (
            Product.search_read(
                [("default_code", "in", list(buyer_parts))], ["default_code"]
            )
            if buyer_parts
            else []
        )
        product_ids = set(products.ids if products else [])
        product_ids.update(row["id"] for row in barcode_rows + default_rows)
        product_ids.update(row["product_id"] for row in packaging_rows)
        product_ids.update(product_id for _code, product_id in vendor_rows)
        return ItemResolver(
            self._product_infos(Product.browse(product_ids)),
            self._unit_infos(),
            product_barcodes=[(row["barcode"], row["id"]) for row in barcode_rows],
            packaging_barcodes=[
                (row["barcode"], row["product_id"], row["qty"])
                for row in packaging_rows
            ],
            vendor_codes=vendor_rows,
            default_codes=[(row["default_code"], row["id"]) for row in default_rows],
        )

    def _vendor_code_rows(self, vendor_parts):
        """``(supplier code, product id)`` of this supplier's prices."""
        if not vendor_parts:
            return []
        infos = self.env["product.supplierinfo"].search_read(
            [
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("product_code", "in", list(vendor_parts)),
                ("company_id", "in", [False, self.company_id.id]),
            ],
            ["product_code", "product_id", "product_tmpl_id"],
            load=None,
        )
        templates = {
            info["product_tmpl_id"] for info in infos if not info["product_id"]
        }
        variants = {}
        if templates:
            for row in self.env["product.product"].search_read(
                [("product_tmpl_id", "in", list(templates))],
                ["product_tmpl_id"],
                load=None,
            ):
                variants.setdefault(row["product_tmpl_id"], []).append(row["id"])
        rows = []
        for info in infos:
            if info["product_id"]:
                rows.append((info["product_code"], info["product_id"]))
            else:
                for product_id in variants.get(info["product_tmpl_id"], []):
                    rows.append((info["product_code"], product_id))
        return rows

    @api.model
    def _product_infos(self, products):
        """:class:`ProductInfo` of ``products``, in one query.

        Read with SQL: through the ORM, the template fields and display
        names of 20,000 catalog products cost seconds (measured in
        ``bench/supplier_edi.py``); names are only used in messages.
        """
        if not products:
            return []
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(
            ["uom_id", "uom_po_id", "tracking", "use_expiration_date", "name"]
        )
        self.env.cr.execute(
            """
            SELECT product.id, template.uom_id, template.uom_po_id,
                   template.tracking, template.use_expiration_date,
                   COALESCE(template.name->>%s, template.name->>'en_US')
              FROM product_product product
              JOIN product_template template ON template.id = product.product_tmpl_id
             WHERE product.id = ANY(%s)
            """,
            [self.env.lang or "en_US", list(products.ids)],
        )
        rows = self.env.cr.fetchall()
        uoms = {
            uom["id"]: uom
            for uom in self.env["uom.uom"]
            .with_context(active_test=False)
            .search_read([], ["category_id", "factor_inv", "name"])
        }
        return [
            ProductInfo(
                product_id=product_id,
                uom_category=uoms[uom_id]["category_id"][0],
                uom_ratio=uoms[uom_id]["factor_inv"],
                purchase_uom_ratio=uoms[purchase_uom_id]["factor_inv"],
                tracking=tracking or "none",
                uses_expiry=bool(uses_expiry),
                name=name or "",
                uom_name=uoms[uom_id]["name"],
            )
            for product_id, uom_id, purchase_uom_id, tracking, uses_expiry, name in rows
        ]

    @api.model
    def _unit_infos(self):
        return [
            UnitInfo(
                code=row["edi_code"],
                category=row["category_id"][0],
                ratio=row["factor_inv"],
                name=row["name"],
            )
            for row in self.env["uom.uom"].search_read(
                [("edi_code", "!=", False)],
                ["edi_code", "category_id", "factor_inv", "name"],
            )
        ]

    @api.model
    def _cron_check_acknowledgements(self):
        """Alert on orders whose functional acknowledgement is overdue."""
        overdue = self.env["supplier.edi.interchange"].search(
            [
                ("direction", "=", "outbound"),
                ("ack_state", "=", "waiting"),
                ("ack_due_at", "<", fields.Datetime.now()),
            ]
        )
        for interchange in overdue:
            interchange._alert_missing_ack()


def _barcode_forms(gtin14):
    """The ways a GTIN-14 may be stored as a barcode: 14, 13, 12 and 8 digits."""
    forms = {gtin14}
    for length in (13, 12, 8):
        prefix = gtin14[: 14 - length]
        if set(prefix) == {"0"}:
            forms.add(gtin14[14 - length :])
    return forms
