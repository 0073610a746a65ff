"""SCIM 2.0 (RFC 7643/7644): read an HR platform's users, serve Entra ID's.

**Reading** (Odoo is the client of a platform's SCIM service provider):
:class:`ScimClient` pages ``GET {base}/Users`` (and ``/Groups``) with a
1-based ``startIndex`` and ``count`` into a
:class:`~integration_core.hr.sources.SourceFeed`. Without ``since`` the feed
is full (absent employees are to be deactivated); with it, only
``meta.lastModified gt "<since>"`` is asked for and the feed is a delta. The
watermark is the latest ``meta.lastModified`` read, compared as instants
(``...T12:00:00Z`` is later than ``...T13:30:00+02:00``), else ``since``.
Reading stops when ``startIndex`` passes ``totalResults``, when
``totalResults`` resources were read, or on an empty page; a full listing
that ends on an empty page short of ``totalResults`` is refused (its missing
employees would be deactivated), and so is a server that repeats a page
(ignoring ``startIndex``) or never ends (more than ``max_pages`` pages).
Resources repeated across pages (offset paging under concurrent changes)
are kept once.

**Mapping**: :data:`SCIM_MAPPING` reads the core User and the enterprise
extension. The external id is the SCIM ``id``, because the enterprise
``manager.value`` names the manager by that ``id``. The enterprise
``department`` is a department *name* (RFC 7643 section 4.3): it is both the
employee's department id and the name of the department derived from it, so
the default mapping needs no ``/Groups``. ``employeeNumber`` is *not* mapped
to ``badge_id``: Odoo's Badge ID is the code an attendance kiosk scans,
unique per company and held to its own format; an HR number (often with
letters, ``E00042``) is a different identifier, and overwriting badges with
it would break badge scanning. A connector whose badges are the employee numbers adds
``"badge_id": '["<enterprise URN>"].employeeNumber'``.

**Serving** (Odoo is the service provider Microsoft Entra ID provisions
into; the HTTP controller lives in the addon and calls these helpers):
:func:`validate_user`, :func:`parse_filter` (``attr eq "value"`` only),
:func:`apply_patch`, :func:`list_response`, :func:`parse_paging`, the
discovery documents, and :class:`ScimError` for RFC 7644 section 3.12 error
bodies. :func:`apply_patch` follows RFC 7644 section 3.5.2 and accepts what
Entra ID actually sends: op names in any case (``"Replace"``), booleans as
the strings ``"True"``/``"False"``, the manager as a bare id string, keys of
a path-less value that are paths themselves (``"name.givenName"``, or
extension URNs). A ``replace`` whose value filter (``emails[type eq
"work"].value``) matches nothing adds the value instead of failing with
``noTarget``, because Entra ID sends ``Replace`` for values the resource does
not hold yet. A null value (or an empty manager) unassigns the attribute
(RFC 7643 section 2.5).
"""

import copy
import dataclasses
import datetime
import json
import logging
import re

from integration_core.errors import PermanentError
from integration_core.hr.model import DEPARTMENT, EMPLOYEE
from integration_core.hr.rest import get_json
from integration_core.hr.sources import SourceFeed
from integration_core.transport.http import safe_url

_logger = logging.getLogger(__name__)

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG_SCHEMA = (
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
)
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
#: Media type of SCIM messages (RFC 7644 section 3.1).
SCIM_MEDIA_TYPE = "application/scim+json"
#: Most resources one page (and one filtered query) returns.
MAX_RESULTS = 200


def _enterprise(attribute):
    return f'["{ENTERPRISE_USER_SCHEMA}"].{attribute}'


