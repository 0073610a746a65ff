"""An independent AS2 trading partner for the interop tests, built on pyas2lib.

pyas2lib is GPL: it runs here, in its own virtualenv (see requirements.txt),
as a separate process started by ``tests/interop/as2/conftest.py``; nothing
in our package imports it.

Usage::

    python peer.py

It listens on 127.0.0.1 (a free port) and prints one JSON line
``{"port": N}`` on stdout when ready. Endpoints:

``POST /as2``
    AS2 endpoint: receives a message (answers a synchronous MDN or POSTs an
    asynchronous one) or an asynchronous MDN for a message the peer sent.
``POST /control/configure``
    JSON ``{"org": {...}, "partner": {...}}``: the peer's own identity and
    its settings for us (see :func:`_configure`).
``POST /control/send``
    JSON ``{"url", "payload_b64", "filename", "content_type", "tamper"}``:
    build a message with pyas2lib, optionally tamper with its body, POST it
    and judge the synchronous MDN with pyas2lib.
``GET /control/received``, ``GET /control/mdns``, ``POST /control/reset``
    What the peer received / the asynchronous MDNs it judged; clear both.

oscrypto 1.3.0 (pinned by pyas2lib 1.4.4) cannot parse OpenSSL version
strings such as ``3.0.19`` (wbond/oscrypto#75, #78; fixed only in its
unreleased main). :func:`_prepare_oscrypto` points oscrypto at the system
libraries with ``oscrypto.use_openssl`` and applies the upstream regex fix
while importing the two version-detection modules, without touching the
installed files.
"""

import base64
import contextlib
import glob
import http.server
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
import threading
import traceback
import urllib.error
import urllib.request

import oscrypto

_logger = logging.getLogger("as2peer")

_OLD_VERSION_REGEX = "'\\\\b(\\\\d\\\\.\\\\d\\\\.\\\\d[a-z]*)\\\\b'"
_NEW_VERSION_REGEX = "'\\\\b(\\\\d+\\\\.\\\\d+\\\\.\\\\d+[a-z]*)\\\\b'"
_PATCHED_MODULES = (
    "oscrypto._openssl._libcrypto_cffi",
    "oscrypto._openssl._libcrypto_ctypes",
)
_LIBRARY_DIRS = (
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
)


class _VersionRegexFix(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import oscrypto's libcrypto loaders with the upstream version regex fix."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _PATCHED_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, spec.origin, loader=self
        )

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        with open(module.__spec__.origin, encoding="utf-8") as handle:
            source = handle.read()
        source = source.replace(_OLD_VERSION_REGEX, _NEW_VERSION_REGEX)
        exec(compile(source, module.__spec__.origin, "exec"), module.__dict__)


def _find_library(name):
    override = os.environ.get(f"AS2_PEER_{name.upper()}")
    if override:
        return override
    for directory in _LIBRARY_DIRS:
        for version in ("3", "1.1"):
            path = os.path.join(directory, f"{name}.so.{version}")
            if os.path.exists(path):
                return path
        found = sorted(glob.glob(os.path.join(directory, f"{name}.so.*")))
        if found:
            return found[-1]
    return None


def _prepare_oscrypto():
    """Make oscrypto 1.3.0 load the system OpenSSL 3, whatever its version string."""
    libcrypto, libssl = _find_library("libcrypto"), _find_library("libssl")
    if libcrypto and libssl:
        oscrypto.use_openssl(libcrypto, libssl)
    sys.meta_path.insert(0, _VersionRegexFix())
    importlib.import_module("oscrypto.asymmetric")  # fails loudly if still broken

    _logger.info("oscrypto backend %s (%s, %s)", oscrypto.backend(), libcrypto, libssl)


_prepare_oscrypto()

from pyas2lib import Mdn, Message, Organization, Partner  # noqa: E402


