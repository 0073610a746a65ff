"""SftpTransport against a real OpenSSH sshd on 127.0.0.1 (see conftest.py).

``sftp_home`` is the SFTP start folder of the login: ``inbound/`` is where we
upload for the partner, ``outbound/`` where the partner leaves files for us.
The tests play the partner through the local file system or a second SFTP
connection.
"""

import io
import os
import shutil
import socket
import subprocess
import threading
import time

import paramiko
import pytest
from servers import keys
from servers.stalling_ssh import StallingSshServer

from integration_core.errors import PermanentError, TransientError
from integration_core.transport.base import OutboundMessage
from integration_core.transport.sftp import (
    SftpTransport,
    fetch_host_key,
    host_key_fingerprint,
    parse_host_key_line,
)

TIMEOUT = 5.0


def make_transport(server, client_keys, **overrides):
    options = {
        "private_key": client_keys.ed25519.private_text,
        "known_host_key": server.ed25519_host_key,
        "timeout": TIMEOUT,
    }
    options.update(overrides)
    return SftpTransport(server.host, server.port, server.username, **options)


@pytest.fixture
def sftp(sshd_server, ssh_client_keys, sftp_home):
    with make_transport(sshd_server, ssh_client_keys) as transport:
        yield transport


def partner_drops(home, name, content, mtime=None):
    """The partner leaves a file for us in ``outbound/``."""
    path = home / "outbound" / name
    path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def open_raw_sftp(server, client_keys):
    """A second, independent SFTP connection (plain paramiko), as the partner."""
    key = paramiko.Ed25519Key.from_private_key(
        io.StringIO(client_keys.ed25519.private_text)
    )
    ssh = paramiko.Transport((server.host, server.port))
    ssh.connect(username=server.username, pkey=key)
    return ssh, paramiko.SFTPClient.from_transport(ssh)


# ---------------------------------------------------------------------------
# Host keys
# ---------------------------------------------------------------------------


