"""A real OpenSSH ``sshd`` on 127.0.0.1 serving SFTP from a temporary folder.

Each instance has its own host keys, config, ``authorized_keys`` and a free
high port. The SFTP session is forced to ``internal-sftp`` starting in
``<base>/homes/<user>``, so a test only ever touches its temporary folder.
Root may log in by key only (``PermitRootLogin prohibit-password``), and only
on this loopback instance.
"""

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from . import keys

SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/local/sbin/sshd")

#: Options newer OpenSSH releases know; kept only if ``sshd -t`` accepts them.
_OPTIONAL_OPTIONS = (
    # OpenSSH >= 9.8 blocks a source address after failed logins: our tests
    # fail logins on purpose and must not lock themselves out.
    "PerSourcePenalties no",
)


def find_sshd():
    """Return the path of the sshd binary, or ``None``."""
    for candidate in SSHD_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("sshd")
    return found


def free_port():
    """Return a TCP port nothing listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def current_user():
    return pwd.getpwuid(os.geteuid()).pw_name


def descendants(pid):
    """Return the ids of every process below ``pid`` (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


class SshServer:
    """One sshd process and the files it runs from.

    :param base: an empty folder, traversable by every user that logs in.
    :param authorized_keys: public key lines allowed to log in.
    """

    def __init__(self, base, authorized_keys, sshd=None):
        self.sshd = sshd or find_sshd()
        self.base = Path(base)
        self.host = "127.0.0.1"
        self.port = None
        self.process = None
        self.homes = self.base / "homes"
        self.homes.mkdir(mode=0o755, exist_ok=True)
        self.log_path = self.base / "sshd.log"
        self.config_path = self.base / "sshd_config"
        self.authorized_keys_path = self.base / "authorized_keys"
        self.authorized_keys_path.write_text("\n".join(authorized_keys) + "\n")
        self.host_keys = self._write_host_keys()

    # -- files ------------------------------------------------------------

    def _write_host_keys(self):
        """Write an Ed25519 and an RSA host key; return type -> public line."""
        lines = {}
        for name, pair in (
            ("ed25519", keys.ed25519_key_pair()),
            ("rsa", keys.rsa_key_pair()),
        ):
            path = self.base / f"ssh_host_{name}_key"
            path.write_text(pair.private_text)
            path.chmod(0o600)
            lines[pair.public_line.split()[0]] = pair.public_line
        return lines

    @property
    def ed25519_host_key(self):
        return self.host_keys["ssh-ed25519"]

    @property
    def rsa_host_key(self):
        return self.host_keys["ssh-rsa"]

    def home(self, user):
        """The folder a user's SFTP session starts in."""
        return self.homes / user

    def _config_lines(self):
        lines = [
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            "AddressFamily inet",
            f"HostKey {self.base}/ssh_host_ed25519_key",
            f"HostKey {self.base}/ssh_host_rsa_key",
            f"PidFile {self.base}/sshd.pid",
            f"AuthorizedKeysFile {self.authorized_keys_path}",
            "StrictModes no",
            "UsePAM no",
            "PermitRootLogin prohibit-password",
            "PubkeyAuthentication yes",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PermitEmptyPasswords no",
            "AllowTcpForwarding no",
            "AllowAgentForwarding no",
            "X11Forwarding no",
            "PermitTTY no",
            "MaxStartups 100",
            "MaxAuthTries 10",
            "LogLevel VERBOSE",
            "Subsystem sftp internal-sftp",
            f"ForceCommand internal-sftp -d {self.homes}/%u",
        ]
        return lines

    def _write_config(self):
        lines = self._config_lines()
        self.config_path.write_text("\n".join(lines) + "\n")
        for option in _OPTIONAL_OPTIONS:
            self.config_path.write_text("\n".join([*lines, option]) + "\n")
            if self._config_valid():
                lines.append(option)
        self.config_path.write_text("\n".join(lines) + "\n")

    def _config_valid(self):
        result = subprocess.run(
            [self.sshd, "-t", "-f", str(self.config_path)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.returncode == 0

    # -- process ----------------------------------------------------------

    def start(self):
        """Start sshd on a free port and wait until it sends its banner."""
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privsep dir
        for _attempt in range(3):
            self.port = free_port()
            self._write_config()
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [self.sshd, "-D", "-e", "-f", str(self.config_path)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            if self._wait_ready():
                return self
            self.stop()
            if "Address already in use" not in self.log():
                break
        raise RuntimeError(f"sshd did not start:\n{self.log()}")

    def _wait_ready(self, seconds=10.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-"):
                        return True
            time.sleep(0.05)
        return False

    def log(self):
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )

    def kill(self):
        """Kill sshd and every session process it forked, at once (SIGKILL)."""
        if self.process is None:
            return
        for pid in [*descendants(self.process.pid), self.process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def pause_sessions(self):
        """Freeze the session processes (SIGSTOP): connections stay open, silent."""
        for pid in descendants(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)

    def stop(self):
        """Stop sshd and its sessions. Safe to call twice."""
        if self.process is None:
            return
        sessions = descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for pid in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # works on stopped processes too
        self.process = None


class SystemUser:
    """A throwaway system account with a random password (root only).

    ``UsePAM no`` makes sshd check the password against /etc/shadow itself.
    """

    def __init__(self, homes):
        self.name = f"icsftp{secrets.token_hex(4)}"
        self.password = secrets.token_urlsafe(18)
        self.home = Path(homes) / self.name
        self.created = False

    @staticmethod
    def available():
        """Return why a system user cannot be created, or ``None`` if it can."""
        if os.geteuid() != 0:
            return "creating a throwaway system user needs root"
        for tool in ("useradd", "userdel", "chpasswd"):
            if shutil.which(tool) is None:
                return f"{tool} is not installed"
        return None

    def create(self):
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                str(self.home),
                "--shell",
                "/usr/sbin/nologin",
                self.name,
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        self.created = True
        subprocess.run(
            ["chpasswd"],
            input=f"{self.name}:{self.password}\n",
            text=True,
            check=True,
            capture_output=True,
            timeout=30,
        )
        self.home.mkdir(mode=0o755, exist_ok=True)
        entry = pwd.getpwnam(self.name)
        os.chown(self.home, entry.pw_uid, entry.pw_gid)
        return self

    def chown_tree(self, path):
        """Give ``path`` and everything below it to this user."""
        entry = pwd.getpwnam(self.name)
        for root, dirs, files in os.walk(path):
            for name in [*dirs, *files]:
                os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)
        os.chown(path, entry.pw_uid, entry.pw_gid)

    def delete(self):
        if self.created:
            subprocess.run(
                ["userdel", self.name], check=False, capture_output=True, timeout=30
            )
            self.created = False
