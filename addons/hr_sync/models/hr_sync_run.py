# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One HR sync run: read, plan (``integration_core.hr``), then apply or preview.

Odoo is read in bulk into a :class:`~integration_core.hr.plan.Snapshot`; the
core decides; this model writes what the plan says, in its order, with one
integration message per source record change (its field changes recorded),
and keeps the counts, the guard that stopped the run and the record errors.
"""

import base64
import json
import logging
import time

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_mail_server import MailDeliveryException

from integration_core.changes import to_text
from integration_core.hr.batch import collect
from integration_core.hr.model import (
    COST_CENTER,
    DEPARTMENT,
    EMPLOYEE,
    TERMINATED,
)
from integration_core.hr.plan import (
    CREATE,
    DEACTIVATE,
    LINK,
    REACTIVATE,
    UPDATE,
    Existing,
    Snapshot,
    plan_sync,
)
from integration_core.hr.sources import SourceFeed

_logger = logging.getLogger(__name__)

GUARDS = [
    ("mass_deactivation", "Mass deactivation"),
    ("manager_cycle", "Manager cycle"),
    ("department_cycle", "Department cycle"),
    ("duplicate", "Duplicates"),
]
# Employee fields a sync writes, by canonical name.
EMPLOYEE_FIELDS = {
    "name": "name",
    "work_email": "work_email",
    "work_phone": "work_phone",
    "mobile_phone": "mobile_phone",
    "job_title": "job_title",
    "department_id": "department_id",
    "manager_id": "parent_id",
    "cost_center_code": "hr_cost_center_id",
    "company_code": "company_id",
    "status": "hr_sync_status",
    "hire_date": "hr_sync_hire_date",
    "termination_date": "hr_sync_termination_date",
    "badge_id": "barcode",
    "grade": "hr_sync_grade",
}
DEPARTMENT_FIELDS = {
    "name": "name",
    "parent_id": "parent_id",
    "cost_center_code": "hr_cost_center_id",
    "company_code": "company_id",
}
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "hr_sync_keep_reports": True,
    "hr_sync_run": True,
}


class HrSyncRun(models.Model):
    _name = "hr.sync.run"
    _description = "HR Sync Run"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    connector_id = fields.Many2one(
        "integration.connector",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    hr_source = fields.Selection(related="connector_id.hr_source", string="Source")
    mapping_id = fields.Many2one("hr.sync.mapping", readonly=True, ondelete="restrict")
    mapping_version = fields.Integer(readonly=True)
    dry_run = fields.Boolean(readonly=True)
    full = fields.Boolean(string="Full Feed", readonly=True)
    state = fields.Selection(
        [
            ("preview", "Preview"),
            ("done", "Applied"),
            ("stopped", "Stopped by a guard"),
            ("applied_preview", "Preview applied"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    initiator = fields.Selection(
        [("user", "User"), ("cron", "Scheduled"), ("partner", "Partner push")],
        readonly=True,
        default="user",
    )
    started_at = fields.Datetime(readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 2))
    record_count = fields.Integer(string="Records Read", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    deactivated_count = fields.Integer(string="Deactivated", readonly=True)
    reactivated_count = fields.Integer(string="Reactivated", readonly=True)
    failed_count = fields.Integer(string="Failed", readonly=True)
    department_change_count = fields.Integer(string="Department Changes", readonly=True)
    guard = fields.Selection(GUARDS, readonly=True)
    guard_message = fields.Text(readonly=True)
    line_ids = fields.One2many("hr.sync.run.line", "run_id", string="Changes")
    error_line_ids = fields.One2many(
        "hr.sync.run.line", "run_id", domain=[("action", "=", "error")], string="Errors"
    )
    feed_attachment_id = fields.Many2one("ir.attachment", readonly=True, string="Feed")
    watermark = fields.Char(readonly=True)

    # -- actions ----------------------------------------------------------

    def action_apply(self):
        """Apply the feed this preview showed (planned again against Odoo now)."""
        self.ensure_one()
        feed = self._stored_feed()
        run = self.connector_id._hr_sync(dry_run=False, feed=feed)
        self.state = "applied_preview"
        return run._open_action()

    def action_view_messages(self):
        self.ensure_one()
        action = self.connector_id.action_view_messages()
        action["domain"] = [
            ("connector_id", "=", self.connector_id.id),
            ("correlation_id", "=", self._correlation()),
        ]
        return action

    def _open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    # -- the run ----------------------------------------------------------

    @api.model
    def _run(self, connector, feed, *, dry_run, initiator="user"):
        """Plan ``feed`` for ``connector``; apply it unless ``dry_run`` or a
        guard stops it. Returns the run."""
        started = time.perf_counter()
        mapping = connector.hr_mapping_id
        run = self.sudo().create(
            {
                "name": self.env._(
                    "%(connector)s %(kind)s",
                    connector=connector.name,
                    kind=self.env._("dry run") if dry_run else self.env._("sync"),
                ),
                "connector_id": connector.id,
                "mapping_id": mapping.id,
                "mapping_version": mapping.version,
                "dry_run": dry_run,
                "full": feed.full,
                "state": "preview",
                "initiator": initiator,
                "started_at": fields.Datetime.now(),
                "record_count": feed.count(),
                "watermark": feed.watermark,
            }
        )
        if dry_run:
            run._store_feed(feed)  # what Apply will apply
        batch = collect(mapping._core_mapping(), feed.records, full=feed.full)
        snapshot = run._snapshot()
        plan = plan_sync(batch, snapshot, connector._hr_guards())
        if plan.stopped:
            run._stop(plan)
        elif dry_run:
            run._preview(plan)
        else:
            run.with_context(**QUIET)._apply(plan, snapshot)
        run.duration = time.perf_counter() - started
        return run.with_env(self.env)

    def _store_feed(self, feed):
        document = {
            "records": feed.records,
            "full": feed.full,
            "watermark": feed.watermark,
        }
        self.feed_attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"hr-feed-{self.id}.json",
                "raw": json.dumps(document, default=str).encode(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/json",
            }
        )

    def _stored_feed(self):
        document = json.loads(base64.b64decode(self.feed_attachment_id.datas or b"{}"))
        return SourceFeed(
            records=document.get("records", {}),
            full=document.get("full", False),
            watermark=document.get("watermark"),
        )

    def _correlation(self):
        return f"hr.sync.run/{self.id}"

    def _counts(self, plan, state):
        counts = plan.counts(EMPLOYEE)
        departments = plan.counts(DEPARTMENT)
        return {
            "state": state,
            "created_count": counts["created"],
            "updated_count": counts["updated"],
            "unchanged_count": counts["unchanged"],
            "deactivated_count": counts["deactivated"],
            "reactivated_count": counts["reactivated"],
            "failed_count": counts["failed"] + departments["failed"],
            "department_change_count": departments["created"] + departments["updated"],
        }

    def _stop(self, plan):
        first = plan.violations[0]
        message = "\n".join(str(violation) for violation in plan.violations)
        self.write(
            dict(
                self._counts(plan, "stopped"), guard=first.guard, guard_message=message
            )
        )
        self._write_lines(plan, errors_only=True)
        self.connector_id._raise_alert(
            self.env._("HR sync of %s stopped by a guard", self.connector_id.name),
            message,
            kind="business",
            record=self,
        )

    def _preview(self, plan):
        self.write(self._counts(plan, "preview"))
        self._write_lines(plan)

    def _write_lines(self, plan, errors_only=False):
        lines = [
            {
                "run_id": self.id,
                "kind": error.kind,
                "key": error.external_id or "",
                "action": "error",
                "field": error.field,
                "reason": error.message,
            }
            for error in plan.errors
        ]
        if not errors_only:
            lines += [
                {
                    "run_id": self.id,
                    "kind": change.kind,
                    "key": change.key or "",
                    "action": change.action,
                    "reason": change.reason,
                    "diff": "\n".join(
                        f"{diff.field}: {to_text(diff.old) or '-'} -> "
                        f"{to_text(diff.new) or '-'}"
                        for diff in change.diff
                    ),
                }
                for change in plan.changes
            ]
            lines += [
                {
                    "run_id": self.id,
                    "kind": EMPLOYEE,
                    "key": key,
                    "action": "manager",
                    "reason": self.env._("manager set to %s", manager or "-"),
                }
                for key, manager in plan.manager_links.items()
            ]
        self.env["hr.sync.run.line"].sudo().create(lines)

    # -- snapshot: what Odoo holds, read in bulk --------------------------

    def _snapshot(self):
        connector = self.connector_id
        companies = connector._hr_companies()
        codes = {company.id: company._hr_entity_code() for company in companies}
        cost_centers = self._snapshot_cost_centers(codes)
        departments = self._snapshot_departments(codes, cost_centers)
        employees, unbound_emails, unbound_badges = self._snapshot_employees(
            codes, cost_centers, departments
        )
        active = dict(
            self.env["hr.employee"]
            .sudo()
            ._read_group(
                [("company_id", "in", companies.ids), ("active", "=", True)],
                ["company_id"],
                ["__count"],
            )
        )
        return Snapshot(
            employees=employees,
            departments=departments["existing"],
            cost_centers=cost_centers["existing"],
            unbound_emails=unbound_emails,
            unbound_badges=unbound_badges,
            companies=frozenset(codes.values()),
            default_company=codes[connector.company_id.id],
            active_counts={
                codes[company.id]: count for company, count in active.items()
            },
        )

    def _snapshot_cost_centers(self, codes):
        plan = self.env["account.analytic.plan"].sudo()._hr_cost_center_plan()
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("plan_id", "=", plan.id), ("code", "!=", False)],
                ["code", "name", "company_id"],
            )
        )
        existing = {
            account.code: Existing(
                ref=account.id,
                values={
                    "code": account.code,
                    "name": account.name,
                    "company_code": codes.get(account.company_id.id),
                },
            )
            for account in accounts
        }
        return {"existing": existing, "code_by_id": {a.id: a.code for a in accounts}}

    def _snapshot_departments(self, codes, cost_centers):
        records = (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("hr_sync_connector_id", "=", self.connector_id.id)],
                [
                    "hr_sync_external_id",
                    "hr_sync_hash",
                    "name",
                    "parent_id",
                    "manager_id",
                    "hr_cost_center_id",
                    "company_id",
                    "active",
                ],
            )
        )
        key_by_id = {record.id: record.hr_sync_external_id for record in records}
        manager_keys = {
            employee.id: employee.hr_sync_external_id
            for employee in records.manager_id.sudo()
            if employee.hr_sync_connector_id == self.connector_id
        }
        existing = {}
        for record in records:
            existing[record.hr_sync_external_id] = Existing(
                ref=record.id,
                hash=record.hr_sync_hash,
                active=record.active,
                values={
                    "external_id": record.hr_sync_external_id,
                    "name": record.name,
                    "parent_id": key_by_id.get(record.parent_id.id),
                    "manager_id": manager_keys.get(record.manager_id.id),
                    "cost_center_code": cost_centers["code_by_id"].get(
                        record.hr_cost_center_id.id
                    ),
                    "company_code": codes.get(record.company_id.id),
                },
            )
        return {"existing": existing, "key_by_id": key_by_id}

    def _snapshot_employees(self, codes, cost_centers, departments):
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        names = [
            "hr_sync_external_id",
            "hr_sync_hash",
            "active",
            "parent_id",
            "company_id",
        ]
        names += [name for name in EMPLOYEE_FIELDS.values() if name not in names]
        records = Employee.search_fetch(
            [("hr_sync_connector_id", "=", self.connector_id.id)], names
        )
        key_by_id = {record.id: record.hr_sync_external_id for record in records}
        department_keys = departments["key_by_id"]
        cost_center_codes = cost_centers["code_by_id"]
        existing = {}
        for record in records:
            existing[record.hr_sync_external_id] = Existing(
                ref=record.id,
                hash=record.hr_sync_hash,
                active=record.active,
                values={
                    "external_id": record.hr_sync_external_id,
                    "name": record.name,
                    "work_email": record.work_email or None,
                    "work_phone": record.work_phone or None,
                    "mobile_phone": record.mobile_phone or None,
                    "job_title": record.job_title or None,
                    "department_id": department_keys.get(record.department_id.id),
                    "manager_id": key_by_id.get(record.parent_id.id),
                    "cost_center_code": cost_center_codes.get(
                        record.hr_cost_center_id.id
                    ),
                    "company_code": codes.get(record.company_id.id),
                    "status": record.hr_sync_status or None,
                    "hire_date": _date_text(record.hr_sync_hire_date),
                    "termination_date": _date_text(record.hr_sync_termination_date),
                    "badge_id": record.barcode or None,
                    "grade": record.hr_sync_grade or None,
                },
            )
        unbound = Employee.search_fetch(
            [("hr_sync_connector_id", "=", False), ("company_id", "in", list(codes))],
            ["work_email", "barcode", "active"],
        )
        emails = {
            record.work_email.lower(): record.id
            for record in unbound
            if record.work_email and record.active
        }
        badges = {record.barcode: record.id for record in unbound if record.barcode}
        return existing, emails, badges

    # -- apply ------------------------------------------------------------

    def _apply(self, plan, snapshot):
        refs = _Refs(self, snapshot)
        self._apply_cost_centers(plan, refs)
        self._apply_departments(plan, refs)
        self._apply_employees(plan, refs)
        self._apply_department_managers(plan, refs)
        self._apply_deactivations(plan, refs)
        self._store_hashes(plan, refs)
        self.write(self._counts(plan, "done"))
        self._write_lines(plan, errors_only=True)
        connector = self.connector_id.sudo()
        if self.watermark:
            connector.hr_watermark = self.watermark
        if self.full:
            connector.hr_last_full_at = fields.Datetime.now()

    def _log(self, operation, record, field_names):
        return (
            self.env["integration.message"]
            .sudo()
            ._log_created(
                self.connector_id,
                operation,
                record,
                field_names,
                idempotency_reference={
                    "run": self.id,
                    "record": record.id,
                    "op": operation,
                },
                initiator=self.initiator,
                correlation_id=self._correlation(),
            )
        )

    def _apply_log(self, operation, records, vals, key):
        return (
            self.env["integration.message"]
            .sudo()
            ._log_apply(
                self.connector_id,
                operation,
                records,
                vals,
                idempotency_reference={"run": self.id, "key": key, "op": operation},
                initiator=self.initiator,
                correlation_id=self._correlation(),
            )
        )

    def _apply_cost_centers(self, plan, refs):
        Account = self.env["account.analytic.account"].sudo()
        plan_id = self.env["account.analytic.plan"].sudo()._hr_cost_center_plan().id
        creates = plan.by_kind(COST_CENTER, CREATE)
        vals_list = [
            {
                "name": change.record.name or change.record.code,
                "code": change.record.code,
                "plan_id": plan_id,
                "company_id": refs.company(change.record.company_code).id,
            }
            for change in creates
        ]
        for change, account in zip(creates, Account.create(vals_list), strict=True):
            refs.cost_centers[change.key] = account.id
            self._log("hr_create_cost_center", account, ["name", "code"])
        for change in plan.by_kind(COST_CENTER, UPDATE):
            vals = {
                "name": change.record.name or change.record.code,
                "company_id": refs.company(change.record.company_code).id,
            }
            names = {"name": "name", "company_code": "company_id"}
            self._apply_log(
                "hr_update_cost_center",
                Account.browse(change.ref),
                _changed_only(vals, change, names),
                change.key,
            )

    def _apply_departments(self, plan, refs):
        Department = self.env["hr.department"].sudo()
        for change in plan.by_kind(DEPARTMENT):
            vals = refs.department_values(change.record)
            if change.action == CREATE:
                department = Department.create(
                    dict(
                        vals,
                        hr_sync_connector_id=self.connector_id.id,
                        hr_sync_external_id=change.key,
                        hr_sync_hash=change.hash,
                    )
                )
                refs.departments[change.key] = department.id
                self._log("hr_create_department", department, list(vals))
            else:
                department = Department.browse(change.ref)
                vals = _changed_only(vals, change, DEPARTMENT_FIELDS)
                vals["active"] = True
                self._apply_log(
                    f"hr_{change.action}_department", department, vals, change.key
                )
                refs.hashes.append((DEPARTMENT, change.ref, change.hash))

    def _apply_employees(self, plan, refs):
        """Create the new employees in one batch, link them to their managers
        (created in the same batch or not), log each; then update the others."""
        Employee = self.env["hr.employee"].sudo()
        creates = plan.by_kind(EMPLOYEE, CREATE)
        vals_list = []
        for change in creates:
            vals = refs.employee_values(change.record)
            vals.pop("parent_id")
            vals.update(
                hr_sync_connector_id=self.connector_id.id,
                hr_sync_external_id=change.key,
                hr_sync_hash=change.hash,
            )
            vals_list.append(vals)
        self._add_avatars(vals_list)
        created = Employee.create(vals_list)
        for change, employee in zip(creates, created, strict=True):
            refs.employees[change.key] = employee.id
        self._link_created_to_managers(creates, created, refs)
        field_names = list(EMPLOYEE_FIELDS.values())
        for employee in created:
            self._log("hr_create_employee", employee, field_names)
        for change in plan.by_kind(EMPLOYEE, UPDATE, LINK, REACTIVATE):
            employee = Employee.browse(change.ref)
            vals = refs.employee_values(change.record)
            if change.action == LINK:
                vals.update(
                    hr_sync_connector_id=self.connector_id.id,
                    hr_sync_external_id=change.key,
                )
            else:
                vals = _changed_only(vals, change, EMPLOYEE_FIELDS)
            if change.action == REACTIVATE:
                vals["active"] = True
            self._apply_log(f"hr_{change.action}_employee", employee, vals, change.key)
            refs.employees[change.key] = employee.id
            refs.hashes.append((EMPLOYEE, change.ref, change.hash))

    def _add_avatars(self, vals_list):
        """Give each new employee the avatar Odoo would generate, in the batch.

        ``hr.employee.create`` otherwise renders and writes it one employee
        at a time, then copies it to the work contact: the same images,
        written in one batch here (and copied by Odoo's own batch creation of
        the work contacts).
        """
        Employee = self.env["hr.employee"]
        now = self.env.cr.now()
        for vals in vals_list:
            if vals.get("name") and not vals.get("image_1920"):
                draft = Employee.new({"name": vals["name"], "create_date": now})
                vals["image_1920"] = draft._avatar_generate_svg()

    def _link_created_to_managers(self, creates, created, refs):
        """One write per manager for all their new reports."""
        reports = {}
        for change, employee in zip(creates, created, strict=True):
            manager = refs.employee_id(change.record.manager_id)
            if manager:
                reports.setdefault(manager, []).append(employee.id)
        Employee = self.env["hr.employee"].sudo()
        for manager, ids in reports.items():
            Employee.browse(ids).write({"parent_id": manager})

    def _apply_department_managers(self, plan, refs):
        Department = self.env["hr.department"].sudo()
        for key, manager_key in plan.department_managers.items():
            department = Department.browse(refs.department_id(key))
            manager = refs.employee_id(manager_key)
            if department and department.manager_id.id != manager:
                self._apply_log(
                    "hr_set_department_manager",
                    department,
                    {"manager_id": manager},
                    key,
                )
        if plan.department_managers and self.connector_id.hr_create_manager_users:
            heads = Department.browse(
                [refs.department_id(key) for key in plan.department_managers]
            ).manager_id
            self._link_manager_users(heads)

    def _apply_deactivations(self, plan, refs):
        Employee = self.env["hr.employee"].sudo()
        for change in plan.by_kind(EMPLOYEE, DEACTIVATE):
            employee = Employee.browse(change.ref)
            vals = {"active": False, "hr_sync_status": TERMINATED}
            if change.record is not None:
                vals.update(
                    _changed_only(
                        refs.employee_values(change.record), change, EMPLOYEE_FIELDS
                    )
                )
            next_manager = self._next_active_manager(employee)
            self._apply_log("hr_deactivate_employee", employee, vals, change.key)
            if change.hash:
                refs.hashes.append((EMPLOYEE, change.ref, change.hash))
            self._repoint_reports(employee, next_manager)
            self.env["hr.sync.approval.limit"]._on_heads_changed(
                employee, employee._hr_headed_departments()
            )

    def _next_active_manager(self, employee):
        manager = employee.parent_id
        seen = {employee.id}
        while manager and (not manager.active or manager.id in seen):
            seen.add(manager.id)
            manager = manager.parent_id
        return manager

    def _repoint_reports(self, employee, next_manager):
        """Reports of an archived employee report to the next manager up
        (Odoo would leave them without one); each move is logged."""
        reports = (
            self.env["hr.employee"]
            .sudo()
            .search([("parent_id", "=", employee.id), ("active", "=", True)])
        )
        for report in reports:
            vals = {"parent_id": next_manager.id or False}
            if report.coach_id == employee:
                vals["coach_id"] = next_manager.id or False
            self._apply_log(
                "hr_repoint_manager",
                report,
                vals,
                report.hr_sync_external_id or str(report.id),
            )

    def _store_hashes(self, plan, refs):
        """Store the hash of each applied record, and of records whose values
        were already right (no change is logged for those)."""
        rows = refs.hashes + [
            (kind, ref, digest) for kind, _key, ref, digest in plan.rehash
        ]
        for kind, model in ((EMPLOYEE, "hr.employee"), (DEPARTMENT, "hr.department")):
            pairs = [(ref, digest) for k, ref, digest in rows if k == kind and digest]
            if not pairs:
                continue
            # A bookkeeping column of this module with no business value: one
            # statement instead of one ORM write per record.
            self.env.cr.execute(
                f"UPDATE {self.env[model]._table} AS t SET hr_sync_hash = v.hash "
                "FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::text[]) AS hash) v "
                "WHERE t.id = v.id",
                ([ref for ref, _digest in pairs], [digest for _ref, digest in pairs]),
            )
            self.env[model].invalidate_model(["hr_sync_hash"])

    def _link_manager_users(self, managers):
        """Link managers to the user with their work email, or invite one."""
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        for manager in managers.filtered(lambda m: not m.user_id and m.work_email):
            email = manager.work_email.lower()
            user = Users.search(
                ["|", ("login", "=ilike", email), ("email", "=ilike", email)], limit=1
            )
            if not user:
                user = Users.with_context(no_reset_password=True).create(
                    {
                        "name": manager.name,
                        "login": email,
                        "email": email,
                        "company_id": manager.company_id.id,
                        "company_ids": [(6, 0, manager.company_id.ids)],
                    }
                )
                self._invite(user)
            self._apply_log(
                "hr_link_user",
                manager,
                {"user_id": user.id},
                manager.sudo().hr_sync_external_id,
            )
            self.env["hr.sync.approval.limit"]._on_heads_changed(
                manager, manager._hr_headed_departments()
            )

    def _invite(self, user):
        """Send Odoo's signup invitation; a mail failure never stops the sync."""
        if not hasattr(user, "_action_reset_password"):
            return  # auth_signup is not installed: the user gets no invitation
        try:
            with self.env.cr.savepoint():
                user._action_reset_password(signup_type="signup")
        except (UserError, MailDeliveryException) as error:
            _logger.warning("Could not invite %s to sign up: %s", user.login, error)


