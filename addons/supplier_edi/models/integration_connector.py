# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Supplier connectors: AS2 next to SFTP and HTTP, sending and receiving EDI files."""

import functools
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from integration_core.as2.config import As2LocalConfig, As2PartnerConfig
from integration_core.transport.as2 import As2Transport
from integration_core.transport.base import SendReceipt
from integration_core.transport.http import HttpTransport

_logger = logging.getLogger(__name__)

#: Largest AS2 body accepted by default (bytes).
DEFAULT_AS2_MAX_BYTES = 50 * 1024 * 1024


class IntegrationConnector(models.Model):
    _inherit = "integration.connector"

    transport = fields.Selection(
        selection_add=[("as2", "AS2")], ondelete={"as2": "set default"}
    )
    as2_local_name = fields.Char(
        string="Our AS2 Name", help="AS2-To of what the supplier sends us."
    )
    as2_partner_name = fields.Char(
        string="Supplier AS2 Name", help="AS2-From of the supplier's messages."
    )
    as2_local_certificate = fields.Text(
        string="Our AS2 Certificate",
        help="PEM certificate of our AS2 key, given to the supplier.",
    )
    new_as2_private_key = fields.Text(
        string="New AS2 Private Key",
        compute="_compute_new_secrets",
        inverse="_inverse_as2_private_key",
        help="PEM key we sign and decrypt with; stored encrypted in the vault.",
    )
    as2_partner_certificate = fields.Text(
        string="Supplier AS2 Certificate",
        help="PEM certificate we encrypt for and verify signatures with.",
    )
    as2_sign = fields.Boolean(string="Sign Outbound", default=True)
    as2_encrypt = fields.Boolean(string="Encrypt Outbound", default=True)
    as2_mdn_mode = fields.Selection(
        [("sync", "Synchronous"), ("none", "No MDN")],
        string="MDN We Request",
        default="sync",
    )
    as2_require_signed = fields.Boolean(string="Require Signed Inbound", default=True)
    as2_require_encrypted = fields.Boolean(
        string="Require Encrypted Inbound", default=True
    )
    as2_max_bytes = fields.Integer(
        string="Largest Inbound Body (bytes)", default=DEFAULT_AS2_MAX_BYTES
    )
    edi_http_inbox_url = fields.Char(
        string="EDI Inbox URL",
        help="HTTP partners: where Odoo fetches the files waiting for us "
        "(a JSON list; each is acknowledged at <inbox>/<id>/ack).",
    )
    edi_profile_ids = fields.One2many(
        "supplier.edi.profile", "connector_id", string="EDI Profiles"
    )
    edi_as2_url = fields.Char(string="Our AS2 URL", compute="_compute_edi_as2_url")

    def _compute_new_secrets(self):
        result = super()._compute_new_secrets()
        self.new_as2_private_key = False
        return result

    def _inverse_as2_private_key(self):
        self._store_secret_from_field("as2_private_key", "new_as2_private_key")

    @api.depends("code")
    def _compute_edi_as2_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for connector in self:
            connector.edi_as2_url = (
                f"{base}/supplier_edi/as2/{connector.code}" if connector.code else False
            )

    def _watched_certificates(self):
        """AS2 partnerships also rely on our certificate and the supplier's."""
        certificates = super()._watched_certificates()
        if self.transport == "as2":
            certificates += [
                (label, pem)
                for label, pem in (
                    ("Our AS2 certificate", self.as2_local_certificate),
                    ("Supplier AS2 certificate", self.as2_partner_certificate),
                )
                if pem
            ]
        return certificates

    # ------------------------------------------------------------------
    # Transports
    # ------------------------------------------------------------------

    def _test_connection_as2(self):
        with self._as2_transport() as transport:
            return transport.test_connection()

    def _as2_transport(self, store=None):
        """The AS2 partnership of this connector (our key from the vault)."""
        self.ensure_one()
        private_key = self._get_secret("as2_private_key")
        missing = [
            label
            for label, value in (
                (self.env._("our AS2 name"), self.as2_local_name),
                (self.env._("the supplier's AS2 name"), self.as2_partner_name),
                (self.env._("our certificate"), self.as2_local_certificate),
                (self.env._("our private key"), private_key),
                (
                    self.env._("the supplier's certificate"),
                    self.as2_partner_certificate,
                ),
            )
            if not value
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Connector %(name)s: AS2 needs %(missing)s.",
                    name=self.name,
                    missing=", ".join(missing),
                )
            )
        local = As2LocalConfig(
            as2_name=self.as2_local_name,
            private_key_pem=private_key,
            certificate_pem=self.as2_local_certificate,
        )
        partner = As2PartnerConfig(
            as2_name=self.as2_partner_name,
            url=self.endpoint or "http://127.0.0.1/",
            certificate_pem=self.as2_partner_certificate,
            sign=self.as2_sign,
            encrypt=self.as2_encrypt,
            mdn_mode=None if self.as2_mdn_mode == "none" else self.as2_mdn_mode,
            require_signed=self.as2_require_signed,
            require_encrypted=self.as2_require_encrypted,
            timeout=float(self.timeout or 60),
        )
        return As2Transport(partner, local, store=store)

    def _edi_send(self, outbound):
        """Send an EDI file; dispatches to ``_edi_send_<transport>``."""
        self.ensure_one()
        sender = getattr(self, f"_edi_send_{self.transport}", None)
        if sender is None:
            raise UserError(
                self.env._(
                    "Connector %(name)s: transport %(transport)s cannot send "
                    "EDI files.",
                    name=self.name,
                    transport=self.transport,
                )
            )
        return sender(outbound)

    def _edi_send_none(self, outbound):
        # Manual exchange: the file stays in the integration log to download.
        return SendReceipt(reference=outbound.name, details={"kept_in_odoo": True})

    def _edi_send_sftp(self, outbound):
        # SftpTransport uploads under a temporary name, then renames.
        with self._sftp_transport() as transport:
            return transport.send(outbound)

    def _edi_send_as2(self, outbound):
        with self._as2_transport() as transport:
            return transport.send(outbound)

    def _edi_send_http(self, outbound):
        if not self.endpoint:
            raise UserError(
                self.env._("Connector %s: set the endpoint first.", self.name)
            )
        with HttpTransport(
            self.endpoint,
            auth=self._http_auth(),
            timeout=(self.timeout, self.timeout),
        ) as transport:
            return transport.send(outbound)

    # ------------------------------------------------------------------
    # Receiving
    # ------------------------------------------------------------------

    def _edi_receive(self, inbound, initiator="partner"):
        """Log one received file with its bytes and queue its processing.

        The same bytes received again (a re-sent file, an AS2 retry) find
        their message and are not processed twice.
        """
        self.ensure_one()
        Message = self.env["integration.message"]
        message = Message._log_open(
            self,
            "edi_receive_file",
            direction="inbound",
            payload=inbound.content,
            payload_name=inbound.name,
            processor_model="supplier.edi.interchange",
            initiator=initiator,
            initiator_partner_system=self.partner_system or self.name,
        )
        if message.state == "pending":
            message._log_enqueue()
        return message

    def _edi_poll_inbox(self):
        """Log each file of the SFTP inbox; archive them once committed."""
        self.ensure_one()
        with self._sftp_transport() as transport:
            inbox = sorted(transport.receive(), key=lambda message: message.name)
            for inbound in inbox:
                self._edi_receive(inbound, initiator="cron")
        if inbox:
            # Files leave the inbox only once their bytes are safely committed.
            self.env.cr.postcommit.add(
                functools.partial(self._edi_archive_files, self.id, inbox)
            )
        return inbox

    def _edi_archive_files(self, connector_id, inbox):
        connector = self.browse(connector_id)
        try:
            with connector._sftp_transport() as transport:
                for inbound in inbox:
                    transport.acknowledge(inbound, processed=True)
        except Exception:  # noqa: BLE001 - after commit: the next poll sees them again
            _logger.exception(
                "Connector %s: received files could not be archived; "
                "they will be seen (and recognised) again",
                connector.display_name,
            )

    def _edi_poll_http(self):
        self.ensure_one()
        with HttpTransport(
            self.endpoint,
            auth=self._http_auth(),
            timeout=(self.timeout, self.timeout),
            inbox_url=self.edi_http_inbox_url,
        ) as transport:
            inbox = transport.receive()
            for inbound in inbox:
                self._edi_receive(inbound, initiator="cron")
            for inbound in inbox:
                transport.acknowledge(inbound, processed=True)
        return inbox

    def _run_scheduled(self):
        if self.system_kind != "supplier" or not self.edi_profile_ids:
            return super()._run_scheduled()
        if self.transport == "sftp":
            return self._edi_poll_inbox()
        if self.transport == "http" and self.edi_http_inbox_url:
            return self._edi_poll_http()
        return super()._run_scheduled()
