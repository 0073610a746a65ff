# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    supply_criticality = fields.Selection(
        [("critical", "Critical"), ("high", "High"), ("normal", "Normal")],
        default="normal",
        required=True,
        help="Critical items (crash-cart drugs, blood collection tubes) have "
        "their orders sent on the critical queue channel.",
    )
