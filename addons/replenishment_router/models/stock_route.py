# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockRoute(models.Model):
    _inherit = "stock.route"

    replenishment_cost_per_unit = fields.Float(
        string="Transfer Cost per Unit",
        help="Handling and transport cost of one unit moved by this "
        "resupply route; compared with the purchase price.",
    )
    replenishment_cost_per_transfer = fields.Float(
        string="Transfer Cost per Shipment",
        help="Fixed cost of one shipment by this resupply route (a courier run).",
    )
