# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Users an HR platform pushed to Odoo's SCIM endpoint, as it sent them.

The endpoint (``controllers/scim.py``) keeps each User resource here, so it
can answer GET, apply PATCH (``integration_core.hr.scim.apply_patch``) and
PUT. Each accepted change is logged as an integration message whose queue
job applies the resource through the connector's sync (one run, the same
mapping, guards and logging as every other source).
"""

import json
import uuid

from odoo import api, fields, models

from integration_core.hr.scim import ENTERPRISE_USER_SCHEMA, USER_SCHEMA
from integration_core.hr.sources import SourceFeed


class HrSyncScimUser(models.Model):
    _name = "hr.sync.scim.user"
    _description = "SCIM User Pushed to Odoo"
    _order = "id"
    _rec_name = "user_name"

    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    scim_id = fields.Char(
        string="SCIM ID",
        required=True,
        readonly=True,
        default=lambda self: uuid.uuid4().hex,
        help="The id Odoo gave the user; it is also the employee's HR external id.",
    )
    user_name = fields.Char(required=True, index=True)
    external_id = fields.Char(string="Platform ID", help="The platform's externalId.")
    resource = fields.Text(required=True, help="The User as last received (JSON).")
    manager_scim_id = fields.Char(
        string="Manager SCIM ID",
        index="btree_not_null",
        help="The enterprise extension's manager.value, for re-applying reports "
        "that arrived before their manager.",
    )
    version = fields.Integer(default=1, readonly=True)
    deleted = fields.Boolean(readonly=True)
    employee_id = fields.Many2one("hr.employee", compute="_compute_employee_id")

    _sql_constraints = [
        (
            "scim_id_uniq",
            "unique(connector_id, scim_id)",
            "A SCIM id names one user per connector.",
        ),
        (
            "user_name_uniq",
            "unique(connector_id, user_name)",
            "A SCIM userName is unique per connector.",
        ),
    ]

    def _compute_employee_id(self):
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("hr_sync_connector_id", "in", self.connector_id.ids),
                    ("hr_sync_external_id", "in", self.mapped("scim_id")),
                ]
            )
        )
        by_key = {
            (employee.hr_sync_connector_id.id, employee.hr_sync_external_id): employee
            for employee in employees
        }
        for user in self:
            user.employee_id = by_key.get((user.connector_id.id, user.scim_id))

    def _as_resource(self, base_url):
        """The User as the endpoint answers it: what was sent, with our id
        and meta."""
        self.ensure_one()
        resource = json.loads(self.resource)
        resource["id"] = self.scim_id
        resource.setdefault("schemas", [USER_SCHEMA])
        resource["meta"] = {
            "resourceType": "User",
            "created": _iso(self.create_date),
            "lastModified": _iso(self.write_date),
            "location": f"{base_url}/Users/{self.scim_id}",
            "version": f'W/"{self.version}"',
        }
        return resource

    def _store(self, resource):
        """Keep ``resource`` (a new version of this user)."""
        self.ensure_one()
        resource = {k: v for k, v in resource.items() if k not in ("id", "meta")}
        self.write(
            {
                "resource": json.dumps(resource),
                "user_name": resource.get("userName") or self.user_name,
                "external_id": resource.get("externalId") or False,
                "manager_scim_id": self._manager_of(resource),
                "version": self.version + 1,
            }
        )

    @api.model
    def _manager_of(self, resource):
        """The SCIM id of the user's manager (enterprise extension), or False."""
        manager = (resource.get(ENTERPRISE_USER_SCHEMA) or {}).get("manager")
        if isinstance(manager, dict):
            return manager.get("value") or False
        return manager or False

    @api.model
    def _integration_handle_scim_apply(self, message):
        """Queue job: apply the pushed user through the connector's sync."""
        user = self.browse(message.res_id).exists()
        if not user:
            return
        resource = user._as_resource("")
        if user.deleted:
            resource["active"] = False
        # Reports pushed before this user failed on their unknown manager:
        # they apply now (the unchanged ones cost nothing).
        reports = self.search(
            [
                ("connector_id", "=", user.connector_id.id),
                ("manager_scim_id", "=", user.scim_id),
                ("deleted", "=", False),
            ]
        )
        resources = [resource] + [report._as_resource("") for report in reports]
        feed = SourceFeed(records={"employee": resources}, full=False)
        run = user.connector_id._hr_sync(dry_run=False, feed=feed, initiator="partner")
        return run


def _iso(value):
    return value.isoformat(timespec="seconds") + "Z" if value else None
