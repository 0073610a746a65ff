"""Sync plans: creates, no-ops, ordering, per-record errors and every guard."""

import dataclasses

import pytest

from integration_core.hr.batch import SourceBatch
from integration_core.hr.model import (
    CostCenter,
    Department,
    Employee,
    record_hash,
    record_values,
)
from integration_core.hr.plan import (
    CREATE,
    DEACTIVATE,
    GUARD_DEPARTMENT_CYCLE,
    GUARD_DUPLICATE,
    GUARD_MANAGER_CYCLE,
    GUARD_MASS_DEACTIVATION,
    LINK,
    REACTIVATE,
    UPDATE,
    Existing,
    Guards,
    Snapshot,
    plan_sync,
)

DEPARTMENTS = [
    Department("HOSP", "North Hospital", cost_center_code="CC-HOSP"),
    Department("CARD", "Cardiology", parent_id="HOSP", cost_center_code="CC-CARD"),
]
COST_CENTERS = [CostCenter("CC-HOSP", "Hospital"), CostCenter("CC-CARD", "Cardiology")]


def staff(count=3):
    """A head of cardiology and reports, listed reports first."""
    reports = [
        Employee(
            f"E{i}",
            f"Nurse {i}",
            work_email=f"n{i}@x.org",
            department_id="CARD",
            manager_id="E0",
        )
        for i in range(1, count)
    ]
    head = Employee(
        "E0",
        "Dr Head",
        work_email="head@x.org",
        department_id="CARD",
        manages_department=True,
    )
    return reports + [head]


def batch(employees, full=False, departments=DEPARTMENTS, cost_centers=COST_CENTERS):
    result = SourceBatch(
        employees=list(employees),
        departments=list(departments),
        cost_centers=list(cost_centers),
        full=full,
    )
    for employee in employees:
        result.seen["employee"].add(employee.external_id)
    return result


def synced(records, ref_start=1, **overrides):
    """The snapshot Odoo holds after applying ``records`` exactly."""
    return {
        record.key: Existing(
            ref=ref_start + index,
            values=record_values(record),
            hash=record_hash(record),
            active=getattr(record, "is_active", True),
        )
        for index, record in enumerate(records)
    } | overrides


def snapshot_after(employees, **kwargs):
    """Odoo after a sync of ``employees``: heads set on their departments."""
    kwargs.setdefault("active_counts", {None: len(employees)})
    departments = synced(DEPARTMENTS, 10)
    for employee in employees:
        if employee.manages_department:
            existing = departments[employee.department_id]
            values = dict(existing.values, manager_id=employee.external_id)
            departments[employee.department_id] = dataclasses.replace(
                existing, values=values
            )
    return Snapshot(
        employees=synced(employees, 100),
        departments=departments,
        cost_centers={
            c.code: Existing(ref=i, values=record_values(c))
            for i, c in enumerate(COST_CENTERS)
        },
        **kwargs,
    )


def test_first_sync_creates_in_order_managers_first():
    plan = plan_sync(batch(staff()), Snapshot())
    assert not plan.stopped and plan.errors == []
    assert [(c.kind, c.key) for c in plan.changes if c.action == CREATE] == [
        ("cost_center", "CC-HOSP"),
        ("cost_center", "CC-CARD"),
        ("department", "HOSP"),
        ("department", "CARD"),
        ("employee", "E0"),
        ("employee", "E1"),
        ("employee", "E2"),
    ]
    assert plan.manager_links == {"E1": "E0", "E2": "E0"}
    assert plan.department_managers == {"CARD": "E0"}
    assert plan.counts() == {
        "created": 3,
        "updated": 0,
        "deactivated": 0,
        "reactivated": 0,
        "unchanged": 0,
        "failed": 0,
    }


def test_manager_arriving_after_reports_in_a_later_batch():
    first = plan_sync(batch(staff()[:-1]), Snapshot())  # reports without their head
    assert {e.field for e in first.errors} == {"manager_id"}
    assert first.counts()["failed"] == 2
    # The head arrives later; then the reports.
    second = plan_sync(batch(staff()[-1:]), Snapshot())
    assert [c.key for c in second.by_kind("employee", CREATE)] == ["E0"]
    third = plan_sync(batch(staff()[:-1]), snapshot_after(staff()[-1:]))
    assert third.errors == []
    assert third.manager_links == {"E1": "E0", "E2": "E0"}


