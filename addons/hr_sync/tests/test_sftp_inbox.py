# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The SFTP inbox of a file connector, against a real OpenSSH sshd.

The sshd and key helpers of the repository's interoperability tests start a
private sshd on 127.0.0.1 (``tests/interop/servers``).
"""

import csv
import io
import shutil
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from cryptography.fernet import Fernet

from odoo.tests import tagged
from odoo.tools import config

from .common import HrSyncCase, hospital

INTEROP = Path(__file__).resolve().parents[3] / "tests" / "interop"


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@tagged("post_install", "-at_install")
class TestSftpInbox(HrSyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (INTEROP / "servers" / "sshd.py").exists():
            raise unittest.SkipTest(
                "needs the repository's tests/interop/servers helpers"
            )
        sys.path.insert(0, str(INTEROP))
        from servers import keys  # noqa: PLC0415 - found through sys.path above
        from servers.sshd import SshServer, current_user, find_sshd  # noqa: PLC0415

        if find_sshd() is None:
            raise unittest.SkipTest(
                "OpenSSH server missing: apt-get install openssh-server"
            )
        cls.startClassPatcher(
            mock.patch.dict(
                config.options,
                {"integration_vault_key": Fernet.generate_key().decode()},
            )
        )
        client_key = keys.ed25519_key_pair()
        base = Path(tempfile.mkdtemp(prefix="hr-sync-sshd-"))
        base.chmod(0o755)
        cls.server = SshServer(base, [client_key.public_line])
        cls.server.username = current_user()
        cls.home = cls.server.home(cls.server.username)
        cls.home.mkdir(mode=0o755)
        (cls.home / "outbound").mkdir()
        (cls.home / "inbound").mkdir()
        cls.server.start()
        cls.addClassCleanup(shutil.rmtree, base, ignore_errors=True)
        cls.addClassCleanup(cls.server.stop)
        cls.connector.write(
            {
                "transport": "sftp",
                "endpoint": "127.0.0.1",
                "sftp_port": cls.server.port,
                "sftp_host_key": cls.server.ed25519_host_key,
                "username": cls.server.username,
                "auth_method": "ssh_key",
                "new_private_key": client_key.private_text,
            }
        )

    def test_inbox_files_are_synced_then_archived_or_refused(self):
        inbox = self.home / "outbound"
        (inbox / "2026-12-01-staff.csv").write_bytes(as_csv(hospital()))
        (inbox / "2026-12-02-staff.txt").write_bytes(b"\x00\x01 not a table")
        self.assertIn("2 file(s) waiting", self.connector._test_connection())
        self.connector.action_hr_fetch_inbox()
        self.assertEqual(self.employee("CAR1").name, "Cara Heart")
        self.assertEqual(
            sorted(p.name for p in (inbox / "archive").iterdir()),
            ["2026-12-01-staff.csv"],
        )
        self.assertEqual(
            sorted(p.name for p in (inbox / "error").iterdir()),
            ["2026-12-02-staff.txt"],
        )
        logged = self.env["integration.message"].search(
            [
                ("connector_id", "=", self.connector.id),
                ("operation", "=", "hr_receive_file"),
            ]
        )
        self.assertEqual(sorted(logged.mapped("state")), ["dead", "done"])
        # A file that would deactivate most people is refused, not applied.
        (inbox / "2026-12-03-staff.csv").write_bytes(as_csv(hospital()[:4]))
        self.connector.action_hr_fetch_inbox()
        self.assertTrue(self.employee("N7").active)
        self.assertIn(
            "2026-12-03-staff.csv", [p.name for p in (inbox / "error").iterdir()]
        )
