# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import difflib

from odoo import api, fields, models
from odoo.exceptions import UserError

_DIFF_LIMIT = 20000


class IntegrationMessageReplay(models.TransientModel):
    """Replay a message with an edited payload, as a new linked message."""

    _name = "integration.message.replay"
    _description = "Replay an Integration Message with an Edit"

    message_id = fields.Many2one("integration.message", required=True, readonly=True)
    payload = fields.Text(compute="_compute_payload", store=True, readonly=False)
    reason = fields.Char(required=True, help="Why the payload was edited.")

    @api.depends("message_id")
    def _compute_payload(self):
        for wizard in self:
            wizard.payload = wizard._original_text()

    def _original_text(self):
        raw = self.message_id.payload_attachment_id.raw or b""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "Message %s has a binary payload that cannot be edited here.",
                    self.message_id.display_name,
                )
            ) from error

    def action_replay(self):
        self.ensure_one()
        self.message_id._check_manager()
        original = self._original_text()
        edited = self.payload or ""
        if edited == original:
            raise UserError(
                self.env._(
                    "The payload of %s was not edited: use Replay instead.",
                    self.message_id.display_name,
                )
            )
        diff = "".join(
            difflib.unified_diff(
                original.splitlines(keepends=True),
                edited.splitlines(keepends=True),
                "original",
                "edited",
            )
        )[:_DIFF_LIMIT]
        note = self.env._("%(reason)s\n%(diff)s", reason=self.reason, diff=diff)
        replay = self.message_id._log_replay_edited(edited, note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "integration.message",
            "res_id": replay.id,
            "view_mode": "form",
        }
