# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ReplenishmentSimulationLine(models.TransientModel):
    _name = "replenishment.simulation.line"
    _description = "Simulated Replenishment Decision"

    simulation_id = fields.Many2one(
        "replenishment.simulation", required=True, ondelete="cascade"
    )
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint", string="Replenishment Rule", readonly=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    need_qty = fields.Float(
        string="Need", readonly=True, digits="Product Unit of Measure"
    )
    transfer_qty = fields.Float(
        string="Transfer", readonly=True, digits="Product Unit of Measure"
    )
    buy_qty = fields.Float(
        string="Buy", readonly=True, digits="Product Unit of Measure"
    )
    escalated = fields.Boolean(readonly=True)
    explanation = fields.Text(readonly=True)
