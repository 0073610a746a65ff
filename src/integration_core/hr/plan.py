"""Decide what a sync would change in Odoo, before anything is applied.

:func:`plan_sync` compares a :class:`~integration_core.hr.batch.SourceBatch`
with a :class:`Snapshot` of what Odoo holds for the connector and returns a
:class:`SyncPlan`: the records to create, update, deactivate or reactivate,
each with its field diffs and a one-sentence reason; the records that fail on
their own (unknown department, unknown manager, an entity code that routes to
no company the connector may write); and the guard violations that stop the
whole run before anything is applied:

- **mass deactivation**: more than ``max_deactivation_share`` (default 5 %)
  of a company's active employees, or more than ``max_deactivation_count``,
  would be deactivated or disappear from a full feed;
- **cycles**: a manager chain or a department tree that loops once the feed
  is applied;
- **duplicates**: two source records with the same external id, matching the
  same Odoo employee, or giving the same work email or badge.

A record whose hash equals the one stored when it was last applied is
unchanged and costs nothing (unless ``reconcile`` asks to compare values,
which repairs edits made in Odoo). The plan is ordered so that applying it
front to back works: cost centers, departments parents first, employees
managers first; manager links (``manager_links``, ``department_managers``)
come last so a manager and their reports can arrive in one batch in any
order. The same plan is the dry run: nothing in this module writes.
"""

import dataclasses
from collections import Counter, defaultdict

from integration_core.hr.mapping import FieldError
from integration_core.hr.model import (
    COST_CENTER,
    DEPARTMENT,
    EMPLOYEE,
    record_hash,
    record_values,
)

CREATE = "create"
UPDATE = "update"
DEACTIVATE = "deactivate"
REACTIVATE = "reactivate"
LINK = "link"

GUARD_MASS_DEACTIVATION = "mass_deactivation"
GUARD_MANAGER_CYCLE = "manager_cycle"
GUARD_DEPARTMENT_CYCLE = "department_cycle"
GUARD_DUPLICATE = "duplicate"

#: Canonical fields that are no Odoo value of the record itself.
_NOT_COMPARED = ("manages_department",)


@dataclasses.dataclass(frozen=True)
class Existing:
    """A record Odoo holds for the connector.

    :param ref: the Odoo id.
    :param values: its canonical values as Odoo has them now (references as
        external ids), for diffs and cycle checks.
    :param hash: the :func:`~integration_core.hr.model.record_hash` of the
        source record last applied, ``None`` when never synced.
    :param active: ``False`` when archived.
    """

    ref: int
    values: dict
    hash: str | None = None
    active: bool = True


@dataclasses.dataclass
class Snapshot:
    """What Odoo holds, read in bulk by the addon.

    :param employees: bound to the connector, by external id.
    :param departments: bound to the connector, by external id.
    :param cost_centers: by code.
    :param unbound_emails: Odoo employees not bound to any connector, by
        lower-case work email: a new source employee with that email adopts
        the Odoo record instead of creating a duplicate.
    :param unbound_badges: badges of Odoo employees bound to nobody (Odoo
        refuses a second employee with the same badge in a company).
    :param companies: entity codes the connector may write to.
    :param default_company: the code used when a record names none.
    :param active_counts: active employees per company code, for the
        mass-deactivation share.
    """

    employees: dict = dataclasses.field(default_factory=dict)
    departments: dict = dataclasses.field(default_factory=dict)
    cost_centers: dict = dataclasses.field(default_factory=dict)
    unbound_emails: dict = dataclasses.field(default_factory=dict)
    unbound_badges: dict = dataclasses.field(default_factory=dict)
    companies: frozenset = frozenset()
    default_company: str | None = None
    active_counts: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Guards:
    """Thresholds of the mass-deactivation guard (``None`` count: no limit)."""

    max_deactivation_share: float = 0.05
    max_deactivation_count: int | None = None


@dataclasses.dataclass(frozen=True)
class FieldDiff:
    field: str
    old: object
    new: object


@dataclasses.dataclass(frozen=True)
class Change:
    """One record to write, and why."""

    kind: str
    key: str
    action: str
    reason: str
    record: object = None
    ref: int | None = None
    diff: tuple = ()
    hash: str | None = None
    company_code: str | None = None


