# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import models

from integration_core.transport.base import OutboundMessage
from integration_core.transport.http import HttpTransport

OPERATION = "wms_transfer_request"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _replenishment_notify_logistics(self, initiator="cron"):
        """Ask the external WMS running each picking's warehouse to move it.

        One logged message per picking (the picking is its business key: a
        second call never sends it twice), sent by a queue job with the
        connector's retry policy.
        """
        Message = self.env["integration.message"]
        for picking in self:
            connector = picking.picking_type_id.warehouse_id.replenishment_connector_id
            if not connector.active or connector.transport != "http":
                continue
            message = Message._log_open(
                connector,
                OPERATION,
                direction="outbound",
                idempotency_reference={"picking": picking.name},
                payload=json.dumps(
                    picking._replenishment_transfer_payload(), indent=1
                ).encode(),
                payload_name=f"{picking.name.replace('/', '_')}.json",
                record=picking,
                processor_model="stock.picking",
                initiator=initiator,
            )
            if message.state == "pending":
                critical = any(
                    move.product_id.supply_criticality == "critical"
                    for move in picking.move_ids
                )
                message._log_enqueue(critical=critical)

    def _replenishment_transfer_payload(self):
        self.ensure_one()
        return {
            "type": "transfer_request",
            "reference": self.name,
            "origin": self.origin or "",
            "operation": self.picking_type_id.code,
            "from_location": self.location_id.complete_name,
            "to_location": self.location_dest_id.complete_name,
            "warehouse": self.picking_type_id.warehouse_id.code,
            "scheduled_date": self.scheduled_date.isoformat(),
            "lines": [
                {
                    "product_code": move.product_id.default_code or "",
                    "gtin": move.product_id.barcode or "",
                    "product": move.product_id.display_name,
                    "quantity": move.product_uom_qty,
                    "uom": move.product_uom.name,
                    "critical": move.product_id.supply_criticality == "critical",
                }
                for move in self.move_ids
            ],
        }

    def _integration_handle_wms_transfer_request(self, message):
        """Queue job handler: POST the logged JSON to the WMS."""
        connector = message.connector_id
        with HttpTransport(
            connector.endpoint,
            auth=connector._http_auth(),
            timeout=(connector.timeout, connector.timeout),
        ) as transport:
            receipt = transport.send(
                OutboundMessage(
                    name=message.payload_attachment_id.name or OPERATION,
                    content=message.payload_attachment_id.raw,
                    content_type="application/json",
                )
            )
        return receipt.reference
