# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    edi_document_id = fields.Many2one(
        "supplier.edi.document",
        string="Ship Notice",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The ship notice that filled this line in.",
    )
