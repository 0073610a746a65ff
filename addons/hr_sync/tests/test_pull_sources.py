# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""HR connectors that pull, against real servers on 127.0.0.1.

The SCIM service provider, REST HR API and Workday-style SOAP service of the
repository's interoperability tests (``tests/interop/servers``).
"""

import json
import sys
import unittest
from pathlib import Path
from unittest import mock

from cryptography.fernet import Fernet

from odoo.tests import tagged
from odoo.tools import config

from .common import HrSyncCase

INTEROP = Path(__file__).resolve().parents[3] / "tests" / "interop"


@tagged("post_install", "-at_install")
class TestPullSources(HrSyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (INTEROP / "servers" / "background.py").exists():
            raise unittest.SkipTest("needs the repository's tests/interop/servers")
        sys.path.insert(0, str(INTEROP))
        cls.startClassPatcher(
            mock.patch.dict(
                config.options,
                {"integration_vault_key": Fernet.generate_key().decode()},
            )
        )

    def serve(self, server):
        server.start()
        self.addCleanup(server.stop)
        return server

    def pull_connector(self, code, source, endpoint, mapping=None, **values):
        return self._make_connector(
            code,
            self.company,
            mapping=mapping,
            hr_source=source,
            transport="http",
            endpoint=endpoint,
            hr_deactivation_share=100,
            **values,
        )

    def test_scim_client_full_then_delta(self):
        from servers.scim_server import ScimServer  # noqa: PLC0415

        server = self.serve(ScimServer())
        connector = self.env["integration.connector"].create(
            {
                "name": "Okta SCIM",
                "code": "okta_scim",
                "company_id": self.company.id,
                "system_kind": "hr",
                "direction": "inbound",
                "transport": "http",
                "endpoint": server.base_url,
                "auth_method": "api_key",
                "hr_source": "scim_client",
                "hr_page_size": 50,
            }
        )
        connector.new_api_key = server.state.token
        self.assertTrue(
            connector.hr_mapping_id, "SCIM connectors get the standard mapping"
        )
        # The platform's legal entity NORTH is this test's company.
        spec = json.loads(connector.hr_mapping_spec)
        spec["employee"]["company_code"]["transforms"] = [
            {"map": {"NORTH": "TEST-NORTH"}}
        ]
        connector.hr_mapping_spec = json.dumps(spec)
        self.assertEqual(connector.hr_mapping_version, 2)
        run = connector._hr_sync(dry_run=False)
        active = sum(
            1 for user in server.state.users.values() if user.get("active", True)
        )
        self.assertEqual((run.state, run.failed_count), ("done", 0))
        self.assertEqual(run.created_count, active)
        self.assertTrue(connector.hr_watermark)
        first_user = next(iter(server.state.users.values()))
        server.state.modify(1, "2030-01-01T00:00:00Z", title="Chief Nursing Officer")
        delta = connector._hr_sync(dry_run=False)
        self.assertFalse(delta.full)
        self.assertEqual(delta.record_count, 1)
        self.assertEqual(delta.updated_count, 1)
        employee = self.employee(first_user["id"], connector)
        self.assertEqual(employee.job_title, "Chief Nursing Officer")
        self.assertIn(
            'meta.lastModified gt "', server.state.queries("/Users")[-1]["filter"]
        )

    def test_rest_api_with_page_pagination_and_api_key(self):
        from servers.hr_rest_server import BAMBOO_MAPPING, HrRestServer  # noqa: PLC0415

        server = self.serve(HrRestServer())
        connector = self.pull_connector(
            "bamboo_rest",
            "rest",
            server.url("/apikey/paged/employees"),
            auth_method="api_key",
            api_key_header="X-API-Key",
            hr_records_path="employees",
            hr_pagination="page",
            hr_page_size=50,
            mapping=BAMBOO_MAPPING,
        )
        connector.new_api_key = server.state.api_key
        run = connector._hr_sync(dry_run=False)
        self.assertEqual((run.state, run.failed_count), ("done", 0))
        self.assertEqual(run.created_count + run.unchanged_count, 230)
        self.assertEqual(
            self.employee("E0002", connector).parent_id,
            self.employee("E0001", connector),
        )
        connector.new_api_key = "wrong"
        with self.assertRaisesRegex(Exception, "HTTP 401"):
            connector._hr_sync(dry_run=False)

    def test_soap_get_workers_with_ws_security(self):
        from servers.workday_soap import WorkdayServer  # noqa: PLC0415

        server = self.serve(WorkdayServer())
        connector = self.pull_connector(
            "workday_soap",
            "soap",
            server.wsdl_url,
            auth_method="basic",
            username=server.state.username,
            hr_page_size=100,
        )
        connector.new_password = server.state.password
        self.assertTrue(
            connector.hr_mapping_id, "SOAP connectors get the standard mapping"
        )
        run = connector._hr_sync(dry_run=True)
        self.assertEqual((run.state, run.failed_count), ("preview", 0))
        self.assertEqual(run.created_count + run.unchanged_count, 230)
        applied = self.env["hr.sync.run"].browse(run.action_apply()["res_id"])
        self.assertEqual(applied.state, "done")
        cost_centers = (
            self.env["hr.employee"]
            .search([("hr_sync_connector_id", "=", connector.id)])
            .hr_cost_center_id
        )
        self.assertTrue(cost_centers)
