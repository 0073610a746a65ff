"""HTTP(S) transport (requests): POST messages to a partner API, poll an inbox.

Sending: the message body is sent with ``method`` (default ``POST``) to
``url`` with its ``Content-Type`` and an ``X-Message-Name`` header (the name,
percent-encoded if it is not printable ASCII). Any 2xx is success; redirects
are *not* followed (a POST silently turned into a GET would lose the message):
a 3xx is a :class:`~integration_core.errors.PermanentError` asking to fix the
URL. 408, 425, 429 and 5xx are :class:`~integration_core.errors.TransientError`
with the ``Retry-After`` delay (seconds or HTTP-date) in ``retry_after``; any
other status is permanent. Error messages carry the status and an excerpt of
the response body.

Receiving uses a deliberately small contract, for partners who offer one:

* ``GET {inbox_url}`` returns a JSON list of pending messages::

    [{"id": "42", "name": "ORDERS_42.edi", "content_base64": "VU5B...",
      "received_at": "2024-05-01T10:00:00Z"}]

  ``id``, ``name`` and ``content_base64`` are required; ``received_at``
  (ISO 8601, UTC when no offset is given) is optional; other keys are kept in
  :attr:`InboundMessage.metadata`.
* ``POST {inbox_url}/{id}/ack`` with ``{"processed": true|false, "reason":
  "..."}`` removes it from the list; until then it is delivered again.

Authentication (``auth``): ``None``; ``("basic", user, password)``;
``("api_key", header_name, value)``; ``("bearer", token)``;
``("oauth2_client_credentials", token_url, client_id, client_secret, scope)``
with an optional sixth item ``"body"`` to send the client credentials in the
form instead of HTTP Basic (RFC 6749 section 2.3.1). OAuth2 tokens are cached
until shortly before ``expires_in`` runs out and fetched again once when the
partner answers 401.

Every request carries an explicit ``timeout`` (connect, read).
"""

import base64
import binascii
import datetime
import hashlib
import logging
import threading
import time
import urllib.parse

import requests
from requests.auth import HTTPBasicAuth

from ..errors import (
    TRANSIENT,
    PermanentError,
    TransientError,
    classify_exception,
    classify_http_status,
)
from ..retry import parse_retry_after
from .base import InboundMessage, OutboundMessage, SendReceipt, Transport

_logger = logging.getLogger(__name__)