class _Refs:
    """Odoo ids of what the plan names by external id, created ones included."""

    def __init__(self, run, snapshot):
        self.run = run
        self.departments = {key: e.ref for key, e in snapshot.departments.items()}
        self.employees = {key: e.ref for key, e in snapshot.employees.items()}
        self.cost_centers = {code: e.ref for code, e in snapshot.cost_centers.items()}
        companies = run.connector_id._hr_companies()
        self.companies = {c._hr_entity_code(): c for c in companies}
        self.default_company = run.connector_id.company_id
        self.hashes = []

    def company(self, code):
        return self.companies.get(code) or self.default_company

    def department_id(self, key):
        return self.departments.get(key) or False

    def employee_id(self, key):
        return self.employees.get(key) or False

    def department_values(self, record):
        return {
            "name": record.name,
            "parent_id": self.department_id(record.parent_id),
            "hr_cost_center_id": self.cost_centers.get(record.cost_center_code)
            or False,
            "company_id": self.company(record.company_code).id,
        }

    def employee_values(self, record):
        return {
            "name": record.name,
            "work_email": record.work_email or False,
            "work_phone": record.work_phone or False,
            "mobile_phone": record.mobile_phone or False,
            "job_title": record.job_title or False,
            "department_id": self.department_id(record.department_id),
            "parent_id": self.employee_id(record.manager_id),
            "hr_cost_center_id": self.cost_centers.get(record.cost_center_code)
            or False,
            "company_id": self.company(record.company_code).id,
            "hr_sync_status": record.status,
            "hr_sync_hire_date": record.hire_date or False,
            "hr_sync_termination_date": record.termination_date or False,
            "barcode": record.badge_id or False,
            "hr_sync_grade": record.grade or False,
        }


def _changed_only(vals, change, field_map):
    """The Odoo values of the fields the change's diff names."""
    names = {field_map[diff.field] for diff in change.diff if diff.field in field_map}
    return {name: value for name, value in vals.items() if name in names}


def _date_text(value):
    return value.isoformat() if value else None
