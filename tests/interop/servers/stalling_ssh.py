"""An SSH server (paramiko, server mode) that stalls during authentication.

It completes the handshake with its own host key, then sits on every
authentication request until released: the client's authentication timeout
must fire. Used to check that this timeout is reported as transient.
"""

import contextlib
import io
import socket
import threading

import paramiko

from . import keys


class _StallingInterface(paramiko.ServerInterface):
    def __init__(self, release):
        self.release = release

    def get_allowed_auths(self, username):
        return "publickey,password"

    def check_auth_publickey(self, username, key):
        self.release.wait(30)
        return paramiko.AUTH_FAILED

    def check_auth_password(self, username, password):
        self.release.wait(30)
        return paramiko.AUTH_FAILED


class StallingSshServer:
    """Listen on 127.0.0.1; serve each connection in a thread until stopped."""

    def __init__(self):
        self.host_key = paramiko.Ed25519Key.from_private_key(
            io.StringIO(keys.ed25519_key_pair().private_text)
        )
        self.host_key_line = f"{self.host_key.get_name()} {self.host_key.get_base64()}"
        self.release = threading.Event()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(5)
        self.listener.settimeout(0.1)
        self.host, self.port = self.listener.getsockname()
        self.transports = []
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def _accept_loop(self):
        while not self.release.is_set():
            try:
                client, _address = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            transport = paramiko.Transport(client)
            transport.add_server_key(self.host_key)
            self.transports.append(transport)
            with contextlib.suppress(paramiko.SSHException, EOFError, OSError):
                transport.start_server(server=_StallingInterface(self.release))

    def stop(self):
        self.release.set()
        self.thread.join(timeout=5)
        self.listener.close()
        for transport in self.transports:
            transport.close()
