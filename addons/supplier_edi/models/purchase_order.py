# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Purchase orders sent as 850 / ORDERS and answered by 997, 855, 856 and 810."""

import datetime

from odoo import api, fields, models

from integration_core.edi import model as edi
from integration_core.supplier.acknowledgement import (
    AckOrderLine,
    compare_acknowledgement,
)

EDI_STATES = [
    ("none", "Not EDI"),
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("accepted", "Accepted (997)"),
    ("rejected", "Rejected (997)"),
    ("acknowledged", "Acknowledged (855)"),
    ("shipped", "Shipped (856)"),
    ("invoiced", "Invoiced (810)"),
    ("cancel_sent", "Cancellation sent"),
]
#: Later states are never overwritten by earlier news (a late 997, say).
_STATE_RANK = {state: rank for rank, (state, _label) in enumerate(EDI_STATES)}


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    edi_profile_id = fields.Many2one(
        "supplier.edi.profile",
        string="EDI Profile",
        compute="_compute_edi_profile_id",
        store=True,
        readonly=True,
    )
    edi_state = fields.Selection(
        EDI_STATES,
        string="EDI Status",
        default="none",
        copy=False,
        readonly=True,
        tracking=True,
    )
    edi_interchange_ids = fields.One2many(
        "supplier.edi.interchange", "purchase_id", string="EDI Interchanges"
    )
    edi_document_ids = fields.One2many(
        "supplier.edi.document", "purchase_id", string="EDI Documents"
    )
    edi_ack_reference = fields.Char(
        string="Supplier Acknowledgement", copy=False, readonly=True
    )
    edi_has_critical = fields.Boolean(
        compute="_compute_edi_has_critical",
        help="An item of the order is critical: it goes out on the critical channel.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_edi_profile_id(self):
        profiles = self.env["supplier.edi.profile"].search(
            [
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        by_key = {(p.partner_id.id, p.company_id.id): p for p in profiles}
        for order in self:
            key = (order.partner_id.commercial_partner_id.id, order.company_id.id)
            order.edi_profile_id = by_key.get(key, False)

    @api.depends("order_line.product_id.supply_criticality")
    def _compute_edi_has_critical(self):
        for order in self:
            order.edi_has_critical = any(
                criticality == "critical"
                for criticality in order.order_line.product_id.mapped(
                    "supply_criticality"
                )
            )

    def button_approve(self, force=False):
        result = super().button_approve(force=force)
        self._edi_queue_orders(edi.ORDER_ORIGINAL)
        return result

    def button_cancel(self):
        sent = self.filtered(
            lambda order: order.edi_state not in ("none", "cancel_sent")
        )
        result = super().button_cancel()
        sent._edi_queue_orders(edi.ORDER_CANCEL)
        return result

    def action_edi_resend(self):
        """Send the order again as a replacement (850 purpose 05 / ORDERS 5)."""
        self._edi_queue_orders(edi.ORDER_REPLACE, force=True)

    # ------------------------------------------------------------------
    # Outbound
    # ------------------------------------------------------------------

    def _edi_queue_orders(self, purpose, force=False):
        """Queue the 850 / ORDERS of each confirmed order of a live EDI supplier."""
        for order in self:
            profile = order.edi_profile_id
            if not profile or profile.state != "live" or not profile.send_orders:
                continue
            if purpose == edi.ORDER_ORIGINAL and (
                order.state != "purchase" or order.edi_state != "none"
            ):
                continue  # waiting for approval, or already sent
            if (
                purpose != edi.ORDER_ORIGINAL
                and order.edi_state == "none"
                and not force
            ):
                continue
            order._edi_queue_order(profile, purpose)

    def _edi_queue_order(self, profile, purpose):
        self.ensure_one()
        control = profile._next_control_number()
        document = self._edi_order_document(profile, purpose)
        document.control_number = (
            str(control).zfill(9) if profile.standard == "X12" else str(control)
        )
        interchange = profile._interchange([document], control)
        self.env["supplier.edi.interchange"]._queue_outbound(
            profile,
            interchange,
            purpose="order" if purpose != edi.ORDER_CANCEL else "order_cancel",
            purchase=self,
            critical=self.edi_has_critical,
        )
        self.edi_state = "cancel_sent" if purpose == edi.ORDER_CANCEL else "queued"

    def _edi_order_document(self, profile, purpose):
        """This order as a standard-neutral EDI ``PurchaseOrder``."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type)
        vendor_codes = lines._edi_vendor_codes(self.partner_id)
        return edi.PurchaseOrder(
            number=self.name,
            order_date=self.date_approve.date()
            if self.date_approve
            else fields.Date.today(),
            parties=self._edi_parties(profile),
            lines=[line._edi_order_line(vendor_codes) for line in lines],
            purpose=purpose,
            currency=self.currency_id.name,
            requested_delivery=self.date_planned.date() if self.date_planned else None,
            contract_number=self.partner_ref or "",
            note="",
        )

    def _edi_parties(self, profile):
        buyer = edi.Party(
            edi.BUYER,
            name=self.company_id.name[:60],
            identifier=profile.our_gln or profile.our_identifier,
            identifier_scheme=edi.GLN if profile.our_gln else edi.ASSIGNED_BY_BUYER,
        )
        seller = edi.Party(
            edi.SELLER,
            name=(self.partner_id.commercial_partner_id.name or "")[:60],
            identifier=profile.partner_gln or profile.partner_identifier,
            identifier_scheme=edi.GLN if profile.partner_gln else edi.ASSIGNED_BY_BUYER,
        )
        warehouse_partner = (
            self.picking_type_id.warehouse_id.partner_id or self.company_id.partner_id
        )
        ship_to = edi.Party(
            edi.SHIP_TO,
            name=(warehouse_partner.name or "")[:60],
            address=edi.Address(
                street=(warehouse_partner.street or "")[:55],
                city=(warehouse_partner.city or "")[:30],
                state=warehouse_partner.state_id.code or "",
                postal_code=(warehouse_partner.zip or "")[:15],
                country=warehouse_partner.country_id.code or "",
            ),
        )
        return [buyer, seller, ship_to]

    def _edi_mark_sent(self, interchange):
        for order in self:
            if order.edi_state == "queued":
                order.edi_state = "sent"

    def _edi_mark_functional_ack(self, interchange, ack_state):
        state = "rejected" if ack_state == "rejected" else "accepted"
        self._edi_advance(state)
        if state == "rejected":
            for order in self:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Supplier rejected the EDI order"),
                    note=self.env._(
                        "Interchange %s was rejected by the supplier's "
                        "functional acknowledgement.",
                        interchange.control_number,
                    ),
                    user_id=order.user_id.id or self.env.user.id,
                )

    def _edi_advance(self, state):
        """Move the EDI status forward to ``state``, never back."""
        for order in self:
            if order.edi_state in ("cancel_sent",):
                continue
            if (
                _STATE_RANK[state] > _STATE_RANK.get(order.edi_state, 0)
                or state == "rejected"
            ):
                order.edi_state = state

    # ------------------------------------------------------------------
    # 855 / ORDRSP
    # ------------------------------------------------------------------

    def _edi_apply_acknowledgement(self, ack, document):
        """Show the supplier's answer per line; move dates the Odoo way."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: not line.display_type)
        comparison = compare_acknowledgement(
            ack,
            [
                AckOrderLine(
                    line_id=line.id,
                    product_id=line.product_id.id,
                    quantity=line._edi_decimal(line.product_qty),
                    unit_price=line._edi_decimal(line.price_unit),
                    date_planned=line.date_planned.date()
                    if line.date_planned
                    else None,
                    unit=line.product_uom.edi_code or "",
                )
                for line in lines
            ],
            resolver=self.edi_profile_id._item_resolver(
                [line.product for line in ack.lines], lines.product_id
            ),
        )
        answers, issues = comparison.lines, comparison.issues
        if issues:
            document.warning_text = "\n".join(str(issue) for issue in issues)
        by_id = {line.id: line for line in lines}
        moved = []
        for answer in answers:
            line = by_id[answer.line_id]
            line.write(line._edi_ack_values(answer))
            if (
                answer.acknowledged_date
                and line.date_planned
                and (answer.acknowledged_date != line.date_planned.date())
            ):
                moved.append(
                    (
                        line,
                        datetime.datetime.combine(
                            answer.acknowledged_date, line.date_planned.time()
                        ),
                    )
                )
        if moved:
            self._update_date_planned_for_lines(moved)
        self.edi_ack_reference = ack.number
        self._edi_advance("acknowledged")
        differences = [
            answer
            for answer in answers
            if answer.differences or answer.status != edi.LINE_ACCEPTED
        ]
        if differences or issues:
            self._edi_schedule_ack_activity(ack, differences, issues)
        return self.env._(
            "%(order)s: %(count)d line(s) answered, %(changed)d with differences",
            order=self.name,
            count=len(answers),
            changed=len(differences),
        )

    def _edi_schedule_ack_activity(self, ack, differences, issues):
        by_id = {line.id: line for line in self.order_line}
        statuses = dict(
            self.env["purchase.order.line"]._fields["edi_ack_status"].selection
        )
        rows = [
            f"{by_id[answer.line_id].product_id.display_name}: "
            + "; ".join((statuses[answer.status], *answer.differences))
            for answer in differences
        ] + [str(issue) for issue in issues]
        self.activity_schedule(
            "supplier_edi.mail_activity_type_edi_difference",
            summary=self.env._("Supplier acknowledgement %s differs", ack.number),
            note="<br/>".join(rows),
            user_id=self.user_id.id or self.env.user.id,
        )
