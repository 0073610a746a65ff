"""The one small interface every transport implements.

A transport moves opaque bytes between us and a trading partner. It knows
nothing of EDI or Odoo: the caller decides what the bytes mean and records
the exchange in the integration log.

Failures are raised as :class:`~integration_core.errors.TransientError`
(worth retrying: the partner is down, a timeout) or
:class:`~integration_core.errors.PermanentError` (retrying will not help: a
wrong host key, a rejected signature, HTTP 4xx).
"""

import abc
import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class OutboundMessage:
    """Bytes we hand to a partner.

    :param name: a file name or subject the partner will see, e.g.
        ``PO_000123.x12``; transports may prefix it but never change it.
    :param content: the payload.
    :param content_type: MIME type, e.g. ``application/edi-x12``.
    """

    name: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclasses.dataclass(frozen=True)
class SendReceipt:
    """What the partner gave back for one sent message.

    :param reference: the transport's identifier of the exchange (remote
        path, AS2 Message-ID, HTTP response id).
    :param details: transport-specific facts worth logging (MDN status, MIC,
        HTTP status, response body excerpt...).
    """

    reference: str
    details: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class InboundMessage:
    """Bytes a partner handed to us, waiting to be processed.

    :param reference: the transport's handle used by
        :meth:`Transport.acknowledge` (remote path, AS2 Message-ID...).
    """

    name: str
    content: bytes
    reference: str
    received_at: datetime.datetime
    metadata: dict = dataclasses.field(default_factory=dict)


class Transport(abc.ABC):
    """Send one message; receive the pending ones; acknowledge each one.

    Transports are context managers: ``with SftpTransport(...) as sftp: ...``
    closes the connection whatever happens.
    """

    @abc.abstractmethod
    def send(self, message: OutboundMessage) -> SendReceipt:
        """Deliver ``message`` to the partner, completely or not at all."""

    @abc.abstractmethod
    def receive(self) -> list[InboundMessage]:
        """Return the messages waiting for us that were not acknowledged yet."""

    @abc.abstractmethod
    def acknowledge(
        self, message: InboundMessage, processed: bool, reason: str = ""
    ) -> None:
        """Mark ``message`` as handed over (``processed``) or failed.

        Called only after the caller has stored the message safely, so a
        crash between :meth:`receive` and this call loses nothing: the
        message is received again.
        """

    @abc.abstractmethod
    def test_connection(self) -> str:
        """Connect and authenticate; return a short human-readable success note."""

    def close(self) -> None:  # noqa: B027 - optional: most transports override it
        """Release connections. Safe to call twice."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.close()
        return False
