"""Turn a source's raw records into canonical HR records, without code.

A :class:`Mapping` is plain data (it is stored as JSON on the connector, one
version per saved change)::

    {
      "employee": {
        "external_id": {"path": "id"},
        "name": {"path": "displayName", "transforms": ["trim"]},
        "work_email": {"path": "emails[type=work].value",
                       "transforms": ["trim", "lower"]},
        "status": {"path": "active",
                   "transforms": [{"map": {"true": "active",
                                           "false": "terminated"}}]},
        "hire_date": {"path": "Hire Date",
                      "transforms": [{"date": ["%d/%m/%Y", "%Y-%m-%d"]}]}
      },
      "department": {...},
      "cost_center": {...}
    }

A **path** reads a value out of a raw record: a key present as is (a CSV
column such as ``"Hire Date"``) wins; otherwise the path is split into
steps: ``a.b`` (keys), ``a[0]`` (list index), ``a[type=work]`` (the first
list item whose ``type`` is ``work``), ``["key.with.dots"]`` (a quoted key,
as SCIM's extension URNs need). A ``value`` instead of a ``path`` gives a
constant.

**Transforms** apply in order: ``trim``, ``upper``, ``lower``, ``title``,
``collapse`` (inner whitespace to one space), ``{"date": fmt or [fmts]}``
(parse to ``YYYY-MM-DD``), ``{"map": {...}, "strict": bool}`` (value map,
compared as text after trimming; with ``strict`` an unknown value is an
error), ``{"default": value}``, ``"bool"`` (yes/no, true/false, 1/0, x).

:meth:`Mapping.map_record` returns a canonical record or a list of
:class:`FieldError`, each naming the record and the field.
"""

import dataclasses
import datetime
import re
from collections.abc import Mapping as MappingABC

from integration_core.hr.model import (
    COST_CENTER,
    DEPARTMENT,
    EMPLOYEE,
    KIND_CLASSES,
    KIND_FIELDS,
    STATUSES,
)

#: Fields a record cannot do without, per kind.
REQUIRED = {
    EMPLOYEE: ("external_id", "name"),
    DEPARTMENT: ("external_id", "name"),
    COST_CENTER: ("code",),
}
#: Targets a mapping may fill besides the canonical fields: parts of the
#: name, and the department and cost center an employee row describes (for
#: flat files that list departments only through their employees).
EXTRA_TARGETS = {
    EMPLOYEE: (
        "first_name",
        "last_name",
        "department_name",
        "parent_department_id",
        "department_cost_center_code",
        "cost_center_name",
    ),
    DEPARTMENT: ("cost_center_name",),
    COST_CENTER: (),
}
_SIMPLE_TRANSFORMS = ("trim", "upper", "lower", "title", "collapse", "bool")
_DICT_TRANSFORMS = ("date", "map", "default")
_TRUE_TEXT = frozenset({"1", "true", "yes", "y", "x", "t", "on"})
_FALSE_TEXT = frozenset({"0", "false", "no", "n", "f", "off", ""})
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_STEP_RE = re.compile(
    r"""\[\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*\]"""  # ["quoted key"]
    r"""|\[\s*(?P<index>-?\d+)\s*\]"""  # [0]
    r"""|\[\s*(?P<fkey>[^\]=]+?)\s*=\s*(?P<fval>[^\]]*?)\s*\]"""  # [type=work]
    r"""|\.?(?P<key>[^.\[\]]+)"""  # key or .key
)


class MappingError(ValueError):
    """A mapping definition that cannot be used (bad path, unknown target)."""


@dataclasses.dataclass(frozen=True)
class FieldError:
    """A record that could not be mapped: which one, which field, and why."""

    kind: str
    external_id: str | None
    field: str
    message: str

    def __str__(self):
        who = f"{self.kind} {self.external_id}" if self.external_id else self.kind
        return f"{who}, field {self.field}: {self.message}"


