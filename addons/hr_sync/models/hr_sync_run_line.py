# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class HrSyncRunLine(models.Model):
    _name = "hr.sync.run.line"
    _description = "HR Sync Run Line"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "hr.sync.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    kind = fields.Selection(
        [
            ("employee", "Employee"),
            ("department", "Department"),
            ("cost_center", "Cost Center"),
        ],
        required=True,
    )
    key = fields.Char(string="External ID")
    action = fields.Selection(
        [
            ("create", "Create"),
            ("update", "Update"),
            ("link", "Link existing"),
            ("deactivate", "Deactivate"),
            ("reactivate", "Reactivate"),
            ("manager", "Set manager"),
            ("error", "Error"),
        ],
        required=True,
    )
    field = fields.Char()
    reason = fields.Char()
    diff = fields.Text(string="Field Changes")