@dataclasses.dataclass(frozen=True)
class GuardViolation:
    """A guard that stops the run: which, a sentence, the records it names."""

    guard: str
    message: str
    keys: tuple = ()

    def __str__(self):
        return self.message


@dataclasses.dataclass
class SyncPlan:
    """The changes to apply, in order, and what stops or fails them."""

    changes: list = dataclasses.field(default_factory=list)
    manager_links: dict = dataclasses.field(default_factory=dict)
    department_managers: dict = dataclasses.field(default_factory=dict)
    rehash: list = dataclasses.field(default_factory=list)
    unchanged: Counter = dataclasses.field(default_factory=Counter)
    errors: list = dataclasses.field(default_factory=list)
    violations: list = dataclasses.field(default_factory=list)

    @property
    def stopped(self):
        """``True`` when a guard forbids applying anything."""
        return bool(self.violations)

    def counts(self, kind=EMPLOYEE):
        """``{created, updated, deactivated, reactivated, unchanged, failed}``."""
        actions = Counter(
            change.action for change in self.changes if change.kind == kind
        )
        return {
            "created": actions[CREATE],
            "updated": actions[UPDATE] + actions[LINK],
            "deactivated": actions[DEACTIVATE],
            "reactivated": actions[REACTIVATE],
            "unchanged": self.unchanged[kind],
            "failed": sum(1 for error in self.errors if error.kind == kind),
        }

    def by_kind(self, kind, *actions):
        return [
            change
            for change in self.changes
            if change.kind == kind and (not actions or change.action in actions)
        ]


def plan_sync(batch, snapshot, guards=Guards(), *, reconcile=False):
    """Compare ``batch`` with ``snapshot``; return the :class:`SyncPlan`."""
    planner = _Planner(batch, snapshot, guards, reconcile)
    return planner.plan()


