# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class IntegrationChainVerification(models.TransientModel):
    """Verify a company's integration log and show the first broken link."""

    _name = "integration.chain.verification"
    _description = "Verify the Integration Log"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    state = fields.Selection(
        [("draft", "Not verified"), ("ok", "Intact"), ("broken", "Broken")],
        default="draft",
        readonly=True,
    )
    checked_count = fields.Integer(string="Entries Checked", readonly=True)
    break_event_id = fields.Many2one(
        "integration.message.event", string="First Broken Entry", readonly=True
    )
    break_message_id = fields.Many2one(
        "integration.message", string="Message Concerned", readonly=True
    )
    reason = fields.Text(readonly=True)

    def action_verify(self):
        self.ensure_one()
        result = self.env["integration.audit.chain"]._verify(self.company_id)
        self.write(
            {
                "state": "ok" if result["ok"] else "broken",
                "checked_count": result["checked"],
                "break_event_id": result["break_event_id"],
                "break_message_id": result["break_message_id"],
                "reason": result["reason"],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
