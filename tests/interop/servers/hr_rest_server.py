"""A small HR REST API on 127.0.0.1 (http.server) with every pagination style.

Routes are ``/{auth}/{style}/employees`` where ``{auth}`` is ``open``,
``apikey`` (header ``X-API-Key``) or ``basic``, and a wrong or missing
credential answers 401. Every style accepts ``updated_since`` (ISO 8601):
only employees changed at or after it are listed. Styles:

* ``plain``: the body is the JSON list of every employee;
* ``paged``: ``?page=&per_page=`` (default 1 and 25), BambooHR-like body
  ``{"employees": [...], "page": n}``;
* ``offset``: ``?offset=&limit=``, Personio-like body
  ``{"success": true, "data": [{"type": "Employee", "attributes": {...}}],
  "metadata": {"total_elements": n}}``;
* ``cursor``: ``?cursor=&limit=``, body ``{"results": [...],
  "meta": {"next_cursor": "..." or null}}``;
* ``link``: ``?page=&per_page=``, the body is the list and a
  ``Link: <...>; rel="next"`` header (relative URL) points to the next page;
* ``bodylink``: like ``link`` but the next absolute URL is in the body,
  ``{"items": [...], "links": {"next": ...}}``.

Broken on purpose: ``/open/html/employees`` (200, not JSON),
``/open/loop/employees`` (cursor style, always the same cursor),
``/open/linkloop/employees`` (a ``Link`` to itself), ``/open/stuck/employees``
(``paged`` style ignoring ``page``), ``/open/status/{code}`` (that status).
"""

import base64
import dataclasses
import datetime
import json
import urllib.parse

from .background import BackgroundHttpServer, ServerState, StateHandler

FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen")
DEPARTMENTS = (
    ("D10", "Management", None),
    ("D20", "Engineering", "D10"),
    ("D30", "Finance", "D10"),
    ("D21", "Platform", "D20"),
)
#: The connector mapping of these BambooHR-like records to canonical employees.
BAMBOO_MAPPING = {
    "employee": {
        "external_id": "id",
        "first_name": "firstName",
        "last_name": "lastName",
        "work_email": {"path": "workEmail", "transforms": ["trim", "lower"]},
        "job_title": "jobTitle",
        "department_id": "department.id",
        "department_name": "department.name",
        "manager_id": "supervisorId",
        "status": {
            "path": "status",
            "transforms": [
                {"map": {"Active": "active", "Inactive": "terminated"}, "strict": True}
            ],
        },
        "hire_date": {"path": "hireDate", "transforms": [{"date": "%Y-%m-%d"}]},
    }
}
#: When every employee was last changed, unless a test touches one.
BASE_UPDATED = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def make_employees(count):
    """``count`` BambooHR-like employee records, ids ``E0001``..., the first
    one heading everybody, every tenth one terminated."""
    employees = []
    for index in range(count):
        department_id, department_name, _parent = DEPARTMENTS[index % len(DEPARTMENTS)]
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        employees.append(
            {
                "id": f"E{index + 1:04d}",
                "firstName": first,
                "lastName": f"{last}{index + 1}",
                "workEmail": f"{first}.{last}{index + 1}@north.example".lower(),
                "jobTitle": "Engineer" if department_id in ("D20", "D21") else "Clerk",
                "department": {"id": department_id, "name": department_name},
                "supervisorId": None if index == 0 else "E0001",
                "status": "Inactive" if index % 10 == 9 else "Active",
                "hireDate": f"20{10 + index % 14:02d}-0{1 + index % 9}-15",
                "updatedAt": BASE_UPDATED.isoformat().replace("+00:00", "Z"),
            }
        )
    return employees


@dataclasses.dataclass
class HrState(ServerState):
    """The HR platform's data and what it received; shared with the tests."""

    employee_count: int = 230
    api_key: str = "hr-key-42"
    basic_user: str = "hr-reader"
    basic_password: str = "p@ss word"

    def __post_init__(self):
        super().__post_init__()
        self.employees = make_employees(self.employee_count)

    def touch(self, employee_id, when, **changes):
        """Change an employee at ``when`` (an aware datetime)."""
        updated = when.isoformat().replace("+00:00", "Z")
        self.update_record(
            self.employees, employee_id, {**changes, "updatedAt": updated}
        )

    def listed(self, since):
        with self.lock:
            employees = [dict(employee) for employee in self.employees]
        if since is None:
            return employees
        return [e for e in employees if _parse(e["updatedAt"]) >= since]


def _parse(text):
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


class _BadRequest(Exception):
    pass


