"""AS2 interop fixtures: pyas2lib as the trading partner, our endpoint on 127.0.0.1.

- ``as2_peer_python``: the interpreter of the partner's own virtualenv, from
  ``AS2_PEER_PYTHON`` or built from ``tests/interop/as2_peer/requirements.txt``
  under the pytest cache (pyas2lib is GPL and pins libraries that conflict
  with Odoo's, so it never shares our environment). Failing to build it fails
  the tests: they are never skipped.
- ``peer``: ``peer.py`` started as a subprocess (session-wide), driven through
  its control endpoints by :class:`PeerClient`.
- ``receiver``: our AS2 endpoint, a ``ThreadingHTTPServer`` calling
  ``As2Transport.handle_inbound`` and then delivering queued async MDNs.
- ``tamper_proxy``: a forwarding HTTP proxy that alters request bodies.
- ``status_server``: answers ``/status/<code>`` with that HTTP status.
- ``tls_endpoint``: our AS2 endpoint over HTTPS (self-signed for 127.0.0.1).
"""

import dataclasses
import datetime
import hashlib
import http.server
import ipaddress
import json
import os
import pathlib
import select
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import venv

import pytest
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from servers.as2_peer_client import PeerClient  # noqa: E402 - tests/interop is on sys.path

from integration_core.as2 import MemoryStore, generate_self_signed
from integration_core.as2.config import As2LocalConfig, As2PartnerConfig
from integration_core.transport.as2 import As2Transport

PEER_DIR = pathlib.Path(__file__).resolve().parent.parent / "as2_peer"
REQUIREMENTS = PEER_DIR / "requirements.txt"
PEER_SCRIPT = PEER_DIR / "peer.py"
OUR_NAME = "HOSPITAL AS2"  # a space: exercises AS2-name quoting
PEER_NAME = "SUPPLIER"
_PEER_START_TIMEOUT = 30


# -- the partner's virtualenv ------------------------------------------------


def _venv_root(config):
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = getattr(config, "cache", None)
    if cache is not None:
        return pathlib.Path(cache.mkdir("as2-peer-venv")) / digest
    return pathlib.Path(tempfile.gettempdir()) / f"as2-peer-venv-{digest}"