class PeerState:
    """What the peer is configured with, and what it saw."""

    def __init__(self):
        self.lock = threading.Lock()
        self.org = None
        self.partner = None
        self.received = []
        self.mdns = {}
        self.sent = {}

    def find_org_partner(self, org_id, partner_id):
        org = self.org if self.org and org_id == self.org.as2_name else None
        partner = (
            self.partner
            if self.partner and partner_id == self.partner.as2_name
            else None
        )
        return org, partner

    def find_message(self, message_id, recipient):
        return self.sent.get(message_id)


STATE = PeerState()


def _configure(config):
    """Apply ``{"org": {...}, "partner": {...}}``.

    ``org``: ``as2_name``, ``key_pem``, ``cert_pem`` (the peer's own key and
    certificate), ``mdn_url`` (where we should POST asynchronous MDNs).
    ``partner``: ``as2_name``, ``cert_pem`` (our certificate as the peer
    knows it), and pyas2lib ``Partner`` options ``sign``, ``digest_alg``,
    ``encrypt``, ``enc_alg``, ``compress``, ``mdn_mode`` (``SYNC``/``ASYNC``/
    ``None``), ``mdn_digest_alg``.
    """
    org_conf, partner_conf = config["org"], config["partner"]
    key = (org_conf["key_pem"] + org_conf["cert_pem"]).encode("ascii")
    org = Organization(
        as2_name=org_conf["as2_name"],
        sign_key=key,
        decrypt_key=key,
        mdn_url=org_conf.get("mdn_url"),
        domain="peer.example",
    )
    cert = partner_conf["cert_pem"].encode("ascii")
    options = {
        name: partner_conf[name]
        for name in (
            "sign",
            "digest_alg",
            "encrypt",
            "enc_alg",
            "compress",
            "mdn_mode",
            "mdn_digest_alg",
        )
        if name in partner_conf
    }
    partner = Partner(
        as2_name=partner_conf["as2_name"],
        verify_cert=cert,
        encrypt_cert=cert,
        **options,
    )
    with STATE.lock:
        STATE.org, STATE.partner = org, partner


def _header(headers, name):
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return ""


def _raw_message(headers, body):
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return head.encode("utf-8") + b"\r\n" + body


def _receive(headers, body):
    """Parse an inbound message with pyas2lib.

    :returns: ``(status, headers, body, async_mdn)`` where ``async_mdn`` is
        ``(url, headers, body)`` to POST after answering, or ``None``.
    """
    message = Message()
    status, (exception, trace), mdn = message.parse(
        _raw_message(headers, body), find_org_partner_cb=STATE.find_org_partner
    )
    record = {
        "message_id": message.message_id,
        "status": status,
        "error": str(exception) if exception else None,
        "signed": message.signed,
        "encrypted": message.encrypted,
        "compressed": message.compressed,
        "mic": message.mic.decode() if message.mic else None,
        "digest_alg": message.digest_alg,
        "payload_b64": None,
        "filename": None,
    }
    if status == "processed":
        record["payload_b64"] = base64.b64encode(message.content).decode("ascii")
        record["filename"] = message.payload.get_filename()
    if trace:
        _logger.info("pyas2lib refused %s: %s", message.message_id, trace)
    with STATE.lock:
        STATE.received.append(record)
    if mdn is None:
        return 200, [], b"", None
    mdn_headers = list(mdn.headers.items())
    if mdn.mdn_mode == "ASYNC":
        return 200, [], b"", (mdn.mdn_url, mdn_headers, mdn.content)
    return 200, mdn_headers, mdn.content, None


def _receive_mdn(headers, body):
    """Judge an asynchronous MDN for a message the peer sent."""
    mdn = Mdn()
    status, detailed = mdn.parse(_raw_message(headers, body), STATE.find_message)
    with STATE.lock:
        STATE.mdns[mdn.orig_message_id] = {
            "status": status,
            "detailed_status": detailed,
            "signed": "multipart/signed" in _header(headers, "Content-Type"),
        }
    return 200, [], b"", None


