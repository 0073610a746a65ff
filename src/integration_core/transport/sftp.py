"""SFTP transport (paramiko): upload atomically, poll an inbox, archive what we took.

Folder layout on the partner's server (names relative to the login directory):

* ``outbox_dir`` (default ``inbound``): where we upload for the partner.
* ``inbox_dir`` (default ``outbound``): where the partner leaves files for us.
* ``archive_dir`` / ``error_dir`` (default ``<inbox>/archive`` and
  ``<inbox>/error``): where an acknowledged file is moved, processed or failed.

Guarantees:

* **The partner never sees half a file.** :meth:`SftpTransport.send` writes
  ``.<name>.part`` in the outbox, checks its size, then renames it with a plain
  SFTP ``rename``. That request fails when the target exists (SFTP v3; OpenSSH
  implements it with ``link()`` + ``unlink()``), so a partner's file is never
  overwritten. ``posix-rename@openssh.com`` is deliberately *not* used: it
  replaces an existing target silently.
* **Nothing is lost between receive and acknowledge.** :meth:`receive` only
  reads; a file leaves the inbox when :meth:`acknowledge` moves it, which the
  caller does after storing the content. An unacknowledged file is received
  again at the next poll.
* **The host key is always checked.** It is pinned with ``known_host_key`` (one
  OpenSSH public key line). Without one the connection is refused unless
  ``allow_unknown_host_key=True``, meant only for a first test connection: use
  :func:`fetch_host_key` to show the key to an administrator, who confirms its
  fingerprint and stores it (trust on first use, made explicit).

Every network call has a timeout. Failures are raised as
:class:`~integration_core.errors.TransientError` (refused connection, timeout,
dropped connection) or :class:`~integration_core.errors.PermanentError` (wrong
host key, failed authentication, permission denied, missing folder).
"""

import base64
import binascii
import datetime
import errno
import hashlib
import io
import logging
import posixpath
import secrets
import socket
import stat
import struct
import threading
import time

import paramiko
from paramiko.ssh_exception import IncompatiblePeer

from ..errors import PermanentError, TransientError
from .base import InboundMessage, OutboundMessage, SendReceipt, Transport

_logger = logging.getLogger(__name__)

PART_SUFFIX = ".part"

#: Host-key algorithms a stored key of this type may be negotiated with.
_HOST_KEY_ALGORITHMS = {
    "ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
}

#: Private key classes tried in turn when reading ``private_key`` text.
_PRIVATE_KEY_CLASSES = (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey)


# ---------------------------------------------------------------------------
# Host keys
# ---------------------------------------------------------------------------


def parse_host_key_line(line):
    """Return ``(key_type, key_blob)`` from one OpenSSH public key line.

    Accepts ``"ssh-ed25519 AAAA... comment"`` as in ``*.pub`` files and
    ``"host ssh-ed25519 AAAA..."`` as in ``known_hosts``.

    :raises PermanentError: when no ``type base64`` pair can be found.
    """
    tokens = (line or "").split()
    for key_type, encoded in zip(tokens, tokens[1:], strict=False):
        blob = _decode_key_blob(encoded)
        if blob is not None and _blob_key_type(blob) == key_type:
            return key_type, blob
    raise PermanentError(
        f"Not an SSH public key line: {line!r}; expected e.g. "
        "'ssh-ed25519 AAAA...' as shown by ssh-keyscan"
    )


def _decode_key_blob(encoded):
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _blob_key_type(blob):
    """Return the key type string that starts an SSH public key blob."""
    if len(blob) < 4:
        return None
    (length,) = struct.unpack(">I", blob[:4])
    raw = blob[4 : 4 + length]
    if len(raw) != length:
        return None
    return raw.decode("ascii", errors="replace")


def fingerprint(blob):
    """Return the OpenSSH ``SHA256:...`` fingerprint of a public key blob."""
    digest = hashlib.sha256(blob).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def host_key_fingerprint(line):
    """Return the ``SHA256:...`` fingerprint of a public key line."""
    return fingerprint(parse_host_key_line(line)[1])