#: Default mapping of SCIM users (core User + enterprise extension).
SCIM_MAPPING = {
    EMPLOYEE: {
        "external_id": {"path": "id", "transforms": ["trim"]},
        "name": {"path": "name.formatted", "transforms": ["collapse"]},
        "first_name": {"path": "name.givenName", "transforms": ["collapse"]},
        "last_name": {"path": "name.familyName", "transforms": ["collapse"]},
        "work_email": {
            "path": "emails[type=work].value",
            "transforms": ["trim", "lower"],
        },
        "work_phone": {"path": "phoneNumbers[type=work].value", "transforms": ["trim"]},
        "mobile_phone": {
            "path": "phoneNumbers[type=mobile].value",
            "transforms": ["trim"],
        },
        "job_title": {"path": "title", "transforms": ["collapse"]},
        "department_id": {"path": _enterprise("department"), "transforms": ["trim"]},
        "department_name": {
            "path": _enterprise("department"),
            "transforms": ["collapse"],
        },
        "manager_id": {"path": _enterprise("manager.value"), "transforms": ["trim"]},
        "cost_center_code": {
            "path": _enterprise("costCenter"),
            "transforms": ["trim"],
        },
        "company_code": {"path": _enterprise("organization"), "transforms": ["trim"]},
        "status": {
            "path": "active",
            "transforms": [{"map": {"true": "active", "false": "terminated"}}],
        },
    }
}

#: ``/Groups`` as departments, to merge into a mapping:
#: ``Mapping({**SCIM_MAPPING, **SCIM_GROUP_MAPPING})``. Employees then name
#: their department by the enterprise ``department`` text, which matches
#: these departments only when the platform uses group ids there; otherwise
#: point the employee's ``department_id`` at the group (e.g.
#: ``groups[0].value``) and drop its ``department_name`` rule.
SCIM_GROUP_MAPPING = {
    DEPARTMENT: {
        "external_id": {"path": "id", "transforms": ["trim"]},
        "name": {"path": "displayName", "transforms": ["collapse"]},
    }
}


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_TIME_RE = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?"
    r"\s*(Z|z|[+-]\d{2}:?\d{2})?\s*"
)


def parse_time(text):
    """An ISO 8601 date-time as an aware datetime (UTC when no offset is
    given), or ``None`` when ``text`` is not one.

    Any number of fraction digits and a ``Z`` are accepted on Python 3.10.
    """
    match = _TIME_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    date, clock, fraction, zone = match.groups()
    if clock.count(":") == 1:
        clock += ":00"
    if zone is None or zone in "Zz":
        zone = "+00:00"
    elif ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    micro = (fraction or "0")[:6].ljust(6, "0")
    try:
        return datetime.datetime.fromisoformat(f"{date}T{clock}.{micro}{zone}")
    except ValueError:
        return None


def _since_text(since):
    if since is None:
        return None
    if isinstance(since, datetime.datetime):
        moment = since if since.tzinfo else since.replace(tzinfo=datetime.timezone.utc)
        moment = moment.astimezone(datetime.timezone.utc)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(since, str) and parse_time(since) is not None:
        return since.strip()
    raise PermanentError(f"SCIM delta: {since!r} is not an ISO 8601 date-time")


def _last_modified(resource):
    meta = resource.get("meta")
    text = meta.get("lastModified") if isinstance(meta, dict) else None
    return text, parse_time(text)


def _watermark(resources, since):
    best_text, best_time = since, parse_time(since)
    for resource in resources:
        text, moment = _last_modified(resource)
        if moment is not None and (best_time is None or moment > best_time):
            best_text, best_time = text, moment
    return best_text


# ---------------------------------------------------------------------------
# Client
# ---------------------------------------------------------------------------


