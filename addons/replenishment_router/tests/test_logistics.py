# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The central store is run by a logistics provider's WMS (HTTP JSON API)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.tests import tagged

from .common import RouterCase


class WmsServer:
    """A WMS inbox on 127.0.0.1; answers 503 to the first request."""

    def __init__(self):
        self.received = []
        self.failures_left = 1
        wms = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if wms.failures_left:
                    wms.failures_left -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                wms.received.append(json.loads(body))
                self.send_response(202)
                self.send_header("X-Request-Id", f"WMS-{len(wms.received)}")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/transfers"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@tagged("post_install", "-at_install")
class TestLogisticsProvider(RouterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wms = WmsServer()
        cls.wms.start()
        cls.addClassCleanup(cls.wms.stop)
        cls.connector = cls.env["integration.connector"].create(
            {
                "name": "Central store WMS (3PL)",
                "code": "central_wms",
                "system_kind": "logistics",
                "direction": "outbound",
                "transport": "http",
                "endpoint": cls.wms.url,
                "retry_backoff_base": 1,
                "retry_jitter": 0,
            }
        )
        cls.central.replenishment_connector_id = cls.connector

    def _messages(self):
        return self.env["integration.message"].search(
            [("connector_id", "=", self.connector.id)]
        )

    def test_wms_receives_the_transfer_with_retry_and_replay(self):
        self._stock(self.central, self.gauze, 100)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        decision = self._route(rule)
        out_of_central = decision.picking_ids.filtered(
            lambda p: p.picking_type_id.warehouse_id == self.central
        )

        message = self._messages()
        self.assertEqual(len(message), 1)
        self.assertEqual(message.operation, "wms_transfer_request")
        self.assertEqual(message.res_id, out_of_central.id)
        self.assertEqual(message.state, "queued")

        self.assertEqual(message._log_process(), "failed")  # the WMS answered 503
        self.assertEqual(message._log_process(), "done")
        (request,) = self.wms.received
        self.assertEqual(request["reference"], out_of_central.name)
        self.assertEqual(request["warehouse"], self.central.code)
        self.assertEqual(request["lines"][0]["product_code"], "GZ-1010")
        self.assertEqual(request["lines"][0]["quantity"], 50)

        # The scheduler again, and a replay: the WMS is not asked twice.
        self.env["procurement.group"].run_scheduler()
        out_of_central._replenishment_notify_logistics()
        self.assertEqual(self._messages(), message)
        message._log_replay()
        message._log_process()
        self.assertEqual(len(self.wms.received), 1)

    def test_purchase_only_sends_nothing_to_the_wms(self):
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)
        self._route(rule)
        self.assertFalse(self._messages())
