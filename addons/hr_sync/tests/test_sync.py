# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import json

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HrSyncCase, hospital, person


@tagged("post_install", "-at_install")
class TestHrSync(HrSyncCase):
    def test_full_sync_creates_departments_managers_employees_cost_centers(self):
        rows = hospital()
        # Reports first, their managers last: order in the feed does not matter.
        run = self.sync(list(reversed(rows)))
        self.assertEqual(run.state, "done")
        self.assertEqual(
            (run.created_count, run.failed_count, run.unchanged_count), (11, 0, 0)
        )
        cardiology = self.department("CARD")
        self.assertEqual(cardiology.parent_id, self.department("MED"))
        self.assertEqual(cardiology.manager_id, self.employee("CAR1"))
        self.assertEqual(cardiology.hr_cost_center_id.code, "CC-CARD")
        self.assertEqual(
            cardiology.hr_cost_center_id.plan_id,
            self.env.ref("hr_sync.account_analytic_plan_cost_centers"),
        )
        nurse = self.employee("N3")
        self.assertEqual(nurse.parent_id, self.employee("CAR1"))
        self.assertEqual(nurse.department_id, cardiology)
        self.assertEqual(nurse.hr_cost_center_id.code, "CC-CARD")
        self.assertEqual(nurse.hr_sync_status, "active")
        self.assertEqual(self.employee("CAR1").parent_id, self.employee("MED1"))
        # The avatar Odoo would generate, on the employee and the work contact.
        self.assertIn(b"<svg", base64.b64decode(nurse.image_1920))
        self.assertEqual(nurse.work_contact_id.image_1920, nurse.image_1920)
        # One message per record change, with its field changes.
        message = self.env["integration.message"].search(
            [
                ("connector_id", "=", self.connector.id),
                ("operation", "=", "hr_create_employee"),
                ("res_id", "=", nurse.id),
            ]
        )
        self.assertEqual(message.state, "done")
        changed = set(message.change_ids.mapped("field_name"))
        self.assertTrue({"name", "department_id", "parent_id"} <= changed)

    def test_same_sync_again_changes_nothing_and_logs_nothing(self):
        self.sync(hospital())
        self.env.flush_all()
        logged = self.log_count()
        employees_written = self.employee("N1").write_date
        run = self.sync(hospital())
        self.assertEqual((run.created_count, run.updated_count), (0, 0))
        self.assertEqual(run.unchanged_count, 11)
        self.env.flush_all()
        self.assertEqual(self.log_count(), logged)
        self.assertEqual(self.employee("N1").write_date, employees_written)

    def test_change_is_applied_and_logged_with_its_field(self):
        self.sync(hospital())
        rows = hospital()
        rows[4]["title"] = "Charge Nurse"
        run = self.sync(rows)
        self.assertEqual((run.updated_count, run.unchanged_count), (1, 10))
        nurse = self.employee("N1")
        self.assertEqual(nurse.job_title, "Charge Nurse")
        message = self.env["integration.message"].search(
            [("operation", "=", "hr_update_employee"), ("res_id", "=", nurse.id)]
        )
        self.assertEqual(
            message.change_ids.mapped(lambda c: (c.field_name, c.new_value)),
            [("job_title", "Charge Nurse")],
        )

    def test_dry_run_applies_nothing_and_apply_does(self):
        run = self.sync(hospital(), dry_run=True)
        self.assertEqual(run.state, "preview")
        self.assertEqual(run.created_count, 11)
        self.assertFalse(self.employee("N1"))
        self.assertIn("create", run.line_ids.mapped("action"))
        line = run.line_ids.filtered(lambda line: line.key == "N1")[:1]
        self.assertIn("name: - -> Nurse 1", line.diff)
        applied = self.env["hr.sync.run"].browse(run.action_apply()["res_id"])
        self.assertEqual(applied.state, "done")
        self.assertEqual(run.state, "applied_preview")
        self.assertTrue(self.employee("N1"))

    def test_mass_deactivation_is_stopped_and_nothing_changes(self):
        self.sync(hospital(nurses=30))
        logged = self.log_count()
        rows = hospital(nurses=30)[:-5]  # 5 of 33 (15 %) disappear
        rows[3]["title"] = "Would change"
        run = self.sync(rows)
        self.assertEqual(run.state, "stopped")
        self.assertEqual(run.guard, "mass_deactivation")
        self.assertIn("N29", run.guard_message)
        self.assertTrue(self.employee("N29").active)
        self.assertEqual(self.employee("N0").job_title, "Staff")
        self.env.flush_all()
        self.assertEqual(self.log_count(), logged)
        alert = self.connector.alert_ids.filtered(
            lambda alert: "stopped by a guard" in alert.name
        )
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.kind, "business")
        self.assertEqual(alert.document_ref, run, "the stopped run is the document")
        self.assertIn("N29", alert.note)

    def test_manager_cycle_is_stopped(self):
        self.sync(hospital())
        rows = hospital()
        rows[0]["manager"] = "CAR1"  # the director reports to a head below her
        run = self.sync(rows)
        self.assertEqual(run.guard, "manager_cycle")
        self.assertIn("DIR", run.guard_message)
        self.assertFalse(self.employee("DIR").parent_id)

    def test_record_error_fails_alone(self):
        rows = hospital()
        rows[5]["status"] = "Z"
        rows[6]["email"] = "not an email"
        run = self.sync(rows)
        self.assertEqual(run.state, "done")
        self.assertEqual((run.created_count, run.failed_count), (9, 2))
        errors = run.error_line_ids.mapped(lambda line: (line.key, line.field))
        self.assertEqual(sorted(errors), [("N2", "status"), ("N3", "work_email")])
        self.assertTrue(self.employee("N1"))
        self.assertFalse(self.employee("N2"))

    def test_termination_archives_and_repoints_reports(self):
        self.connector.hr_deactivation_share = 10  # 1 of 11 people
        self.sync(hospital())
        rows = hospital()
        rows[2]["status"] = "T"  # the head of cardiology leaves
        run = self.sync(rows, full=False)
        self.assertEqual(run.deactivated_count, 1)
        head = self.employee("CAR1")
        self.assertFalse(head.active)
        self.assertEqual(head.hr_sync_status, "terminated")
        # Her reports now report to the next manager up, not to nobody.
        self.assertEqual(self.employee("N1").parent_id, self.employee("MED1"))
        rows[2]["status"] = "A"
        run = self.sync(rows, full=False)
        self.assertEqual(run.reactivated_count, 1)
        self.assertTrue(self.employee("CAR1").active)

    def test_connector_cannot_write_another_company(self):
        company_b = self.env["res.company"].create(
            {"name": "HR Sync Test Clinic", "hr_entity_code": "TEST-SOUTH"}
        )
        rows = hospital()
        rows.append(person("X1", "Other Company", "CARD", entity="TEST-SOUTH"))
        run = self.sync(rows)
        self.assertEqual(run.failed_count, 1)
        self.assertIn("TEST-SOUTH", run.error_line_ids.reason)
        self.assertFalse(self.employee("X1"))
        # Once allowed, the entity code routes the employee there.
        self.connector.hr_company_ids = company_b | self.company
        self.sync(rows)
        self.assertEqual(self.employee("X1").company_id, company_b)

    def test_mapping_versions_and_rollback(self):
        first = self.connector.hr_mapping_id
        spec = json.loads(first.spec)
        spec["employee"]["job_title"] = {"path": "title", "transforms": ["upper"]}
        self.connector.hr_mapping_spec = json.dumps(spec)
        second = self.connector.hr_mapping_id
        self.assertEqual((first.version, second.version), (1, 2))
        run = self.sync(hospital())
        self.assertEqual(run.mapping_version, 2)
        self.assertEqual(self.employee("N1").job_title, "STAFF")
        first.action_rollback()
        self.assertEqual(self.connector.hr_mapping_id.version, 3)
        self.assertEqual(self.connector.hr_mapping_id.spec, first.spec)
        with self.assertRaises(ValidationError):
            self.connector.hr_mapping_spec = json.dumps({"employee": {"x": "y"}})
