# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SCIM 2.0 service provider (RFC 7644) for HR platforms that push.

Microsoft Entra ID, Okta or any SCIM client is given the base URL
``https://<odoo>/scim/v2`` and, as its secret token, the API key of an HR
connector whose source is *SCIM 2.0 (the platform pushes to Odoo)*. Each
request is logged on that connector; each accepted change is applied by a
queue job on the connector's channel through the same sync as every other
source (mapping, guards, one message per employee change).
"""

import hmac
import json
import logging
import uuid

from odoo import http
from odoo.http import request

from integration_core.hr.scim import (
    SCIM_MEDIA_TYPE,
    ScimError,
    apply_patch,
    list_response,
    parse_filter,
    parse_paging,
    resource_types,
    schemas,
    service_provider_config,
    validate_user,
)

_logger = logging.getLogger(__name__)

BASE = "/scim/v2"
ROUTE_OPTIONS = {
    "type": "http",
    "auth": "none",
    "csrf": False,
    "save_session": False,
    "readonly": False,  # every request is logged, reads included
}
# Filterable attributes, and the field of hr.sync.scim.user holding each.
FILTERS = {"userName": "user_name", "externalId": "external_id", "id": "scim_id"}


class ScimController(http.Controller):
    @http.route(f"{BASE}/ServiceProviderConfig", methods=["GET"], **ROUTE_OPTIONS)
    def service_provider_config(self):
        return self._handle(lambda connector: (200, service_provider_config()))

    @http.route(f"{BASE}/ResourceTypes", methods=["GET"], **ROUTE_OPTIONS)
    def resource_types(self):
        return self._handle(lambda connector: (200, _listed(resource_types(_base()))))

    @http.route(f"{BASE}/Schemas", methods=["GET"], **ROUTE_OPTIONS)
    def schemas(self):
        return self._handle(lambda connector: (200, _listed(schemas(_base()))))

    @http.route(f"{BASE}/Users", methods=["GET"], **ROUTE_OPTIONS)
    def list_users(self, **params):
        return self._handle(lambda connector: self._list(connector, params))

    @http.route(f"{BASE}/Users", methods=["POST"], **ROUTE_OPTIONS)
    def create_user(self):
        return self._handle(self._create)

    @http.route(
        f"{BASE}/Users/<string:scim_id>",
        methods=["GET", "PUT", "PATCH", "DELETE"],
        **ROUTE_OPTIONS,
    )
    def user(self, scim_id):
        method = request.httprequest.method
        handler = {
            "GET": self._get,
            "PUT": self._replace,
            "PATCH": self._patch,
            "DELETE": self._delete,
        }[method]
        return self._handle(lambda connector: handler(connector, scim_id))

    # -- plumbing ---------------------------------------------------------

    def _handle(self, handler):
        try:
            connector = self._authenticate()
            status, body = handler(connector)
        except ScimError as error:
            status, body = error.status, error.body()
        return request.make_response(
            json.dumps(body) if body is not None else "",
            headers=[("Content-Type", SCIM_MEDIA_TYPE)],
            status=status,
        )

    def _authenticate(self):
        """The scim_push connector whose API key is the bearer token."""
        header = request.httprequest.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ScimError(401, "a bearer token is required")
        connectors = (
            request.env["integration.connector"]
            .sudo()
            .search([("system_kind", "=", "hr"), ("hr_source", "=", "scim_push")])
        )
        for connector in connectors:
            expected = connector._get_secret("api_key")
            if expected and hmac.compare_digest(
                expected.encode(), token.strip().encode()
            ):
                return connector.with_company(connector.company_id)
        _logger.warning(
            "SCIM request from %s refused: unknown bearer token",
            request.httprequest.remote_addr,
        )
        raise ScimError(401, "the bearer token is not valid")

    def _users(self, connector):
        return (
            request.env["hr.sync.scim.user"].sudo().with_company(connector.company_id)
        )

    def _find(self, connector, scim_id):
        user = self._users(connector).search(
            [
                ("connector_id", "=", connector.id),
                ("scim_id", "=", scim_id),
                ("deleted", "=", False),
            ]
        )
        if not user:
            raise ScimError(404, f"User {scim_id} not found")
        return user

    def _body(self):
        try:
            body = json.loads(request.httprequest.get_data() or b"null")
        except ValueError as error:
            raise ScimError(
                400, f"the body is not JSON: {error}", "invalidSyntax"
            ) from error
        if not isinstance(body, dict):
            raise ScimError(400, "the body must be a JSON object", "invalidSyntax")
        return body

    def _log_read(self, connector, operation):
        request.env["integration.message"].sudo()._log_apply(
            connector,
            operation,
            request.env["hr.sync.scim.user"],
            {},
            idempotency_reference={"request": uuid.uuid4().hex},
            initiator="partner",
        )

    def _apply_later(self, connector, user, verb, payload):
        """Log the push on the connector and queue its application."""
        message = (
            request.env["integration.message"]
            .sudo()
            ._log_open(
                connector,
                "scim_apply",
                direction="inbound",
                idempotency_reference={"request": uuid.uuid4().hex, "verb": verb},
                payload=json.dumps(payload).encode(),
                payload_name=f"scim-{verb.lower()}-{user.scim_id}.json",
                record=user,
                processor_model="hr.sync.scim.user",
                initiator="partner",
            )
        )
        message._log_enqueue()
        return message

    # -- verbs ------------------------------------------------------------

    def _list(self, connector, params):
        start, count = parse_paging(params.get("startIndex"), params.get("count"))
        domain = [("connector_id", "=", connector.id), ("deleted", "=", False)]
        if params.get("filter"):
            attribute, value = parse_filter(params["filter"])
            if attribute not in FILTERS:
                raise ScimError(
                    400,
                    f"filtering on {attribute} is not supported "
                    f"(use one of {', '.join(FILTERS)})",
                    "invalidFilter",
                )
            domain.append((FILTERS[attribute], "=", value))
        users = self._users(connector)
        total = users.search_count(domain)
        page = users.search(domain, offset=start - 1, limit=count, order="id")
        self._log_read(connector, "scim_list_users")
        return 200, list_response(
            [user._as_resource(_base()) for user in page], start, total
        )

    def _get(self, connector, scim_id):
        user = self._find(connector, scim_id)
        self._log_read(connector, "scim_get_user")
        return 200, user._as_resource(_base())

    def _create(self, connector):
        resource = validate_user(self._body())
        users = self._users(connector)
        if users.search_count(
            [
                ("connector_id", "=", connector.id),
                ("user_name", "=", resource["userName"]),
            ]
        ):
            raise ScimError(
                409, f"userName {resource['userName']} already exists", "uniqueness"
            )
        user = users.create(
            {
                "connector_id": connector.id,
                "user_name": resource["userName"],
                "external_id": resource.get("externalId") or False,
                "manager_scim_id": users._manager_of(resource),
                "resource": json.dumps(
                    {k: v for k, v in resource.items() if k not in ("id", "meta")}
                ),
            }
        )
        self._apply_later(connector, user, "POST", resource)
        return 201, user._as_resource(_base())

    def _replace(self, connector, scim_id):
        user = self._find(connector, scim_id)
        resource = validate_user(self._body())
        user._store(resource)
        self._apply_later(connector, user, "PUT", resource)
        return 200, user._as_resource(_base())

    def _patch(self, connector, scim_id):
        user = self._find(connector, scim_id)
        body = self._body()
        patched = apply_patch(user._as_resource(_base()), body)
        user._store(patched)
        self._apply_later(connector, user, "PATCH", body)
        return 200, user._as_resource(_base())

    def _delete(self, connector, scim_id):
        user = self._find(connector, scim_id)
        user.deleted = True
        self._apply_later(connector, user, "DELETE", {"id": scim_id})
        return 204, None


def _base():
    return request.httprequest.host_url.rstrip("/") + BASE


def _listed(resources):
    resources = list(resources)
    return list_response(resources, 1, len(resources))
