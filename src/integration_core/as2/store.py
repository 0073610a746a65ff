"""Where AS2 keeps what outlives one HTTP exchange.

- *inbound*: payloads received by :meth:`As2Transport.handle_inbound`, until
  the caller acknowledges them (this is what ``receive()`` returns);
- *outbound*: the MIC and options of each message sent with an asynchronous
  MDN, until the MDN arrives;
- *MDN queue*: asynchronous MDNs we owe partners, until delivered.

:class:`MemoryStore` serves tests and single-process use; :class:`DirectoryStore`
survives restarts (one JSON file per record, written atomically). In Odoo the
same interface is implemented on top of the integration log, where the HTTP
controller stores what ``handle_inbound`` accepted.
"""

import abc
import base64
import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import threading

from integration_core.transport.base import InboundMessage

PENDING = "pending"
PROCESSED = "processed"
FAILED = "failed"


@dataclasses.dataclass
class OutboundRecord:
    """A sent message awaiting (or having received) its asynchronous MDN.

    :param mics: ``{digest: base64 MIC}`` we computed when sending.
    :param state: ``pending``, ``processed`` or ``failed``.
    :param error_type: name of the :mod:`~integration_core.as2.errors` class
        when ``failed``; ``error`` its message.
    """

    message_id: str
    partner: str
    mics: dict
    mic_algorithm: str
    signed: bool
    mdn_signed: bool
    sent_at: str
    state: str = PENDING
    details: dict = dataclasses.field(default_factory=dict)
    error_type: str | None = None
    error: str | None = None


@dataclasses.dataclass
class QueuedMdn:
    """An asynchronous MDN to POST to ``url``."""

    mdn_id: str
    partner: str
    original_message_id: str
    url: str
    headers: list
    body: bytes
    attempts: int = 0
    last_error: str | None = None


class As2Store(abc.ABC):
    """Storage used by :class:`~integration_core.transport.as2.As2Transport`."""

    @abc.abstractmethod
    def add_inbound(self, message):
        """Store an :class:`InboundMessage`; return ``False`` if already known."""

    @abc.abstractmethod
    def has_inbound(self, reference):
        """Tell whether a message with this reference (Message-ID) was stored."""

    @abc.abstractmethod
    def pending_inbound(self, partner):
        """Return the unacknowledged :class:`InboundMessage` list of ``partner``."""

    @abc.abstractmethod
    def mark_inbound(self, reference, processed, reason=""):
        """Record the acknowledgement of an inbound message."""

    @abc.abstractmethod
    def save_outbound(self, record):
        """Create or replace an :class:`OutboundRecord`."""

    @abc.abstractmethod
    def get_outbound(self, message_id):
        """Return the :class:`OutboundRecord` of ``message_id`` or ``None``."""

    @abc.abstractmethod
    def discard_outbound(self, message_id):
        """Forget an outbound record (its message was never delivered)."""

    @abc.abstractmethod
    def queue_mdn(self, mdn):
        """Queue a :class:`QueuedMdn` for delivery."""

    @abc.abstractmethod
    def queued_mdns(self, partner):
        """Return the :class:`QueuedMdn` list still owed to ``partner``."""

    @abc.abstractmethod
    def update_mdn(self, mdn):
        """Save the new attempt count / error of a queued MDN."""

    @abc.abstractmethod
    def remove_mdn(self, mdn_id):
        """Remove a delivered MDN from the queue."""


def utc_now():
    """Return the current UTC time (aware)."""
    return datetime.datetime.now(datetime.timezone.utc)


