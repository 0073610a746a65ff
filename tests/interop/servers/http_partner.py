"""A tiny partner API on 127.0.0.1 (http.server), plain HTTP or HTTPS.

Routes (``{auth}`` is ``open``, ``basic``, ``apikey``, ``bearer`` or ``oauth``
and selects the credentials the route demands):

* ``POST /{auth}/messages``: stores the body; 201 with ``X-Request-Id``
  (``?ref=location``: a ``Location`` header instead, ``?ref=none``: neither).
  ``GET``/``HEAD`` answer 405, as a POST-only API does.
* ``GET /{auth}/inbox``: pending messages as the documented JSON list.
* ``POST /{auth}/inbox/{id}/ack``: records the ack and removes the message.
* ``POST /oauth/token``: client credentials grant (HTTP Basic or form),
  tokens expire after ``state.token_ttl`` seconds.
* ``/status/{code}``: answers ``code``; ``?retry_after=N`` or
  ``?retry_after_date=N`` add a ``Retry-After`` (seconds / HTTP-date N s ahead),
  ``?charset=X`` a charset to the content type.
* ``/slow?delay=S``: answers 200 after S seconds.
* ``/redirect``: 302 to ``/open/messages``.
* ``/raw-inbox``: 200 with ``state.raw_inbox_body`` (to break the contract).
"""

import base64
import dataclasses
import email.utils
import json
import secrets
import ssl
import sys
import time
import urllib.parse
import uuid

from .background import BackgroundHttpServer, QuietServer, ServerState, StateHandler


@dataclasses.dataclass
class PartnerState(ServerState):
    """What the partner received and holds; shared with the tests."""

    basic_user: str = "edi-user"
    basic_password: str = "s3cret: p@ss"
    api_key_header: str = "X-API-Key"
    api_key: str = "key-0123456789"
    bearer_token: str = "static-bearer-token"
    client_id: str = "odoo client"
    client_secret: str = "client/secret+1"
    token_ttl: float = 3600.0
    raw_inbox_body: bytes = b"[]"

    def __post_init__(self):
        super().__post_init__()
        self.reset()

    def reset(self):
        with self.lock:
            self.received = []
            self.inbox = {}
            self.acks = []
            self.tokens = {}
            self.token_requests = []
            self.requests = []
            self.errors = []  # bugs of this test server
            self.connection_errors = []  # failed TLS handshakes, dropped clients

    def add_inbox(self, name, content, received_at=None, **extra):
        """Queue a message for us; return its id."""
        message_id = uuid.uuid4().hex[:12]
        item = {
            "id": message_id,
            "name": name,
            "content_base64": base64.b64encode(content).decode("ascii"),
            **extra,
        }
        if received_at is not None:
            item["received_at"] = received_at
        with self.lock:
            self.inbox[message_id] = item
        return message_id

    def issue_token(self):
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_ttl
        return token

    def token_valid(self, token):
        with self.lock:
            expiry = self.tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def revoke_tokens(self):
        with self.lock:
            self.tokens.clear()


