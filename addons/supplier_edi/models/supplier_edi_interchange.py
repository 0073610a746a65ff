# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""EDI interchanges (one file each) received from and sent to suppliers.

An inbound file is one integration message (``edi_receive_file``): reading
it creates the interchange, sends the functional acknowledgement back and
opens one message per business document, each under its own business key.
An outbound interchange is one message (``edi_send``) carrying the exact
bytes to send, so a retry sends the same control number again.
"""

import datetime
import logging

from odoo import api, fields, models

from integration_core.edi import api as edi_api
from integration_core.edi import model as edi
from integration_core.errors import PermanentError
from integration_core.idempotency import idempotency_key
from integration_core.supplier.receipt import fingerprint as content_fingerprint
from integration_core.transport.base import OutboundMessage

_logger = logging.getLogger(__name__)

CONTENT_TYPES = {"X12": "application/edi-x12", "EDIFACT": "application/edifact"}
EXTENSIONS = {"X12": "x12", "EDIFACT": "edi"}

#: Inbound document classes -> (document type, profile flag that enables it).
DOCUMENT_KINDS = {
    edi.PurchaseOrderAck: ("order_ack", "receive_order_ack"),
    edi.ShipNotice: ("ship_notice", "receive_ship_notice"),
    edi.Invoice: ("invoice", "receive_invoice"),
    edi.PriceCatalog: ("catalog", "receive_catalog"),
    edi.FunctionalAck: ("functional_ack", None),
}


class SupplierEdiInterchange(models.Model):
    _name = "supplier.edi.interchange"
    _description = "Supplier EDI Interchange"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    profile_id = fields.Many2one("supplier.edi.profile", readonly=True, index=True)
    partner_id = fields.Many2one(related="profile_id.partner_id", store=True)
    connector_id = fields.Many2one(
        "integration.connector", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    direction = fields.Selection(
        [("inbound", "Received"), ("outbound", "Sent")], required=True, readonly=True
    )
    control_number = fields.Char(readonly=True, index=True)
    set_controls = fields.Char(
        readonly=True, help="Transaction set control numbers (X12 ST02) inside."
    )
    sender_identifier = fields.Char(readonly=True)
    file_name = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("received", "Received"),
            ("processed", "Processed"),
            ("rejected", "Rejected"),
            ("duplicate", "Duplicate"),
            ("queued", "Queued"),
            ("sent", "Sent"),
        ],
        required=True,
        readonly=True,
    )
    error_text = fields.Text(string="Errors", readonly=True)
    warning_text = fields.Text(string="Warnings", readonly=True)
    ack_state = fields.Selection(
        [
            ("none", "Not expected"),
            ("waiting", "Waiting"),
            ("accepted", "Accepted"),
            ("accepted_with_errors", "Accepted with errors"),
            ("rejected", "Rejected"),
            ("sent", "Acknowledgement sent"),
        ],
        string="Acknowledgement",
        default="none",
        readonly=True,
    )
    ack_due_at = fields.Datetime(string="Acknowledgement Due", readonly=True)
    ack_received_at = fields.Datetime(readonly=True)
    purchase_id = fields.Many2one("purchase.order", readonly=True, index=True)
    message_id = fields.Many2one("integration.message", readonly=True)
    document_ids = fields.One2many("supplier.edi.document", "interchange_id")

    _sql_constraints = [
        (
            "profile_direction_control_uniq",
            "unique(profile_id, direction, control_number)",
            "An interchange control number is used once per supplier and direction.",
        ),
    ]

    # ------------------------------------------------------------------
    # Inbound
    # ------------------------------------------------------------------

    @api.model
    def _integration_handle_edi_receive_file(self, message):
        """Read one received file: acknowledge it and apply each document."""
        connector = message.connector_id
        content = message.payload_attachment_id.raw or b""
        result = edi_api.read(content, unknown_segments="warn")
        if not result.interchanges and not result.sets:
            raise PermanentError(
                self.env._(
                    "File %(name)s is not an EDI interchange: %(errors)s",
                    name=message.payload_name,
                    errors="; ".join(str(error) for error in result.errors),
                )
            )
        headers = result.interchanges or [None]
        interchanges = self.browse()
        for header in headers:
            interchanges |= self._receive_interchange(
                message, connector, header, result
            )
        return interchanges

    def _receive_interchange(self, message, connector, header, lenient_result):
        profile = self.env["supplier.edi.profile"]
        if header is not None:
            profile = profile._find_for_sender(
                connector, header.sender, header.receiver
            )
        if not profile:
            return self._reject_unknown_sender(message, connector, header)
        duplicate = self.search(
            [
                ("profile_id", "=", profile.id),
                ("direction", "=", "inbound"),
                ("control_number", "=", header.control_number),
            ],
            limit=1,
        )
        if duplicate:
            _logger.info(
                "Interchange %s from %s received again: not processed",
                header.control_number,
                profile.name,
            )
            return duplicate
        result = lenient_result
        if profile.unknown_segments != "warn" and result.warnings:
            # The profile rejects what the first, lenient reading let through.
            result = profile._read(message.payload_attachment_id.raw)
        interchange = self.create(
            {
                "name": self.env._(
                    "%(profile)s in %(control)s",
                    profile=profile.name,
                    control=header.control_number,
                ),
                "profile_id": profile.id,
                "connector_id": connector.id,
                "company_id": profile.company_id.id,
                "direction": "inbound",
                "control_number": header.control_number,
                "sender_identifier": header.sender.identifier.strip(),
                "file_name": message.payload_name,
                "state": "rejected" if not result.documents else "processed",
                "error_text": "\n".join(str(error) for error in result.errors),
                "warning_text": "\n".join(str(warning) for warning in result.warnings),
                "message_id": message.id,
            }
        )
        interchange._acknowledge(result)
        interchange._open_documents(result)
        return interchange

    def _reject_unknown_sender(self, message, connector, header):
        sender = header.sender.identifier.strip() if header else "?"
        receiver = header.receiver.identifier.strip() if header else "?"
        raise PermanentError(
            self.env._(
                "File %(name)s: no EDI profile of connector %(connector)s "
                "(company %(company)s) for sender %(sender)s to receiver "
                "%(receiver)s. Nothing was applied.",
                name=message.payload_name,
                connector=connector.display_name,
                company=connector.company_id.display_name,
                sender=sender,
                receiver=receiver,
            )
        )

    def _acknowledge(self, result):
        """Queue the 997/999 or CONTRL answering this interchange."""
        self.ensure_one()
        if (
            all(
                isinstance(document, edi.FunctionalAck) for document in result.documents
            )
            and not result.errors
        ):
            return  # never acknowledge an acknowledgement
        profile = self.profile_id
        control = profile._next_control_number()
        ack = edi_api.acknowledge(
            result,
            sender=profile._our_identity(),
            receiver=profile._partner_identity(),
            control_number=str(control),
            prepared_at=profile._interchange([], control).prepared_at,
            standard=profile.standard,
        )
        ack.test = profile.usage == "test"
        if not ack.documents:
            return
        self._queue_outbound(profile, ack, purpose="functional_ack")
        self.ack_state = "sent"

    def _open_documents(self, result):
        """One integration message per business document, applied now."""
        self.ensure_one()
        Document = self.env["supplier.edi.document"]
        profile = self.profile_id
        for document in result.documents:
            kind, flag = DOCUMENT_KINDS.get(type(document), (None, None))
            if kind is None or (flag and not profile[flag]):
                _logger.warning(
                    "%s: %s not enabled on profile %s, ignored",
                    self.name,
                    type(document).__name__,
                    profile.name,
                )
                continue
            Document._receive(self, kind, document)

    # ------------------------------------------------------------------
    # Outbound
    # ------------------------------------------------------------------

    @api.model
    def _queue_outbound(
        self, profile, interchange, *, purpose, purchase=None, critical=False
    ):
        """Write ``interchange``, log it with its bytes and queue the sending."""
        content = edi_api.write(interchange).encode()
        extension = EXTENSIONS[profile.standard]
        file_name = f"{purpose}_{interchange.control_number}.{extension}"
        record = self.create(
            {
                "name": self.env._(
                    "%(profile)s out %(control)s",
                    profile=profile.name,
                    control=interchange.control_number,
                ),
                "profile_id": profile.id,
                "connector_id": profile.connector_id.id,
                "company_id": profile.company_id.id,
                "direction": "outbound",
                "control_number": interchange.control_number,
                "set_controls": ",".join(
                    document.control_number
                    for document in interchange.documents
                    if document.control_number
                ),
                "file_name": file_name,
                "state": "queued",
                "purchase_id": purchase.id if purchase else False,
                "ack_state": "waiting"
                if purpose != "functional_ack" and profile.functional_ack_expected
                else "none",
            }
        )
        message = self.env["integration.message"]._log_open(
            profile.connector_id,
            "edi_send",
            direction="outbound",
            idempotency_reference={
                "profile": profile.id,
                "interchange": interchange.control_number,
            },
            payload=content,
            payload_name=file_name,
            record=record,
            processor_model=self._name,
            initiator="cron" if purpose == "functional_ack" else "user",
        )
        record.message_id = message
        message._log_enqueue(critical=critical)
        return record

    @api.model
    def _integration_handle_edi_send(self, message):
        """Send the logged bytes through the connector's transport."""
        interchange = self.browse(message.res_id)
        profile = interchange.profile_id
        receipt = interchange.connector_id._edi_send(
            OutboundMessage(
                name=interchange.file_name,
                content=message.payload_attachment_id.raw,
                content_type=CONTENT_TYPES[profile.standard],
            )
        )
        vals = {"state": "sent"}
        if interchange.ack_state == "waiting":
            vals["ack_due_at"] = fields.Datetime.now() + datetime.timedelta(
                hours=max(profile.ack_deadline_hours, 0)
            )
        interchange.write(vals)
        interchange.purchase_id._edi_mark_sent(interchange)
        return receipt.reference

    def _alert_missing_ack(self):
        self.ensure_one()
        self.connector_id._raise_alert(
            self.env._("No functional acknowledgement from %s", self.profile_id.name),
            self.env._(
                "Interchange %(control)s (%(file)s) was due to be acknowledged "
                "by %(due)s.",
                control=self.control_number,
                file=self.file_name,
                due=self.ack_due_at,
            ),
            kind="business",
            key=self._missing_ack_alert_key(),
            record=self,
        )

    def _missing_ack_alert_key(self):
        return f"missing_ack:{self.id}"

    def _record_functional_ack(self, ack):
        """Apply a 997/999/CONTRL: the acknowledged outbound interchanges."""
        self.ensure_one()
        domain = [
            ("profile_id", "=", self.profile_id.id),
            ("direction", "=", "outbound"),
        ]
        if self.profile_id.standard == "EDIFACT":
            wanted = [ack.acknowledged_control_number.lstrip("0")]
            candidates = self.search(domain + [("ack_state", "!=", "none")])
            targets = candidates.filtered(
                lambda record: record.control_number.lstrip("0") in wanted
            )
        else:
            set_controls = {set_ack.control_number.lstrip("0") for set_ack in ack.sets}
            candidates = self.search(domain + [("ack_state", "!=", "none")])
            targets = candidates.filtered(
                lambda record: set_controls.intersection(
                    control.lstrip("0")
                    for control in (record.set_controls or "").split(",")
                )
            )
        state = {
            edi.FA_ACCEPTED: "accepted",
            edi.FA_ACCEPTED_WITH_ERRORS: "accepted_with_errors",
            edi.FA_REJECTED: "rejected",
        }[ack.status]
        targets.write({"ack_state": state, "ack_received_at": fields.Datetime.now()})
        for target in targets:
            target.purchase_id._edi_mark_functional_ack(target, state)
            target.connector_id._resolve_alerts(
                "business",
                key=target._missing_ack_alert_key(),
                note=self.env._("Acknowledged (%s).", state),
            )
        return targets


def document_key(profile, kind, reference):
    """The business key of a received document (see ``supplier.edi.document``)."""
    return idempotency_key(
        profile.connector_id.code,
        f"edi_{kind}",
        {"profile": profile.id, **reference},
    )


def fingerprint(document):
    """A stable digest of a document's content, whatever its control number."""
    return content_fingerprint(document)