#: Characters of a response body kept in receipts and error details.
EXCERPT_CHARS = 2000
#: Characters of a response body quoted in an error message.
MESSAGE_EXCERPT_CHARS = 300
#: Statuses of a test request that mean "the credentials were refused".
AUTH_REFUSED_STATUSES = frozenset({401, 403, 407})
#: Statuses of a test request that mean "this URL is wrong".
NOT_FOUND_STATUSES = frozenset({404, 410})


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def safe_url(url):
    """``url`` without user info and query values, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    query = "?..." if parts.query else ""
    return f"{parts.scheme}://{netloc}{parts.path}{query}"


def body_excerpt(response, limit=EXCERPT_CHARS):
    """The start of a response body as text, without charset guessing."""
    raw = response.content[: limit * 4] if response.content else b""
    try:
        text = raw.decode(response.encoding or "utf-8", errors="replace")
    except LookupError:  # the partner named a charset Python does not know
        text = raw.decode("utf-8", errors="replace")
    return text[:limit]


def _header_value(text):
    """``text`` as is when it is printable ASCII, else percent-encoded UTF-8."""
    if text.isascii() and text.isprintable():
        return text
    return urllib.parse.quote(text, safe=" !#$&'()*+,-./:;=?@[]^_`{|}~")


def _parse_timestamp(value, where):
    if value in (None, ""):
        return datetime.datetime.now(datetime.timezone.utc)
    if not isinstance(value, str):
        raise PermanentError(f"{where}: received_at must be an ISO 8601 string")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise PermanentError(
            f"{where}: received_at {value!r} is not an ISO 8601 date-time"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------


class _NoAuth:
    refreshable = False

    def credentials(self, transport):
        """Return ``(extra headers, requests auth object)``."""
        return {}, None

    def invalidate(self):
        """Forget cached credentials after a 401."""


class _BasicAuth(_NoAuth):
    def __init__(self, user, password):
        self._auth = HTTPBasicAuth(user, password)

    def credentials(self, transport):
        return {}, self._auth


class _HeaderAuth(_NoAuth):
    def __init__(self, name, value):
        self._headers = {name: value}

    def credentials(self, transport):
        return dict(self._headers), None


class _OAuth2ClientCredentials(_NoAuth):
    """Client credentials grant (RFC 6749 section 4.4) with a cached token."""

    refreshable = True
    #: Seconds before ``expires_in`` runs out at which a token is renewed.
    MAX_SKEW = 30.0

    def __init__(self, token_url, client_id, client_secret, scope, client_auth):
        if client_auth not in ("basic", "body"):
            raise PermanentError(
                f"OAuth2 client authentication must be 'basic' or 'body', "
                f"not {client_auth!r}"
            )
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.client_auth = client_auth
        self._token = None
        self._expires_at = None
        self._lock = threading.Lock()

    def credentials(self, transport):
        with self._lock:
            if self._token is None or (
                self._expires_at is not None and time.monotonic() >= self._expires_at
            ):
                self._fetch(transport)
            return {"Authorization": f"Bearer {self._token}"}, None

    def invalidate(self):
        with self._lock:
            self._token = self._expires_at = None

    def _fetch(self, transport):
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        auth = None
        if self.client_auth == "basic":
            # RFC 6749 2.3.1: form-encode both before HTTP Basic.
            auth = HTTPBasicAuth(
                urllib.parse.quote_plus(self.client_id),
                urllib.parse.quote_plus(self.client_secret),
            )
        else:
            form.update(client_id=self.client_id, client_secret=self.client_secret)
        what = "Fetching an OAuth2 token"
        response = transport.raw_request(
            "POST",
            self.token_url,
            what=what,
            data=form,
            auth=auth,
            headers={"Accept": "application/json"},
        )
        if not 200 <= response.status_code < 300:
            raise transport.status_error(what, response)
        token, expires_in = _read_token(response, self.token_url)
        self._token = token
        self._expires_at = None
        if expires_in is not None:
            skew = min(self.MAX_SKEW, expires_in * 0.1)
            self._expires_at = time.monotonic() + expires_in - skew
        _logger.debug("Fetched an OAuth2 token valid %s s", expires_in)


def _read_token(response, token_url):
    where = f"OAuth2 token response of {safe_url(token_url)}"
    try:
        payload = response.json()
    except ValueError as exc:
        raise PermanentError(f"{where} is not JSON: {body_excerpt(response)}") from exc
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if not token or not isinstance(token, str):
        raise PermanentError(f"{where} has no access_token")
    token_type = str(payload.get("token_type") or "bearer")
    if token_type.lower() != "bearer":
        raise PermanentError(f"{where}: unsupported token_type {token_type!r}")
    expires_in = payload.get("expires_in")
    try:
        expires_in = float(expires_in) if expires_in is not None else None
    except (TypeError, ValueError):
        expires_in = None
    return token, expires_in


def make_auth(auth):
    """Build the authentication strategy from the ``auth`` tuple."""
    if auth is None:
        return _NoAuth()
    kind, *args = auth
    builders = {
        "basic": (_BasicAuth, (2,)),
        "api_key": (_HeaderAuth, (2,)),
        "bearer": (_bearer, (1,)),
        "oauth2_client_credentials": (_oauth2, (4, 5)),
    }
    if kind not in builders:
        raise PermanentError(
            f"Unknown HTTP authentication {kind!r}; expected one of "
            + ", ".join(sorted(builders))
        )
    builder, arities = builders[kind]
    if len(args) not in arities:
        raise PermanentError(
            f"HTTP authentication {kind!r} takes "
            f"{' or '.join(map(str, arities))} values, got {len(args)}"
        )
    return builder(*args)


def _bearer(token):
    return _HeaderAuth("Authorization", f"Bearer {token}")


def _oauth2(token_url, client_id, client_secret, scope, client_auth="basic"):
    return _OAuth2ClientCredentials(
        token_url, client_id, client_secret, scope, client_auth
    )


# ---------------------------------------------------------------------------
# Transport
# ---------------------------------------------------------------------------


class HttpTransport(Transport):
    """Exchange messages with a partner's HTTP API.

    :param url: where messages are sent.
    :param method: HTTP method used to send (``POST`` or ``PUT``).
    :param auth: see the module documentation.
    :param headers: extra headers sent with every request.
    :param timeout: ``(connect, read)`` seconds, or one number for both.
    :param verify: ``True`` (system CAs), ``False`` (no check; avoid) or the
        path of a CA bundle that signed the partner's certificate.
    :param client_cert: ``(certificate path, key path)`` for mutual TLS.
    :param inbox_url: the partner's inbox (see the module documentation);
        ``None`` when the partner only receives.
    :param session: a ``requests.Session`` to reuse; closed by :meth:`close`
        only when the transport created it.
    :param test_method: ``HEAD`` (default) or ``GET`` for :meth:`test_connection`.
    """

    def __init__(
        self,
        url,
        *,
        method="POST",
        auth=None,
        headers=None,
        timeout=(10, 60),
        verify=True,
        client_cert=None,
        inbox_url=None,
        session=None,
        test_method="HEAD",
    ):
        self.url = url
        self.method = method.upper()
        self.auth = make_auth(auth)
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.verify = verify
        self.client_cert = tuple(client_cert) if client_cert else None
        self.inbox_url = inbox_url or None
        self.test_method = test_method.upper()
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()

    def close(self):
        """Close the HTTP session if this transport created it."""
        if self._own_session and self.session is not None:
            self.session.close()
            self.session = None

    # -- requests ---------------------------------------------------------

    def raw_request(self, method, url, *, what, headers=None, **kwargs):
        """One request with our TLS settings and timeout; network errors mapped.

        Returns the response whatever its status.
        """
        if self.session is None:
            raise PermanentError(f"{what}: the HTTP transport is closed")
        try:
            return self.session.request(
                method,
                url,
                headers={**self.headers, **(headers or {})},
                timeout=self.timeout,
                verify=self.verify,
                cert=self.client_cert,
                allow_redirects=False,
                **kwargs,
            )
        except requests.exceptions.RequestException as exc:
            raise self._network_error(what, url, exc) from exc

    def request(self, method, url, *, what, headers=None, **kwargs):
        """An authenticated request; with OAuth2 a 401 fetches a new token once."""
        for attempt in (1, 2):
            extra, auth = self.auth.credentials(self)
            response = self.raw_request(
                method,
                url,
                what=what,
                headers={**(headers or {}), **extra},
                auth=auth,
                **kwargs,
            )
            if response.status_code == 401 and self.auth.refreshable and attempt == 1:
                _logger.info("%s: HTTP 401, fetching a new OAuth2 token", what)
                self.auth.invalidate()
                continue
            return response
        return response

    def _network_error(self, what, url, exc):
        where = safe_url(url)
        if isinstance(exc, requests.exceptions.SSLError):
            return PermanentError(
                f"{what}: TLS failure with {where} (untrusted or invalid certificate?"
                f" check the CA bundle or client certificate): {exc}"
            )
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return TransientError(f"{what}: timed out connecting to {where}")
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return TransientError(
                f"{what}: no answer from {where} in time; the partner may still "
                "have received the request"
            )
        if isinstance(exc, requests.exceptions.ConnectionError):
            return TransientError(f"{what}: cannot connect to {where}: {exc}")
        if classify_exception(exc) == TRANSIENT:
            return TransientError(f"{what}: {where}: {exc}")
        return PermanentError(f"{what}: {where}: {exc}")

    def status_error(self, what, response):
        """The error for a response that is not 2xx."""
        status = response.status_code
        excerpt = body_excerpt(response)
        where = safe_url(response.url or self.url)
        details = {"status": status, "body_excerpt": excerpt, "url": where}
        if 300 <= status < 400:
            location = response.headers.get("Location", "?")
            return PermanentError(
                f"{what}: HTTP {status} from {where} redirects to {location}; "
                "redirects are not followed, update the URL",
                details=details,
            )
        message = (
            f"{what}: HTTP {status} {response.reason or ''} from {where}: "
            f"{excerpt[:MESSAGE_EXCERPT_CHARS]}"
        ).rstrip(": ")
        if classify_http_status(status) == TRANSIENT:
            return TransientError(
                message,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                details=details,
            )
        return PermanentError(message, details=details)

    def _checked(self, method, url, *, what, **kwargs):
        response = self.request(method, url, what=what, **kwargs)
        if not 200 <= response.status_code < 300:
            raise self.status_error(what, response)
        return response

    # -- send -------------------------------------------------------------

    def send(self, message: OutboundMessage) -> SendReceipt:
        """Send ``message``; the reference is the partner's ``X-Request-Id``,
        else its ``Location``, else ``sha256:<hex of the content sent>``."""
        started = time.monotonic()
        response = self._checked(
            self.method,
            self.url,
            what=f"Sending {message.name}",
            data=message.content,
            headers={
                "Content-Type": message.content_type,
                "X-Message-Name": _header_value(message.name),
            },
        )
        reference = (
            response.headers.get("X-Request-Id")
            or response.headers.get("Location")
            or "sha256:" + hashlib.sha256(message.content).hexdigest()
        )
        return SendReceipt(
            reference=reference,
            details={
                "status": response.status_code,
                "body_excerpt": body_excerpt(response),
                "url": safe_url(self.url),
                "elapsed_ms": round((time.monotonic() - started) * 1000),
            },
        )

    # -- receive ----------------------------------------------------------

    def receive(self) -> list[InboundMessage]:
        """Return the messages of the inbox (``[]`` without ``inbox_url``)."""
        if not self.inbox_url:
            return []
        what = "Polling the inbox"
        response = self._checked(
            "GET", self.inbox_url, what=what, headers={"Accept": "application/json"}
        )
        try:
            items = response.json()
        except ValueError as exc:
            raise PermanentError(
                f"{what}: {safe_url(self.inbox_url)} did not return JSON: "
                f"{body_excerpt(response, MESSAGE_EXCERPT_CHARS)}"
            ) from exc
        if not isinstance(items, list):
            raise PermanentError(
                f"{what}: {safe_url(self.inbox_url)} returned "
                f"{type(items).__name__}, expected a JSON list of messages"
            )
        return [self._inbound(index, item) for index, item in enumerate(items)]

    def _inbound(self, index, item):
        where = f"Inbox message #{index} from {safe_url(self.inbox_url)}"
        if not isinstance(item, dict):
            raise PermanentError(f"{where} is not a JSON object")
        missing = [
            k for k in ("id", "name", "content_base64") if item.get(k) in (None, "")
        ]
        if missing:
            raise PermanentError(f"{where} lacks {', '.join(missing)}")
        message_id = str(item["id"])
        where = f"Inbox message {message_id!r} from {safe_url(self.inbox_url)}"
        try:
            content = base64.b64decode(item["content_base64"], validate=True)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise PermanentError(f"{where}: content_base64 is not base64") from exc
        metadata = {k: v for k, v in item.items() if k != "content_base64"}
        metadata["id"] = message_id
        return InboundMessage(
            name=str(item["name"]),
            content=content,
            reference=message_id,
            received_at=_parse_timestamp(item.get("received_at"), where),
            metadata=metadata,
        )

    def acknowledge(
        self, message: InboundMessage, processed: bool, reason: str = ""
    ) -> None:
        """``POST {inbox_url}/{id}/ack`` with ``{"processed", "reason"}``."""
        if not self.inbox_url:
            raise PermanentError(
                f"Cannot acknowledge {message.name}: no inbox URL is configured"
            )
        self._checked(
            "POST",
            self.ack_url(message.reference),
            what=f"Acknowledging {message.name}",
            json={"processed": bool(processed), "reason": reason or ""},
        )

    def ack_url(self, message_id):
        """``{inbox_url}/{id}/ack``, keeping the inbox URL's query string."""
        parts = urllib.parse.urlsplit(self.inbox_url)
        path = f"{parts.path.rstrip('/')}/{urllib.parse.quote(message_id, safe='')}/ack"
        return urllib.parse.urlunsplit(parts._replace(path=path))

    # -- test -------------------------------------------------------------

    def test_connection(self) -> str:
        """Probe ``url`` with ``test_method`` (and GET the inbox if any).

        Success is a 2xx, or a 4xx other than 401/403/407 (credentials refused)
        and 404/410 (wrong URL): an API that only takes POST may well answer
        405 or 400 to an empty probe, which still proves the server is there
        and accepted the credentials. A 3xx fails (sends do not follow
        redirects), 429 and 5xx are transient failures.
        """
        what = "Testing the connection"
        started = time.monotonic()
        response = self.request(self.test_method, self.url, what=what)
        elapsed_ms = round((time.monotonic() - started) * 1000)
        self._check_probe(what, response)
        note = (
            f"HTTP {response.status_code} from {safe_url(self.url)} in {elapsed_ms} ms"
        )
        if self.inbox_url:
            note += f"; {len(self.receive())} message(s) waiting in the inbox"
        return note

    def _check_probe(self, what, response):
        status = response.status_code
        if status in AUTH_REFUSED_STATUSES:
            raise PermanentError(
                f"{what}: {safe_url(self.url)} refused the credentials "
                f"(HTTP {status}): {body_excerpt(response, MESSAGE_EXCERPT_CHARS)}",
                details={"status": status},
            )
        if status in NOT_FOUND_STATUSES:
            raise PermanentError(
                f"{what}: {safe_url(self.url)} does not exist (HTTP {status})",
                details={"status": status},
            )
        if 300 <= status < 400 or classify_http_status(status) == TRANSIENT:
            raise self.status_error(what, response)