class ScimClient:
    """Read users and groups from a SCIM 2.0 service provider.

    :param transport: an authenticated
        :class:`~integration_core.transport.http.HttpTransport`.
    :param base_url: the SCIM base, e.g. ``https://hr.example/scim/v2``.
    :param page_size: the ``count`` asked for per page (the server may
        return fewer).
    :param max_pages: pages read at most per listing before giving up.
    """

    MAX_PAGES = 10_000

    def __init__(self, transport, base_url, page_size=100, *, max_pages=MAX_PAGES):
        if int(page_size) < 1:
            raise PermanentError(f"SCIM page size must be at least 1: {page_size}")
        self.transport = transport
        self.base_url = base_url.rstrip("/")
        self.page_size = int(page_size)
        self.max_pages = max_pages

    def read(self, since=None, groups=False):
        """Users (and groups as departments) in a
        :class:`~integration_core.hr.sources.SourceFeed`.

        :param since: ISO 8601 text or a datetime: read only the users
            modified after it (a delta feed); ``None`` reads all (full).
        :param groups: also read ``/Groups`` (always in full).
        """
        since_text = _since_text(since)
        users = self.read_users(since_text)
        records = {EMPLOYEE: users}
        if groups:
            records[DEPARTMENT] = self.read_groups()
        return SourceFeed(
            records=records,
            full=since_text is None,
            watermark=_watermark(users, since_text),
        )

    def read_users(self, since=None):
        """The raw user resources, all or modified after ``since``."""
        since_text = _since_text(since)
        if since_text is None:
            return self._list("Users", None)
        return self._list("Users", f'meta.lastModified gt "{since_text}"')

    def read_groups(self):
        """The raw group resources."""
        return self._list("Groups", None)

    def _list(self, endpoint, filter_text):
        url = f"{self.base_url}/{endpoint}"
        items, seen, start = [], set(), 1
        for page in range(1, self.max_pages + 1):
            params = {"startIndex": start, "count": self.page_size}
            if filter_text:
                params["filter"] = filter_text
            total, resources = self._page(url, endpoint, page, params)
            new = _unseen(resources, seen)
            if resources and not new:
                raise PermanentError(
                    f"Reading SCIM {endpoint}: page {page} of {safe_url(url)} "
                    "repeats resources already read; does the server honour "
                    "startIndex?",
                    details={"url": safe_url(url), "page": page},
                )
            items.extend(new)
            start += len(resources)
            if not resources or start > total or len(items) >= total:
                full = filter_text is None
                _check_end(url, endpoint, page, len(items), (start, total), full)
                _logger.info(
                    "SCIM %s: read %s resources in %s pages", endpoint, len(items), page
                )
                return items
        raise PermanentError(
            f"Reading SCIM {endpoint}: {safe_url(url)} is still listing after "
            f"{self.max_pages} pages ({len(items)} resources); refusing to go on",
            details={"url": safe_url(url), "page": self.max_pages},
        )

    def _page(self, url, endpoint, page, params):
        what = f"Reading SCIM {endpoint} page {page}"
        where = f"{what}: {safe_url(url)}"
        details = {"url": safe_url(url), "page": page}
        body, _response = get_json(
            self.transport,
            url,
            params,
            what=what,
            not_json=f"{where} did not return JSON",
            details=details,
            accept=f"{SCIM_MEDIA_TYPE}, application/json",
        )
        return _list_body(body, where, details)


def _check_end(url, endpoint, page, count, position, full):
    """A full listing that ends on an empty page before ``totalResults`` is
    refused: its missing employees would be deactivated."""
    start, total = position
    if count >= total:
        return
    if full and start <= total:
        raise PermanentError(
            f"Reading SCIM {endpoint}: page {page} of {safe_url(url)} is empty "
            f"after {count} of {total} resources; an incomplete full listing "
            "would deactivate the missing ones",
            details={"url": safe_url(url), "page": page},
        )
    _logger.warning(
        "SCIM %s: listing ended after %s of %s resources", endpoint, count, total
    )


def _list_body(body, where, details):
    """``(totalResults, Resources)`` of a ListResponse."""
    total = _get(body, "totalResults") if isinstance(body, dict) else None
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise PermanentError(
            f"{where} did not return a SCIM ListResponse (no totalResults)",
            details=details,
        )
    resources = _get(body, "Resources")
    if resources is None:  # may be left out when there are no results
        resources = []
    if not isinstance(resources, list) or not all(
        isinstance(item, dict) for item in resources
    ):
        raise PermanentError(
            f"{where} did not return a SCIM ListResponse (Resources is not a "
            "list of objects)",
            details=details,
        )
    return total, resources


def _unseen(resources, seen):
    new = []
    for resource in resources:
        resource_id = resource.get("id")
        if isinstance(resource_id, str | int):
            if resource_id in seen:
                continue
            seen.add(resource_id)
        new.append(resource)
    return new


# ---------------------------------------------------------------------------
# Service provider: errors, lists, filters
# ---------------------------------------------------------------------------