def parse_path(path):
    """Split a path into steps: ``("key", name)``, ``("index", n)``,
    ``("filter", key, value)``.

    :raises MappingError: when the path has characters no step matches.
    """
    if not isinstance(path, str) or not path.strip():
        raise MappingError(f"path {path!r}: must be non-empty text")
    steps = []
    position = 0
    while position < len(path):
        match = _STEP_RE.match(path, position)
        if match is None or match.end() == position:
            raise MappingError(f"path {path!r}: cannot read it at position {position}")
        groups = match.groupdict()
        if groups["dq"] is not None or groups["sq"] is not None:
            steps.append(
                ("key", groups["dq"] if groups["dq"] is not None else groups["sq"])
            )
        elif groups["index"] is not None:
            steps.append(("index", int(groups["index"])))
        elif groups["fkey"] is not None:
            steps.append(("filter", groups["fkey"], groups["fval"].strip("\"'")))
        else:
            steps.append(("key", groups["key"].strip()))
        position = match.end()
    return tuple(steps)


def read_path(record, path, steps=None):
    """The value at ``path`` in ``record``, or ``None`` when any step misses."""
    if isinstance(record, MappingABC) and path in record:
        return record[path]
    value = record
    for step in steps if steps is not None else parse_path(path):
        value = _step(value, step)
        if value is None:
            return None
    return value


def _step(value, step):
    if step[0] == "key":
        return value.get(step[1]) if isinstance(value, MappingABC) else None
    if not isinstance(value, list | tuple):
        return None
    if step[0] == "index":
        try:
            return value[step[1]]
        except IndexError:
            return None
    _kind, key, expected = step
    for item in value:
        if isinstance(item, MappingABC) and str(item.get(key)) == expected:
            return item
    return None


def _as_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _TransformError(ValueError):
    pass


def _apply_transform(value, transform):
    if isinstance(transform, str):
        return _simple_transform(value, transform)
    if "date" in transform:
        return _to_date(value, transform["date"])
    if "map" in transform:
        return _value_map(value, transform["map"], transform.get("strict", False))
    if value is None or value == "":
        return transform["default"]
    return value


def _simple_transform(value, name):
    if name == "bool":
        return _to_bool(value)
    if value is None or not isinstance(value, str):
        return value
    if name == "trim":
        return value.strip()
    if name == "upper":
        return value.upper()
    if name == "lower":
        return value.lower()
    if name == "title":
        return value.title()
    return " ".join(value.split())  # collapse


def _to_bool(value):
    if value is None or isinstance(value, bool):
        return bool(value)
    text = _as_text(value).strip().lower()
    if text in _TRUE_TEXT:
        return True
    if text in _FALSE_TEXT:
        return False
    raise _TransformError(f"{value!r} is not a yes/no value")


def _to_date(value, formats):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _as_text(value).strip()
    for fmt in [formats] if isinstance(formats, str) else formats:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise _TransformError(f"{text!r} is not a date in the format {formats!r}")


def _value_map(value, table, strict):
    text = _as_text(value)
    key = text.strip() if text is not None else None
    if key in table:
        return table[key]
    lowered = {str(source).lower(): target for source, target in table.items()}
    if key is not None and key.lower() in lowered:
        return lowered[key.lower()]
    if strict:
        raise _TransformError(f"{text!r} is not one of {sorted(table)}")
    return value


@dataclasses.dataclass(frozen=True)
class FieldRule:
    """How one canonical field is read: a path (or constant) and transforms."""

    target: str
    path: str | None = None
    steps: tuple = ()
    constant: object = None
    transforms: tuple = ()

    @classmethod
    def from_spec(cls, kind, target, spec):
        allowed = KIND_FIELDS[kind] + EXTRA_TARGETS[kind]
        if target not in allowed:
            raise MappingError(
                f"{kind} mapping: {target!r} is not a canonical field "
                f"(one of {', '.join(allowed)})"
            )
        if isinstance(spec, str):
            spec = {"path": spec}
        if not isinstance(spec, MappingABC) or ("path" in spec) == ("value" in spec):
            raise MappingError(
                f"{kind} mapping, field {target}: give either a path or a value"
            )
        transforms = tuple(spec.get("transforms") or ())
        for transform in transforms:
            _check_transform(kind, target, transform)
        path = spec.get("path")
        return cls(
            target=target,
            path=path,
            steps=parse_path(path) if path is not None else (),
            constant=spec.get("value"),
            transforms=transforms,
        )

    def read(self, raw):
        value = (
            self.constant
            if self.path is None
            else read_path(raw, self.path, self.steps)
        )
        for transform in self.transforms:
            value = _apply_transform(value, transform)
        return value


