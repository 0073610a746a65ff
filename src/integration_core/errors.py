"""Errors every integration raises, and how to tell a transient one from a permanent one.

The integration log retries a message only when its failure is *transient*
(the same call may succeed later: a timeout, a refused connection, HTTP 429 or
5xx) and sends it to the dead letters at once when it is *permanent* (the same
call will fail again: bad data, HTTP 4xx, a rejected signature).

Connectors raise :class:`TransientError` or :class:`PermanentError` themselves
when they know; :func:`classify_exception` decides for anything else.
"""

import errno
import socket
import ssl

TRANSIENT = "transient"
PERMANENT = "permanent"

#: HTTP statuses worth retrying: timeouts, rate limits and server-side failures.
TRANSIENT_HTTP_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

_TRANSIENT_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ETIMEDOUT,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.EPIPE,
        errno.EAGAIN,
    }
)


class IntegrationError(Exception):
    """Base of every error the integration suite raises on purpose.

    :param message: what went wrong, for a person reading the integration log.
    :param details: optional mapping with machine-readable context
        (record, field, segment position...).
    """

    kind = PERMANENT

    def __init__(self, message, *, details=None):
        super().__init__(message)
        self.message = message
        self.details = dict(details or {})

    def __str__(self):
        return self.message


class TransientError(IntegrationError):
    """The call failed but may succeed later: retry it.

    :param retry_after: seconds the partner asked us to wait (HTTP
        ``Retry-After``), or ``None``.
    """

    kind = TRANSIENT

    def __init__(self, message, *, retry_after=None, details=None):
        super().__init__(message, details=details)
        self.retry_after = retry_after


class PermanentError(IntegrationError):
    """The call will fail again with the same input: do not retry it."""

    kind = PERMANENT


def classify_http_status(status):
    """Return :data:`TRANSIENT` or :data:`PERMANENT` for a failed HTTP status.

    Any 5xx is transient (the server may recover); 408, 425 and 429 are too.
    Every other 4xx is permanent.
    """
    if status in TRANSIENT_HTTP_STATUSES or 500 <= status <= 599:
        return TRANSIENT
    return PERMANENT


def classify_exception(exc):
    """Return :data:`TRANSIENT` or :data:`PERMANENT` for any exception.

    Our own errors carry their kind. Timeouts, refused or reset connections and
    DNS failures are transient. ``requests`` errors are recognised without
    importing ``requests``: an ``HTTPError`` is classified by its response
    status, its ``ConnectionError`` and ``Timeout`` are transient. Anything
    else (a ``ValueError`` from bad data, a bug) is permanent: retrying it
    would only repeat the failure.
    """
    if isinstance(exc, IntegrationError):
        return exc.kind
    if isinstance(exc, (TimeoutError, socket.timeout, socket.gaierror)):
        return TRANSIENT
    if isinstance(exc, ssl.SSLError):
        return PERMANENT
    if isinstance(exc, ConnectionError):
        return TRANSIENT
    if isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS:
        return TRANSIENT
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(status, int):
        return classify_http_status(status)
    if _is_requests_transient(exc):
        return TRANSIENT
    return PERMANENT


def _is_requests_transient(exc):
    """Tell ``requests``' connection and timeout errors apart without importing it."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    module = type(exc).__module__ or ""
    return module.startswith(("requests", "urllib3")) and bool(
        names & {"ConnectionError", "Timeout", "ChunkedEncodingError"}
    )
