"""The canonical HR records every source is mapped into.

Whatever the platform (SCIM, a REST API, a Workday-style SOAP service, a
payroll CSV), its records become these plain values before anything is
compared with Odoo: an :class:`Employee`, a :class:`Department` (with its
parent), a :class:`CostCenter`. Each is keyed by the source's own external id
(the cost center by its code) and carries a :func:`record_hash` of its values,
so that an unchanged record can be skipped without reading or writing
anything else.

Dates are ISO text (``YYYY-MM-DD``); absent values are ``None``.
"""

import dataclasses
import hashlib

from integration_core.idempotency import canonical_json

EMPLOYEE = "employee"
DEPARTMENT = "department"
COST_CENTER = "cost_center"

#: Employment statuses, in the order of a career.
ONBOARDING = "onboarding"
ACTIVE = "active"
LEAVE = "leave"
TERMINATED = "terminated"
STATUSES = (ONBOARDING, ACTIVE, LEAVE, TERMINATED)


@dataclasses.dataclass(frozen=True)
class CostCenter:
    """A cost center, keyed by its code (an analytic account in Odoo)."""

    code: str
    name: str | None = None
    company_code: str | None = None

    @property
    def key(self):
        return self.code


@dataclasses.dataclass(frozen=True)
class Department:
    """A department; ``parent_id`` and ``manager_id`` are external ids."""

    external_id: str
    name: str
    parent_id: str | None = None
    manager_id: str | None = None
    cost_center_code: str | None = None
    company_code: str | None = None

    @property
    def key(self):
        return self.external_id


@dataclasses.dataclass(frozen=True)
class Employee:
    """An employee; ``department_id`` and ``manager_id`` are external ids.

    ``manages_department`` says the employee heads their department (for
    sources that flag the head on the employee rather than on the
    department).
    """

    external_id: str
    name: str
    work_email: str | None = None
    work_phone: str | None = None
    mobile_phone: str | None = None
    job_title: str | None = None
    department_id: str | None = None
    manager_id: str | None = None
    cost_center_code: str | None = None
    company_code: str | None = None
    status: str = ACTIVE
    hire_date: str | None = None
    termination_date: str | None = None
    badge_id: str | None = None
    grade: str | None = None
    manages_department: bool = False

    @property
    def key(self):
        return self.external_id

    @property
    def is_active(self):
        """Whether the employee should be active (not archived) in Odoo."""
        return self.status != TERMINATED


#: The fields of each kind, in declaration order: the mapping's targets.
EMPLOYEE_FIELDS = tuple(field.name for field in dataclasses.fields(Employee))
DEPARTMENT_FIELDS = tuple(field.name for field in dataclasses.fields(Department))
COST_CENTER_FIELDS = tuple(field.name for field in dataclasses.fields(CostCenter))
KIND_FIELDS = {
    EMPLOYEE: EMPLOYEE_FIELDS,
    DEPARTMENT: DEPARTMENT_FIELDS,
    COST_CENTER: COST_CENTER_FIELDS,
}
KIND_CLASSES = {EMPLOYEE: Employee, DEPARTMENT: Department, COST_CENTER: CostCenter}


def record_values(record):
    """The record's fields as a plain dict (field name -> value)."""
    return {
        field.name: getattr(record, field.name) for field in dataclasses.fields(record)
    }


def record_hash(record):
    """SHA-256 hex of the record's kind and values, stable across runs.

    Two records with the same values have the same hash whatever source or
    mapping produced them; any changed value changes it.
    """
    document = {"kind": type(record).__name__, "values": record_values(record)}
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()
