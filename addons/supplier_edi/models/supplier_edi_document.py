# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Business documents received from suppliers, and the exception list.

Each received document is one integration message whose idempotency key is
its business key (see :meth:`_business_reference`): a ship notice by its
shipment number and content, an invoice by supplier and invoice number
whatever the file or control number. The message's effect is applied once
ever (``integration_audit`` claims the key with the effect); a document
whose items cannot be matched applies nothing, is listed as an exception
with each problem located, and can be retried once the master data is fixed.
"""

import logging

from odoo import api, fields, models

from integration_core.edi import jsonio

from .supplier_edi_interchange import document_key, fingerprint

_logger = logging.getLogger(__name__)

#: Documents just read from a file, by (database, document id), so that
#: applying them right away does not parse their JSON back. Replays and
#: retries read the JSON from the integration log.
_PARSED = {}

DOCUMENT_TYPES = [
    ("order_ack", "Order Acknowledgement"),
    ("ship_notice", "Ship Notice"),
    ("invoice", "Invoice"),
    ("catalog", "Price Catalog"),
    ("functional_ack", "Functional Acknowledgement"),
]


class SupplierEdiDocument(models.Model):
    _name = "supplier.edi.document"
    _description = "Supplier EDI Document"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    profile_id = fields.Many2one(
        "supplier.edi.profile", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(related="profile_id.partner_id", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    interchange_id = fields.Many2one("supplier.edi.interchange", readonly=True)
    document_type = fields.Selection(DOCUMENT_TYPES, required=True, readonly=True)
    reference = fields.Char(readonly=True, index=True)
    order_reference = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("applied", "Applied"),
            ("exception", "Exception"),
        ],
        required=True,
        default="received",
        readonly=True,
        index=True,
    )
    issue_text = fields.Text(
        string="Problem", related="message_id.error_message", readonly=True
    )
    warning_text = fields.Text(string="Warnings", readonly=True)
    result_note = fields.Char(string="Outcome", readonly=True)
    content = fields.Text(
        compute="_compute_content", help="The document as read, in JSON."
    )
    fingerprint = fields.Char(readonly=True)
    purchase_id = fields.Many2one("purchase.order", readonly=True, index=True)
    picking_id = fields.Many2one("stock.picking", string="Receipt", readonly=True)
    bill_id = fields.Many2one("account.move", readonly=True)
    message_id = fields.Many2one("integration.message", readonly=True)
    line_count = fields.Integer(readonly=True)

    @api.depends("message_id")
    def _compute_content(self):
        # The integration log keeps the document (its message's payload).
        for document in self:
            raw = document.sudo().message_id.payload_attachment_id.raw
            document.content = raw.decode() if raw else False

    def action_retry(self):
        """Apply an exception again, e.g. after a barcode was added."""
        for document in self.filtered(lambda document: document.state == "exception"):
            document.message_id._log_replay()

    def action_open_message(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": self.message_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Receiving
    # ------------------------------------------------------------------

    @api.model
    def _receive(self, interchange, kind, document):
        """Log ``document`` under its business key and apply it once."""
        profile = interchange.profile_id
        connector = profile.connector_id
        digest = fingerprint(document)
        reference, key_reference = self._business_reference(
            kind, document, profile, digest
        )
        key = document_key(profile, kind, key_reference)
        Message = self.env["integration.message"]
        known = Message._find_logged(connector, key)
        if known:
            known._append_event("duplicate", note=interchange.name)
            return self.browse(known.res_id)
        record = self.create(
            {
                "name": f"{dict(DOCUMENT_TYPES)[kind]} {reference}",
                "profile_id": profile.id,
                "company_id": profile.company_id.id,
                "interchange_id": interchange.id,
                "document_type": kind,
                "reference": reference,
                "order_reference": getattr(document, "order_number", "") or "",
                "fingerprint": digest,
                "line_count": _line_count(document),
            }
        )
        message = Message._log_open(
            connector,
            f"edi_{kind}",
            direction="inbound",
            idempotency_key=key,
            payload=jsonio.dumps(document, omit_defaults=True),
            payload_name=f"{kind}_{reference}.json",
            record=record,
            processor_model=self._name,
            initiator="partner",
            initiator_partner_system=profile.name,
            correlation_id=interchange.message_id.correlation_id or None,
        )
        record.message_id = message
        _PARSED[self.env.cr.dbname, record.id] = document
        try:
            message._log_process()
        finally:
            _PARSED.pop((self.env.cr.dbname, record.id), None)
        if message.state != "done":
            record.state = "exception"
        return record

    @api.model
    def _business_reference(self, kind, document, profile, digest):
        """``(reference shown, key reference)`` of a received document."""
        if kind == "invoice":
            partner = profile.partner_id.commercial_partner_id
            return document.number, {"partner": partner.id, "invoice": document.number}
        if kind == "functional_ack":
            # X12 answers our sets (their control numbers are our interchange
            # numbers); EDIFACT CONTRL answers the interchange itself.
            answered = document.acknowledged_control_number
            if profile.standard == "X12":
                answered = (
                    ",".join(set_ack.control_number for set_ack in document.sets)
                    or answered
                )
            reference = f"{answered}/{document.control_number}"
            return reference, {"ack": reference, "digest": digest}
        return document.number, {"number": document.number, "digest": digest}

    # Handlers: integration_audit calls them once per business key.

    @api.model
    def _integration_handle_edi_order_ack(self, message):
        return self.browse(message.res_id)._apply()

    @api.model
    def _integration_handle_edi_ship_notice(self, message):
        return self.browse(message.res_id)._apply()

    @api.model
    def _integration_handle_edi_invoice(self, message):
        return self.browse(message.res_id)._apply()

    @api.model
    def _integration_handle_edi_catalog(self, message):
        return self.browse(message.res_id)._apply()

    @api.model
    def _integration_handle_edi_functional_ack(self, message):
        return self.browse(message.res_id)._apply()

    def _apply(self):
        """Apply the document; raise a ``PermanentError`` naming what is wrong."""
        self.ensure_one()
        document = _PARSED.get((self.env.cr.dbname, self.id)) or jsonio.loads(
            self.content
        )
        note = getattr(self, f"_apply_{self.document_type}")(document)
        self.write({"state": "applied", "result_note": note})
        return note

    def _apply_order_ack(self, ack):
        order = self.profile_id._find_order(ack.order_number)
        self.purchase_id = order
        return order._edi_apply_acknowledgement(ack, self)

    def _apply_ship_notice(self, notice):
        pickings = self.env["stock.picking"]._edi_apply_ship_notice(notice, self)
        self.picking_id = pickings[:1]
        self.purchase_id = pickings.purchase_id[:1]
        return self.env._("Receipts filled: %s", ", ".join(pickings.mapped("name")))

    def _apply_invoice(self, invoice):
        bill = self.env["account.move"]._edi_create_bill(invoice, self)
        self.write({"bill_id": bill.id, "purchase_id": bill.edi_purchase_id.id})
        if bill.move_type == "in_invoice":
            bill.edi_purchase_id._edi_advance("invoiced")
        return self.env._(
            "Bill %(bill)s, match: %(state)s",
            bill=bill.display_name,
            state=bill.edi_match_state,
        )

    def _apply_catalog(self, catalog):
        return self.env["product.supplierinfo"]._edi_apply_catalog(catalog, self)

    def _apply_functional_ack(self, ack):
        targets = self.interchange_id._record_functional_ack(ack)
        return self.env._(
            "Acknowledged %(status)s: %(names)s",
            status=ack.status,
            names=", ".join(targets.mapped("name")) or "-",
        )


def _line_count(document):
    for name in ("lines", "items", "sets"):
        if hasattr(document, name):
            return len(getattr(document, name))
    if hasattr(document, "orders"):
        return sum(
            len(order.items) + sum(len(pack.items) for pack in order.packs)
            for order in document.orders
        )
    return 0