class _Planner:
    def __init__(self, batch, snapshot, guards, reconcile):
        self.batch = batch
        self.snapshot = snapshot
        self.guards = guards
        self.reconcile = reconcile
        self.result = SyncPlan(errors=list(batch.errors))

    def plan(self):
        self._check_duplicate_keys()
        cost_centers = self._valid(COST_CENTER, self.batch.cost_centers)
        departments = self._valid(DEPARTMENT, self.batch.departments)
        employees = self._valid(EMPLOYEE, self.batch.employees)
        known_cost_centers = set(self.snapshot.cost_centers) | {
            record.code for record in cost_centers
        }
        departments = self._check_references(
            DEPARTMENT, departments, known_cost_centers
        )
        known_departments = set(self.snapshot.departments) | {
            record.external_id for record in departments
        }
        employees = self._check_employee_references(
            employees, known_departments, known_cost_centers
        )
        departments = self._check_department_managers(departments, employees)
        self._plan_department_managers(departments, employees)
        self._plan_cost_centers(cost_centers)
        self._plan_departments(departments)
        self._plan_employees(employees)
        self._plan_missing_employees()
        self._check_cycles(departments, employees)
        self._check_duplicate_values(employees)
        self._check_mass_deactivation()
        return self.result

    # -- validity --------------------------------------------------------

    def _fail(self, kind, key, field, message):
        self.result.errors.append(FieldError(kind, key, field, message))

    def _check_duplicate_keys(self):
        for kind in (EMPLOYEE, DEPARTMENT, COST_CENTER):
            counts = Counter(record.key for record in self.batch.records(kind))
            repeated = sorted(key for key, count in counts.items() if count > 1)
            if repeated:
                self._violate(
                    GUARD_DUPLICATE,
                    f"{len(repeated)} {kind} external id(s) appear more than once "
                    f"in the feed: {_names(repeated)}",
                    repeated,
                )

    def _valid(self, kind, records):
        """Drop records whose company code routes nowhere (a record error)."""
        kept = []
        for record in records:
            code = record.company_code or self.snapshot.default_company
            if self.snapshot.companies and code not in self.snapshot.companies:
                self._fail(
                    kind,
                    record.key,
                    "company_code",
                    f"entity {code!r} maps to no company this connector may write "
                    f"(allowed: {', '.join(sorted(self.snapshot.companies))})",
                )
                continue
            kept.append(record)
        return kept

    def _check_references(self, kind, records, known_cost_centers):
        known_parents = set(self.snapshot.departments) | {
            r.external_id for r in records
        }
        kept = []
        for record in records:
            if record.parent_id and record.parent_id not in known_parents:
                self._fail(
                    kind,
                    record.key,
                    "parent_id",
                    f"parent department {record.parent_id!r} is unknown",
                )
            elif (
                record.cost_center_code
                and record.cost_center_code not in known_cost_centers
            ):
                self._fail(
                    kind,
                    record.key,
                    "cost_center_code",
                    f"cost center {record.cost_center_code!r} is unknown",
                )
            else:
                kept.append(record)
        return kept

    def _check_employee_references(
        self, employees, known_departments, known_cost_centers
    ):
        kept = []
        for record in employees:
            problem = None
            if record.department_id and record.department_id not in known_departments:
                problem = (
                    "department_id",
                    f"department {record.department_id!r} is unknown",
                )
            elif (
                record.cost_center_code
                and record.cost_center_code not in known_cost_centers
            ):
                problem = (
                    "cost_center_code",
                    f"cost center {record.cost_center_code!r} is unknown",
                )
            if problem:
                self._fail(EMPLOYEE, record.key, *problem)
            else:
                kept.append(record)
        # Managers are checked once the reports that stay are known: a
        # manager failing on their own fails their reports' link too.
        known_employees = set(self.snapshot.employees) | {r.external_id for r in kept}
        result = []
        for record in kept:
            if record.manager_id and record.manager_id not in known_employees:
                self._fail(
                    EMPLOYEE,
                    record.key,
                    "manager_id",
                    f"manager {record.manager_id!r} is unknown or failed",
                )
            else:
                result.append(record)
        return result

    def _check_department_managers(self, departments, employees):
        known = set(self.snapshot.employees) | {r.external_id for r in employees}
        kept = []
        for record in departments:
            if record.manager_id and record.manager_id not in known:
                self._fail(
                    DEPARTMENT,
                    record.key,
                    "manager_id",
                    f"manager {record.manager_id!r} is unknown or failed",
                )
            else:
                kept.append(record)
        return kept

    # -- changes ---------------------------------------------------------

    def _plan_cost_centers(self, records):
        for record in records:
            existing = self.snapshot.cost_centers.get(record.code)
            values = record_values(record)
            if existing is None:
                self._change(
                    COST_CENTER, record, CREATE, "new cost center", values=values
                )
                continue
            diff = _diff(existing.values, values, skip_empty=True)
            if diff:
                self._change(COST_CENTER, record, UPDATE, "changed", existing, diff)
            else:
                self.result.unchanged[COST_CENTER] += 1

    def _plan_department_managers(self, departments, employees):
        """Heads named on departments win over employees flagged as heads."""
        heads = {}
        for record in employees:
            if record.manages_department and record.department_id and record.is_active:
                heads.setdefault(record.department_id, record.external_id)
        heads.update(
            {
                record.external_id: record.manager_id
                for record in departments
                if record.manager_id
            }
        )
        for department, head in heads.items():
            existing = self.snapshot.departments.get(department)
            current = existing.values.get("manager_id") if existing else None
            if current != head:
                self.result.department_managers[department] = head

    def _plan_departments(self, records):
        by_key = {record.external_id: record for record in records}
        for record in _parents_first(records, by_key):
            existing = self.snapshot.departments.get(record.external_id)
            extra = ()
            head = self.result.department_managers.get(record.external_id)
            if head and existing:
                extra = (
                    FieldDiff("manager_id", existing.values.get("manager_id"), head),
                )
            self._upsert(
                DEPARTMENT, record, existing, ignore=("manager_id",), extra=extra
            )

    def _plan_employees(self, records):
        by_key = {record.external_id: record for record in records}
        for record in _managers_first(records, by_key):
            existing = self.snapshot.employees.get(record.external_id)
            adopted = False
            if existing is None and record.work_email:
                ref = self.snapshot.unbound_emails.get(record.work_email.lower())
                if ref is not None:
                    existing, adopted = Existing(ref=ref, values={}, hash=None), True
            current_manager = existing.values.get("manager_id") if existing else None
            if (
                record.is_active
                and record.manager_id != current_manager
                and (record.manager_id or existing)
            ):
                self.result.manager_links[record.external_id] = record.manager_id
            self._upsert(EMPLOYEE, record, existing, adopted=adopted)

    def _upsert(self, kind, record, existing, ignore=(), adopted=False, extra=()):
        values = record_values(record)
        digest = record_hash(record)
        active = getattr(record, "is_active", True)
        if existing is None:
            if not active:
                self.result.unchanged[kind] += 1  # terminated before we knew them
                return
            self._change(
                kind, record, CREATE, f"new {kind}", values=values, digest=digest
            )
            return
        unchanged_source = existing.hash == digest and existing.active == active
        if unchanged_source and not extra and not self.reconcile:
            self.result.unchanged[kind] += 1
            return
        diff = _diff(existing.values, values, ignore=ignore + _NOT_COMPARED) + extra
        if existing.active and not active:
            self._change(
                kind, record, DEACTIVATE, _termination(record), existing, diff, digest
            )
        elif not existing.active and active:
            self._change(
                kind, record, REACTIVATE, "back in the feed", existing, diff, digest
            )
        elif adopted:
            self._change(
                kind,
                record,
                LINK,
                "existing Odoo employee with this work email",
                existing,
                diff,
                digest,
            )
        elif diff:
            self._change(
                kind, record, UPDATE, "changed in the source", existing, diff, digest
            )
        else:
            self.result.rehash.append((kind, record.key, existing.ref, digest))
            self.result.unchanged[kind] += 1

    def _change(
        self,
        kind,
        record,
        action,
        reason,
        existing=None,
        diff=None,
        digest=None,
        values=None,
    ):
        if diff is None:
            diff = tuple(
                FieldDiff(name, None, value)
                for name, value in (values or {}).items()
                if value not in (None, False)
            )
        code = getattr(record, "company_code", None) if record else None
        if code is None and existing is not None:
            code = existing.values.get("company_code")
        self.result.changes.append(
            Change(
                kind=kind,
                key=record.key if record else None,
                action=action,
                reason=reason,
                record=record,
                ref=existing.ref if existing else None,
                diff=tuple(diff),
                hash=digest,
                company_code=code or self.snapshot.default_company,
            )
        )

    def _plan_missing_employees(self):
        if not self.batch.full:
            return
        seen = self.batch.seen[EMPLOYEE]
        for key, existing in sorted(self.snapshot.employees.items()):
            if key in seen or not existing.active:
                continue
            code = existing.values.get("company_code") or self.snapshot.default_company
            self.result.changes.append(
                Change(
                    kind=EMPLOYEE,
                    key=key,
                    action=DEACTIVATE,
                    reason="missing from the full feed",
                    ref=existing.ref,
                    diff=(
                        FieldDiff(
                            "status", existing.values.get("status"), "terminated"
                        ),
                    ),
                    company_code=code,
                )
            )

    # -- guards ----------------------------------------------------------

    def _violate(self, guard, message, keys):
        self.result.violations.append(GuardViolation(guard, message, tuple(keys)))

    def _check_cycles(self, departments, employees):
        parents = {
            key: e.values.get("parent_id")
            for key, e in self.snapshot.departments.items()
        }
        parents.update({record.external_id: record.parent_id for record in departments})
        for cycle in _cycles(parents):
            self._violate(
                GUARD_DEPARTMENT_CYCLE,
                f"department cycle: {' > '.join(cycle + cycle[:1])} "
                "(each is the parent of the next)",
                cycle,
            )
        managers = {
            key: e.values.get("manager_id")
            for key, e in self.snapshot.employees.items()
            if e.active
        }
        managers.update(
            {
                record.external_id: record.manager_id
                for record in employees
                if record.is_active
            }
        )
        for change in self.result.by_kind(EMPLOYEE, DEACTIVATE):
            managers.pop(change.key, None)
        for cycle in _cycles(managers):
            self._violate(
                GUARD_MANAGER_CYCLE,
                f"manager cycle: {' > '.join(cycle + cycle[:1])} "
                "(each is managed by the next)",
                cycle,
            )

    def _check_duplicate_values(self, employees):
        final = {
            key: (e.values.get("work_email"), e.values.get("badge_id"))
            for key, e in self.snapshot.employees.items()
            if e.active
        }
        for record in employees:
            if record.is_active:
                final[record.external_id] = (record.work_email, record.badge_id)
            else:
                final.pop(record.external_id, None)
        for change in self.result.by_kind(EMPLOYEE, DEACTIVATE):
            final.pop(change.key, None)
        emails = defaultdict(list)
        badges = defaultdict(list)
        for key, (email, badge) in final.items():
            if email:
                emails[email.lower()].append(key)
            if badge:
                badges[badge].append(key)
        for change in self.result.by_kind(EMPLOYEE, CREATE):
            badge = change.record.badge_id
            if badge and badge in self.snapshot.unbound_badges:
                badges[badge].append(
                    f"Odoo employee #{self.snapshot.unbound_badges[badge]}"
                )
        self._report_duplicates("work email", emails)
        self._report_duplicates("badge", badges)
        adopted = Counter(change.ref for change in self.result.by_kind(EMPLOYEE, LINK))
        for ref, count in adopted.items():
            if count > 1:
                keys = sorted(
                    c.key for c in self.result.by_kind(EMPLOYEE, LINK) if c.ref == ref
                )
                self._violate(
                    GUARD_DUPLICATE,
                    f"source employees {_names(keys)} all match Odoo employee #{ref}",
                    keys,
                )

    def _report_duplicates(self, label, index):
        for value, keys in sorted(index.items()):
            if len(keys) > 1:
                keys = sorted(keys)
                self._violate(
                    GUARD_DUPLICATE,
                    f"employees {_names(keys)} share the {label} {value!r}",
                    keys,
                )

    def _check_mass_deactivation(self):
        leaving = defaultdict(list)
        for change in self.result.by_kind(EMPLOYEE, DEACTIVATE):
            leaving[change.company_code].append(change.key)
        share_limit = self.guards.max_deactivation_share
        count_limit = self.guards.max_deactivation_count
        for company, keys in sorted(leaving.items(), key=lambda item: str(item[0])):
            active = self.snapshot.active_counts.get(company, 0) or len(keys)
            share = len(keys) / active
            over_share = share_limit is not None and share > share_limit
            over_count = count_limit is not None and len(keys) > count_limit
            if over_share or over_count:
                limit = (
                    f"more than {share_limit:.0%} of them"
                    if over_share
                    else f"more than {count_limit}"
                )
                self._violate(
                    GUARD_MASS_DEACTIVATION,
                    f"{len(keys)} of {active} active employees of company {company} "
                    f"({share:.1%}) would be deactivated, {limit}: "
                    f"{_names(sorted(keys))}. Check the feed; if it is right, raise "
                    "the connector's deactivation limit for this run.",
                    sorted(keys),
                )