def _check_transform(kind, target, transform):
    where = f"{kind} mapping, field {target}"
    if isinstance(transform, str):
        if transform not in _SIMPLE_TRANSFORMS:
            raise MappingError(
                f"{where}: unknown transform {transform!r} "
                f"(one of {', '.join(_SIMPLE_TRANSFORMS + _DICT_TRANSFORMS)})"
            )
        return
    if not isinstance(transform, MappingABC) or not any(
        name in transform for name in _DICT_TRANSFORMS
    ):
        raise MappingError(f"{where}: cannot read transform {transform!r}")
    if "map" in transform and not isinstance(transform["map"], MappingABC):
        raise MappingError(f"{where}: a value map must be an object")


@dataclasses.dataclass(frozen=True)
class MapResult:
    """One raw record mapped: the canonical record (``None`` on errors), the
    errors, and the extra targets read (see :data:`EXTRA_TARGETS`)."""

    record: object
    errors: tuple
    extras: dict


class Mapping:
    """A versioned set of field rules per record kind.

    :param spec: ``{kind: {target: rule}}`` as described in the module
        documentation.
    :param version: the version number the connector stored, recorded with
        every change it applies.
    :raises MappingError: on an unknown kind, target, path or transform.
    """

    def __init__(self, spec, version=None):
        if not isinstance(spec, MappingABC):
            raise MappingError("a mapping must be an object of record kinds")
        unknown = set(spec) - set(KIND_FIELDS)
        if unknown:
            raise MappingError(
                f"unknown record kind(s) {sorted(unknown)} "
                f"(one of {', '.join(KIND_FIELDS)})"
            )
        self.spec = spec
        self.version = version
        self.rules = {
            kind: tuple(
                FieldRule.from_spec(kind, target, rule)
                for target, rule in rules.items()
            )
            for kind, rules in spec.items()
        }
        for kind, rules in self.rules.items():
            key_field = REQUIRED[kind][0]
            if key_field not in {rule.target for rule in rules}:
                raise MappingError(f"{kind} mapping: {key_field} must be mapped")

    def kinds(self):
        return tuple(self.rules)

    def map_record(self, kind, raw):
        """Map one raw record of ``kind``.

        :returns: a :class:`MapResult`: the record, or ``None`` and the
            errors naming the record and field.
        """
        values = {}
        errors = []
        rules = self.rules[kind]
        key_field = REQUIRED[kind][0]
        external_id = None
        for rule in rules:
            try:
                value = rule.read(raw)
            except _TransformError as error:
                errors.append((rule.target, str(error)))
                continue
            if isinstance(value, str):
                value = value.strip() or None
            elif value is not None and not isinstance(value, bool):
                value = _as_text(value)
            values[rule.target] = value
            if rule.target == key_field:
                external_id = value
        if kind == EMPLOYEE:
            _complete_employee(values, errors)
        errors.extend(
            (name, "is required and missing")
            for name in REQUIRED[kind]
            if not values.get(name) and name not in dict(errors)
        )
        extras = {
            name: values.pop(name) for name in EXTRA_TARGETS[kind] if name in values
        }
        if errors:
            return MapResult(
                None,
                tuple(
                    FieldError(kind, external_id, field, message)
                    for field, message in errors
                ),
                extras,
            )
        return MapResult(KIND_CLASSES[kind](**values), (), extras)


def _complete_employee(values, errors):
    if not values.get("name"):
        parts = [values.get("first_name"), values.get("last_name")]
        values["name"] = " ".join(part for part in parts if part) or None
    status = values.get("status")
    if status is None:
        values.pop("status", None)
    elif status not in STATUSES:
        errors.append(
            ("status", f"{status!r} is not one of {', '.join(STATUSES)}; map it")
        )
    email = values.get("work_email")
    if email and not _EMAIL_RE.match(email):
        errors.append(("work_email", f"{email!r} is not an email address"))
    badge = values.get("badge_id")
    if badge and not (badge.isascii() and badge.isdigit()):
        errors.append(("badge_id", f"{badge!r}: a badge holds digits only"))
    values["manages_department"] = bool(values.get("manages_department"))
