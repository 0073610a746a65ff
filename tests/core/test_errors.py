"""Transient or permanent: classification of real failures from real peers."""

import errno
import socket
import ssl

import pytest
import requests
import urllib3

from integration_core.errors import (
    PERMANENT,
    TRANSIENT,
    IntegrationError,
    PermanentError,
    TransientError,
    classify_exception,
    classify_http_status,
)
from integration_core.vault import VaultDecryptError


def _raised(call, *args, **kwargs):
    """Run ``call`` and return what it raised; fail the test if it did not."""
    with pytest.raises(Exception) as info:  # noqa: B017 - any failure is the point
        call(*args, **kwargs)
    return info.value


# --- our own errors ----------------------------------------------------------


def test_own_errors_carry_their_kind():
    assert classify_exception(TransientError("partner down")) == TRANSIENT
    assert classify_exception(PermanentError("bad GLN")) == PERMANENT
    assert classify_exception(IntegrationError("unknown")) == PERMANENT
    assert classify_exception(VaultDecryptError("wrong key")) == PERMANENT


def test_own_error_kind_wins_over_wrapped_response_status():
    error = PermanentError("rejected")
    error.response = type("Response", (), {"status_code": 503})()
    assert classify_exception(error) == PERMANENT


def test_error_message_and_details():
    error = TransientError("partner down", retry_after=30, details={"host": "x"})
    assert str(error) == "partner down"
    assert error.retry_after == 30
    assert error.details == {"host": "x"}


# --- HTTP statuses -----------------------------------------------------------


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504, 507, 599])
def test_transient_http_statuses(status):
    assert classify_http_status(status) == TRANSIENT


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 499])
def test_permanent_http_statuses(status):
    assert classify_http_status(status) == PERMANENT


# --- sockets against real local peers ----------------------------------------


def test_refused_connection_is_transient(refusing_port):
    exc = _raised(socket.create_connection, ("127.0.0.1", refusing_port), 2)
    assert isinstance(exc, ConnectionRefusedError)
    assert classify_exception(exc) == TRANSIENT


def test_socket_read_timeout_is_transient(silent_server):
    with socket.create_connection(silent_server, timeout=0.2) as sock:
        exc = _raised(sock.recv, 1)
    assert isinstance(exc, socket.timeout)
    assert classify_exception(exc) == TRANSIENT


@pytest.mark.parametrize(
    "exc",
    [
        TimeoutError("timed out"),
        ConnectionResetError(errno.ECONNRESET, "reset"),
        BrokenPipeError(errno.EPIPE, "broken pipe"),
        OSError(errno.EHOSTUNREACH, "no route to host"),
        OSError(errno.ENETUNREACH, "network unreachable"),
        socket.gaierror(socket.EAI_AGAIN, "temporary failure in name resolution"),
    ],
    ids=repr,
)
def test_network_failures_are_transient(exc):
    assert classify_exception(exc) == TRANSIENT


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("bad quantity"),
        KeyError("partner_id"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
        OSError(errno.ENOENT, "no such file"),
        PermissionError(errno.EACCES, "denied"),
        RuntimeError("bug"),
    ],
    ids=repr,
)
def test_data_errors_and_bugs_are_permanent(exc):
    assert classify_exception(exc) == PERMANENT


# --- requests against real local peers ---------------------------------------


def test_requests_refused_connection_is_transient(refusing_port):
    exc = _raised(requests.get, f"http://127.0.0.1:{refusing_port}/", timeout=2)
    assert isinstance(exc, requests.ConnectionError)
    assert classify_exception(exc) == TRANSIENT


def test_requests_read_timeout_is_transient(silent_server):
    host, port = silent_server
    exc = _raised(requests.get, f"http://{host}:{port}/", timeout=0.3)
    assert isinstance(exc, requests.ReadTimeout)
    assert classify_exception(exc) == TRANSIENT


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (429, TRANSIENT),
        (503, TRANSIENT),
        (500, TRANSIENT),
        (504, TRANSIENT),
        (400, PERMANENT),
        (401, PERMANENT),
        (404, PERMANENT),
        (422, PERMANENT),
    ],
)
def test_requests_http_error_is_classified_by_status(http_server, status, kind):
    response = requests.get(f"{http_server}/status/{status}", timeout=5)
    assert response.status_code == status  # the server really answered that
    exc = _raised(response.raise_for_status)
    assert isinstance(exc, requests.HTTPError)
    assert classify_exception(exc) == kind


def test_requests_untrusted_certificate_is_permanent(tls_server):
    url, cert_file = tls_server
    trusted = requests.get(f"{url}/status/200", timeout=5, verify=str(cert_file))
    assert trusted.status_code == 200  # the server works for who trusts it
    exc = _raised(requests.get, f"{url}/status/200", timeout=5)
    assert isinstance(exc, requests.exceptions.SSLError)
    # Same verdict as the ssl module's own error: retrying will not make an
    # untrusted certificate trusted.
    assert classify_exception(exc) == PERMANENT


def test_ssl_untrusted_certificate_is_permanent(tls_server):
    url, _cert_file = tls_server
    port = int(url.rsplit(":", 1)[1])
    context = ssl.create_default_context()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        exc = _raised(context.wrap_socket, sock, server_hostname="127.0.0.1")
    assert isinstance(exc, ssl.SSLError)
    assert classify_exception(exc) == PERMANENT


# --- urllib3 used directly (zeep, custom clients) ----------------------------


def test_urllib3_refused_connection_is_transient(refusing_port):
    pool = urllib3.PoolManager()
    url = f"http://127.0.0.1:{refusing_port}/"
    exc = _raised(pool.request, "GET", url, retries=False, timeout=2)
    assert type(exc).__name__ == "NewConnectionError"
    assert classify_exception(exc) == TRANSIENT


def test_urllib3_read_timeout_is_transient(silent_server):
    host, port = silent_server
    pool = urllib3.PoolManager()
    url = f"http://{host}:{port}/"
    exc = _raised(pool.request, "GET", url, retries=False, timeout=0.3)
    assert isinstance(exc, urllib3.exceptions.ReadTimeoutError)
    assert classify_exception(exc) == TRANSIENT


def test_urllib3_max_retries_is_classified_by_its_reason(refusing_port):
    pool = urllib3.PoolManager()
    url = f"http://127.0.0.1:{refusing_port}/"
    exc = _raised(pool.request, "GET", url, retries=urllib3.Retry(0), timeout=2)
    assert isinstance(exc, urllib3.exceptions.MaxRetryError)
    assert classify_exception(exc) == TRANSIENT


def test_urllib3_max_retries_over_untrusted_certificate_is_permanent(tls_server):
    url, _cert_file = tls_server
    pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
    exc = _raised(pool.request, "GET", url, retries=urllib3.Retry(0), timeout=5)
    assert isinstance(exc, urllib3.exceptions.MaxRetryError)
    assert classify_exception(exc) == PERMANENT
