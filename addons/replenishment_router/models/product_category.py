# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    replenishment_safety_days = fields.Float(
        string="Donor Safety Buffer (days)",
        default=3.0,
        help="A donor warehouse keeps this many days of its own demand on top "
        "of its minimum or its demand over its lead time.",
    )
    replenishment_min_shelf_days = fields.Integer(
        string="Minimum Shelf Life (days)",
        default=30,
        help="Lots expiring within this many days are not transferred to "
        "another warehouse, unless the receiving warehouse accepts "
        "short-dated stock.",
    )
    replenishment_shortage_cost = fields.Float(
        string="Shortage Cost per Unit",
        help="What one unit missing costs the care unit (emergency purchase, "
        "postponed procedure). A faster transfer avoids it.",
    )
