"""Errors every integration raises, and how to tell transient ones from permanent ones.

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
    status, its ``ConnectionError`` and ``Timeout`` are transient, and so are
    urllib3's timeouts and connection errors; TLS failures from either are
    permanent, like :class:`ssl.SSLError`. Anything
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
    return _http_library_kind(exc) or PERMANENT


#: Class names, anywhere in the MRO, of ``requests`` and ``urllib3`` errors
#: worth retrying. urllib3's own ``TimeoutError`` covers its connect/read
#: timeouts and ``NewConnectionError`` (refused, unreachable, DNS failure);
#: its ``ProtocolError`` is a connection dropped mid-response.
_HTTP_LIBRARY_TRANSIENT_NAMES = frozenset(
    {
        "ConnectionError",
        "Timeout",
        "ChunkedEncodingError",
        "TimeoutError",
        "ProtocolError",
    }
)


def _http_library_kind(exc):
    """Classify ``requests``/``urllib3`` errors without importing them.

    Return :data:`TRANSIENT`, :data:`PERMANENT` or ``None`` when ``exc`` is
    not theirs. TLS failures are permanent, as :class:`ssl.SSLError` is,
    although ``requests.exceptions.SSLError`` subclasses its
    ``ConnectionError``: an untrusted certificate stays untrusted. A urllib3
    ``MaxRetryError`` is classified by the error that exhausted its retries.
    """
    module = type(exc).__module__ or ""
    if not module.startswith(("requests", "urllib3")):
        return None
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "SSLError" in names:
        return PERMANENT
    reason = getattr(exc, "reason", None)
    if "MaxRetryError" in names and isinstance(reason, BaseException):
        return classify_exception(reason)
    if names & _HTTP_LIBRARY_TRANSIENT_NAMES:
        return TRANSIENT
    return None
