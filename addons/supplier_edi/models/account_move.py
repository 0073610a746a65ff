# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Draft vendor bills from 810 / INVOIC, three-way matched and held on exceptions.

Credit notes (X12 BIG07 ``CR``, EDIFACT BGM 381) become draft vendor refunds.
"""

from decimal import Decimal

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from integration_core.edi import jsonio
from integration_core.edi import model as edi
from integration_core.errors import PermanentError
from integration_core.supplier.catalog import ConversionError
from integration_core.supplier.match import (
    EXCEPTION,
    MatchInput,
    Tolerance,
    check_totals,
    three_way_match,
)

MATCH_STATES = [
    ("none", "Not from EDI"),
    ("matched", "Matched"),
    ("exception", "Exception"),
    ("overridden", "Overridden"),
]
_CENT = Decimal("0.01")


class AccountMove(models.Model):
    _inherit = "account.move"

    edi_document_id = fields.Many2one(
        "supplier.edi.document", string="EDI Invoice", readonly=True, copy=False
    )
    edi_purchase_id = fields.Many2one(
        "purchase.order", string="EDI Order", readonly=True, copy=False
    )
    edi_invoice_key = fields.Char(
        readonly=True,
        copy=False,
        help="Company, supplier and invoice number: one bill per EDI invoice.",
    )
    edi_match_state = fields.Selection(
        MATCH_STATES,
        string="Three-way Match",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    edi_match_note = fields.Html(
        string="Match Exceptions", readonly=True, copy=False, sanitize=True
    )
    edi_override_reason = fields.Text(readonly=True, copy=False)
    edi_override_user_id = fields.Many2one(
        "res.users", string="Overridden By", readonly=True, copy=False
    )
    edi_override_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "edi_invoice_key_uniq",
            "unique(edi_invoice_key)",
            "This supplier invoice already has a bill.",
        ),
    ]

    def action_post(self):
        held = self.filtered(lambda move: move.edi_match_state == "exception")
        if held:
            raise UserError(
                self.env._(
                    "Bill %(bills)s is held: the EDI invoice does not match the "
                    "order and its receipts. An Integration Manager must override "
                    "the match with a reason first (Override Match).",
                    bills=", ".join(held.mapped("display_name")),
                )
            )
        return super().action_post()

    def action_edi_open_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Match"),
            "res_model": "account.move.edi.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def action_edi_rematch(self):
        """Match again, e.g. once the receipt is validated."""
        for move in self.filtered(lambda move: move.state == "draft"):
            move._edi_match()

    # ------------------------------------------------------------------
    # Creating the bill
    # ------------------------------------------------------------------

    @api.model
    def _edi_create_bill(self, invoice, document):
        """The draft bill of ``invoice``: one per supplier invoice number, ever."""
        profile = document.profile_id
        partner = profile.partner_id.commercial_partner_id
        key = f"{profile.company_id.id}/{partner.id}/{invoice.number}"
        existing = self.search([("edi_invoice_key", "=", key)], limit=1)
        if existing:
            return existing
        order = profile._find_order(invoice.order_number)
        lines_vals, unmatched = self._edi_bill_lines(invoice, order, profile)
        credit_note = invoice.kind == edi.CREDIT_NOTE
        bill = self.create(
            {
                "move_type": "in_refund" if credit_note else "in_invoice",
                "partner_id": order.partner_id.id,
                "company_id": profile.company_id.id,
                "currency_id": order.currency_id.id,
                "invoice_date": invoice.invoice_date,
                "ref": invoice.number,
                "invoice_origin": order.name,
                "fiscal_position_id": order.fiscal_position_id.id,
                "invoice_payment_term_id": order.payment_term_id.id,
                "edi_document_id": document.id,
                "edi_purchase_id": order.id,
                "edi_invoice_key": key,
                "invoice_line_ids": [
                    fields.Command.create(vals) for vals in lines_vals
                ],
            }
        )
        if credit_note:
            # A refund gives money back: nothing to hold against the receipts.
            bill.message_post(
                body=self.env._(
                    "Credit note %s from the supplier's EDI: check it against "
                    "the returned or rejected goods before posting.",
                    invoice.number,
                )
            )
        else:
            bill._edi_match(invoice=invoice, unmatched=unmatched)
        return bill

    def _edi_bill_lines(self, invoice, order, profile):
        """Bill line values for the invoice lines, allowances and charges."""
        order_lines = order.order_line.filtered(lambda line: not line.display_type)
        resolver = profile._item_resolver(
            [line.product for line in invoice.lines], order_lines.product_id
        )
        by_id = {str(line.id): line for line in order_lines}
        vals_list, unmatched = [], []
        for position, item in enumerate(invoice.lines, 1):
            where = self.env._(
                "invoice %(number)s, line %(position)s (%(line)s)",
                number=invoice.number,
                position=position,
                line=item.line_number or item.product.vendor_part or item.product.gtin,
            )
            line = by_id.get(item.line_number) or _line_for_product(
                order_lines, resolver.resolve(item.product)
            )
            if not line:
                raise PermanentError(
                    self.env._(
                        "%(where)s: matches no line of order %(order)s (%(why)s). "
                        "Nothing was created.",
                        where=where,
                        order=order.name,
                        why=resolver.explain(item.product),
                    )
                )
            quantity = self._edi_line_quantity(resolver, line, item, where)
            price = (
                (item.quantity * item.unit_price / quantity)
                if quantity
                else item.unit_price
            )
            vals = line._prepare_account_move_line()
            vals.update(quantity=float(quantity), price_unit=float(price))
            vals_list.append(vals)
            for adjustment in item.allowances_charges:
                vals_list.append(
                    self._edi_adjustment_line(adjustment, profile, where, line)
                )
        for adjustment in invoice.allowances_charges:
            where = self.env._("invoice %s", invoice.number)
            vals_list.append(self._edi_adjustment_line(adjustment, profile, where))
        return vals_list, unmatched

    def _edi_line_quantity(self, resolver, line, item, where):
        """The invoiced quantity in the order line's unit of measure."""
        resolved = resolver.resolve(item.product)
        pack_factor = resolved.pack_factor if resolved else None
        try:
            in_product_uom = resolver.to_product_qty(
                line.product_id.id, item.quantity, item.unit, pack_factor
            )
        except ConversionError as error:
            raise PermanentError(
                self.env._("%(where)s, unit: %(error)s", where=where, error=error)
            ) from error
        product_uom = line.product_id.uom_id
        return (
            in_product_uom
            * Decimal(repr(product_uom.factor_inv))
            / Decimal(repr(line.product_uom.factor_inv))
        )

    def _edi_adjustment_line(self, adjustment, profile, where, order_line=None):
        """A bill line for an allowance (negative) or charge (positive)."""
        if adjustment.indicator == edi.ALLOWANCE:
            product, field = profile.allowance_product_id, "allowance_product_id"
        elif adjustment.kind == edi.KIND_FREIGHT:
            product, field = profile.freight_product_id, "freight_product_id"
        else:
            product, field = profile.charge_product_id, "charge_product_id"
        if not product:
            raise PermanentError(
                self.env._(
                    "%(where)s: %(what)s %(code)s of %(amount)s, but EDI profile "
                    "%(profile)s has no %(field)s. Set it on the Invoice Matching "
                    "tab, then retry.",
                    where=where,
                    what=adjustment.indicator,
                    code=adjustment.code or adjustment.kind,
                    amount=adjustment.amount,
                    profile=profile.name,
                    field=profile._fields[field].string,
                )
            )
        sign = -1 if adjustment.indicator == edi.ALLOWANCE else 1
        taxes = (
            order_line.taxes_id
            if order_line
            else product.supplier_taxes_id.filtered(
                lambda tax: tax.company_id == profile.company_id
            )
        )
        return {
            "product_id": product.id,
            "name": adjustment.description or product.display_name,
            "quantity": 1.0,
            "price_unit": sign * float(adjustment.amount),
            "tax_ids": [fields.Command.set(taxes.ids)],
        }

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------

    def _edi_match(self, invoice=None, unmatched=()):
        """Three-way match the bill's lines against their order lines and receipts."""
        self.ensure_one()
        if invoice is None and self.edi_document_id.content:
            invoice = jsonio.loads(self.edi_document_id.content)
        profile = self.edi_document_id.profile_id
        tolerance = Tolerance(
            qty_percent=Decimal(repr(profile.qty_tolerance_percent)),
            price_percent=Decimal(repr(profile.price_tolerance_percent)),
            amount=Decimal(repr(profile.price_tolerance_amount)),
        )
        inputs = self._edi_match_inputs() + list(unmatched)
        result = three_way_match(inputs, tolerance)
        reasons = list(check_totals(invoice)) if invoice is not None else []
        reasons += self._edi_total_reasons(invoice)
        exception = result.state == EXCEPTION or reasons
        self.write(
            {
                "edi_match_state": "exception" if exception else "matched",
                "edi_match_note": self._edi_match_html(result, reasons)
                if exception
                else False,
            }
        )
        return result

    def _edi_match_inputs(self):
        inputs = []
        product_lines = self.invoice_line_ids.filtered("purchase_line_id")
        this_bill = {}
        for move_line in product_lines:
            order_line = move_line.purchase_line_id
            qty = move_line.product_uom_id._compute_quantity(
                move_line.quantity, order_line.product_uom
            )
            this_bill[order_line.id] = this_bill.get(order_line.id, 0.0) + qty
        for move_line in product_lines:
            order_line = move_line.purchase_line_id
            qty = move_line.product_uom_id._compute_quantity(
                move_line.quantity, order_line.product_uom
            )
            inputs.append(
                MatchInput(
                    order_line_id=order_line.id,
                    description=order_line.product_id.display_name,
                    ordered_qty=order_line.product_qty,
                    received_qty=order_line.qty_received,
                    invoiced_before_qty=max(
                        order_line.qty_invoiced - this_bill[order_line.id], 0.0
                    ),
                    order_price=order_line.price_unit,
                    invoiced_qty=qty,
                    invoiced_price=move_line.price_unit,
                )
            )
        return inputs

    def _edi_total_reasons(self, invoice):
        """The supplier's total against the total Odoo computes for the bill."""
        if invoice is None or invoice.total_amount is None:
            return []
        states_tax = (
            invoice.tax_amount is not None
            or invoice.taxes
            or any(line.taxes for line in invoice.lines)
        )
        # An invoice stating no tax is compared without ours (self-assessed).
        amount = self.amount_total if states_tax else self.amount_untaxed
        computed = Decimal(repr(amount)).quantize(_CENT)
        stated = invoice.total_amount.quantize(_CENT)
        if abs(computed - stated) <= _CENT:
            return []
        return [
            self.env._(
                "The invoice total is %(stated)s but this bill comes to "
                "%(computed)s with the order's prices and taxes.",
                stated=stated,
                computed=computed,
            )
        ]

    def _edi_match_html(self, result, reasons):
        rows = []
        for line in result.lines:
            if line.state != EXCEPTION:
                continue
            label = line.description or self.env._("Invoice line")
            rows.append(
                Markup("<li><strong>%s</strong>: %s</li>")
                % (label, " ".join(line.reasons))
            )
        rows += [Markup("<li>%s</li>") % reason for reason in reasons]
        return Markup("<ul>%s</ul>") % Markup("").join(rows) if rows else escape("")

    # ------------------------------------------------------------------
    # Override
    # ------------------------------------------------------------------

    def _edi_override_match(self, reason):
        """Let a held bill be posted; who, when and why are logged."""
        self.ensure_one()
        if not self.env.user.has_group("integration_audit.group_integration_manager"):
            raise AccessError(
                self.env._("Only Integration Managers can override an EDI match.")
            )
        if self.edi_match_state != "exception":
            raise UserError(
                self.env._("Bill %s is not held by an EDI match.", self.display_name)
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the override."))
        connector = self.edi_document_id.profile_id.connector_id
        now = fields.Datetime.now()
        self.env["integration.message"].sudo()._log_apply(
            connector,
            "edi_override_match",
            self.sudo(),
            {
                "edi_match_state": "overridden",
                "edi_override_reason": reason,
                "edi_override_user_id": self.env.user.id,
                "edi_override_date": now,
            },
            idempotency_reference={"bill": self.id, "at": now.isoformat()},
            initiator="user",
        )
        self.message_post(
            body=self.env._(
                "EDI match overridden by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            )
        )


def _line_for_product(order_lines, resolved):
    if not resolved:
        return order_lines.browse()
    candidates = order_lines.filtered(
        lambda line: line.product_id.id == resolved.product_id
    )
    return candidates[:1]
