# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class ReplenishmentSimulation(models.TransientModel):
    _name = "replenishment.simulation"
    _description = "Simulated Replenishment Decisions"

    orderpoint_count = fields.Integer(string="Rules Selected", readonly=True)
    line_ids = fields.One2many(
        "replenishment.simulation.line", "simulation_id", string="Decisions"
    )
    transfer_count = fields.Integer(compute="_compute_totals")
    buy_count = fields.Integer(compute="_compute_totals")
    escalated_count = fields.Integer(compute="_compute_totals")

    @api.depends("line_ids.transfer_qty", "line_ids.buy_qty", "line_ids.escalated")
    def _compute_totals(self):
        for simulation in self:
            lines = simulation.line_ids
            simulation.transfer_count = len(lines.filtered("transfer_qty"))
            simulation.buy_count = len(lines.filtered("buy_qty"))
            simulation.escalated_count = len(lines.filtered("escalated"))

    @api.model
    def _line_values(self, decision, inputs):
        orderpoint = inputs.orderpoints[decision.key]
        return {
            "orderpoint_id": orderpoint.id,
            "product_id": orderpoint.product_id.id,
            "warehouse_id": orderpoint.warehouse_id.id,
            "need_qty": decision.need,
            "transfer_qty": decision.transferred,
            "buy_qty": decision.buy_quantity,
            "escalated": decision.escalated,
            "explanation": decision.explanation,
        }