def _termination(record):
    if record.termination_date:
        return f"terminated on {record.termination_date}"
    return "terminated in the source"


def _diff(old_values, new_values, ignore=(), skip_empty=False):
    diffs = []
    for name, new in new_values.items():
        if name in ignore or (skip_empty and new is None):
            continue
        old = old_values.get(name)
        if (old or None) != (new or None):
            diffs.append(FieldDiff(name, old, new))
    return tuple(diffs)


def _names(keys, limit=10):
    keys = list(keys)
    shown = ", ".join(str(key) for key in keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def _parents_first(records, by_key):
    return _ordered(records, by_key, "parent_id")


def _managers_first(records, by_key):
    return _ordered(records, by_key, "manager_id")


def _ordered(records, by_key, link):
    """Records with the one they point to (``link``) before them; a cycle is
    left in feed order (the cycle guard reports it)."""
    ordered = []
    placed = set()
    for record in records:
        chain = []
        current = record
        visiting = set()
        while (
            current is not None
            and current.key not in placed
            and current.key not in visiting
        ):
            visiting.add(current.key)
            chain.append(current)
            current = by_key.get(getattr(current, link))
        for item in reversed(chain):
            placed.add(item.key)
            ordered.append(item)
    return ordered


def _cycles(parents):
    """Each cycle of the ``key -> parent`` graph once, as a list of keys."""
    state = {}
    cycles = []
    for start in sorted(parents, key=str):
        path = []
        position = {}
        node = start
        while node is not None and node in parents and node not in state:
            state[node] = "visiting"
            position[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == "visiting" and node in position:
            cycles.append(path[position[node] :])
        for item in path:
            state[item] = "done"
    return cycles