def _post(url, headers, body):
    request = urllib.request.Request(
        url, data=body, headers=dict(headers), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, list(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, list(exc.headers.items()), exc.read()


def _tamper(body, tamper):
    if not tamper:
        return body
    if "find_b64" in tamper:
        find = base64.b64decode(tamper["find_b64"])
        replace = base64.b64decode(tamper["replace_b64"])
        if find not in body:
            raise ValueError("tamper target not found in the message body")
        return body.replace(find, replace, 1)
    offset = tamper["flip_byte"]
    altered = bytearray(body)
    altered[offset] ^= 0x01
    return bytes(altered)


def _send(request):
    """Build, optionally tamper with, and POST one message; judge a sync MDN."""
    with STATE.lock:
        org, partner = STATE.org, STATE.partner
    message = Message(sender=org, receiver=partner)
    message.build(
        base64.b64decode(request["payload_b64"]),
        filename=request.get("filename"),
        content_type=request.get("content_type", "application/edi-consent"),
        disposition_notification_to="edi@peer.example",
    )
    with STATE.lock:
        STATE.sent[message.message_id] = message
    body = _tamper(message.content, request.get("tamper"))
    status, headers, response_body = _post(
        request["url"], message.headers.items(), body
    )
    result = {
        "message_id": message.message_id,
        "mic": message.mic.decode() if message.mic else None,
        "http_status": status,
        "mdn_status": None,
        "mdn_detailed_status": None,
        "mdn_signed": None,
    }
    if partner.mdn_mode == "SYNC" and response_body:
        mdn = Mdn()
        mdn_status, detailed = mdn.parse(
            _raw_message(headers, response_body), STATE.find_message
        )
        result.update(
            mdn_status=mdn_status,
            mdn_detailed_status=detailed,
            mdn_signed="multipart/signed" in _header(headers, "Content-Type"),
        )
    return result


class Handler(http.server.BaseHTTPRequestHandler):
    """Routes the AS2 endpoint and the control endpoints."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        _logger.info("%s %s", self.address_string(), format % args)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length)

    def _reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _json(self, status, value):
        data = json.dumps(value).encode("utf-8")
        self._reply(status, [("Content-Type", "application/json")], data)

    def do_OPTIONS(self):
        self._reply(200, [("Allow", "POST, OPTIONS")], b"")

    def do_GET(self):
        with STATE.lock:
            if self.path == "/control/received":
                return self._json(200, STATE.received)
            if self.path == "/control/mdns":
                return self._json(200, STATE.mdns)
        return self._json(404, {"error": f"no such path {self.path}"})

    def do_POST(self):
        body = self._body()
        try:
            if self.path == "/as2":
                return self._as2(body)
            request = json.loads(body or b"{}")
            if self.path == "/control/configure":
                _configure(request)
                return self._json(200, {"configured": True})
            if self.path == "/control/send":
                return self._json(200, _send(request))
            if self.path == "/control/reset":
                with STATE.lock:
                    STATE.received.clear()
                    STATE.mdns.clear()
                return self._json(200, {"reset": True})
            return self._json(404, {"error": f"no such path {self.path}"})
        except Exception as exc:  # the test reads the trace from the answer
            _logger.exception("peer failure on %s", self.path)
            return self._json(
                500, {"error": repr(exc), "trace": traceback.format_exc()}
            )

    def _as2(self, body):
        headers = list(self.headers.items())
        if b"message/disposition-notification" in body:
            status, reply_headers, reply, pending = _receive_mdn(headers, body)
        else:
            status, reply_headers, reply, pending = _receive(headers, body)
        self._reply(status, reply_headers, reply)
        if pending:
            url, mdn_headers, mdn_body = pending
            status, _, _ = _post(url, mdn_headers, mdn_body)
            _logger.info("async MDN posted to %s: HTTP %s", url, status)


def main():
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="peer %(levelname)s %(message)s"
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