class PartnerHandler(StateHandler):
    server_version = "PartnerAPI/1.0"

    # -- plumbing ---------------------------------------------------------

    def _reply(self, status, body=b"", content_type="text/plain", headers=None):
        self.answer(status, body, content_type, headers)

    def _json(self, status, payload, headers=None):
        self._reply(status, json.dumps(payload), "application/json", headers)

    def do_GET(self):
        self._dispatch()

    def do_HEAD(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    # -- routing ----------------------------------------------------------

    def _dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.read_body()
        self.state.record(
            {"method": self.command, "path": url.path, "headers": dict(self.headers)}
        )
        parts = [p for p in url.path.split("/") if p]
        try:
            self._route(parts, query, body)
        except Exception as exc:  # report server bugs to the test, not stderr
            self.state.errors.append(repr(exc))
            self._reply(500, f"partner bug: {exc!r}")

    def _route(self, parts, query, body):
        head = parts[0] if parts else ""
        if head == "status":
            return self._status(int(parts[1]), query)
        if head == "slow":
            time.sleep(float(query.get("delay", "2")))
            return self._reply(200, "finally")
        if head == "redirect":
            return self._reply(302, "", headers={"Location": "/open/messages"})
        if head == "raw-inbox":
            return self._reply(200, self.state.raw_inbox_body, "application/json")
        if parts == ["oauth", "token"]:
            return self._token(body)
        if head in ("open", "basic", "apikey", "bearer", "oauth") and len(parts) >= 2:
            if not self._authorized(head):
                return self._reply(
                    401,
                    '{"error": "unauthorized"}',
                    "application/json",
                    {"WWW-Authenticate": "Bearer" if head != "basic" else "Basic"},
                )
            return self._api(parts[1:], query, body)
        return self._reply(404, "no such route")

    def _status(self, code, query):
        headers = {}
        if "retry_after" in query:
            headers["Retry-After"] = query["retry_after"]
        if "retry_after_date" in query:
            when = time.time() + float(query["retry_after_date"])
            headers["Retry-After"] = email.utils.formatdate(when, usegmt=True)
        content_type = "text/plain"
        if "charset" in query:
            content_type += f"; charset={query['charset']}"
        body = f"partner says {code}: " + "x" * 3000
        self._reply(code, body, content_type, headers=headers)

    # -- authentication ---------------------------------------------------

    def _authorized(self, kind):
        state = self.state
        header = self.headers.get("Authorization", "")
        if kind == "open":
            return True
        if kind == "basic":
            expected = base64.b64encode(
                f"{state.basic_user}:{state.basic_password}".encode()
            ).decode()
            return header == f"Basic {expected}"
        if kind == "apikey":
            return self.headers.get(state.api_key_header) == state.api_key
        if kind == "bearer":
            return header == f"Bearer {state.bearer_token}"
        return header.startswith("Bearer ") and state.token_valid(header[7:])

    def _client_credentials(self, form):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(
                secret
            )
        return form.get("client_id"), form.get("client_secret")

    def _token(self, body):
        form = dict(urllib.parse.parse_qsl(body.decode()))
        client_id, secret = self._client_credentials(form)
        state = self.state
        with state.lock:
            state.token_requests.append(
                {"form": form, "basic": "Authorization" in self.headers}
            )
        if form.get("grant_type") != "client_credentials":
            return self._json(400, {"error": "unsupported_grant_type"})
        if (client_id, secret) != (state.client_id, state.client_secret):
            return self._json(401, {"error": "invalid_client"})
        self._json(
            200,
            {
                "access_token": state.issue_token(),
                "token_type": "Bearer",
                "expires_in": state.token_ttl,
            },
            headers={"Cache-Control": "no-store"},
        )

    # -- API --------------------------------------------------------------

    def _api(self, parts, query, body):
        if parts == ["messages"]:
            if self.command not in ("POST", "PUT"):
                return self._reply(405, "use POST", headers={"Allow": "POST"})
            return self._receive(query, body)
        if parts == ["inbox"] and self.command == "GET":
            with self.state.lock:
                items = list(self.state.inbox.values())
            return self._json(200, items)
        if len(parts) == 3 and parts[0] == "inbox" and parts[2] == "ack":
            return self._ack(urllib.parse.unquote(parts[1]), body)
        return self._reply(404, "no such route")

    def _receive(self, query, body):
        request_id = uuid.uuid4().hex
        with self.state.lock:
            self.state.received.append(
                {
                    "id": request_id,
                    "method": self.command,
                    "name": self.headers.get("X-Message-Name"),
                    "content_type": self.headers.get("Content-Type"),
                    "body": body,
                }
            )
        reference = query.get("ref", "request-id")
        headers = {}
        if reference == "request-id":
            headers["X-Request-Id"] = request_id
        elif reference == "location":
            headers["Location"] = f"/open/messages/{request_id}"
        self._json(201, {"accepted": request_id}, headers)

    def _ack(self, message_id, body):
        if self.command != "POST":
            return self._reply(405, "use POST")
        with self.state.lock:
            if message_id not in self.state.inbox:
                return self._json(404, {"error": f"unknown message {message_id}"})
            del self.state.inbox[message_id]
            self.state.acks.append({"id": message_id, **json.loads(body)})
        self._json(200, {"acknowledged": message_id})


class _Server(QuietServer):
    def handle_error(self, request, client_address):
        """TLS handshakes that fail on purpose are expected: record, don't print."""
        self.state.connection_errors.append(repr(sys.exc_info()[1]))


class PartnerServer(BackgroundHttpServer):
    """The partner API in a background thread.

    :param ssl_context: a server-side :class:`ssl.SSLContext` for HTTPS.
    """

    server_class = _Server

    def __init__(self, ssl_context=None, state=None):
        super().__init__(
            PartnerHandler, state or PartnerState(), ssl_context=ssl_context
        )


def server_tls_context(cert_file, key_file, client_ca=None):
    """Server TLS context; with ``client_ca`` a client certificate is required."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    if client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return context
