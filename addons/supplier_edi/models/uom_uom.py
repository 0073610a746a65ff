# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class UomUom(models.Model):
    _inherit = "uom.uom"

    edi_code = fields.Char(
        string="EDI Unit Code",
        help="X12 unit of measure code (EA, BX, CA, KG...). EDIFACT partners "
        "get the matching UN/ECE Recommendation 20 code.",
    )

    @api.constrains("edi_code", "active")
    def _check_edi_code_unique(self):
        for uom in self.filtered("edi_code"):
            twin = self.search(
                [("edi_code", "=", uom.edi_code), ("id", "!=", uom.id)], limit=1
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "EDI unit code %(code)s is already used by %(twin)s: a "
                        "code must name one unit (use packaging barcodes for "
                        "boxes of different sizes).",
                        code=uom.edi_code,
                        twin=twin.display_name,
                    )
                )

    def _edi_code(self):
        self.ensure_one()
        if not self.edi_code:
            raise UserError(
                self.env._(
                    "Unit of measure %s has no EDI Unit Code: set it under "
                    "Inventory > Configuration > Units of Measure before "
                    "ordering it by EDI.",
                    self.display_name,
                )
            )
        return self.edi_code
