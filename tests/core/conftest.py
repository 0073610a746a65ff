"""Real local peers for the core tests: all on 127.0.0.1, started per test.

- ``refusing_port``: a port bound but not listening, so connecting is refused;
- ``silent_server``: accepts TCP connections and never answers (timeouts);
- ``http_server``: answers ``/status/<code>`` with that status, and with a
  ``Retry-After`` header when the query has ``retry_after=<value>``;
- ``tls_server``: an HTTPS server with a self-signed certificate.
"""

import datetime
import http.server
import ipaddress
import socket
import ssl
import threading
import urllib.parse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LOCALHOST = "127.0.0.1"


@pytest.fixture
def refusing_port():
    """A port on 127.0.0.1 that is reserved but refuses connections."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((LOCALHOST, 0))  # bound, never listening: connect() gets RST
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@pytest.fixture
def silent_server():
    """``(host, port)`` of a listener that accepts (via backlog) and never replies."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((LOCALHOST, 0))
    sock.listen(16)
    try:
        yield sock.getsockname()
    finally:
        sock.close()


class _StatusHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != "status" or not parts[1].isdigit():
            self.send_error(404, "use /status/<code>")
            return
        query = urllib.parse.parse_qs(url.query)
        body = f"status {parts[1]}\n".encode()
        self.send_response(int(parts[1]))
        for value in query.get("retry_after", []):
            self.send_header("Retry-After", value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - signature from base
        pass  # keep pytest output clean; the status is asserted by the tests


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def http_server():
    """Base URL (``http://127.0.0.1:<port>``) of a real local HTTP server."""
    server = http.server.ThreadingHTTPServer((LOCALHOST, 0), _StatusHandler)
    thread = _serve(server)
    try:
        yield f"http://{LOCALHOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "untrusted.test")])
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(LOCALHOST))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(tmp_path):
    """``(base_url, cert_file)`` of an HTTPS server with a self-signed certificate.

    Clients that trust ``cert_file`` get answers; everyone else is refused.
    """
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = http.server.ThreadingHTTPServer((LOCALHOST, 0), _StatusHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    # A refused handshake is the point of these tests, not a server error.
    server.handle_error = lambda request, client_address: None
    thread = _serve(server)
    try:
        yield f"https://{LOCALHOST}:{server.server_address[1]}", cert_file
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