def test_unchanged_feed_plans_nothing():
    employees = staff(50)
    plan = plan_sync(batch(employees, full=True), snapshot_after(employees))
    assert plan.changes == [] and plan.rehash == []
    assert plan.manager_links == {} and plan.department_managers == {}
    assert plan.counts()["unchanged"] == 50


def test_new_department_head_is_planned_with_a_diff():
    employees = staff()
    snapshot = snapshot_after(employees)
    promoted = dataclasses.replace(employees[0], manages_department=True)
    demoted = dataclasses.replace(employees[-1], manages_department=False)
    plan = plan_sync(batch([promoted, employees[1], demoted]), snapshot)
    assert plan.department_managers == {"CARD": "E1"}
    [department] = plan.by_kind("department")
    assert [(d.field, d.old, d.new) for d in department.diff] == [
        ("manager_id", "E0", "E1")
    ]


def test_changed_record_has_field_diffs_and_reconcile_repairs_drift():
    employees = staff()
    snapshot = snapshot_after(employees)
    moved = dataclasses.replace(employees[0], job_title="Charge Nurse")
    plan = plan_sync(batch([moved] + employees[1:]), snapshot)
    [change] = plan.changes
    assert (change.action, change.key, change.ref) == (UPDATE, "E1", 100)
    assert [(d.field, d.old, d.new) for d in change.diff] == [
        ("job_title", None, "Charge Nurse")
    ]
    # Someone edited Odoo: the hash still matches, reconcile compares values.
    drifted = dict(snapshot.employees["E2"].values, work_phone="555")
    snapshot.employees["E2"] = dataclasses.replace(
        snapshot.employees["E2"], values=drifted
    )
    assert plan_sync(batch(employees), snapshot).changes == []
    [repair] = plan_sync(batch(employees), snapshot, reconcile=True).changes
    assert (repair.key, repair.diff[0].field, repair.diff[0].new) == (
        "E2",
        "work_phone",
        None,
    )


def test_termination_reactivation_and_missing_from_full_feed():
    employees = staff(40)
    snapshot = snapshot_after(employees)
    terminated = dataclasses.replace(
        employees[0], status="terminated", termination_date="2026-11-30"
    )
    feed = [terminated] + employees[2:]  # E2 missing
    plan = plan_sync(batch(feed, full=True), snapshot)
    leaving = {c.key: c.reason for c in plan.by_kind("employee", DEACTIVATE)}
    assert leaving == {
        "E1": "terminated on 2026-11-30",
        "E2": "missing from the full feed",
    }
    assert not plan.stopped  # 2 of 40 = 5 %, not more
    # A delta feed never deactivates the absent.
    assert [
        c.key for c in plan_sync(batch(feed), snapshot).by_kind("employee", DEACTIVATE)
    ] == ["E1"]
    archived = dict(snapshot.employees)
    archived["E1"] = dataclasses.replace(archived["E1"], active=False)
    snapshot.employees = archived
    [back] = plan_sync(batch(employees), snapshot).changes
    assert (back.key, back.action) == ("E1", REACTIVATE)


def test_mass_deactivation_stops_the_run_and_names_the_records():
    employees = staff(100)
    plan = plan_sync(batch(employees[:90], full=True), snapshot_after(employees))
    assert plan.stopped
    [violation] = plan.violations
    assert violation.guard == GUARD_MASS_DEACTIVATION
    assert "10 of 100 active employees" in violation.message
    assert "E91" in violation.message and "E0" in violation.message
    assert len(violation.keys) == 10
    # Raising the share lets it pass; a count limit stops it again.
    assert not plan_sync(
        batch(employees[:90], full=True),
        snapshot_after(employees),
        Guards(max_deactivation_share=0.2),
    ).stopped
    assert plan_sync(
        batch(employees[:90], full=True),
        snapshot_after(employees),
        Guards(max_deactivation_share=1, max_deactivation_count=5),
    ).stopped


def test_an_empty_full_feed_is_stopped():
    employees = staff(30)
    plan = plan_sync(batch([], full=True), snapshot_after(employees))
    assert [v.guard for v in plan.violations] == [GUARD_MASS_DEACTIVATION]


def test_manager_cycle_is_stopped():
    a = Employee("A", "Alice", manager_id="B")
    b = Employee("B", "Bob", manager_id="A")
    plan = plan_sync(batch([a, b, Employee("C", "Carl", manager_id="A")]), Snapshot())
    [violation] = plan.violations
    assert violation.guard == GUARD_MANAGER_CYCLE
    assert violation.message.startswith("manager cycle: A > B > A")


