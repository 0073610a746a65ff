# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Receipts pre-filled by 856 / DESADV ship notices: the dock scans and confirms."""

import datetime

from odoo import api, fields, models

from integration_core.errors import PermanentError
from integration_core.supplier.receipt import OrderLineInfo, plan_receipt


class StockPicking(models.Model):
    _inherit = "stock.picking"

    edi_ship_notice_ref = fields.Char(
        string="Ship Notice", copy=False, readonly=True, index=True
    )
    edi_tracking_ref = fields.Char(string="Carrier Tracking", copy=False, readonly=True)

    def _action_done(self):
        result = super()._action_done()
        # Bills that arrived before the goods match now the goods are in.
        held = self.env["account.move"].search(
            [
                ("edi_purchase_id", "in", self.purchase_id.ids),
                ("state", "=", "draft"),
                ("edi_match_state", "=", "exception"),
            ]
        )
        held.action_edi_rematch()
        return result

    @api.model
    def _edi_apply_ship_notice(self, notice, document):
        """Fill the open receipts of the orders ``notice`` ships; return them.

        Everything is checked before anything is written: an item that
        matches no order line stops the whole notice. A corrected notice
        (same shipment, other content) replaces what the earlier one filled.
        """
        profile = document.profile_id
        orders = self.env["purchase.order"].search(
            [
                ("name", "in", [order.order_number for order in notice.orders]),
                ("company_id", "=", profile.company_id.id),
                ("partner_id", "child_of", profile.partner_id.commercial_partner_id.id),
            ]
        )
        lines = orders.order_line.filtered(
            lambda line: not line.display_type and line.product_id
        )
        resolver = profile._item_resolver(_notice_products(notice), lines.product_id)
        plan = plan_receipt(
            notice,
            [_order_line_info(line) for line in lines],
            resolver,
            location_prefix=document.interchange_id.file_name or "",
        )
        if not plan.ok:
            raise PermanentError(
                "\n".join(str(issue) for issue in plan.errors)
                + "\n"
                + self.env._("Nothing of this ship notice was applied.")
            )
        if plan.warnings:
            document.warning_text = "\n".join(str(issue) for issue in plan.warnings)
        self._edi_forget_earlier_notice(notice, document)
        moves = self._edi_open_moves(lines, plan, notice)
        pickings = moves.picking_id
        self._edi_fill_moves(moves, plan, document)
        pickings.write(
            {
                "edi_ship_notice_ref": notice.number,
                "edi_tracking_ref": notice.tracking_number or False,
            }
        )
        if notice.expected_delivery:
            pickings.write(
                {
                    "scheduled_date": datetime.datetime.combine(
                        notice.expected_delivery, datetime.time(12)
                    )
                }
            )
        orders._edi_advance("shipped")
        if profile.auto_validate_receipt:
            pickings.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=[]
            ).button_validate()
        return pickings

    def _edi_forget_earlier_notice(self, notice, document):
        """Remove what an earlier version of the same shipment filled in."""
        earlier = self.env["supplier.edi.document"].search(
            [
                ("profile_id", "=", document.profile_id.id),
                ("document_type", "=", "ship_notice"),
                ("reference", "=", notice.number),
                ("state", "=", "applied"),
                ("id", "!=", document.id),
            ]
        )
        if not earlier:
            return
        move_lines = self.env["stock.move.line"].search(
            [("edi_document_id", "in", earlier.ids)]
        )
        done = move_lines.filtered(lambda line: line.state == "done")
        if done:
            raise PermanentError(
                self.env._(
                    "Ship notice %(number)s was received already (%(pickings)s): "
                    "a corrected notice cannot change a validated receipt. "
                    "Nothing was applied.",
                    number=notice.number,
                    pickings=", ".join(done.picking_id.mapped("name")),
                )
            )
        move_lines.unlink()

    def _edi_open_moves(self, lines, plan, notice):
        """The open incoming move of each order line the plan delivers."""
        wanted = set(plan.quantities())
        moves = self.env["stock.move"]
        for line in lines.filtered(lambda line: line.id in wanted):
            open_moves = line.move_ids.filtered(
                lambda move: (
                    move.state not in ("done", "cancel")
                    and move.picking_code == "incoming"
                )
            )
            if not open_moves:
                raise PermanentError(
                    self.env._(
                        "Ship notice %(number)s: order %(order)s, line of "
                        "%(product)s has no open receipt (already received or "
                        "cancelled). Nothing was applied.",
                        number=notice.number,
                        order=line.order_id.name,
                        product=line.product_id.display_name,
                    )
                )
            moves |= open_moves[:1]
        return moves

    def _edi_fill_moves(self, moves, plan, document):
        """Replace the moves' reserved lines by the notice's, in one create."""
        by_line = {move.purchase_line_id.id: move for move in moves}
        moves.move_line_ids.filtered(lambda line: not line.edi_document_id).unlink()
        packages = self._edi_packages({line.sscc for line in plan.lines} - {""})
        vals_list = []
        for receipt_line in plan.lines:
            move = by_line[receipt_line.order_line_id]
            vals = {
                "move_id": move.id,
                "picking_id": move.picking_id.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_id.uom_id.id,
                "quantity": float(receipt_line.quantity),
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
                "company_id": move.company_id.id,
                "edi_document_id": document.id,
            }
            lot = receipt_line.serial or receipt_line.lot
            if lot and move.product_id.tracking != "none":
                vals["lot_name"] = lot
            if receipt_line.expiry_date and move.product_id.use_expiration_date:
                vals["expiration_date"] = datetime.datetime.combine(
                    receipt_line.expiry_date, datetime.time()
                )
            if receipt_line.sscc:
                vals["result_package_id"] = packages[receipt_line.sscc].id
            vals_list.append(vals)
        return self.env["stock.move.line"].create(vals_list)

    @api.model
    def _edi_packages(self, ssccs):
        """``{sscc: stock.quant.package}``, creating the missing ones at once."""
        if not ssccs:
            return {}
        Package = self.env["stock.quant.package"]
        found = {
            package.name: package
            for package in Package.search([("name", "in", list(ssccs))])
        }
        missing = sorted(ssccs - set(found))
        for package in Package.create([{"name": sscc} for sscc in missing]):
            found[package.name] = package
        return found


def _notice_products(notice):
    products = []
    for order in notice.orders:
        products += [item.product for item in order.items]
        for pack in order.packs:
            products += [item.product for item in pack.items]
    return products


def _order_line_info(line):
    """An order line in the product's unit of measure."""
    product_uom = line.product_id.uom_id
    return OrderLineInfo(
        line_id=line.id,
        order_name=line.order_id.name,
        product_id=line.product_id.id,
        product_qty=line.product_uom._compute_quantity(
            line.product_qty, product_uom, round=False
        ),
        qty_received=line.product_uom._compute_quantity(
            line.qty_received, product_uom, round=False
        ),
    )
