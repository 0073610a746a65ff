# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import TransactionCase

from integration_core.hr.sources import SourceFeed

MAPPING = {
    "employee": {
        "external_id": "id",
        "name": "name",
        "work_email": {"path": "email", "transforms": ["trim", "lower"]},
        "job_title": "title",
        "department_id": "dept",
        "department_name": "dept_name",
        "parent_department_id": "parent",
        "department_cost_center_code": "dept_cc",
        "cost_center_code": "cc",
        "cost_center_name": "cc_name",
        "manager_id": "manager",
        "manages_department": {"path": "head", "transforms": ["bool"]},
        "company_code": "entity",
        "status": {
            "path": "status",
            "transforms": [
                {"default": "A"},
                {"map": {"A": "active", "T": "terminated"}, "strict": True},
            ],
        },
    }
}


def person(key, name, dept, manager=None, head=False, **extra):
    departments = {
        "HOSP": ("North Hospital", None, "CC-HOSP"),
        "MED": ("Medicine", "HOSP", "CC-MED"),
        "CARD": ("Cardiology", "MED", "CC-CARD"),
    }
    dept_name, parent, cost_center = departments[dept]
    row = {
        "id": key,
        "name": name,
        "email": f"{key.lower()}@north.example",
        "title": "Staff",
        "dept": dept,
        "dept_name": dept_name,
        "parent": parent,
        "dept_cc": cost_center,
        "cc": cost_center,
        "cc_name": dept_name,
        "manager": manager,
        "head": "yes" if head else "no",
        "entity": "TEST-NORTH",
        "status": "A",
    }
    row.update(extra)
    return row


def hospital(nurses=8):
    """A director, a head of medicine, a head of cardiology and nurses."""
    rows = [
        person("DIR", "Dana Director", "HOSP", head=True),
        person("MED1", "Mo Medicine", "MED", manager="DIR", head=True),
        person("CAR1", "Cara Heart", "CARD", manager="MED1", head=True),
    ]
    rows += [
        person(f"N{i}", f"Nurse {i}", "CARD", manager="CAR1") for i in range(nurses)
    ]
    return rows


class HrSyncCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # A company of its own: demo data never changes the tests' counts.
        cls.company = cls.env["res.company"].create(
            {"name": "HR Sync Test Hospital", "hr_entity_code": "TEST-NORTH"}
        )
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.connector = cls._make_connector("hr_test", cls.company)

    @classmethod
    def _make_connector(cls, code, company, mapping="file", **values):
        """An HR connector of ``company``; ``mapping``: the spec to save,
        ``"file"`` for this module's test file mapping, ``None`` for none."""
        connector = cls.env["integration.connector"].create(
            dict(
                {
                    "name": f"HR {code}",
                    "code": code,
                    "company_id": company.id,
                    "system_kind": "hr",
                    "direction": "inbound",
                    "transport": "none",
                    "hr_source": "file",
                },
                **values,
            )
        )
        if mapping == "file":
            mapping = MAPPING
        if mapping:
            connector.hr_mapping_spec = json.dumps(mapping)
        return connector

    def sync(self, rows, full=True, dry_run=False, connector=None):
        feed = SourceFeed(records={"employee": rows}, full=full)
        return (connector or self.connector)._hr_sync(dry_run=dry_run, feed=feed)

    def employee(self, key, connector=None):
        return (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search(
                [
                    ("hr_sync_connector_id", "=", (connector or self.connector).id),
                    ("hr_sync_external_id", "=", key),
                ]
            )
        )

    def department(self, key):
        return self.env["hr.department"].search(
            [
                ("hr_sync_connector_id", "=", self.connector.id),
                ("hr_sync_external_id", "=", key),
            ]
        )

    def log_count(self):
        return self.env["integration.message"].search_count(
            [("connector_id", "=", self.connector.id)]
        )
