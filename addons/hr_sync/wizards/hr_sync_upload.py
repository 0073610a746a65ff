# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import fields, models
from odoo.exceptions import UserError

from integration_core.errors import PermanentError
from integration_core.hr.sources import read_file


class HrSyncUpload(models.TransientModel):
    _name = "hr.sync.upload"
    _description = "Upload an HR File"

    connector_id = fields.Many2one(
        "integration.connector",
        required=True,
        domain="[('system_kind', '=', 'hr'), ('hr_source', '=', 'file')]",
    )
    file = fields.Binary(required=True)
    file_name = fields.Char(required=True)
    dry_run = fields.Boolean(
        string="Preview Only",
        default=True,
        help="Show what the file would change without applying it.",
    )

    def action_run(self):
        self.ensure_one()
        try:
            feed = read_file(base64.b64decode(self.file), self.file_name)
        except PermanentError as error:
            raise UserError(str(error)) from error
        run = self.connector_id._hr_sync(dry_run=self.dry_run, feed=feed)
        return run._open_action()
