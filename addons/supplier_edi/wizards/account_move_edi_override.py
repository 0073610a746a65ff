# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMoveEdiOverride(models.TransientModel):
    _name = "account.move.edi.override"
    _description = "Override an EDI Invoice Match"

    move_id = fields.Many2one("account.move", required=True, readonly=True)
    match_note = fields.Html(related="move_id.edi_match_note")
    reason = fields.Text(
        required=True,
        help="Why this bill may be posted although it does not match, e.g. "
        "'price increase agreed by phone with the supplier on 12 Dec'.",
    )

    def action_override(self):
        self.ensure_one()
        self.move_id._edi_override_match(self.reason)
        return {"type": "ir.actions.act_window_close"}