class ScimError(Exception):
    """A request the service provider refuses (RFC 7644 section 3.12).

    :param status: the HTTP status to answer.
    :param scim_type: ``invalidFilter``, ``invalidPath``, ``invalidValue``,
        ``noTarget``, ``mutability``, ``uniqueness``... or ``None``.
    """

    def __init__(self, status, detail, scim_type=None):
        super().__init__(detail)
        self.status = int(status)
        self.detail = detail
        self.scim_type = scim_type

    def body(self):
        """The error message as a JSON-ready dict."""
        body = {"schemas": [ERROR_SCHEMA], "status": str(self.status)}
        if self.scim_type:
            body["scimType"] = self.scim_type
        body["detail"] = self.detail
        return body


def _bad_value(detail):
    return ScimError(400, detail, "invalidValue")


def list_response(resources, start_index, total):
    """A ListResponse (RFC 7644 section 3.4.2) of one page."""
    resources = list(resources)
    return {
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def parse_paging(start_index=None, count=None, max_results=MAX_RESULTS):
    """``(startIndex, count)`` from query values (RFC 7644 section 3.4.2.4).

    A ``startIndex`` below 1 means 1; a negative ``count`` means 0; a missing
    or larger one is ``max_results``.

    :raises ScimError: 400 ``invalidValue`` for values that are no integers.
    """
    start = _integer("startIndex", start_index, 1)
    size = _integer("count", count, max_results)
    return max(start, 1), min(max(size, 0), max_results)


def _integer(name, value, default):
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_value(f"{name} must be an integer, not {value!r}") from None


_NAME = r"\$?[A-Za-z][A-Za-z0-9_-]*"
_LITERAL = r'"(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?'
_FILTER_RE = re.compile(
    rf"\s*(?P<attr>(?:urn:[A-Za-z0-9._:-]+:)?{_NAME}(?:\.{_NAME})?)"
    rf"\s+eq\s+(?P<value>{_LITERAL})\s*",
    re.IGNORECASE,
)
_PATH_RE = re.compile(
    rf"(?P<attr>{_NAME})"
    rf"(?:\[\s*(?P<fattr>{_NAME})\s+eq\s+(?P<fvalue>{_LITERAL})\s*\])?"
    rf"(?:\.(?P<sub>{_NAME}))?",
    re.IGNORECASE,
)
_KNOWN_SCHEMAS = (USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA)
_CORE_SCHEMAS = frozenset(schema.lower() for schema in (USER_SCHEMA, GROUP_SCHEMA))
_ATTRIBUTE_NAMES = """
    id externalId meta schemas userName name formatted familyName givenName
    middleName honorificPrefix honorificSuffix displayName nickName profileUrl
    title userType preferredLanguage locale timezone active password emails
    phoneNumbers ims photos addresses groups entitlements roles x509Certificates
    value display type primary $ref streetAddress locality region postalCode
    country employeeNumber costCenter organization division department manager
    members resourceType created lastModified location version
""".split()
_CANONICAL = {name.lower(): name for name in (*_ATTRIBUTE_NAMES, *_KNOWN_SCHEMAS)}
_MULTI_VALUED = frozenset(
    name.lower()
    for name in (
        "schemas emails phoneNumbers ims photos addresses groups entitlements "
        "roles x509Certificates members"
    ).split()
)
_BOOLEAN = frozenset({"active", "primary"})
_READ_ONLY = frozenset({"id", "meta", "groups"})


def _canonical(name):
    return _CANONICAL.get(name.lower(), name)


def _find_key(mapping, name):
    """The key of ``mapping`` equal to ``name`` but for case, or ``None``."""
    lowered = name.lower()
    return next((key for key in mapping if key.lower() == lowered), None)


def _key(mapping, name):
    return _find_key(mapping, name) or _canonical(name)


def _get(mapping, name, default=None):
    key = _find_key(mapping, name)
    return mapping[key] if key is not None else default


def _literal(text, error):
    try:
        return json.loads(text if text.startswith('"') else text.lower())
    except ValueError:
        raise error from None


def _split_schema(text, schemas=()):
    """``(schema URN or None, rest)`` of an attribute path."""
    lowered = text.lower()
    candidates = {*_KNOWN_SCHEMAS, *(s for s in schemas if isinstance(s, str))}
    for schema in sorted(candidates, key=len, reverse=True):
        prefix = schema.lower()
        if lowered == prefix:
            return _canonical(schema), ""
        if lowered.startswith(prefix + ":"):
            return _canonical(schema), text[len(prefix) + 1 :]
    if not lowered.startswith("urn:"):
        return None, text
    cut = text.split("[", 1)[0].rfind(":")
    return text[:cut], text[cut + 1 :]


def parse_filter(text):
    """``(attribute, value)`` of a filter ``attribute eq value``.

    ``eq`` and the attribute name are case-insensitive; known attribute
    names come back in their schema's spelling (``USERNAME`` gives
    ``userName``), with the schema URN of a fully qualified one
    (``urn:...:enterprise:2.0:User:employeeNumber``; a core schema's URN is
    dropped, its attributes being top-level ones). The value is a JSON
    string (or ``true``, ``false``, ``null``, a number).

    :raises ScimError: 400 ``invalidFilter`` for anything else.
    """
    error = ScimError(
        400,
        f'unsupported filter {text!r}: only attribute eq "value" is supported',
        "invalidFilter",
    )
    match = _FILTER_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise error
    schema, attribute = _split_schema(match["attr"])
    if not attribute:
        raise error
    name = ".".join(_canonical(part) for part in attribute.split("."))
    if schema is not None and schema.lower() not in _CORE_SCHEMAS:
        name = f"{schema}:{name}"
    return name, _literal(match["value"], error)


def validate_user(resource):
    """Check a User sent to us (POST or PUT); return it unchanged.

    :raises ScimError: 400 ``invalidValue`` without the core User schema or
        a ``userName``.
    """
    if not isinstance(resource, dict):
        raise _bad_value("a User must be a JSON object")
    schemas = _get(resource, "schemas")
    if not isinstance(schemas, list) or USER_SCHEMA.lower() not in {
        str(schema).lower() for schema in schemas
    }:
        raise _bad_value(f"schemas must list {USER_SCHEMA}")
    user_name = _get(resource, "userName")
    if not isinstance(user_name, str) or not user_name.strip():
        raise _bad_value("userName is required")
    return resource


# ---------------------------------------------------------------------------
# Service provider: PATCH (RFC 7644 section 3.5.2)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Path:
    text: str
    schema: str | None  # None or a core schema: attributes at the top level
    attribute: str | None  # None: the whole extension object
    filter: tuple | None = None  # (sub-attribute, value)
    sub: str | None = None

    @property
    def core(self):
        return self.schema is None or self.schema.lower() in _CORE_SCHEMAS

    @property
    def leaf(self):
        return self.sub or self.attribute or ""


def _parse_path(text, resource):
    if not isinstance(text, str) or not text.strip():
        raise ScimError(400, f"cannot read the path {text!r}", "invalidPath")
    text = text.strip()
    schema, rest = _split_schema(text, _get(resource, "schemas") or ())
    if schema is not None and not rest:
        return _Path(text, schema, None)
    match = _PATH_RE.fullmatch(rest)
    if match is None:
        raise ScimError(400, f"cannot read the path {text!r}", "invalidPath")
    value_filter = None
    if match["fattr"]:
        invalid = ScimError(400, f"cannot read the filter of {text!r}", "invalidPath")
        value_filter = (_canonical(match["fattr"]), _literal(match["fvalue"], invalid))
    return _Path(
        text, schema, _canonical(match["attr"]), value_filter, match["sub"] or None
    )


def apply_patch(resource, patch_body):
    """``resource`` with a PatchOp applied, as a new dict.

    :raises ScimError: 400 ``invalidValue`` for a message that is no PatchOp
        (schema, ``Operations``, unknown ``op``, missing value),
        ``invalidPath`` for an unreadable path, ``noTarget`` for a remove
        without a path, ``mutability`` for a change of ``id`` or ``meta``.
    """
    result = copy.deepcopy(resource)
    for number, operation in enumerate(_operations(patch_body), start=1):
        _apply_operation(result, operation, number)
    return result


def _operations(patch_body):
    if not isinstance(patch_body, dict):
        raise _bad_value("a PATCH body must be a JSON object")
    schemas = _get(patch_body, "schemas")
    if not isinstance(schemas, list) or PATCH_OP_SCHEMA.lower() not in {
        str(schema).lower() for schema in schemas
    }:
        raise _bad_value(f"schemas must list {PATCH_OP_SCHEMA}")
    operations = _get(patch_body, "Operations")
    if not isinstance(operations, list) or not operations:
        raise _bad_value("Operations must be a non-empty list")
    return operations


def _apply_operation(resource, operation, number):
    if not isinstance(operation, dict):
        raise _bad_value(f"operation {number} is not an object")
    op = str(_get(operation, "op", "")).strip().lower()
    if op not in ("add", "replace", "remove"):
        raise _bad_value(
            f"operation {number}: op {_get(operation, 'op')!r} is not "
            "add, replace or remove"
        )
    path = _get(operation, "path")
    has_value = _find_key(operation, "value") is not None
    value = _get(operation, "value")
    if op != "remove" and not has_value:
        raise _bad_value(f"operation {number} ({op}) has no value")
    if path is not None and path != "":
        _apply_path(resource, op, path, value)
        return
    if op == "remove":
        raise ScimError(400, f"operation {number}: remove needs a path", "noTarget")
    if not isinstance(value, dict):
        raise _bad_value(f"operation {number}: without a path, value must be an object")
    for key, item in value.items():
        _apply_path(resource, op, key, item)


def _apply_path(resource, op, text, value):
    path = _parse_path(text, resource)
    if path.attribute is None:
        _apply_extension(resource, op, path.schema, value)
        return
    if _is_manager(path, sub="value"):
        path = dataclasses.replace(path, sub=None)  # the id names the manager
    value = _normalise(path.leaf, value)
    if _is_manager(path):
        op, value = _manager_change(op, value)
    elif op != "remove" and value is None:
        op = "remove"  # null is unassigned (RFC 7643 section 2.5)
    container = _container(resource, path.schema, create=op != "remove")
    if container is None:
        return
    key = _key(container, path.attribute)
    if path.core and key.lower() in _READ_ONLY:
        _check_read_only(container, key, op, value, path)
    elif path.filter:
        _apply_filtered(container, key, path, op, value)
    elif path.sub:
        _apply_sub(container, key, path, op, value)
    elif _is_manager(path) and op != "remove":
        container[key] = value  # not merged: the old $ref and displayName go
    else:
        _apply_attribute(container, key, op, value)


def _apply_extension(resource, op, schema, value):
    """An operation on a whole schema's attributes (a path that is a URN)."""
    key = _find_key(resource, schema)
    if op == "remove" and schema.lower() in _CORE_SCHEMAS:
        raise ScimError(400, f"cannot remove the core schema {schema}", "noTarget")
    if op == "remove":
        if key is not None:
            del resource[key]
        schemas = _get(resource, "schemas")
        if isinstance(schemas, list):
            schemas[:] = [s for s in schemas if str(s).lower() != schema.lower()]
        return
    if not isinstance(value, dict):
        raise _bad_value(f"{schema}: the value must be an object")
    for name, item in value.items():
        _apply_path(resource, op, f"{schema}:{name}", item)


def _normalise(name, value):
    """Booleans sent as text (``"True"``) become booleans."""
    if isinstance(value, dict):
        return {key: _normalise(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(name, item) for item in value]
    if name.lower() in _BOOLEAN and isinstance(value, str):
        text = value.strip().lower()
        if text not in ("true", "false"):
            raise _bad_value(f"{name}: {value!r} is not a boolean")
        return text == "true"
    return value


def _is_manager(path, sub=None):
    return (
        path.schema == ENTERPRISE_USER_SCHEMA
        and path.attribute == "manager"
        and (path.sub or "").lower() == (sub or "")
        and not path.filter
    )


def _manager_change(op, value):
    """Entra ID sends the manager as a bare id, and an empty one to unset."""
    reference = _get(value, "value") if isinstance(value, dict) else value
    if op == "remove" or reference is None:
        return "remove", None
    if not isinstance(reference, str):
        raise _bad_value(f"manager: {value!r} is not a user id")
    if not reference.strip():
        return "remove", None
    if isinstance(value, str):
        return op, {"value": reference.strip()}
    return op, value


def _container(resource, schema, create):
    if schema is None or schema.lower() in _CORE_SCHEMAS:
        return resource
    key = _key(resource, schema)
    extension = resource.get(key)
    if isinstance(extension, dict):
        return extension
    if not create:
        return None
    resource[key] = extension = {}
    schemas = resource.setdefault("schemas", [])
    if isinstance(schemas, list) and schema.lower() not in {
        str(s).lower() for s in schemas
    }:
        schemas.append(schema)
    return extension


def _check_read_only(container, key, op, value, path):
    if op != "remove" and not path.filter and not path.sub:
        if value == container.get(key):
            return
    raise ScimError(400, f"{key} is read-only", "mutability")


def _apply_attribute(container, key, op, value):
    current = container.get(key)
    multi = key.lower() in _MULTI_VALUED or isinstance(current, list)
    if op == "remove":
        if value is not None and isinstance(current, list):
            _store(container, key, _without(current, value))
        else:
            container.pop(key, None)
        return
    if multi and not isinstance(value, list):
        value = [value]
    if op == "add" and multi:
        items = list(current) if isinstance(current, list) else []
        items.extend(item for item in value if item not in items)
        container[key] = items
    elif isinstance(current, dict) and isinstance(value, dict):
        container[key] = _merged(current, value)
    else:
        container[key] = value


def _without(items, removed):
    """``items`` less those listed in ``removed`` (by their ``value``)."""
    removed = removed if isinstance(removed, list) else [removed]
    keys = [_get(r, "value") if isinstance(r, dict) else r for r in removed]
    return [
        item
        for item in items
        if (_get(item, "value") if isinstance(item, dict) else item) not in keys
    ]


def _merged(current, value):
    merged = dict(current)
    for name, item in value.items():
        merged[_key(merged, name)] = item
    return merged


def _store(container, key, items):
    if items:
        container[key] = items
    else:
        container.pop(key, None)


def _apply_sub(container, key, path, op, value):
    current = container.get(key)
    if isinstance(current, list) or key.lower() in _MULTI_VALUED:
        raise ScimError(
            400,
            f"{path.text}: {key} is multi-valued; select values with a filter, "
            f'e.g. {key}[type eq "work"].{path.sub}',
            "invalidPath",
        )
    complex_value = dict(current) if isinstance(current, dict) else {}
    if op == "remove":
        complex_value.pop(_find_key(complex_value, path.sub) or path.sub, None)
    else:
        complex_value[_key(complex_value, path.sub)] = value
    _store(container, key, complex_value)


def _matches(item, value_filter):
    name, expected = value_filter
    if not isinstance(item, dict):
        return False
    actual = _get(item, name)
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.casefold() == expected.casefold()
    return actual == expected


def _apply_filtered(container, key, path, op, value):
    current = container.get(key)
    if current is not None and not isinstance(current, list):
        raise ScimError(400, f"{path.text}: {key} is not multi-valued", "invalidPath")
    items = [dict(item) if isinstance(item, dict) else item for item in current or []]
    matched = [i for i, item in enumerate(items) if _matches(item, path.filter)]
    if op == "remove":
        if path.sub:
            for i in matched:
                items[i].pop(_find_key(items[i], path.sub) or path.sub, None)
        else:
            items = [item for i, item in enumerate(items) if i not in matched]
        _store(container, key, items)
        return
    if not path.sub and not isinstance(value, dict):
        raise _bad_value(f"{path.text}: the value must be an object")
    if not matched:
        items.append({path.filter[0]: path.filter[1]})
        matched = [len(items) - 1]
    for i in matched:
        update = {path.sub: value} if path.sub else value
        items[i] = _merged(items[i], update)
    container[key] = items


# ---------------------------------------------------------------------------
# Service provider: discovery (RFC 7644 section 4)
# ---------------------------------------------------------------------------


def service_provider_config(docs_url=None):
    """``/ServiceProviderConfig``: PATCH and filters, no bulk, sort, ETags or
    password changes; OAuth bearer tokens."""
    config = {"schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA]}
    if docs_url:
        config["documentationUri"] = docs_url
    config.update(
        {
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "OAuth Bearer Token",
                    "description": "A bearer token in the Authorization header",
                    "specUri": "https://www.rfc-editor.org/info/rfc6750",
                    "primary": True,
                }
            ],
            "meta": {"resourceType": "ServiceProviderConfig"},
        }
    )
    return config


def resource_types(base_url):
    """``/ResourceTypes``: User (with the enterprise extension) and Group."""
    base = base_url.rstrip("/")

    def resource_type(name, endpoint, schema, extensions=()):
        return {
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": name,
            "name": name,
            "endpoint": endpoint,
            "description": name,
            "schema": schema,
            "schemaExtensions": [
                {"schema": extension, "required": False} for extension in extensions
            ],
            "meta": {
                "resourceType": "ResourceType",
                "location": f"{base}/ResourceTypes/{name}",
            },
        }

    types = [
        resource_type("User", "/Users", USER_SCHEMA, (ENTERPRISE_USER_SCHEMA,)),
        resource_type("Group", "/Groups", GROUP_SCHEMA),
    ]
    return list_response(types, 1, len(types))


def _attribute(name, kind="string", *, sub=(), **options):
    attribute = {
        "name": name,
        "type": kind,
        "multiValued": options.get("multi", False),
        "description": options.get("description", name),
        "required": options.get("required", False),
        "caseExact": options.get("case_exact", False),
        "mutability": options.get("mutability", "readWrite"),
        "returned": "default",
        "uniqueness": options.get("uniqueness", "none"),
    }
    if sub:
        attribute["subAttributes"] = list(sub)
    if "canonical" in options:
        attribute["canonicalValues"] = options["canonical"]
    if kind == "reference":
        attribute["referenceTypes"] = options.get("references", ["User"])
    return attribute


def _typed_values(name, types):
    return _attribute(
        name,
        "complex",
        multi=True,
        sub=(
            _attribute("value"),
            _attribute("type", canonical=types),
            _attribute("primary", "boolean"),
        ),
    )


def _user_attributes():
    return [
        _attribute("userName", required=True, uniqueness="server"),
        _attribute(
            "name",
            "complex",
            sub=(
                _attribute("formatted"),
                _attribute("familyName"),
                _attribute("givenName"),
            ),
        ),
        _attribute("displayName"),
        _attribute("title"),
        _attribute("active", "boolean"),
        _typed_values("emails", ["work", "home", "other"]),
        _typed_values("phoneNumbers", ["work", "mobile", "home", "other"]),
    ]


def _enterprise_attributes():
    return [
        *(
            _attribute(name)
            for name in (
                "employeeNumber",
                "costCenter",
                "organization",
                "division",
                "department",
            )
        ),
        _attribute(
            "manager",
            "complex",
            sub=(
                _attribute("value"),
                _attribute("$ref", "reference"),
                _attribute("displayName", mutability="readOnly"),
            ),
        ),
    ]


def _group_attributes():
    return [
        _attribute("displayName", required=True),
        _attribute(
            "members",
            "complex",
            multi=True,
            sub=(
                _attribute("value", mutability="immutable"),
                _attribute("$ref", "reference", references=["User", "Group"]),
                _attribute("display", mutability="readOnly"),
            ),
        ),
    ]


def schemas(base_url=None):
    """``/Schemas``: the attributes this provider supports, per schema."""
    documents = []
    for schema, name, attributes in (
        (USER_SCHEMA, "User", _user_attributes()),
        (ENTERPRISE_USER_SCHEMA, "EnterpriseUser", _enterprise_attributes()),
        (GROUP_SCHEMA, "Group", _group_attributes()),
    ):
        meta = {"resourceType": "Schema"}
        if base_url:
            meta["location"] = f"{base_url.rstrip('/')}/Schemas/{schema}"
        documents.append(
            {
                "schemas": [SCHEMA_SCHEMA],
                "id": schema,
                "name": name,
                "description": f"{name} attributes",
                "attributes": attributes,
                "meta": meta,
            }
        )
    return list_response(documents, 1, len(documents))
