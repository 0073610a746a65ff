# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A supplier's sample file, validated by the EDI engine during onboarding."""

import base64

from odoo import api, fields, models


class SupplierEdiSample(models.Model):
    _name = "supplier.edi.sample"
    _description = "Supplier EDI Sample File"
    _order = "profile_id, id desc"

    name = fields.Char(string="File Name", required=True)
    profile_id = fields.Many2one(
        "supplier.edi.profile", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="profile_id.company_id", store=True)
    file = fields.Binary(required=True, attachment=True)
    state = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")], readonly=True, copy=False
    )
    set_types = fields.Char(
        string="Documents", readonly=True, help="Transaction sets / messages found."
    )
    error_count = fields.Integer(readonly=True)
    warning_count = fields.Integer(readonly=True)
    report = fields.Text(
        readonly=True, help="Every error and warning, with where it is in the file."
    )
    checked_at = fields.Datetime(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        samples = super().create(vals_list)
        samples._check_sample()
        return samples

    def write(self, vals):
        result = super().write(vals)
        if "file" in vals:
            self._check_sample()
        return result

    def action_check(self):
        self._check_sample()

    def _check_sample(self):
        """Validate each sample with the engine; store the located report."""
        for sample in self:
            content = base64.b64decode(sample.file or b"")
            result = sample.profile_id._read(content)
            sample.write(sample._report_values(result))

    def _report_values(self, result):
        profile = self.profile_id
        errors = [str(error) for error in result.errors]
        for interchange in result.interchanges:
            if interchange.version != profile.version:
                errors.append(
                    self.env._(
                        "interchange %(control)s: version %(found)s, but the "
                        "profile says %(expected)s",
                        control=interchange.control_number,
                        found=interchange.version,
                        expected=profile.version,
                    )
                )
            if interchange.sender.identifier.strip() != profile.partner_identifier:
                errors.append(
                    self.env._(
                        "interchange %(control)s: sender %(found)s, but the "
                        "profile's supplier ID is %(expected)s",
                        control=interchange.control_number,
                        found=interchange.sender.identifier.strip(),
                        expected=profile.partner_identifier,
                    )
                )
        lines = [f"ERROR {error}" for error in errors]
        lines += [f"WARNING {warning}" for warning in result.warnings]
        set_types = sorted(
            {set_result.set_type for set_result in result.sets if set_result.accepted}
        )
        return {
            "state": "failed" if errors or not set_types else "passed",
            "set_types": ",".join(set_types),
            "error_count": len(errors),
            "warning_count": len(result.warnings),
            "report": "\n".join(lines)
            or self.env._("No error: %s accepted.", ", ".join(set_types) or "-"),
            "checked_at": fields.Datetime.now(),
        }