def _build_peer_venv(root):
    python = root / "bin" / "python"
    ready = root / ".installed"
    if ready.exists() and python.exists():
        return python
    venv.EnvBuilder(with_pip=True, clear=True).create(root)
    command = [
        str(python),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "-q",
        "-r",
        str(REQUIREMENTS),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(
            f"cannot build the pyas2lib partner virtualenv in {root} "
            f"(set AS2_PEER_PYTHON to an interpreter with {REQUIREMENTS} "
            f"installed, or allow pip to reach PyPI):\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    ready.write_text("ok\n")
    return python


@pytest.fixture(scope="session")
def as2_peer_python(request):
    """Path of the Python interpreter that has pyas2lib (never ours)."""
    configured = os.environ.get("AS2_PEER_PYTHON")
    if configured:
        # Absolute: the peer runs with its own folder as working directory.
        configured = os.path.abspath(configured)
        if not os.access(configured, os.X_OK):
            pytest.fail(
                f"AS2_PEER_PYTHON={configured!r} is not an executable", pytrace=False
            )
        return configured
    try:
        return str(_build_peer_venv(_venv_root(request.config)))
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"cannot build the pyas2lib partner virtualenv: {exc}")


# -- identities --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Identity:
    """An AS2 name with PEM key and certificate (text, as JSON carries them)."""

    name: str
    key_pem: str
    cert_pem: str


def _identity(name):
    key_pem, cert_pem = generate_self_signed(name)
    return Identity(name, key_pem.decode("ascii"), cert_pem.decode("ascii"))


@pytest.fixture(scope="session")
def us():
    """Our station."""
    return _identity(OUR_NAME)


@pytest.fixture(scope="session")
def supplier():
    """The pyas2lib partner's identity."""
    return _identity(PEER_NAME)


@pytest.fixture(scope="session")
def impostor():
    """A key pair nobody should trust (the 'wrong certificate')."""
    return _identity("IMPOSTOR")


# -- the pyas2lib peer ---------------------------------------------------------


@pytest.fixture(scope="session")
def peer_process(as2_peer_python, tmp_path_factory):
    """The running ``peer.py``; yields its base URL."""
    log_path = tmp_path_factory.mktemp("as2peer") / "stderr.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [as2_peer_python, str(PEER_SCRIPT)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=str(PEER_DIR),
        )
        try:
            port = _read_port_with_log(process, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _read_port_with_log(process, log_path):
    deadline = time.monotonic() + _PEER_START_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line:
                return json.loads(line)["port"]
        if process.poll() is not None:
            break
    process.kill()
    pytest.fail(
        f"the pyas2lib peer did not start:\n{log_path.read_text()[-3000:]}",
        pytrace=False,
    )


@pytest.fixture
def peer(peer_process):
    """A :class:`PeerClient` whose records were cleared for this test."""
    client = PeerClient(peer_process)
    client.reset()
    return client


@pytest.fixture
def configure_peer(peer, us, supplier):
    """``configure_peer(our_cert_pem=None, **options)`` sets the peer up.

    The peer is ``SUPPLIER`` with its own key; it knows us as ``OUR_NAME``
    with ``our_cert_pem`` (default: our real certificate). ``options`` are
    pyas2lib ``Partner`` fields overriding: sign and encrypt (AES-128) with
    SHA-256, synchronous MDN signed with SHA-256.
    """

    def configure(our_cert_pem=None, **options):
        partner = {
            "as2_name": OUR_NAME,
            "cert_pem": our_cert_pem or us.cert_pem,
            "sign": True,
            "encrypt": True,
            "enc_alg": "aes_128_cbc",
            "digest_alg": "sha256",
            "mdn_mode": "SYNC",
            "mdn_digest_alg": "sha256",
        }
        partner.update(options)
        org = {
            "as2_name": supplier.name,
            "key_pem": supplier.key_pem,
            "cert_pem": supplier.cert_pem,
            "mdn_url": peer.as2_url,
        }
        return peer.configure(org, partner)

    return configure


# -- our side ------------------------------------------------------------------


class _ReceiverHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        return

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        transport = self.server.transport
        status, headers, reply, _ = transport.handle_inbound(
            list(self.headers.items()), body
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)
        self.wfile.flush()
        transport.deliver_mdns()


@dataclasses.dataclass
class Receiver:
    """Our AS2 endpoint; set ``transport`` to the partnership under test."""

    server: http.server.ThreadingHTTPServer
    url: str

    @property
    def transport(self):
        return self.server.transport

    @transport.setter
    def transport(self, value):
        self.server.transport = value


def _serve(handler_class):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return server, thread


@pytest.fixture(scope="session")
def receiver_server():
    """Our endpoint's HTTP server (session-wide)."""
    server, thread = _serve(_ReceiverHandler)
    server.transport = None
    try:
        yield Receiver(server, f"http://127.0.0.1:{server.server_address[1]}/as2")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def receiver(receiver_server):
    """Our endpoint, with no partnership attached yet."""
    receiver_server.transport = None
    yield receiver_server
    receiver_server.transport = None


@pytest.fixture
def make_transport(us, supplier, request):
    """``make_transport(url=None, cert_pem=None, **options)``: our transport.

    Defaults: the peer's AS2 URL and its real certificate; ``options`` are
    :class:`As2PartnerConfig` fields. Transports are closed after the test.
    """
    made = []

    def make(url=None, cert_pem=None, **options):
        values = {
            "as2_name": PEER_NAME,
            # The pyas2lib peer starts only for tests that talk to it.
            "url": url or request.getfixturevalue("peer").as2_url,
            "certificate_pem": (cert_pem or supplier.cert_pem).encode("ascii"),
            "timeout": 20,
        }
        values.update(options)
        local = As2LocalConfig(
            as2_name=us.name,
            private_key_pem=us.key_pem.encode("ascii"),
            certificate_pem=us.cert_pem.encode("ascii"),
            message_id_domain="hospital.example",
        )
        transport = As2Transport(As2PartnerConfig(**values), local, MemoryStore())
        made.append(transport)
        return transport

    yield make
    for transport in made:
        transport.close()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        return

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.server.alter(self.rfile.read(length))
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in ("host", "content-length", "connection")
        }
        request = urllib.request.Request(
            self.server.target, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, reply_headers, reply = (
                    response.status,
                    response.headers.items(),
                    response.read(),
                )
        except urllib.error.HTTPError as exc:
            status, reply_headers, reply = exc.code, exc.headers.items(), exc.read()
        self.send_response(status)
        for name, value in reply_headers:
            if name.lower() not in (
                "content-length",
                "transfer-encoding",
                "connection",
            ):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


@pytest.fixture
def tamper_proxy():
    """``start(target_url, alter)``: a proxy POSTing ``alter(body)``; its URL."""
    started = []

    def start(target, alter):
        server, thread = _serve(_ProxyHandler)
        server.target, server.alter = target, alter
        started.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/as2"

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _wait_for(predicate, timeout=15.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def wait_for():
    """``wait_for(predicate, timeout=15)`` polls until ``predicate()`` is truthy."""
    return _wait_for


class _StatusHandler(http.server.BaseHTTPRequestHandler):
    """Answers ``/status/<code>`` with that status (``Retry-After: 7`` on 503)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        return

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        code = int(self.path.rstrip("/").rsplit("/", 1)[-1])
        body = f"status {code}".encode()
        self.send_response(code)
        if code == 503:
            self.send_header("Retry-After", "7")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = _answer
    do_OPTIONS = _answer


@pytest.fixture
def status_server():
    """Base URL of a server answering ``/status/<code>`` with that HTTP status."""
    server, thread = _serve(_StatusHandler)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _tls_certificate(directory):
    """A self-signed certificate for 127.0.0.1; returns ``(cert_path, key_path)``."""
    key = rsa.generate_private_key(65537, 2048, default_backend())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    cert_path, key_path = directory / "tls.pem", directory / "tls.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_endpoint(tmp_path):
    """``start(transport)``: our AS2 endpoint over HTTPS; returns ``(url, ca_path)``."""
    started = []
    cert_path, key_path = _tls_certificate(tmp_path)

    def start(transport):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ReceiverHandler)
        server.daemon_threads = True
        server.transport = transport
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((server, thread))
        return f"https://127.0.0.1:{server.server_address[1]}/as2", str(cert_path)

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
