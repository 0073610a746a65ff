# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""AS2 (RFC 4130) endpoint: suppliers POST signed, encrypted EDI files here.

``POST /supplier_edi/as2/<connector code>``: the connector names the
partnership (our AS2 name, the supplier's, both certificates). The message
is verified and decrypted by ``integration_core.transport.as2``; the answer
is the MDN the supplier asked for (synchronous in the response, or POSTed to
its URL), ``processed`` once the file is logged in Odoo, a failure
disposition for a bad signature or an undecryptable body. The file itself
is processed by a queue job, like every received file. Errors never reveal
more than the disposition says.
"""

import logging

from odoo import http
from odoo.http import request

from integration_core.as2 import MemoryStore
from integration_core.transport.as2 import read_as2_names

_logger = logging.getLogger(__name__)


class As2Controller(http.Controller):
    @http.route(
        "/supplier_edi/as2/<string:code>",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def receive(self, code, **_params):
        connector = self._connector(code)
        if connector is None:
            return _plain(404, "No AS2 partnership at this address.")
        length = request.httprequest.content_length
        if length is not None and length > connector.as2_max_bytes:
            return _plain(413, "The message is larger than this partnership accepts.")
        body = request.httprequest.get_data(cache=False)
        if len(body) > connector.as2_max_bytes:
            return _plain(413, "The message is larger than this partnership accepts.")
        headers = list(request.httprequest.headers.items())
        as2_from, as2_to = read_as2_names(headers)
        if (as2_from, as2_to) != (connector.as2_partner_name, connector.as2_local_name):
            _logger.warning(
                "AS2 message refused on %s: AS2-From %r / AS2-To %r is not this "
                "partnership",
                connector.code,
                as2_from,
                as2_to,
            )
            return _plain(403, "Unknown AS2 partnership (AS2-From / AS2-To).")
        transport = connector._as2_transport(store=MemoryStore())
        try:
            status, answer_headers, answer, inbound = transport.handle_inbound(
                headers, body
            )
            if inbound is not None:
                connector._edi_receive(inbound, initiator="partner")
            transport.deliver_mdns()
        finally:
            transport.close()
        if isinstance(answer_headers, dict):
            answer_headers = list(answer_headers.items())
        return request.make_response(
            answer, headers=list(answer_headers), status=status
        )

    def _connector(self, code):
        connector = (
            request.env["integration.connector"]
            .sudo()
            .search([("code", "=", code), ("transport", "=", "as2")], limit=1)
        )
        return connector.with_company(connector.company_id) if connector else None


def _plain(status, text):
    return request.make_response(
        text, headers=[("Content-Type", "text/plain; charset=utf-8")], status=status
    )
