# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from unittest import mock

from cryptography.fernet import Fernet

from odoo.tests import HttpCase, tagged
from odoo.tools import config

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TOKEN = "entra-secret-token-7f3a"


def entra_user(user_name, given, family, **enterprise):
    """A User as Microsoft Entra ID provisions it."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": user_name.split("@")[0],
        "userName": user_name,
        "active": True,
        "displayName": f"{given} {family}",
        "name": {
            "givenName": given,
            "familyName": family,
            "formatted": f"{given} {family}",
        },
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "title": "Staff Nurse",
        ENTERPRISE: enterprise,
    }


@tagged("post_install", "-at_install")
class TestScimEndpoint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(
            mock.patch.dict(
                config.options,
                {"integration_vault_key": Fernet.generate_key().decode()},
            )
        )
        cls.company = cls.env["res.company"].create(
            {"name": "SCIM Test Hospital", "hr_entity_code": "SCIM-TEST"}
        )
        cls.connector = cls.env["integration.connector"].create(
            {
                "name": "Entra ID",
                "code": "entra_scim",
                "company_id": cls.company.id,
                "system_kind": "hr",
                "direction": "inbound",
                "transport": "none",
                "auth_method": "api_key",
                "hr_source": "scim_push",
                # Entra pushes one user at a time: the share guard would stop
                # any deactivation in a test company this small.
                "hr_deactivation_share": 100,
            }
        )
        cls.connector.new_api_key = TOKEN

    def scim(self, method, path, body=None, token=TOKEN):
        response = self.opener.request(
            method,
            f"{self.base_url()}/scim/v2{path}",
            data=json.dumps(body) if body is not None else None,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/scim+json",
            },
            timeout=30,
        )
        return response

    def run_pushed_jobs(self):
        self.env.invalidate_all()
        messages = self.env["integration.message"].search(
            [
                ("connector_id", "=", self.connector.id),
                ("operation", "=", "scim_apply"),
                ("state", "=", "queued"),
            ],
            order="id",
        )
        for message in messages:
            message._run_job()
        return messages

    def employee(self, scim_id):
        return (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search(
                [
                    ("hr_sync_connector_id", "=", self.connector.id),
                    ("hr_sync_external_id", "=", scim_id),
                ]
            )
        )

    def test_entra_provisions_then_deactivates_by_patch(self):
        self.assertEqual(self.connector.hr_mapping_id.version, 1)  # SCIM standard
        created = self.scim(
            "POST", "/Users", entra_user("ada@scim.example", "Ada", "Okafor")
        )
        self.assertEqual(created.status_code, 201, created.text)
        scim_id = created.json()["id"]
        self.assertEqual(created.json()["meta"]["resourceType"], "User")
        [message] = self.run_pushed_jobs()
        self.assertEqual(message.state, "done")
        employee = self.employee(scim_id)
        self.assertEqual(employee.name, "Ada Okafor")
        self.assertEqual(employee.work_email, "ada@scim.example")
        self.assertTrue(employee.active)

        found = self.scim("GET", '/Users?filter=userName eq "ada@scim.example"')
        self.assertEqual(found.json()["totalResults"], 1)
        self.assertEqual(found.json()["Resources"][0]["id"], scim_id)

        patch = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        }
        answer = self.scim("PATCH", f"/Users/{scim_id}", patch)
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertIs(answer.json()["active"], False)
        self.run_pushed_jobs()
        employee.invalidate_recordset()
        self.assertFalse(employee.active)
        self.assertEqual(employee.hr_sync_status, "terminated")

    def test_report_applied_before_its_manager_gets_the_manager_later(self):
        boss_id = self.scim(
            "POST", "/Users", entra_user("boss@scim.example", "Bo", "Ss")
        ).json()["id"]
        nurse_id = self.scim(
            "POST", "/Users", entra_user("nurse@scim.example", "Nu", "Rse")
        ).json()["id"]
        patch = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss_id}
            ],
        }
        self.assertEqual(
            self.scim("PATCH", f"/Users/{nurse_id}", patch).status_code, 200
        )
        self.env.invalidate_all()
        boss_job, *nurse_jobs = self.env["integration.message"].search(
            [
                ("connector_id", "=", self.connector.id),
                ("operation", "=", "scim_apply"),
            ],
            order="id",
        )
        for message in nurse_jobs:  # the queue ran the nurse's jobs first
            message._run_job()
        self.assertFalse(self.employee(nurse_id).parent_id)
        boss_job._run_job()
        self.assertEqual(self.employee(nurse_id).parent_id, self.employee(boss_id))

    def test_wrong_token_is_refused_with_a_scim_error(self):
        answer = self.scim("GET", "/Users", token="not-the-token")
        self.assertEqual(answer.status_code, 401)
        self.assertEqual(
            answer.json()["schemas"], ["urn:ietf:params:scim:api:messages:2.0:Error"]
        )
        self.assertEqual(answer.json()["status"], "401")
        created = self.scim(
            "POST", "/Users", entra_user("eve@scim.example", "Eve", "X"), token="bad"
        )
        self.assertEqual(created.status_code, 401)
        self.assertFalse(self.env["hr.sync.scim.user"].search([]))

    def test_protocol_errors_and_discovery(self):
        config_doc = self.scim("GET", "/ServiceProviderConfig").json()
        self.assertTrue(config_doc["patch"]["supported"])
        self.assertEqual(self.scim("GET", "/Users/unknown").status_code, 404)
        duplicate = entra_user("bo@scim.example", "Bo", "Li")
        self.assertEqual(self.scim("POST", "/Users", duplicate).status_code, 201)
        again = self.scim("POST", "/Users", duplicate)
        self.assertEqual(
            (again.status_code, again.json()["scimType"]), (409, "uniqueness")
        )
        bad_filter = self.scim("GET", '/Users?filter=title co "nurse"')
        self.assertEqual(bad_filter.json()["scimType"], "invalidFilter")
