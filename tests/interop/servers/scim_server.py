"""A SCIM 2.0 service provider on 127.0.0.1 (http.server), for the SCIM client.

Routes, under ``/scim/v2`` and all behind ``Authorization: Bearer
{state.token}`` (otherwise 401 with the RFC 7644 error body):

* ``GET /Users`` and ``GET /Groups``: resources in id order, paged by
  ``startIndex`` (1-based) and ``count`` (at most ``state.max_count`` per
  page), filtered by ``meta.lastModified gt "<ISO 8601>"`` (compared as
  instants) or ``<attribute> eq "<value>"``; other filters are a 400
  ``invalidFilter``.
* ``GET /Users/{id}``, ``PATCH /Users/{id}`` (an RFC 7644 PatchOp applied with
  :func:`integration_core.hr.scim.apply_patch`; ``meta.lastModified`` becomes
  ``state.now``).

To break the protocol on purpose: ``state.fail_status`` answers every request
with that status (and ``Retry-After: 7``); ``state.ignore_start_index`` always
serves the first page; ``state.raw_pages`` maps a ``startIndex`` to a body
sent as is.
"""

import dataclasses
import datetime
import json
import urllib.parse

from integration_core.hr.scim import (
    ENTERPRISE_USER_SCHEMA,
    GROUP_SCHEMA,
    USER_SCHEMA,
    ScimError,
    apply_patch,
    list_response,
    parse_filter,
    parse_paging,
)

from .background import BackgroundHttpServer, ServerState, StateHandler

PREFIX = "/scim/v2"
DEPARTMENTS = ("Cardiology", "Radiology", "Oncology", "Pharmacy", "Nursing")
#: Users are modified one minute apart from this instant on.
EPOCH = datetime.datetime(2024, 5, 1, 8, 0, tzinfo=datetime.timezone.utc)


def user_id(number):
    return f"2819c223-7f76-453a-919d-{number:012d}"


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def make_user(number):
    """User ``number`` (1-based); user 1 manages everyone, every tenth user
    has left (``active`` false)."""
    department = DEPARTMENTS[number % len(DEPARTMENTS)]
    enterprise = {
        "employeeNumber": f"E{number:05d}",
        "costCenter": f"CC-{department[:4].upper()}",
        "organization": "NORTH",
        "department": department,
    }
    if number != 1:
        enterprise["manager"] = {
            "value": user_id(1),
            "$ref": f"../Users/{user_id(1)}",
        }
    return {
        "schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        "id": user_id(number),
        "userName": f"user{number}@north.example",
        "name": {"givenName": f"Given{number}", "familyName": f"Family{number}"},
        "emails": [{"value": f"User{number}@North.Example", "type": "work"}],
        "phoneNumbers": [{"value": f"+33 1 00 00 {number:04d}", "type": "work"}],
        "title": "Nurse" if number % 2 else "Physician",
        "active": number % 10 != 0,
        ENTERPRISE_USER_SCHEMA: enterprise,
        "meta": {
            "resourceType": "User",
            "created": iso(EPOCH),
            "lastModified": iso(EPOCH + datetime.timedelta(minutes=number)),
        },
    }


def make_group(index, name, members):
    return {
        "schemas": [GROUP_SCHEMA],
        "id": f"g-{index:03d}",
        "displayName": name,
        "members": [{"value": member} for member in members],
        "meta": {"resourceType": "Group", "lastModified": iso(EPOCH)},
    }


def parse_instant(text):
    """ISO 8601 as an aware datetime; ``Z`` and 3 or 6 fraction digits."""
    moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


@dataclasses.dataclass
class ScimState(ServerState):
    """The provider's resources and what it received; shared with the tests."""

    token: str = "scim-token-0123456789"
    max_count: int = 50
    user_count: int = 250
    now: str = "2024-06-02T09:00:00Z"
    fail_status: int | None = None
    ignore_start_index: bool = False

    def __post_init__(self):
        super().__post_init__()
        self.users = {}
        for number in range(1, self.user_count + 1):
            user = make_user(number)
            self.users[user["id"]] = user
        ids = list(self.users)
        self.groups = {}
        for index, name in enumerate(DEPARTMENTS, start=1):
            group = make_group(index, name, ids[index::25])
            self.groups[group["id"]] = group
        self.raw_pages = {}

    def modify(self, number, last_modified, **changes):
        """Change user ``number`` as if edited at ``last_modified``."""
        with self.lock:
            user = self.users[user_id(number)]
            user.update(changes)
            user["meta"]["lastModified"] = last_modified
        return user

    def queries(self, path):
        """The query parameters of each request received on ``path``."""
        return [r["query"] for r in self.requests if r["path"] == PREFIX + path]


