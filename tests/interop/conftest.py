"""Shared fixtures of the interop tests: real peers on 127.0.0.1.

* ``sshd_server``: a real OpenSSH sshd for the whole session, accepting the
  ``ssh_client_keys`` for the current user (root logs in by key only).
* ``sftp_home``: that user's SFTP start folder, emptied for each test, with
  ``inbound/`` and ``outbound/`` folders.
* ``make_sshd``: a private sshd for a test that kills or stops it.
* ``sftp_password_user``: a throwaway system account with a password (root only).
* ``test_pki``: a CA with a server certificate for 127.0.0.1 and a client one.
* ``http_partner`` / ``https_partner`` / ``mtls_partner``: the small partner
  API of ``servers/http_partner.py`` over HTTP, HTTPS, and HTTPS requiring a
  client certificate; one fresh server per test.

Other protocols (AS2...) keep their fixtures in their own folder.
"""

import dataclasses
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# ``servers`` helpers, importable whatever pytest's import mode
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from servers import keys  # noqa: E402
from servers.http_partner import PartnerServer, server_tls_context  # noqa: E402
from servers.sshd import SshServer, SystemUser, current_user, find_sshd  # noqa: E402


@dataclasses.dataclass(frozen=True)
class SshClientKeys:
    ed25519: keys.SshKeyPair
    ed25519_encrypted: keys.SshKeyPair
    rsa_encrypted: keys.SshKeyPair
    passphrase: str
    ecdsa: keys.SshKeyPair
    stranger: keys.SshKeyPair  # not in authorized_keys


@pytest.fixture(scope="session")
def sshd_binary():
    path = find_sshd()
    if path is None:
        pytest.skip(
            "OpenSSH server missing: run `apt-get install -y openssh-server` "
            "(needed by the SFTP interop tests)"
        )
    return path


@pytest.fixture(scope="session")
def ssh_client_keys():
    passphrase = "correct horse battery staple"
    return SshClientKeys(
        ed25519=keys.ed25519_key_pair(),
        ed25519_encrypted=keys.ed25519_key_pair(passphrase),
        rsa_encrypted=keys.rsa_key_pair(passphrase),
        passphrase=passphrase,
        ecdsa=keys.ecdsa_key_pair(),
        stranger=keys.ed25519_key_pair(),
    )


def _make_base():
    """A temp folder every local user can traverse (for the password user)."""
    base = Path(tempfile.mkdtemp(prefix="ic-sshd-"))
    base.chmod(0o755)
    return base


def _start_server(sshd_binary, ssh_client_keys):
    authorized = [
        ssh_client_keys.ed25519.public_line,
        ssh_client_keys.ed25519_encrypted.public_line,
        ssh_client_keys.rsa_encrypted.public_line,
        ssh_client_keys.ecdsa.public_line,
    ]
    server = SshServer(_make_base(), authorized, sshd=sshd_binary)
    server.username = current_user()
    server.home(server.username).mkdir(mode=0o755)
    return server.start()


@pytest.fixture(scope="session")
def sshd_server(sshd_binary, ssh_client_keys):
    server = _start_server(sshd_binary, ssh_client_keys)
    yield server
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture
def make_sshd(sshd_binary, ssh_client_keys):
    """Start private sshd instances; they are stopped after the test."""
    servers = []

    def make():
        server = _start_server(sshd_binary, ssh_client_keys)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)


def _reset_folder(folder):
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for name in ("inbound", "outbound"):
        (folder / name).mkdir()


@pytest.fixture
def sftp_home(sshd_server):
    """The SFTP start folder of ``sshd_server.username``, empty but for
    ``inbound/`` (our outbox) and ``outbound/`` (our inbox)."""
    home = sshd_server.home(sshd_server.username)
    _reset_folder(home)
    return home


@pytest.fixture(scope="session")
def sftp_password_user(sshd_server):
    reason = SystemUser.available()
    if reason:
        pytest.skip(f"password login test needs a throwaway system user: {reason}")
    user = SystemUser(sshd_server.homes)
    user.create()
    _reset_folder(user.home)
    user.chown_tree(user.home)
    yield user
    user.delete()


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    return keys.make_test_pki(tmp_path_factory.mktemp("pki"))


def _serve(ssl_context=None):
    server = PartnerServer(ssl_context).start()
    yield server
    server.stop()
    assert not server.state.errors, f"partner API bug: {server.state.errors}"


@pytest.fixture
def http_partner():
    yield from _serve()


@pytest.fixture
def https_partner(test_pki):
    yield from _serve(server_tls_context(test_pki.server_cert, test_pki.server_key))


@pytest.fixture
def mtls_partner(test_pki):
    context = server_tls_context(
        test_pki.server_cert, test_pki.server_key, client_ca=test_pki.ca_cert
    )
    yield from _serve(context)