class HrHandler(StateHandler):
    server_version = "HrAPI/1.0"

    def _reply(self, status, body, content_type="application/json", headers=None):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.answer(status, body, content_type, headers)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = [part for part in url.path.split("/") if part]
        self.state.record(
            {"path": url.path, "query": query, "headers": dict(self.headers)}
        )
        try:
            self._route(parts, query)
        except _BadRequest as error:
            self._reply(400, {"error": str(error)})
        except Exception as error:  # report server bugs to the test, not stderr
            self.state.errors.append(repr(error))
            self._reply(500, {"error": f"server bug: {error!r}"})

    def _route(self, parts, query):
        if len(parts) == 3 and parts[0] == "open" and parts[1] == "status":
            return self._reply(int(parts[2]), {"error": f"status {parts[2]}"})
        if len(parts) != 3 or parts[2] != "employees":
            return self._reply(404, {"error": "no such route"})
        auth, style = parts[0], parts[1]
        if not self._authorized(auth):
            return self._reply(
                401, {"error": "unauthorized"}, headers={"WWW-Authenticate": "Basic"}
            )
        handler = getattr(self, f"_style_{style}", None)
        if handler is None:
            return self._reply(404, {"error": f"no style {style}"})
        since = query.get("updated_since")
        try:
            employees = self.state.listed(_parse(since) if since else None)
        except ValueError as error:
            raise _BadRequest(f"updated_since: {error}") from error
        return handler(employees, query, f"/{auth}/{style}/employees")

    def _authorized(self, auth):
        if auth == "open":
            return True
        if auth == "apikey":
            return self.headers.get("X-API-Key") == self.state.api_key
        if auth == "basic":
            pair = f"{self.state.basic_user}:{self.state.basic_password}"
            expected = "Basic " + base64.b64encode(pair.encode()).decode()
            return self.headers.get("Authorization") == expected
        return False

    # -- styles -------------------------------------------------------------

    def _style_plain(self, employees, query, path):
        self._reply(200, employees)

    def _style_paged(self, employees, query, path):
        page, size = _int(query, "page", 1), _int(query, "per_page", 25)
        chunk = employees[(page - 1) * size : page * size]
        self._reply(200, {"employees": chunk, "page": page})

    def _style_offset(self, employees, query, path):
        offset, limit = _int(query, "offset", 0), _int(query, "limit", 25)
        chunk = employees[offset : offset + limit]
        self._reply(
            200,
            {
                "success": True,
                "data": [{"type": "Employee", "attributes": e} for e in chunk],
                "metadata": {"total_elements": len(employees)},
            },
        )

    def _style_cursor(self, employees, query, path):
        start = int(query.get("cursor") or 0)
        limit = _int(query, "limit", 25)
        end = start + limit
        next_cursor = str(end) if end < len(employees) else None
        self._reply(
            200,
            {"results": employees[start:end], "meta": {"next_cursor": next_cursor}},
        )

    def _style_link(self, employees, query, path):
        page, size = _int(query, "page", 1), _int(query, "per_page", 25)
        chunk = employees[(page - 1) * size : page * size]
        links = [f'<{path}?{_query(query, page=1)}>; rel="first"']
        if page * size < len(employees):
            links.insert(0, f'<{path}?{_query(query, page=page + 1)}>; rel="next"')
        self._reply(200, chunk, headers={"Link": ", ".join(links)})

    def _style_bodylink(self, employees, query, path):
        page, size = _int(query, "page", 1), _int(query, "per_page", 25)
        chunk = employees[(page - 1) * size : page * size]
        next_url = None
        if page * size < len(employees):
            base = f"http://{self.headers.get('Host')}{path}"
            next_url = f"{base}?{_query(query, page=page + 1)}"
        self._reply(200, {"items": chunk, "links": {"next": next_url}})

    def _style_html(self, employees, query, path):
        self._reply(200, b"<html>maintenance</html>", "text/html")

    def _style_loop(self, employees, query, path):
        self._reply(200, {"results": employees[:5], "meta": {"next_cursor": "same"}})

    def _style_linkloop(self, employees, query, path):
        headers = {"Link": f'<{path}?page=1>; rel="next"'}
        self._reply(200, employees[:5], headers=headers)

    def _style_stuck(self, employees, query, path):
        size = _int(query, "per_page", 25)
        self._reply(200, {"employees": employees[:size]})


def _int(query, name, default):
    try:
        value = int(query.get(name, default))
    except ValueError as error:
        raise _BadRequest(f"{name} must be a number") from error
    if value < 0:
        raise _BadRequest(f"{name} must not be negative")
    return value


def _query(query, **changes):
    return urllib.parse.urlencode({**query, **{k: str(v) for k, v in changes.items()}})


class HrRestServer(BackgroundHttpServer):
    """The HR API in a background thread on 127.0.0.1, any free port."""

    def __init__(self, state=None):
        super().__init__(HrHandler, state or HrState())
