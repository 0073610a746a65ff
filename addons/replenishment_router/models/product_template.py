# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Declared the same way by supplier_edi: either module brings it.
    supply_criticality = fields.Selection(
        [("critical", "Critical"), ("high", "High"), ("normal", "Normal")],
        default="normal",
        required=True,
        help="Critical items (crash-cart drugs, blood collection tubes) are "
        "replenished at once on the critical queue channel when they fall "
        "below their minimum, and escalated when nothing can arrive in time.",
    )