def test_manager_cycle_through_existing_records():
    employees = [Employee("A", "Alice"), Employee("B", "Bob", manager_id="A")]
    snapshot = snapshot_after(employees)
    plan = plan_sync(batch([Employee("A", "Alice", manager_id="B")]), snapshot)
    assert [v.guard for v in plan.violations] == [GUARD_MANAGER_CYCLE]


def test_department_cycle_is_stopped():
    departments = [
        Department("X", "X", parent_id="Y"),
        Department("Y", "Y", parent_id="X"),
    ]
    plan = plan_sync(batch([], departments=departments, cost_centers=[]), Snapshot())
    assert [v.guard for v in plan.violations] == [GUARD_DEPARTMENT_CYCLE]


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        ([Employee("A", "A"), Employee("A", "A2")], "employee external id(s) appear"),
        (
            [
                Employee("A", "A", work_email="s@x.org"),
                Employee("B", "B", work_email="S@x.org"),
            ],
            "share the work email 's@x.org'",
        ),
        (
            [Employee("A", "A", badge_id="77"), Employee("B", "B", badge_id="77")],
            "share the badge '77'",
        ),
    ],
)
def test_duplicates_are_stopped(employees, expected):
    plan = plan_sync(batch(employees, departments=[], cost_centers=[]), Snapshot())
    assert [v.guard for v in plan.violations] == [GUARD_DUPLICATE]
    assert expected in plan.violations[0].message


def test_existing_odoo_employee_is_adopted_by_email_once():
    snapshot = Snapshot(unbound_emails={"ada@x.org": 5})
    plan = plan_sync(
        batch(
            [Employee("A", "Ada", work_email="Ada@x.org")],
            departments=[],
            cost_centers=[],
        ),
        snapshot,
    )
    [change] = plan.changes
    assert (change.action, change.ref) == (LINK, 5)
    twice = [
        Employee("A", "Ada", work_email="ada@x.org"),
        Employee("B", "Ada L", work_email="ada@x.org"),
    ]
    plan = plan_sync(batch(twice, departments=[], cost_centers=[]), snapshot)
    assert {v.guard for v in plan.violations} == {GUARD_DUPLICATE}
    assert any("match Odoo employee #5" in v.message for v in plan.violations)


def test_badge_of_an_unbound_odoo_employee_is_a_duplicate():
    snapshot = Snapshot(unbound_badges={"42": 9})
    plan = plan_sync(
        batch([Employee("A", "A", badge_id="42")], departments=[], cost_centers=[]),
        snapshot,
    )
    assert "Odoo employee #9" in plan.violations[0].message


def test_per_record_errors_fail_alone():
    employees = [
        Employee("A", "Alice", department_id="NOPE"),
        Employee("B", "Bob", department_id="CARD", cost_center_code="CC-X"),
        Employee("C", "Carl", department_id="CARD", company_code="SOUTH"),
        Employee("D", "Dora", department_id="CARD", company_code="NORTH"),
    ]
    snapshot = Snapshot(companies=frozenset({"NORTH"}), default_company="NORTH")
    plan = plan_sync(batch(employees), snapshot)
    assert not plan.stopped
    assert [(e.external_id, e.field) for e in plan.errors] == [
        ("C", "company_code"),
        ("A", "department_id"),
        ("B", "cost_center_code"),
    ]
    assert "entity 'SOUTH' maps to no company" in plan.errors[0].message
    assert [c.key for c in plan.by_kind("employee")] == ["D"]
    assert plan.counts()["failed"] == 3


def test_department_parent_must_be_known():
    departments = [Department("CARD", "Cardiology", parent_id="GHOST")]
    plan = plan_sync(batch([], departments=departments, cost_centers=[]), Snapshot())
    assert [(e.external_id, e.field) for e in plan.errors] == [("CARD", "parent_id")]


def test_terminated_unknown_employee_is_not_created():
    plan = plan_sync(
        batch(
            [Employee("Z", "Zed", status="terminated")], departments=[], cost_centers=[]
        ),
        Snapshot(),
    )
    assert plan.changes == [] and plan.counts()["unchanged"] == 1


def test_same_values_new_hash_is_stored_without_a_change():
    employees = staff()
    snapshot = snapshot_after(employees)
    snapshot.employees["E1"] = dataclasses.replace(snapshot.employees["E1"], hash=None)
    plan = plan_sync(batch(employees), snapshot)
    assert plan.changes == []
    assert plan.rehash == [("employee", "E1", 100, record_hash(employees[0]))]
