# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A supplier with an HTTP API: orders POSTed, answers fetched from its inbox.

The partner API of the repository's interoperability tests
(``tests/interop/servers/http_partner.py``) runs on 127.0.0.1.
"""

import sys
import unittest

from odoo.tests import tagged

from integration_core.edi import api as edi_api

from . import partner_files as files
from .common import HOSPITAL_ID, INTEROP, SUPPLIER_ID, SupplierEdiCase


@tagged("post_install", "-at_install")
class TestHttpFlow(SupplierEdiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not (INTEROP / "servers" / "http_partner.py").exists():
            raise unittest.SkipTest("needs the repository's tests/interop/servers")
        if str(INTEROP) not in sys.path:
            sys.path.insert(0, str(INTEROP))
        from servers.http_partner import PartnerServer  # noqa: PLC0415 - on sys.path

        cls.partner_api = PartnerServer()
        cls.partner_api.start()
        cls.addClassCleanup(cls.partner_api.stop)
        cls.connector.write(
            {
                "transport": "http",
                "endpoint": cls.partner_api.url("/basic/messages"),
                "auth_method": "basic",
                "username": cls.partner_api.state.basic_user,
                "new_password": cls.partner_api.state.basic_password,
                "edi_http_inbox_url": cls.partner_api.url("/basic/inbox"),
            }
        )

    def test_order_posted_answer_fetched_and_acknowledged(self):
        state = self.partner_api.state
        order = self._order([(self.syringes, 50, 0.4)])
        self._run_queued()
        self.assertEqual(order.edi_state, "sent", self._problems())
        (posted,) = state.received
        (document,) = edi_api.read(posted["body"]).documents
        self.assertEqual(document.number, order.name)
        line = order.order_line
        answer_id = state.add_inbox(
            "855.x12",
            files.x12_855(
                SUPPLIER_ID,
                HOSPITAL_ID,
                901,
                order.name,
                "SO-HTTP",
                [(line.id, 50, "0.40", "SY-10LL", "IA", 50, "")],
            ),
        )
        self.connector._run_scheduled()
        self._run_queued()
        self.assertEqual(line.edi_ack_status, "accepted", self._problems())
        self.assertEqual([ack["id"] for ack in state.acks], [answer_id])
        self.assertFalse(state.inbox)
        # Our 997 for the 855 was POSTed back.
        acks = [edi_api.read(request["body"]).documents for request in state.received]
        self.assertEqual(type(acks[-1][0]).__name__, "FunctionalAck")