def fetch_host_key(host, port=22, timeout=30.0):
    """Connect without authenticating and return the server's host key line.

    The result, e.g. ``"ssh-ed25519 AAAA..."``, is meant to be shown to an
    administrator together with :func:`host_key_fingerprint` so they can
    compare it with the fingerprint the partner gave them before storing it
    as ``known_host_key``. Nothing is trusted automatically.
    """
    transport = _start_ssh(host, port, timeout, key_type=None)
    try:
        key = transport.get_remote_server_key()
        return f"{key.get_name()} {key.get_base64()}"
    finally:
        transport.close()


# ---------------------------------------------------------------------------
# Connection
# ---------------------------------------------------------------------------


def _address(host, port):
    return f"sftp://{host}:{port}"


def _open_socket(host, port, timeout):
    try:
        return socket.create_connection((host, port), timeout=timeout)
    except TimeoutError as exc:
        raise TransientError(
            f"Timed out after {timeout:g} s connecting to {_address(host, port)}"
        ) from exc
    except OSError as exc:
        raise TransientError(
            f"Cannot connect to {_address(host, port)}: {exc.strerror or exc}"
        ) from exc


def _start_ssh(host, port, timeout, key_type):
    """Open a socket and negotiate SSH; offer only ``key_type`` host keys if set."""
    sock = _open_socket(host, port, timeout)
    transport = paramiko.Transport(sock)
    transport.banner_timeout = timeout
    transport.handshake_timeout = timeout
    transport.auth_timeout = timeout
    transport.channel_timeout = timeout
    try:
        if key_type is not None:
            _restrict_host_key_types(transport, key_type)
        _negotiate(transport, timeout)
    except PermanentError:
        transport.close()
        raise
    except TimeoutError as exc:
        transport.close()
        raise TransientError(
            f"Timed out after {timeout:g} s negotiating SSH with {_address(host, port)}"
        ) from exc
    except IncompatiblePeer as exc:
        transport.close()
        raise _incompatible_error(host, port, key_type, exc) from exc
    except (paramiko.SSHException, EOFError, OSError) as exc:
        transport.close()
        if key_type and "host key" in str(exc).lower():
            raise _incompatible_error(host, port, key_type, exc) from exc
        raise TransientError(
            f"SSH handshake with {_address(host, port)} failed: {exc}"
        ) from exc
    return transport


def _negotiate(transport, timeout):
    """Run the SSH handshake; unlike ``start_client(timeout=)`` a timeout raises."""
    done = threading.Event()
    transport.start_client(event=done)
    if not done.wait(timeout):
        raise TimeoutError("SSH negotiation timed out")
    if not transport.is_active():
        raise transport.get_exception() or paramiko.SSHException(
            "SSH negotiation failed"
        )


def _incompatible_error(host, port, key_type, exc):
    if key_type:
        return PermanentError(
            f"{_address(host, port)} offers no {key_type} host key: the stored "
            f"host key does not match this server ({exc})"
        )
    return PermanentError(
        f"No common SSH algorithms with {_address(host, port)}: {exc}"
    )


def _restrict_host_key_types(transport, key_type):
    options = transport.get_security_options()
    wanted = _HOST_KEY_ALGORITHMS.get(key_type, (key_type,))
    usable = [name for name in wanted if name in options.key_types]
    if not usable:
        raise PermanentError(
            f"Host key type {key_type} is not supported by this SSH client"
        )
    options.key_types = usable


def load_private_key(text, passphrase=None):
    """Return a paramiko key from PEM / OpenSSH private key text.

    :raises PermanentError: when the text is not a supported key or the
        passphrase is missing or wrong.
    """
    problems = []
    for key_class in _PRIVATE_KEY_CLASSES:
        try:
            return key_class.from_private_key(io.StringIO(text), password=passphrase)
        except paramiko.PasswordRequiredException as exc:
            raise PermanentError(
                "The SFTP private key is encrypted: a passphrase is required"
            ) from exc
        except (paramiko.SSHException, ValueError, TypeError, IndexError) as exc:
            problems.append(f"{key_class.__name__}: {exc}")
    raise PermanentError(
        "Cannot read the SFTP private key (wrong passphrase or unsupported "
        "format; Ed25519, ECDSA and RSA in PEM or OpenSSH format are supported): "
        + "; ".join(problems)
    )


