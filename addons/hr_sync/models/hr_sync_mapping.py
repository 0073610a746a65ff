# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from integration_core.hr.mapping import Mapping, MappingError


class HrSyncMapping(models.Model):
    """One version of a connector's field mapping; saved versions never change.

    Editing a connector's mapping saves a new version; rolling back saves a
    copy of an earlier one as the newest, so the history stays a line.
    """

    _name = "hr.sync.mapping"
    _description = "HR Sync Mapping Version"
    _order = "connector_id, version desc"
    _rec_name = "display_name"

    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    version = fields.Integer(required=True, readonly=True)
    spec = fields.Text(
        string="Mapping (JSON)",
        required=True,
        help="Canonical field -> {path, transforms} per record kind; see the "
        "module's readme.",
    )
    note = fields.Char(help="What changed in this version, and why.")
    is_current = fields.Boolean(
        string="In Force", compute="_compute_is_current", store=True
    )
    rolled_back_from = fields.Integer(readonly=True, copy=False)

    _sql_constraints = [
        (
            "version_uniq",
            "unique(connector_id, version)",
            "A mapping version number is unique per connector.",
        ),
    ]

    @api.depends("connector_id.hr_mapping_id")
    def _compute_is_current(self):
        for mapping in self:
            mapping.is_current = mapping.connector_id.hr_mapping_id == mapping

    @api.depends("connector_id", "version")
    def _compute_display_name(self):
        for mapping in self:
            mapping.display_name = self.env._(
                "%(connector)s mapping v%(version)s",
                connector=mapping.connector_id.name,
                version=mapping.version,
            )

    @api.constrains("spec")
    def _check_spec(self):
        for mapping in self:
            mapping._core_mapping()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("version"):
                vals["version"] = self._next_version(vals["connector_id"])
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & {"spec", "version", "connector_id"}:
            raise UserError(
                self.env._(
                    "A saved mapping version never changes: edit the connector's "
                    "mapping to save a new version."
                )
            )
        return super().write(vals)

    def action_rollback(self):
        """Save this version again as the newest one, in force from now on."""
        self.ensure_one()
        new = self.create(
            {
                "connector_id": self.connector_id.id,
                "spec": self.spec,
                "rolled_back_from": self.version,
                "note": self.env._("Rollback to version %s", self.version),
            }
        )
        self.connector_id.hr_mapping_id = new
        self.connector_id.message_post(
            body=self.env._(
                "Mapping rolled back to version %(old)s (saved as version %(new)s).",
                old=self.version,
                new=new.version,
            )
        )
        return True

    def _next_version(self, connector_id):
        groups = self.sudo()._read_group(
            [("connector_id", "=", connector_id)], [], ["version:max"]
        )
        return (groups[0][0] or 0) + 1

    def _core_mapping(self):
        """The mapping as ``integration_core`` reads it; clear errors otherwise."""
        self.ensure_one()
        try:
            spec = json.loads(self.spec)
            return Mapping(spec, version=self.version)
        except (ValueError, MappingError) as error:
            raise ValidationError(
                self.env._(
                    "Mapping of connector %(connector)s, version %(version)s: "
                    "%(error)s",
                    connector=self.connector_id.name,
                    version=self.version,
                    error=error,
                )
            ) from error
