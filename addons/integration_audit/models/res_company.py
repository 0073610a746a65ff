# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    integration_log_retention_days = fields.Integer(
        string="Integration Log Retention (days)",
        default=730,
        help="Closed integration messages older than this are removed by the "
        "retention job. 0 keeps them forever.",
    )