# ---------------------------------------------------------------------------
# Transport
# ---------------------------------------------------------------------------


class SftpTransport(Transport):
    """Exchange files with a partner's SFTP server.

    :param host: server name or address.
    :param port: server port.
    :param username: login name.
    :param password: password, for password (or keyboard-interactive) login.
    :param private_key: private key text (PEM or OpenSSH format) for key login;
        tried before the password when both are given.
    :param private_key_passphrase: passphrase of an encrypted ``private_key``.
    :param known_host_key: the server's public key line as stored with the
        connector (``"ssh-ed25519 AAAA..."`` or a ``known_hosts`` line).
    :param outbox_dir: folder we upload to (the partner's inbound).
    :param inbox_dir: folder the partner leaves files in for us.
    :param archive_dir: where processed files go; default ``<inbox>/archive``.
    :param error_dir: where failed files go; default ``<inbox>/error``.
    :param timeout: seconds allowed for connecting, the SSH banner and
        handshake, authentication, opening the channel and each SFTP request.
    :param allow_unknown_host_key: accept any host key when ``known_host_key``
        is empty. Only for a first *test connection*; the key seen is kept in
        :attr:`seen_host_key` so it can be shown and stored. A stored key that
        does not match is refused regardless.
    """

    def __init__(
        self,
        host,
        port,
        username,
        *,
        password=None,
        private_key=None,
        private_key_passphrase=None,
        known_host_key=None,
        outbox_dir="inbound",
        inbox_dir="outbound",
        archive_dir=None,
        error_dir=None,
        timeout=30.0,
        allow_unknown_host_key=False,
    ):
        if not password and not private_key:
            raise PermanentError(
                f"No password or private key configured for {username}@"
                f"{_address(host, port)}"
            )
        self.host = host
        self.port = int(port)
        self.username = username
        self.password = password
        self.private_key = private_key
        self.private_key_passphrase = private_key_passphrase
        self.known_host_key = (known_host_key or "").strip() or None
        self.outbox_dir = _clean_folder(outbox_dir)
        self.inbox_dir = _clean_folder(inbox_dir)
        self.archive_dir = archive_dir or posixpath.join(self.inbox_dir, "archive")
        self.error_dir = error_dir or posixpath.join(self.inbox_dir, "error")
        self.timeout = float(timeout)
        self.allow_unknown_host_key = allow_unknown_host_key
        #: ``"type base64"`` of the host key seen at the last connection.
        self.seen_host_key = None
        self._ssh = None
        self._sftp = None

    @property
    def address(self):
        """``sftp://host:port`` for messages."""
        return _address(self.host, self.port)

    # -- connection -------------------------------------------------------

    def _client(self):
        """Return a connected SFTP client, reconnecting if the link dropped."""
        if self._sftp is not None and self._ssh is not None and self._ssh.is_active():
            return self._sftp
        self.close()
        self._connect()
        return self._sftp

    def _connect(self):
        expected = None
        if self.known_host_key:
            expected = parse_host_key_line(self.known_host_key)
        elif not self.allow_unknown_host_key:
            raise PermanentError(
                f"No host key stored for {self.address}: fetch it, check its "
                "fingerprint with the partner and store it before connecting"
            )
        ssh = _start_ssh(
            self.host, self.port, self.timeout, expected[0] if expected else None
        )
        try:
            self._check_host_key(ssh, expected)
            self._authenticate(ssh)
            self._sftp = self._open_sftp(ssh)
        except BaseException:
            ssh.close()
            raise
        self._ssh = ssh

    def _check_host_key(self, ssh, expected):
        key = ssh.get_remote_server_key()
        self.seen_host_key = f"{key.get_name()} {key.get_base64()}"
        if expected is None:
            _logger.warning(
                "Accepting unverified host key %s (%s) of %s: allowed for a test "
                "connection only",
                key.get_name(),
                fingerprint(key.asbytes()),
                self.address,
            )
            return
        if key.asbytes() != expected[1]:
            raise PermanentError(
                f"Host key mismatch for {self.address}: the server presented "
                f"{key.get_name()} {fingerprint(key.asbytes())} but the stored key "
                f"is {expected[0]} {fingerprint(expected[1])}. The server may have "
                "been replaced or the connection intercepted; confirm the new key "
                "with the partner before storing it",
                details={
                    "presented": fingerprint(key.asbytes()),
                    "expected": fingerprint(expected[1]),
                },
            )

    def _authenticate(self, ssh):
        problems = []
        if self.private_key:
            key = load_private_key(self.private_key, self.private_key_passphrase)
            refused = self._try_auth(ssh.auth_publickey, self.username, key)
            if refused is None:
                return
            problems.append(f"key {fingerprint(key.asbytes())} refused ({refused})")
        if self.password:
            refused = self._try_auth(ssh.auth_password, self.username, self.password)
            if refused is None:
                return
            problems.append(f"password refused ({refused})")
        raise PermanentError(
            f"Authentication failed for {self.username} at {self.address}: "
            + "; ".join(problems)
        )

    def _try_auth(self, method, *args):
        """Return ``None`` on success, the server's refusal otherwise."""
        try:
            method(*args)
        except paramiko.AuthenticationException as exc:
            # paramiko reports its own auth_timeout as an authentication failure
            if "timeout" in str(exc).lower():
                raise self._lost("authenticating", TimeoutError(str(exc))) from exc
            return exc
        except (paramiko.SSHException, EOFError, OSError) as exc:
            raise self._lost("authenticating", exc) from exc
        return None

    def _open_sftp(self, ssh):
        try:
            channel = ssh.open_session(timeout=self.timeout)
            channel.settimeout(self.timeout)
            channel.invoke_subsystem("sftp")
            return paramiko.SFTPClient(channel)
        except (paramiko.SSHException, EOFError, OSError) as exc:
            raise self._lost("opening the SFTP session", exc) from exc

    def _lost(self, action, exc):
        if isinstance(exc, TimeoutError):
            return TransientError(
                f"Timed out after {self.timeout:g} s {action} on {self.address}"
            )
        return TransientError(f"Connection to {self.address} lost {action}: {exc}")

    def close(self):
        """Close the SFTP session and the SSH connection.

        Safe to call twice, and on a connection that already died (closing
        the channel then fails to send its goodbye; that is logged only).
        """
        sftp, ssh = self._sftp, self._ssh
        self._sftp = self._ssh = None
        try:
            if sftp is not None:
                sftp.close()
        except (OSError, EOFError, paramiko.SSHException) as exc:
            _logger.debug("Closing the SFTP session to %s: %r", self.address, exc)
        finally:
            if ssh is not None:
                ssh.close()

    # -- error mapping ----------------------------------------------------

    def _call(self, action, path, func, *args, **kwargs):
        """Run one SFTP operation and turn its failure into our errors.

        After a timeout or a dropped link the session is closed: a late answer
        must not be taken for the answer to the next request, which reconnects.
        """
        try:
            return func(*args, **kwargs)
        except (PermanentError, TransientError):
            raise
        except (TimeoutError, paramiko.SSHException, EOFError, ConnectionError) as exc:
            self.close()
            raise self._lost(f"{action} {path}", exc) from exc
        except OSError as exc:
            error = self._file_error(action, path, exc)
            if isinstance(error, TransientError):
                self.close()
            raise error from exc

    def _file_error(self, action, path, exc):
        if self._ssh is None or not self._ssh.is_active():
            return self._lost(f"{action} {path}", exc)
        where = f"{path} on {self.address}"
        details = {"path": path, "errno": exc.errno}
        if exc.errno == errno.ENOENT:
            problem = "no such file or folder"
        elif exc.errno == errno.EACCES:
            problem = "permission denied"
        else:
            problem = str(exc)
        return PermanentError(f"Cannot {action} {where}: {problem}", details=details)

    def _stat_or_none(self, sftp, path):
        """Return the attributes of ``path``, or ``None`` when it does not exist."""
        try:
            return self._call("check", path, sftp.stat, path)
        except PermanentError as exc:
            if _is_missing(exc):
                return None
            raise

    def _exists(self, sftp, path):
        return self._stat_or_none(sftp, path) is not None

    # -- send -------------------------------------------------------------

    def send(self, message: OutboundMessage) -> SendReceipt:
        """Upload ``message`` to the outbox atomically, never overwriting.

        :raises PermanentError: when a file of that name is already there.
        """
        _check_file_name(message.name)
        sftp = self._client()
        final = posixpath.join(self.outbox_dir, message.name)
        temporary = posixpath.join(self.outbox_dir, f".{message.name}{PART_SUFFIX}")
        self._call("open folder", self.outbox_dir, sftp.stat, self.outbox_dir)
        if self._exists(sftp, final):
            raise self._refuse_overwrite(final)
        started = time.monotonic()
        self._upload(sftp, message.content, temporary)
        self._publish(sftp, temporary, final)
        elapsed_ms = round((time.monotonic() - started) * 1000)
        _logger.info(
            "Uploaded %s (%d bytes) to %s in %d ms",
            final,
            len(message.content),
            self.address,
            elapsed_ms,
        )
        return SendReceipt(
            reference=final,
            details={
                "remote_path": final,
                "size": len(message.content),
                "sha256": hashlib.sha256(message.content).hexdigest(),
                "elapsed_ms": elapsed_ms,
            },
        )

    def _refuse_overwrite(self, path):
        return PermanentError(
            f"{path} already exists on {self.address}: refusing to overwrite the "
            "partner's file"
        )

    def _upload(self, sftp, content, temporary):
        """Write ``content`` to ``temporary`` and check the stored size."""
        self._call(
            "upload",
            temporary,
            sftp.putfo,
            io.BytesIO(content),
            temporary,
            file_size=len(content),
            confirm=False,
        )
        stored = self._call("check", temporary, sftp.stat, temporary).st_size
        if stored != len(content):
            self._remove_quietly(sftp, temporary)
            raise TransientError(
                f"Upload of {temporary} to {self.address} incomplete: the server "
                f"stored {stored} of {len(content)} bytes"
            )

    def _publish(self, sftp, temporary, final):
        """Rename the complete upload to its final name, never overwriting."""
        try:
            self._call("rename", temporary, sftp.rename, temporary, final)
        except PermanentError:
            exists = self._exists(sftp, final)
            self._remove_quietly(sftp, temporary)
            if exists:
                raise self._refuse_overwrite(final) from None
            raise

    def _remove_quietly(self, sftp, path):
        try:
            sftp.remove(path)
        except (OSError, paramiko.SSHException, EOFError) as exc:
            _logger.warning("Could not remove %s on %s: %s", path, self.address, exc)

    # -- receive ----------------------------------------------------------

    def _waiting_files(self, sftp):
        """Return the inbox entries that are complete regular files, oldest first."""
        entries = self._call("list", self.inbox_dir, sftp.listdir_attr, self.inbox_dir)
        files = [
            entry
            for entry in entries
            if stat.S_ISREG(entry.st_mode or 0)
            and not entry.filename.startswith(".")
            and not entry.filename.endswith(PART_SUFFIX)
        ]
        files.sort(key=lambda entry: (entry.st_mtime or 0, entry.filename))
        return files

    def receive(self) -> list[InboundMessage]:
        """Read every waiting file of the inbox; nothing is moved or deleted.

        A file whose size or modification time changes while it is read (the
        partner is still writing it) is skipped until the next poll; a file
        that disappears meanwhile is skipped too.
        """
        sftp = self._client()
        messages = []
        for entry in self._waiting_files(sftp):
            message = self._read_entry(sftp, entry)
            if message is not None:
                messages.append(message)
        return messages

    def _read_entry(self, sftp, entry):
        path = posixpath.join(self.inbox_dir, entry.filename)
        try:
            content = self._call("read", path, self._read_all, sftp, path)
            after = self._call("check", path, sftp.stat, path)
        except PermanentError as exc:
            if _is_missing(exc):
                _logger.info("%s vanished from %s while polling", path, self.address)
                return None
            raise
        if (after.st_size, after.st_mtime) != (entry.st_size, entry.st_mtime) or len(
            content
        ) != after.st_size:
            _logger.info(
                "%s on %s is still being written; next poll", path, self.address
            )
            return None
        return InboundMessage(
            name=entry.filename,
            content=content,
            reference=path,
            received_at=datetime.datetime.fromtimestamp(
                entry.st_mtime or 0, tz=datetime.timezone.utc
            ),
            metadata={"remote_path": path, "size": len(content), "host": self.address},
        )

    @staticmethod
    def _read_all(sftp, path):
        with sftp.open(path, "rb") as remote:
            remote.prefetch()
            return remote.read()

    # -- acknowledge ------------------------------------------------------

    def acknowledge(
        self, message: InboundMessage, processed: bool, reason: str = ""
    ) -> None:
        """Move the file to the archive (processed) or error folder (failed).

        The folder is created when missing. A file of the same name already
        there is kept: ours gets a unique suffix before its extension.
        """
        sftp = self._client()
        folder = self.archive_dir if processed else self.error_dir
        self._ensure_folder(sftp, folder)
        target = self._move_unique(sftp, message.reference, folder)
        _logger.info(
            "Moved %s to %s on %s%s",
            message.reference,
            target,
            self.address,
            f" ({reason})" if reason else "",
        )

    def _ensure_folder(self, sftp, folder):
        if self._exists(sftp, folder):
            return
        try:
            self._call("create folder", folder, sftp.mkdir, folder)
        except PermanentError:
            if not self._exists(sftp, folder):  # created meanwhile is fine
                raise

    def _move_unique(self, sftp, source, folder):
        name = posixpath.basename(source)
        if not self._exists(sftp, source):
            raise PermanentError(
                f"Cannot acknowledge {source} on {self.address}: it is no longer "
                "in the inbox (acknowledged twice or removed by the partner)"
            )
        target = posixpath.join(folder, name)
        for _attempt in range(5):
            if not self._exists(sftp, target):
                try:
                    self._call("move", source, sftp.rename, source, target)
                    return target
                except PermanentError:
                    if not self._exists(sftp, target):
                        raise
            target = posixpath.join(folder, _unique_name(name))
        raise PermanentError(
            f"Cannot move {source} into {folder} on {self.address}: no free name"
        )

    # -- test -------------------------------------------------------------

    def test_connection(self) -> str:
        """Connect, authenticate, list both folders; describe the result."""
        sftp = self._client()
        self._call("list", self.outbox_dir, sftp.listdir, self.outbox_dir)
        waiting = len(self._waiting_files(sftp))
        return (
            f"Connected to {self.address} as {self.username} "
            f"({waiting} file(s) waiting)"
        )


def _clean_folder(folder):
    """Strip a trailing slash; an empty folder is the login directory."""
    if not folder:
        return "."
    return folder.rstrip("/") or "/"


def _is_missing(exc):
    return exc.details.get("errno") == errno.ENOENT


def _check_file_name(name):
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name.startswith(".")
        or name.endswith(PART_SUFFIX)
    ):
        raise PermanentError(
            f"Invalid SFTP file name {name!r}: it must be a plain file name, not "
            f"hidden and not ending in {PART_SUFFIX}"
        )


def _unique_name(name):
    """``a.x12`` -> ``a.20240131T120000Z-1a2b3c.x12``."""
    stem, extension = posixpath.splitext(name)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{stem}.{stamp}-{secrets.token_hex(3)}{extension}"
