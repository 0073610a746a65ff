"""What the http.server test servers share: one in a background thread.

* :class:`ServerState`: base of each server's state dataclass, the one
  object its handler and the tests share: a ``lock``, the ``requests``
  received and the server's own bugs (``errors``).
* :class:`StateHandler`: base request handler (HTTP/1.1, quiet, the state
  as ``self.state``, :meth:`~StateHandler.answer`).
* :class:`BackgroundHttpServer`: a handler served by a
  :class:`~http.server.ThreadingHTTPServer` on 127.0.0.1, any free port, in
  a daemon thread; ``start()``/``stop()`` or a ``with`` block.
* :func:`serve`: the body of a pytest fixture that serves and then fails
  the test on the server's own bugs.
"""

import dataclasses
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclasses.dataclass
class ServerState:
    """What a test server received; subclasses add their data as fields."""

    def __post_init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.errors = []  # bugs of this test server

    def record(self, request):
        """Note one received request (a dict the tests look at)."""
        with self.lock:
            self.requests.append(request)

    def update_record(self, records, record_id, changes):
        """Update, in place, the dict of ``records`` whose ``id`` is
        ``record_id`` with ``changes``."""
        with self.lock:
            for record in records:
                if record["id"] == record_id:
                    record.update(changes)


class StateHandler(BaseHTTPRequestHandler):
    """A quiet HTTP/1.1 handler; the server's state is ``self.state``."""

    protocol_version = "HTTP/1.1"

    @property
    def state(self):
        return self.server.state

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        """Stay quiet; tests look at ``state`` instead."""

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status, body, content_type, headers=None):
        """Send ``status`` with ``body`` (bytes or text); no body to a HEAD."""
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    """Handler threads are daemons, and closing does not wait for them."""

    daemon_threads = True
    block_on_close = False


class BackgroundHttpServer:
    """``handler`` served on 127.0.0.1, any free port, in a background thread.

    :param handler: a request handler class; it finds ``state`` as
        ``self.server.state`` (see :class:`StateHandler`).
    :param state: the object shared by the handler and the tests.
    :param ssl_context: a server-side :class:`ssl.SSLContext` for HTTPS.
    :param base_path: appended to ``base_url`` (a service's root path).
    """

    #: The :class:`~http.server.ThreadingHTTPServer` subclass to run.
    server_class = QuietServer

    def __init__(self, handler, state, *, ssl_context=None, base_path=""):
        self.state = state
        self.httpd = self.server_class(("127.0.0.1", 0), handler)
        self.httpd.state = state
        self.scheme = "http"
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(
                self.httpd.socket, server_side=True, do_handshake_on_connect=False
            )
            self.scheme = "https"
        self.port = self.httpd.server_address[1]
        self.base_url = f"{self.scheme}://127.0.0.1:{self.port}{base_path}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path):
        return self.base_url + path

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def serve(server, name):
    """Serve ``server`` for a pytest fixture (``yield from``), then fail the
    test if the server itself had bugs, ``name`` saying whose."""
    with server:
        yield server
    assert not server.state.errors, f"{name} bug: {server.state.errors}"