class ScimHandler(StateHandler):
    server_version = "ScimProvider/1.0"

    def _json(self, status, payload, headers=None):
        body = json.dumps(payload).encode()
        self._send(status, body, headers)

    def _send(self, status, body, headers=None):
        self.answer(status, body, "application/scim+json", headers)

    def do_GET(self):
        self._dispatch()

    def do_PATCH(self):
        self._dispatch()

    def _dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.read_body()
        self.state.record({"method": self.command, "path": url.path, "query": query})
        try:
            self._route(url.path, query, body)
        except ScimError as error:
            challenge = {"WWW-Authenticate": 'Bearer realm="scim"'}
            if error.status != 401:
                challenge = None
            self._json(error.status, error.body(), challenge)
        except Exception as exc:  # report server bugs to the test, not stderr
            self.state.errors.append(repr(exc))
            self._json(500, ScimError(500, f"provider bug: {exc!r}").body())

    def _route(self, path, query, body):
        state = self.state
        if self.headers.get("Authorization") != f"Bearer {state.token}":
            raise ScimError(401, "the bearer token is missing or wrong")
        if state.fail_status:
            error = ScimError(state.fail_status, "the provider is down for upkeep")
            return self._json(error.status, error.body(), {"Retry-After": "7"})
        parts = [p for p in path[len(PREFIX) :].split("/") if p]
        if not path.startswith(PREFIX + "/") or not parts:
            raise ScimError(404, f"no such endpoint {path}")
        resources = {"Users": state.users, "Groups": state.groups}.get(parts[0])
        if resources is None or len(parts) > 2:
            raise ScimError(404, f"no such endpoint {path}")
        if len(parts) == 1 and self.command == "GET":
            return self._list(resources, query)
        if len(parts) == 2 and self.command == "GET":
            return self._json(200, self._resource(resources, parts[1]))
        if len(parts) == 2 and self.command == "PATCH":
            return self._patch(resources, parts[1], body)
        raise ScimError(405, f"{self.command} is not supported on {path}")

    def _resource(self, resources, resource_id):
        with self.state.lock:
            resource = resources.get(resource_id)
        if resource is None:
            raise ScimError(404, f"resource {resource_id} not found")
        return resource

    def _list(self, resources, query):
        start, count = parse_paging(
            query.get("startIndex"), query.get("count"), self.state.max_count
        )
        raw = self.state.raw_pages.get(start)
        if raw is not None:
            return self._send(200, raw)
        with self.state.lock:
            matching = [
                r for r in resources.values() if _matches(r, query.get("filter"))
            ]
        if self.state.ignore_start_index:
            start = 1
        page = matching[start - 1 : start - 1 + count]
        self._json(200, list_response(page, start, len(matching)))

    def _patch(self, resources, resource_id, body):
        resource = self._resource(resources, resource_id)
        patched = apply_patch(resource, json.loads(body))
        patched["meta"]["lastModified"] = self.state.now
        with self.state.lock:
            resources[resource_id] = patched
        self._json(200, patched)


def _matches(resource, filter_text):
    if not filter_text:
        return True
    attribute, _, rest = filter_text.partition(" gt ")
    if attribute.strip().lower() == "meta.lastmodified" and rest:
        since = parse_instant(json.loads(rest))
        return parse_instant(resource["meta"]["lastModified"]) > since
    attribute, value = parse_filter(filter_text)
    return resource.get(attribute) == value


class ScimServer(BackgroundHttpServer):
    """The SCIM provider in a background thread; ``base_url`` ends in
    ``/scim/v2``."""

    def __init__(self, state=None):
        super().__init__(ScimHandler, state or ScimState(), base_path=PREFIX)
