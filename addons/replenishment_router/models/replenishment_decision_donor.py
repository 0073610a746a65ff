# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

REASONS = [
    ("used", "Used"),
    ("no_surplus", "No surplus"),
    ("short_dated", "Only short-dated stock"),
    ("too_late", "Too late"),
    ("too_expensive", "Costs more than buying"),
    ("need_covered", "Need already covered"),
]


class ReplenishmentDecisionDonor(models.Model):
    _name = "replenishment.decision.donor"
    _description = "Donor Considered by a Replenishment Decision"
    _order = "decision_id, sequence, id"

    decision_id = fields.Many2one(
        "replenishment.decision", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(help="Rank of the donor, best first.")
    company_id = fields.Many2one(related="decision_id.company_id", store=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Donor", required=True)
    available_qty = fields.Float(string="Available", digits="Product Unit of Measure")
    keep_qty = fields.Float(string="Keeps", digits="Product Unit of Measure")
    surplus_qty = fields.Float(string="Surplus", digits="Product Unit of Measure")
    sendable_qty = fields.Float(string="Sendable", digits="Product Unit of Measure")
    at_risk_qty = fields.Float(
        string="Would Expire There",
        digits="Product Unit of Measure",
        help="Units that would expire at the donor before it uses them.",
    )
    arrival_days = fields.Float(string="Arrives In (days)")
    cost = fields.Float()
    quantity = fields.Float(string="Transferred", digits="Product Unit of Measure")
    reason = fields.Selection(REASONS, required=True)
    note = fields.Char()
