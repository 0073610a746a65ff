# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's AS2 endpoint against an independent AS2 implementation.

The trading partner is pyas2lib, run by ``tests/interop/as2_peer/peer.py``
in its own virtualenv (pyas2lib is GPL and pins libraries that conflict with
Odoo's): ``AS2_PEER_PYTHON``, else the repository's ``.venv-as2peer``, as
``tests/interop/as2/conftest.py`` does. The peer builds, signs and encrypts
the messages it POSTs to ``/supplier_edi/as2/<code>`` and judges our MDNs
with pyas2lib: the verdicts asserted here are pyas2lib's, never ours.

A missing peer interpreter fails these tests; they are skipped only when the
addon runs outside this repository (no ``tests/interop`` helpers).
"""

import base64
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from odoo.tests import HttpCase, tagged

from integration_core.as2 import generate_self_signed

from . import partner_files as files
from .common import HOSPITAL_ID, SUPPLIER_ID, SupplierEdiCase

REPOSITORY = Path(__file__).resolve().parents[3]
INTEROP = REPOSITORY / "tests" / "interop"
PEER_SCRIPT = INTEROP / "as2_peer" / "peer.py"
OUR_AS2_NAME = "ST MARYS AS2"  # a space: exercises AS2-name quoting
SUPPLIER_AS2_NAME = "MEDSURG"
PEER_START_TIMEOUT = 30
X12 = "application/edi-x12"


def _peer_python():
    """The interpreter of the peer's own virtualenv (never Odoo's)."""
    configured = os.environ.get("AS2_PEER_PYTHON")
    python = (
        os.path.abspath(configured)
        if configured
        else str(REPOSITORY / ".venv-as2peer" / "bin" / "python")
    )
    if not os.access(python, os.X_OK):
        raise AssertionError(
            f"no pyas2lib partner interpreter at {python}: set AS2_PEER_PYTHON "
            f"to a Python with {PEER_SCRIPT.parent / 'requirements.txt'} "
            "installed, or build .venv-as2peer in the repository"
        )
    return python


def _identity(name):
    """``(name, key_pem, cert_pem)``, PEM as text (JSON and Text fields)."""
    key_pem, cert_pem = generate_self_signed(name)
    return name, key_pem.decode("ascii"), cert_pem.decode("ascii")


@tagged("post_install", "-at_install")
class TestAs2Endpoint(SupplierEdiCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not PEER_SCRIPT.exists():
            raise unittest.SkipTest("needs the repository's tests/interop/as2_peer")
        if str(INTEROP) not in sys.path:
            sys.path.insert(0, str(INTEROP))
        from servers.as2_peer_client import PeerClient  # noqa: PLC0415 - on sys.path now

        cls.peer = PeerClient(cls._start_peer(_peer_python()))
        cls.us = _identity(OUR_AS2_NAME)
        cls.partner = _identity(SUPPLIER_AS2_NAME)
        cls.impostor = _identity("IMPOSTOR")
        cls.connector.write(
            {
                "transport": "as2",
                # Our 850s go to the peer: it is the supplier's AS2 server.
                "endpoint": cls.peer.as2_url,
                "timeout": 30,
                "as2_local_name": OUR_AS2_NAME,
                "as2_partner_name": SUPPLIER_AS2_NAME,
                "as2_local_certificate": cls.us[2],
                "new_as2_private_key": cls.us[1],
                "as2_partner_certificate": cls.partner[2],
                "as2_require_signed": True,
                "as2_require_encrypted": True,
            }
        )
        cls.env.flush_all()
        cls.url = f"{cls.base_url()}/supplier_edi/as2/{cls.connector.code}"

    @classmethod
    def _start_peer(cls, python):
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by a cleanup
            prefix="as2peer-", suffix=".log", delete=False
        )
        cls.addClassCleanup(os.unlink, log.name)
        cls.addClassCleanup(log.close)
        process = subprocess.Popen(
            [python, str(PEER_SCRIPT)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            cwd=str(PEER_SCRIPT.parent),
        )
        cls.addClassCleanup(cls._stop_peer, process)
        deadline = time.monotonic() + PEER_START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([process.stdout], [], [], 0.2)
            line = process.stdout.readline() if ready else ""
            if line:
                return f"http://127.0.0.1:{json.loads(line)['port']:d}"
        log.flush()
        raise AssertionError(
            "the pyas2lib peer did not start:\n"
            + Path(log.name).read_text(errors="replace")[-3000:]
        )

    @staticmethod
    def _stop_peer(process):
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()

    def setUp(self):
        super().setUp()
        self.peer.reset()
        self._configure_peer()

    def _configure_peer(self, identity=None, **options):
        """The peer is the supplier (or ``identity``); it knows us by our cert.

        Default partnership: signed and encrypted (AES-128, SHA-256), a
        synchronous MDN signed with SHA-256; ``options`` override pyas2lib
        ``Partner`` fields.
        """
        name, key_pem, cert_pem = identity or self.partner
        partner = {
            "as2_name": OUR_AS2_NAME,
            "cert_pem": self.us[2],
            "sign": True,
            "encrypt": True,
            "enc_alg": "aes_128_cbc",
            "digest_alg": "sha256",
            "mdn_mode": "SYNC",
            "mdn_digest_alg": "sha256",
            **options,
        }
        org = {
            "as2_name": name,
            "key_pem": key_pem,
            "cert_pem": cert_pem,
            "mdn_url": self.peer.as2_url,
        }
        self.peer.configure(org, partner)

    def _peer_sends(self, payload, filename="ASN.x12", **options):
        """The peer POSTs ``payload`` to our endpoint; pyas2lib's verdict.

        The HTTP worker shares the test transaction: our pending writes are
        flushed first, and what the request wrote is read afresh afterwards.
        """
        self.env.flush_all()
        options.setdefault("content_type", X12)
        verdict = self.peer.send(self.url, payload, filename, **options)
        self.env.invalidate_all()
        return verdict

    def _received_files(self):
        return self.env["integration.message"].search(
            [
                ("connector_id", "=", self.connector.id),
                ("operation", "=", "edi_receive_file"),
            ]
        )

    def _ship_notice(self, order, control=703):
        gloves = self._line(order, self.gloves)
        return files.x12_856(
            SUPPLIER_ID,
            HOSPITAL_ID,
            control,
            "SH700777",
            order.name,
            [
                (
                    "006141410000000026",
                    [(gloves.id, "10614141000019", "", 2, "CA", "L2611A", "20280131")],
                )
            ],
        )

    def _move_lines(self, order):
        return order.picking_ids.move_line_ids.filtered(
            lambda line: line.product_id == self.gloves
        )

    def _order_sent(self):
        """A confirmed order for 20 boxes of gloves, its 850 sent to the peer."""
        order = self._order([(self.gloves, 20, 12.5)])
        self._run_queued()
        self.assertEqual(order.edi_state, "sent", self._problems())
        # pyas2lib received our 850 and verified it.
        [record] = self.peer.received()
        self.assertEqual(record["status"], "processed", record["error"])
        self.assertTrue(record["signed"] and record["encrypted"])
        self.assertIn(order.name.encode(), base64.b64decode(record["payload_b64"]))
        self.assertEqual(order.picking_ids.state, "assigned")
        return order

    def test_signed_encrypted_ship_notice_prefills_the_receipt_once(self):
        order = self._order_sent()
        picking = order.picking_ids
        self.assertFalse(self._move_lines(order).lot_name)
        notice = self._ship_notice(order)

        verdict = self._peer_sends(notice, filename="ASN_SH700777.x12")

        self.assertEqual(verdict["http_status"], 200, verdict)
        self.assertEqual(verdict["mdn_status"], "processed", verdict)
        self.assertIsNone(verdict["mdn_detailed_status"], verdict)
        self.assertIs(verdict["mdn_signed"], True)
        received = self._received_files()
        self.assertEqual(len(received), 1)
        self.assertEqual(received.state, "queued")
        self.assertEqual(received.initiator_type, "partner")
        self.assertEqual(received.payload_name, "ASN_SH700777.x12")
        content = received.payload_attachment_id.raw
        # pyas2lib sends text types in MIME canonical form (CRLF line ends).
        self.assertEqual(content.replace(b"\r\n", b"\n"), notice)

        self._run_queued()

        self.assertEqual(received.state, "done", self._problems())
        self.assertEqual(picking.edi_ship_notice_ref, "SH700777")
        line = self._move_lines(order)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.quantity, 20)
        self.assertEqual(line.lot_name, "L2611A")
        self.assertEqual(str(line.expiration_date.date()), "2028-01-31")
        self.assertEqual(line.result_package_id.name, "006141410000000026")
        self.assertEqual(order.edi_state, "shipped")

        # The supplier sends the same file again (a new AS2 message, e.g.
        # after losing our MDN): acknowledged, never applied twice.
        again = self._peer_sends(notice, filename="ASN_SH700777.x12")
        self.assertEqual(again["mdn_status"], "processed", again)
        self.assertNotEqual(again["message_id"], verdict["message_id"])
        self._run_queued()
        self.assertEqual(self._received_files(), received)
        self.assertEqual(self._move_lines(order), line)
        self.assertEqual(line.quantity, 20)
        self.assertEqual(picking.state, "assigned")

    def test_tampered_messages_get_a_failure_mdn_and_change_nothing(self):
        order = self._order_sent()
        picking = order.picking_ids
        moves_before = picking.move_line_ids.read(["quantity", "lot_name"])
        notice = self._ship_notice(order)

        # Signed and encrypted: one bit of the ciphertext flipped on the way.
        verdict = self._peer_sends(notice, tamper={"flip_byte": -40})
        self.assertEqual(verdict["http_status"], 200, verdict)
        self.assertEqual(verdict["mdn_status"].lower(), "processed/error", verdict)
        self.assertIn(
            verdict["mdn_detailed_status"],
            (
                "decryption-failed",
                "integrity-check-failed",
                "unexpected-processing-error",
            ),
        )
        self.assertIs(verdict["mdn_signed"], True)

        # Signed only (the partnership accepts it): the order number in the
        # signed content altered, the signature no longer matches.
        self.connector.as2_require_encrypted = False
        self._configure_peer(encrypt=False)
        tamper = {
            "find_b64": base64.b64encode(b"SH700777").decode(),
            "replace_b64": base64.b64encode(b"SH700778").decode(),
        }
        verdict = self._peer_sends(notice, tamper=tamper)
        self.assertEqual(verdict["mdn_status"].lower(), "processed/error", verdict)
        self.assertEqual(verdict["mdn_detailed_status"], "integrity-check-failed")
        self.assertIs(verdict["mdn_signed"], True)

        self._run_queued()
        self.assertFalse(self._received_files())
        self.assertEqual(
            picking.move_line_ids.read(["quantity", "lot_name"]), moves_before
        )
        self.assertFalse(picking.edi_ship_notice_ref)
        self.assertEqual(order.edi_state, "sent")

    def test_unknown_partner_is_refused(self):
        order = self._order_sent()
        messages = self.env["integration.message"].search_count([])
        self._configure_peer(identity=self.impostor)

        verdict = self._peer_sends(self._ship_notice(order))

        self.assertEqual(verdict["http_status"], 403, verdict)
        # Our plain-text refusal is no MDN, and pyas2lib says so.
        self.assertEqual(verdict["mdn_status"], "failed/Failure", verdict)
        self.assertEqual(verdict["mdn_detailed_status"], "mdn-not-found")
        self.assertEqual(self.env["integration.message"].search_count([]), messages)
        self.assertFalse(self._received_files())
        self.assertFalse(self._move_lines(order).lot_name)

    def test_oversized_message_is_refused(self):
        order = self._order_sent()
        messages = self.env["integration.message"].search_count([])
        self.connector.as2_max_bytes = 1024

        verdict = self._peer_sends(self._ship_notice(order))

        self.assertEqual(verdict["http_status"], 413, verdict)
        self.assertEqual(verdict["mdn_status"], "failed/Failure", verdict)
        self.assertEqual(self.env["integration.message"].search_count([]), messages)
        self.assertFalse(self._received_files())
        # Under the limit, the same partnership receives it.
        self.connector.as2_max_bytes = 1024 * 1024
        verdict = self._peer_sends(self._ship_notice(order))
        self.assertEqual(verdict["mdn_status"], "processed", verdict)
        self.assertEqual(len(self._received_files()), 1)
