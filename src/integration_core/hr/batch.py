"""Map a whole feed into a :class:`SourceBatch` of canonical records.

:func:`collect` maps every raw record of every kind with the connector's
:class:`~integration_core.hr.mapping.Mapping`, keeps the records that failed
(with errors naming record and field) apart, and derives the departments and
cost centers that flat files only describe through their employees (a
payroll CSV with ``Department``, ``Department Name`` and ``Cost Center``
columns).
"""

import dataclasses

from integration_core.hr.model import (
    COST_CENTER,
    DEPARTMENT,
    EMPLOYEE,
    CostCenter,
    Department,
)


@dataclasses.dataclass
class SourceBatch:
    """What one run read from the source, mapped.

    :param full: the feed lists every employee of the source (a full
        reconciliation): employees it leaves out are to be deactivated. A
        delta feed only lists what changed.
    :param seen: external ids of every record read, mapped or not, per kind
        (a record that failed mapping is still present in the feed).
    """

    employees: list = dataclasses.field(default_factory=list)
    departments: list = dataclasses.field(default_factory=list)
    cost_centers: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    seen: dict = dataclasses.field(
        default_factory=lambda: {EMPLOYEE: set(), DEPARTMENT: set(), COST_CENTER: set()}
    )
    full: bool = False

    def records(self, kind):
        return {
            EMPLOYEE: self.employees,
            DEPARTMENT: self.departments,
            COST_CENTER: self.cost_centers,
        }[kind]


def collect(mapping, raw_records, *, full=False):
    """Map ``raw_records`` (``{kind: [raw dict, ...]}``) into a batch.

    Departments and cost centers given explicitly win over those derived
    from employee rows; a derived department takes the first non-empty name,
    parent and cost center its employees give.
    """
    batch = SourceBatch(full=full)
    derived_departments = {}
    derived_cost_centers = {}
    for kind in (COST_CENTER, DEPARTMENT, EMPLOYEE):
        if kind not in mapping.kinds():
            continue
        for raw in raw_records.get(kind, ()):
            result = mapping.map_record(kind, raw)
            key = result.record.key if result.record else _error_key(result.errors)
            if key:
                batch.seen[kind].add(key)
            if result.record is None:
                batch.errors.extend(result.errors)
                continue
            batch.records(kind).append(result.record)
            _derive(kind, result, derived_departments, derived_cost_centers)
    _add_derived(batch, derived_departments, derived_cost_centers)
    return batch


def _error_key(errors):
    return next((error.external_id for error in errors if error.external_id), None)


def _derive(kind, result, departments, cost_centers):
    record, extras = result.record, result.extras
    if kind == COST_CENTER:
        return
    if kind == EMPLOYEE:
        if record.department_id and extras.get("department_name"):
            known = departments.get(record.department_id, {})
            departments[record.department_id] = {
                "external_id": record.department_id,
                "name": known.get("name") or extras["department_name"],
                "parent_id": known.get("parent_id")
                or extras.get("parent_department_id"),
                "cost_center_code": known.get("cost_center_code")
                or extras.get("department_cost_center_code"),
                "company_code": known.get("company_code") or record.company_code,
            }
        code = extras.get("department_cost_center_code")
        if code and code not in cost_centers:
            cost_centers[code] = {"code": code, "company_code": record.company_code}
    code = record.cost_center_code
    if code:
        known = cost_centers.setdefault(
            code, {"code": code, "company_code": record.company_code}
        )
        if not known.get("name") and extras.get("cost_center_name"):
            known["name"] = extras["cost_center_name"]


def _add_derived(batch, departments, cost_centers):
    explicit_departments = {record.external_id for record in batch.departments}
    for key, values in departments.items():
        if key not in explicit_departments:
            batch.departments.append(Department(**values))
            batch.seen[DEPARTMENT].add(key)
    explicit_codes = {record.code for record in batch.cost_centers}
    for code, values in cost_centers.items():
        if code not in explicit_codes:
            batch.cost_centers.append(CostCenter(**values))
            batch.seen[COST_CENTER].add(code)