class MemoryStore(As2Store):
    """Everything in dictionaries, guarded by a lock (thread-safe, not durable)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._inbound = {}
        self._inbound_state = {}
        self._outbound = {}
        self._mdns = {}

    def add_inbound(self, message):
        with self._lock:
            if message.reference in self._inbound:
                return False
            self._inbound[message.reference] = message
            self._inbound_state[message.reference] = (PENDING, "")
            return True

    def has_inbound(self, reference):
        with self._lock:
            return reference in self._inbound

    def pending_inbound(self, partner):
        with self._lock:
            return [
                message
                for reference, message in self._inbound.items()
                if self._inbound_state[reference][0] == PENDING
                and message.metadata.get("as2_from") == partner
            ]

    def mark_inbound(self, reference, processed, reason=""):
        with self._lock:
            if reference not in self._inbound:
                raise KeyError(f"unknown inbound AS2 message {reference!r}")
            self._inbound_state[reference] = (
                PROCESSED if processed else FAILED,
                reason,
            )

    def inbound_state(self, reference):
        """Return ``(state, reason)`` of an inbound message (for inspection)."""
        with self._lock:
            return self._inbound_state[reference]

    def save_outbound(self, record):
        with self._lock:
            self._outbound[record.message_id] = dataclasses.replace(record)

    def get_outbound(self, message_id):
        with self._lock:
            record = self._outbound.get(message_id)
            return dataclasses.replace(record) if record else None

    def discard_outbound(self, message_id):
        with self._lock:
            self._outbound.pop(message_id, None)

    def queue_mdn(self, mdn):
        with self._lock:
            self._mdns[mdn.mdn_id] = dataclasses.replace(mdn)

    def queued_mdns(self, partner):
        with self._lock:
            return [
                dataclasses.replace(mdn)
                for mdn in self._mdns.values()
                if mdn.partner == partner
            ]

    def update_mdn(self, mdn):
        self.queue_mdn(mdn)

    def remove_mdn(self, mdn_id):
        with self._lock:
            self._mdns.pop(mdn_id, None)


class DirectoryStore(As2Store):
    """One JSON file per record under ``root`` (``inbound/``, ``outbound/``, ``mdn/``).

    Inbound payloads are kept next to their JSON as ``.bin`` files. Every
    write goes to a temporary file renamed over the target, so a crash never
    leaves a half-written record.
    """

    def __init__(self, root):
        self.root = os.fspath(root)
        self._lock = threading.Lock()
        for folder in ("inbound", "outbound", "mdn"):
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)

    def _path(self, folder, key, suffix=".json"):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
        return os.path.join(self.root, folder, digest + suffix)

    def _write(self, path, data):
        temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def _write_json(self, path, value):
        self._write(path, json.dumps(value, sort_keys=True, indent=1).encode("utf-8"))

    def _read_json(self, path):
        try:
            with open(path, "rb") as handle:
                return json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            return None

    def _records(self, folder):
        directory = os.path.join(self.root, folder)
        for name in sorted(os.listdir(directory)):
            if name.endswith(".json"):
                value = self._read_json(os.path.join(directory, name))
                if value is not None:
                    yield value

    def add_inbound(self, message):
        path = self._path("inbound", message.reference)
        with self._lock:
            if os.path.exists(path):
                return False
            self._write(
                self._path("inbound", message.reference, ".bin"), message.content
            )
            self._write_json(
                path,
                {
                    "reference": message.reference,
                    "name": message.name,
                    "received_at": message.received_at.isoformat(),
                    "metadata": message.metadata,
                    "state": PENDING,
                    "reason": "",
                },
            )
            return True

    def has_inbound(self, reference):
        return os.path.exists(self._path("inbound", reference))

    def pending_inbound(self, partner):
        found = []
        for record in self._records("inbound"):
            if (
                record["state"] != PENDING
                or record["metadata"].get("as2_from") != partner
            ):
                continue
            with open(
                self._path("inbound", record["reference"], ".bin"), "rb"
            ) as handle:
                content = handle.read()
            found.append(
                InboundMessage(
                    name=record["name"],
                    content=content,
                    reference=record["reference"],
                    received_at=datetime.datetime.fromisoformat(record["received_at"]),
                    metadata=record["metadata"],
                )
            )
        return sorted(found, key=lambda message: message.received_at)

    def mark_inbound(self, reference, processed, reason=""):
        path = self._path("inbound", reference)
        with self._lock:
            record = self._read_json(path)
            if record is None:
                raise KeyError(f"unknown inbound AS2 message {reference!r}")
            record["state"] = PROCESSED if processed else FAILED
            record["reason"] = reason
            self._write_json(path, record)

    def inbound_state(self, reference):
        """Return ``(state, reason)`` of an inbound message (for inspection)."""
        record = self._read_json(self._path("inbound", reference))
        return record["state"], record["reason"]

    def save_outbound(self, record):
        with self._lock:
            self._write_json(
                self._path("outbound", record.message_id), dataclasses.asdict(record)
            )

    def get_outbound(self, message_id):
        value = self._read_json(self._path("outbound", message_id))
        return OutboundRecord(**value) if value else None

    def discard_outbound(self, message_id):
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._path("outbound", message_id))

    def queue_mdn(self, mdn):
        value = dataclasses.asdict(mdn)
        value["body"] = base64.b64encode(mdn.body).decode("ascii")
        with self._lock:
            self._write_json(self._path("mdn", mdn.mdn_id), value)

    def queued_mdns(self, partner):
        found = []
        for value in self._records("mdn"):
            if value["partner"] != partner:
                continue
            value["body"] = base64.b64decode(value["body"])
            value["headers"] = [tuple(pair) for pair in value["headers"]]
            found.append(QueuedMdn(**value))
        return found

    def update_mdn(self, mdn):
        self.queue_mdn(mdn)

    def remove_mdn(self, mdn_id):
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._path("mdn", mdn_id))