def test_fetch_host_key_returns_the_servers_key(sshd_server, tmp_path):
    line = fetch_host_key(sshd_server.host, sshd_server.port, timeout=TIMEOUT)
    assert line == sshd_server.ed25519_host_key
    # Same fingerprint as OpenSSH's own tool computes for the host key file.
    if shutil.which("ssh-keygen"):
        pub = tmp_path / "host.pub"
        pub.write_text(line + "\n")
        out = subprocess.run(
            ["ssh-keygen", "-l", "-E", "sha256", "-f", str(pub)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out.split()[1] == host_key_fingerprint(line)


def test_known_hosts_line_is_accepted(sshd_server, ssh_client_keys, sftp_home):
    key_type, key = sshd_server.ed25519_host_key.split()
    line = f"[127.0.0.1]:{sshd_server.port} {key_type} {key} some comment"
    assert parse_host_key_line(line)[0] == "ssh-ed25519"
    with make_transport(sshd_server, ssh_client_keys, known_host_key=line) as t:
        assert "Connected" in t.test_connection()


def test_stored_rsa_host_key_is_matched_against_the_rsa_key(
    sshd_server, ssh_client_keys, sftp_home
):
    """The server also has an Ed25519 key: we must ask for the stored type."""
    with make_transport(
        sshd_server, ssh_client_keys, known_host_key=sshd_server.rsa_host_key
    ) as transport:
        assert "Connected" in transport.test_connection()
        assert transport.seen_host_key == sshd_server.rsa_host_key


def test_wrong_host_key_is_rejected_naming_both_fingerprints(
    sshd_server, ssh_client_keys, sftp_home
):
    impostor = keys.ed25519_key_pair().public_line
    transport = make_transport(sshd_server, ssh_client_keys, known_host_key=impostor)
    with pytest.raises(PermanentError) as caught:
        transport.test_connection()
    message = str(caught.value)
    assert "mismatch" in message
    assert host_key_fingerprint(impostor) in message
    assert host_key_fingerprint(sshd_server.ed25519_host_key) in message


def test_wrong_host_key_is_rejected_even_when_unknown_keys_are_allowed(
    sshd_server, ssh_client_keys, sftp_home
):
    impostor = keys.ed25519_key_pair().public_line
    transport = make_transport(
        sshd_server,
        ssh_client_keys,
        known_host_key=impostor,
        allow_unknown_host_key=True,
    )
    with pytest.raises(PermanentError, match="mismatch"):
        transport.test_connection()


def test_host_key_of_a_type_the_server_lacks_is_rejected(
    sshd_server, ssh_client_keys, sftp_home
):
    ecdsa = keys.ecdsa_key_pair().public_line
    transport = make_transport(sshd_server, ssh_client_keys, known_host_key=ecdsa)
    with pytest.raises(PermanentError, match="ecdsa-sha2-nistp256"):
        transport.test_connection()


def test_unknown_host_key_is_refused_unless_allowed(
    sshd_server, ssh_client_keys, sftp_home
):
    transport = make_transport(sshd_server, ssh_client_keys, known_host_key=None)
    with pytest.raises(PermanentError, match="No host key stored"):
        transport.test_connection()
    allowed = make_transport(
        sshd_server,
        ssh_client_keys,
        known_host_key=None,
        allow_unknown_host_key=True,
    )
    with allowed:
        assert "Connected" in allowed.test_connection()
        assert allowed.seen_host_key == sshd_server.ed25519_host_key


def test_garbage_host_key_is_a_permanent_error(sshd_server, ssh_client_keys):
    transport = make_transport(
        sshd_server, ssh_client_keys, known_host_key="ssh-ed25519 not-base64!"
    )
    with pytest.raises(PermanentError, match="Not an SSH public key"):
        transport.test_connection()


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["rsa_encrypted", "ed25519_encrypted"])
def test_encrypted_key_with_its_passphrase(
    sshd_server, ssh_client_keys, sftp_home, key
):
    """Traditional encrypted PEM (RSA) and bcrypt-encrypted OpenSSH (Ed25519)."""
    with make_transport(
        sshd_server,
        ssh_client_keys,
        private_key=getattr(ssh_client_keys, key).private_text,
        private_key_passphrase=ssh_client_keys.passphrase,
    ) as transport:
        assert "Connected" in transport.test_connection()


def test_ecdsa_key(sshd_server, ssh_client_keys, sftp_home):
    with make_transport(
        sshd_server, ssh_client_keys, private_key=ssh_client_keys.ecdsa.private_text
    ) as transport:
        assert "Connected" in transport.test_connection()


@pytest.mark.parametrize("key", ["rsa_encrypted", "ed25519_encrypted"])
@pytest.mark.parametrize("passphrase", [None, "wrong passphrase"])
def test_encrypted_key_without_the_right_passphrase(
    sshd_server, ssh_client_keys, passphrase, key
):
    transport = make_transport(
        sshd_server,
        ssh_client_keys,
        private_key=getattr(ssh_client_keys, key).private_text,
        private_key_passphrase=passphrase,
    )
    with pytest.raises(PermanentError, match="private key"):
        transport.test_connection()


def test_key_not_authorized_is_a_permanent_error(sshd_server, ssh_client_keys):
    stranger = ssh_client_keys.stranger
    transport = make_transport(
        sshd_server, ssh_client_keys, private_key=stranger.private_text
    )
    with pytest.raises(PermanentError, match="Authentication failed") as caught:
        transport.test_connection()
    assert host_key_fingerprint(stranger.public_line) in str(caught.value)


def test_root_password_login_is_refused_by_the_server(sshd_server, ssh_client_keys):
    """``PermitRootLogin prohibit-password``: a password never works for root."""
    transport = make_transport(
        sshd_server, ssh_client_keys, private_key=None, password="anything"
    )
    with pytest.raises(PermanentError, match="Authentication failed"):
        transport.test_connection()


def test_password_login(sshd_server, sftp_password_user):
    user = sftp_password_user
    with SftpTransport(
        sshd_server.host,
        sshd_server.port,
        user.name,
        password=user.password,
        known_host_key=sshd_server.ed25519_host_key,
        timeout=TIMEOUT,
    ) as transport:
        assert transport.test_connection() == (
            f"Connected to sftp://127.0.0.1:{sshd_server.port} as {user.name} "
            "(0 file(s) waiting)"
        )
        receipt = transport.send(OutboundMessage("hello.txt", b"hi"))
    assert (user.home / "inbound" / "hello.txt").read_bytes() == b"hi"
    assert receipt.reference == "inbound/hello.txt"


def test_wrong_password_is_a_permanent_error(sshd_server, sftp_password_user):
    transport = SftpTransport(
        sshd_server.host,
        sshd_server.port,
        sftp_password_user.name,
        password="not the password",
        known_host_key=sshd_server.ed25519_host_key,
        timeout=TIMEOUT,
    )
    with pytest.raises(PermanentError, match="Authentication failed"):
        transport.test_connection()


def test_permission_denied_is_a_permanent_error(sshd_server, sftp_password_user):
    """The login user may not read a folder owned by root with mode 0700."""
    inbox = sftp_password_user.home / "locked"
    inbox.mkdir(mode=0o700, exist_ok=True)
    with SftpTransport(
        sshd_server.host,
        sshd_server.port,
        sftp_password_user.name,
        password=sftp_password_user.password,
        known_host_key=sshd_server.ed25519_host_key,
        inbox_dir="locked",
        timeout=TIMEOUT,
    ) as transport:
        with pytest.raises(PermanentError, match="permission denied"):
            transport.receive()


def test_missing_credentials_are_refused_up_front():
    with pytest.raises(PermanentError, match="No password or private key"):
        SftpTransport("127.0.0.1", 22, "nobody")


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def test_send_publishes_the_file_under_its_final_name(sftp, sftp_home):
    receipt = sftp.send(OutboundMessage("PO_000123.x12", b"ISA*00*...~"))
    assert receipt.reference == "inbound/PO_000123.x12"
    assert receipt.details["size"] == 11
    assert sorted(p.name for p in (sftp_home / "inbound").iterdir()) == [
        "PO_000123.x12"
    ]
    assert (sftp_home / "inbound" / "PO_000123.x12").read_bytes() == b"ISA*00*...~"


def test_partner_never_sees_a_partial_file(
    sshd_server, ssh_client_keys, sftp, sftp_home
):
    """Poll the outbox over a second connection while a large upload runs."""
    payload = os.urandom(16 * 1024 * 1024)
    observations = []
    done = threading.Event()
    ssh, partner = open_raw_sftp(sshd_server, ssh_client_keys)

    def poll():
        while not done.is_set():
            listing = {a.filename: a.st_size for a in partner.listdir_attr("inbound")}
            observations.append(listing)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        sftp.send(OutboundMessage("big.bin", payload))
        time.sleep(0.05)
    finally:
        done.set()
        poller.join(timeout=10)
        ssh.close()
    saw_part = [o[".big.bin.part"] for o in observations if ".big.bin.part" in o]
    saw_final = [o["big.bin"] for o in observations if "big.bin" in o]
    assert any(size < len(payload) for size in saw_part), "upload not observed"
    assert saw_final and set(saw_final) == {len(payload)}
    assert (sftp_home / "inbound" / "big.bin").read_bytes() == payload
    assert not (sftp_home / "inbound" / ".big.bin.part").exists()


def test_send_refuses_to_overwrite_a_partner_file(sftp, sftp_home):
    existing = sftp_home / "inbound" / "INV_1.edi"
    existing.write_bytes(b"partner's own file")
    with pytest.raises(PermanentError, match="refusing to overwrite"):
        sftp.send(OutboundMessage("INV_1.edi", b"ours"))
    assert existing.read_bytes() == b"partner's own file"
    assert sorted(p.name for p in (sftp_home / "inbound").iterdir()) == ["INV_1.edi"]


def test_file_created_by_the_partner_during_upload_is_not_overwritten(sftp, sftp_home):
    """The partner writes the same name while our upload runs: rename must fail."""
    final = sftp_home / "inbound" / "race.bin"
    part = sftp_home / "inbound" / ".race.bin.part"
    done = threading.Event()
    created = []

    def partner():
        while not done.is_set():
            if part.exists():
                final.write_bytes(b"partner wins")
                created.append(True)
                return
            time.sleep(0.001)

    thread = threading.Thread(target=partner)
    thread.start()
    try:
        with pytest.raises(PermanentError, match="refusing to overwrite"):
            sftp.send(OutboundMessage("race.bin", os.urandom(16 * 1024 * 1024)))
    finally:
        done.set()
        thread.join(timeout=10)
    assert created
    assert final.read_bytes() == b"partner wins"
    assert not part.exists()


def test_stale_part_file_of_a_failed_upload_is_replaced(sftp, sftp_home):
    (sftp_home / "inbound" / ".PO_9.x12.part").write_bytes(b"half a fi")
    sftp.send(OutboundMessage("PO_9.x12", b"complete"))
    assert sorted(p.name for p in (sftp_home / "inbound").iterdir()) == ["PO_9.x12"]
    assert (sftp_home / "inbound" / "PO_9.x12").read_bytes() == b"complete"


@pytest.mark.parametrize("name", ["", "../escape", "a/b", ".hidden", "x.part", ".."])
def test_invalid_file_names_are_refused(sftp, sftp_home, name):
    with pytest.raises(PermanentError, match="Invalid SFTP file name"):
        sftp.send(OutboundMessage(name, b"x"))
    assert list((sftp_home / "inbound").iterdir()) == []


def test_missing_outbox_folder_is_a_permanent_error(sftp, sftp_home):
    shutil.rmtree(sftp_home / "inbound")
    with pytest.raises(PermanentError, match="no such file or folder"):
        sftp.send(OutboundMessage("a.txt", b"x"))


# ---------------------------------------------------------------------------
# Receiving and acknowledging
# ---------------------------------------------------------------------------


def test_receive_reads_waiting_files_oldest_first(sftp, sftp_home):
    partner_drops(sftp_home, "second.edi", b"B" * 10, mtime=2_000_000_000)
    partner_drops(sftp_home, "first.edi", b"A" * 70_000, mtime=1_900_000_000)
    partner_drops(sftp_home, ".hidden", b"ignored")
    partner_drops(sftp_home, "upload.edi.part", b"ignored")
    (sftp_home / "outbound" / "subfolder").mkdir()
    os.symlink("/etc/passwd", sftp_home / "outbound" / "link")

    messages = sftp.receive()

    assert [m.name for m in messages] == ["first.edi", "second.edi"]
    assert messages[0].content == b"A" * 70_000
    assert messages[0].reference == "outbound/first.edi"
    assert messages[0].received_at.timestamp() == 1_900_000_000
    assert messages[1].content == b"B" * 10
    assert sftp.test_connection().endswith("(2 file(s) waiting)")


def test_processed_file_moves_to_archive(sftp, sftp_home):
    partner_drops(sftp_home, "ORDERS_1.edi", b"UNA:+.? 'UNB...")
    (message,) = sftp.receive()
    sftp.acknowledge(message, processed=True)
    assert not (sftp_home / "outbound" / "ORDERS_1.edi").exists()
    archived = sftp_home / "outbound" / "archive" / "ORDERS_1.edi"
    assert archived.read_bytes() == b"UNA:+.? 'UNB..."
    assert sftp.receive() == []


def test_failed_file_moves_to_error_folder_with_unique_name(sftp, sftp_home):
    error_dir = sftp_home / "outbound" / "error"
    error_dir.mkdir()
    (error_dir / "daily.csv").write_bytes(b"yesterday's failure")
    partner_drops(sftp_home, "daily.csv", b"today")
    (message,) = sftp.receive()

    sftp.acknowledge(message, processed=False, reason="bad header")

    assert (error_dir / "daily.csv").read_bytes() == b"yesterday's failure"
    moved = [p for p in error_dir.iterdir() if p.name != "daily.csv"]
    assert len(moved) == 1
    assert moved[0].name.startswith("daily.") and moved[0].name.endswith(".csv")
    assert moved[0].read_bytes() == b"today"
    assert sftp.receive() == []


def test_custom_archive_and_error_folders(sshd_server, ssh_client_keys, sftp_home):
    (sftp_home / "done").mkdir()
    with make_transport(
        sshd_server, ssh_client_keys, archive_dir="done", error_dir="failed"
    ) as transport:
        partner_drops(sftp_home, "a.edi", b"a")
        partner_drops(sftp_home, "b.edi", b"b")
        first, second = transport.receive()
        transport.acknowledge(first, processed=True)
        transport.acknowledge(second, processed=False)
    assert (sftp_home / "done" / "a.edi").read_bytes() == b"a"
    assert (sftp_home / "failed" / "b.edi").read_bytes() == b"b"


def test_unacknowledged_file_is_received_again(sshd_server, ssh_client_keys, sftp_home):
    partner_drops(sftp_home, "DESADV_7.edi", b"payload")
    with make_transport(sshd_server, ssh_client_keys) as first_run:
        assert [m.name for m in first_run.receive()] == ["DESADV_7.edi"]
        # crash before acknowledge: nothing is moved
    with make_transport(sshd_server, ssh_client_keys) as second_run:
        (again,) = second_run.receive()
        assert again.content == b"payload"
        second_run.acknowledge(again, processed=True)
        assert second_run.receive() == []


def test_acknowledging_twice_is_a_permanent_error(sftp, sftp_home):
    partner_drops(sftp_home, "x.edi", b"x")
    (message,) = sftp.receive()
    sftp.acknowledge(message, processed=True)
    with pytest.raises(PermanentError, match="no longer in the inbox"):
        sftp.acknowledge(message, processed=True)


def test_missing_inbox_folder_is_a_permanent_error(sftp, sftp_home):
    shutil.rmtree(sftp_home / "outbound")
    with pytest.raises(PermanentError, match="no such file or folder"):
        sftp.receive()
    with pytest.raises(PermanentError, match="outbound"):
        sftp.test_connection()


# ---------------------------------------------------------------------------
# Server down, killed, silent
# ---------------------------------------------------------------------------


def test_nothing_listening_is_a_transient_error(sshd_server, ssh_client_keys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = SftpTransport(
        "127.0.0.1",
        port,
        "root",
        private_key=ssh_client_keys.ed25519.private_text,
        known_host_key=sshd_server.ed25519_host_key,
        timeout=TIMEOUT,
    )
    with pytest.raises(TransientError, match="Cannot connect"):
        transport.test_connection()
    with pytest.raises(TransientError):
        fetch_host_key("127.0.0.1", port, timeout=TIMEOUT)


def test_server_that_never_answers_times_out(ssh_client_keys, sshd_server):
    """A peer accepts TCP but sends no SSH banner: the banner timeout fires."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        transport = SftpTransport(
            "127.0.0.1",
            silent.getsockname()[1],
            "root",
            private_key=ssh_client_keys.ed25519.private_text,
            known_host_key=sshd_server.ed25519_host_key,
            timeout=0.5,
        )
        started = time.monotonic()
        with pytest.raises(TransientError):
            transport.test_connection()
        assert time.monotonic() - started < 5


def test_server_killed_between_calls(make_sshd, ssh_client_keys):
    server = make_sshd()
    home = server.home(server.username)
    (home / "inbound").mkdir()
    (home / "outbound").mkdir()
    with make_transport(server, ssh_client_keys) as transport:
        transport.send(OutboundMessage("before.txt", b"ok"))
        server.kill()
        with pytest.raises(TransientError):
            transport.send(OutboundMessage("after.txt", b"lost"))
        with pytest.raises(TransientError, match="Cannot connect"):
            transport.receive()
    assert not (home / "inbound" / "after.txt").exists()


def test_server_killed_during_upload(make_sshd, ssh_client_keys):
    server = make_sshd()
    home = server.home(server.username)
    (home / "inbound").mkdir()
    (home / "outbound").mkdir()
    part = home / "inbound" / ".big.bin.part"

    def kill_when_upload_started():
        deadline = time.monotonic() + 10
        while not part.exists() and time.monotonic() < deadline:
            time.sleep(0.001)
        server.kill()

    killer = threading.Thread(target=kill_when_upload_started)
    with make_transport(server, ssh_client_keys) as transport:
        transport.test_connection()
        killer.start()
        try:
            with pytest.raises(TransientError):
                transport.send(OutboundMessage("big.bin", os.urandom(32 * 1024 * 1024)))
        finally:
            killer.join(timeout=15)
    assert not (home / "inbound" / "big.bin").exists()


def test_server_that_stops_answering_mid_session_times_out(make_sshd, ssh_client_keys):
    """Session processes frozen: the SFTP request hits the channel timeout."""
    server = make_sshd()
    home = server.home(server.username)
    (home / "outbound").mkdir()
    (home / "inbound").mkdir()
    with make_transport(server, ssh_client_keys, timeout=1.0) as transport:
        transport.test_connection()
        server.pause_sessions()
        started = time.monotonic()
        with pytest.raises(TransientError, match="Timed out after 1 s"):
            transport.receive()
        assert time.monotonic() - started < 4
        # the stalled session is dropped; the next call opens a new one, which
        # the (still listening) server answers
        (home / "outbound" / "late.edi").write_bytes(b"late")
        assert [m.name for m in transport.receive()] == ["late.edi"]


def test_authentication_timeout_is_transient(ssh_client_keys):
    """The server completes the handshake, then never answers the login."""
    server = StallingSshServer().start()
    try:
        transport = SftpTransport(
            server.host,
            server.port,
            "someone",
            private_key=ssh_client_keys.ed25519.private_text,
            known_host_key=server.host_key_line,
            timeout=1.0,
        )
        started = time.monotonic()
        with pytest.raises(TransientError, match="Timed out after 1 s authenticating"):
            transport.test_connection()
        assert time.monotonic() - started < 4
    finally:
        server.stop()
