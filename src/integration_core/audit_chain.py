"""Tamper evidence for the integration log: a hash chain per company.

Each log entry stores the hash of the entry before it and its own hash::

    hash = sha256(previous_hash + canonical_entry(fields)).hexdigest()

``previous_hash`` is 64 ASCII hex characters and ``canonical_entry`` is the
UTF-8 of :func:`~integration_core.idempotency.canonical_json`, so anyone can
recompute a chain from an export with nothing but SHA-256. Changing a field
breaks that entry's hash ("content"); deleting, inserting or reordering
entries breaks the link to the entry before ("link").

What a chain cannot show on its own: entries removed from its *end*. Keep
the last hash somewhere else (an export, a signed report) to detect that.
"""

import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from integration_core.idempotency import canonical_bytes

_logger = logging.getLogger(__name__)

#: ``previous_hash`` of the first entry of every chain.
GENESIS_HASH = "0" * 64

CONTENT = "content"
LINK = "link"

_HASH_RE = re.compile(r"[0-9a-f]{64}")


def canonical_entry(fields: Mapping[str, Any]) -> bytes:
    """Return the bytes hashed for one entry's fields (canonical JSON, UTF-8).

    :raises TypeError: when ``fields`` is not a mapping with ``str`` keys or
        holds a value canonical JSON cannot write.
    """
    if not isinstance(fields, Mapping):
        raise TypeError(
            f"chain entry fields must be a mapping, got {type(fields).__qualname__}"
        )
    return canonical_bytes(fields)


def chain_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    """Return the hash of an entry following ``previous_hash``.

    :raises ValueError: when ``previous_hash`` is not 64 lowercase hex
        characters.
    """
    check_hash("previous_hash", previous_hash)
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(canonical_entry(fields))
    return digest.hexdigest()


def check_hash(label: str, value: Any) -> None:
    """Raise ``ValueError`` unless ``value`` is 64 lowercase hex characters."""
    if not isinstance(value, str) or not _HASH_RE.fullmatch(value):
        shown = value if isinstance(value, str) and len(value) <= 80 else None
        detail = f"{shown!r}" if shown is not None else type(value).__qualname__
        raise ValueError(
            f"{label} must be 64 lowercase hexadecimal characters, got {detail}"
        )


@dataclasses.dataclass(frozen=True)
class ChainEntry:
    """One stored entry, as read back for verification.

    :param entry_id: the entry's identifier (a database id), for reports.
    :param fields: the hashed fields, as they were when hashed.
    :param previous_hash: the hash stored as the preceding entry's.
    :param hash: the hash stored for this entry.
    """

    entry_id: Any
    fields: Mapping[str, Any]
    previous_hash: str
    hash: str


@dataclasses.dataclass(frozen=True)
class ChainBreak:
    """The first place where a chain does not verify.

    :param position: 0-based index of the entry in the verified iterable.
    :param entry_id: that entry's ``entry_id``.
    :param reason: ``"content"`` when the entry's stored hash does not match
        its fields (a field was changed), ``"link"`` when its stored
        ``previous_hash`` is not the hash of the entry before it (an entry
        was deleted, inserted or reordered).
    :param expected: the hash verification computed or expected.
    :param found: the hash actually stored.
    """

    position: int
    entry_id: Any
    reason: str
    expected: str
    found: str

    def describe(self) -> str:
        """Return one sentence for a person reading the verification result."""
        where = f"entry {self.entry_id!r} (position {self.position})"
        if self.reason == CONTENT:
            return (
                f"{where} was altered: its fields hash to {self.expected} "
                f"but its stored hash is {self.found}"
            )
        return (
            f"chain broken before {where}: it links to {self.found} but the "
            f"preceding entry's hash is {self.expected}; an entry was "
            f"deleted, inserted or reordered"
        )


def verify_chain(
    entries: Iterable[ChainEntry], start_hash: str = GENESIS_HASH
) -> ChainBreak | None:
    """Return the first break in ``entries``, or ``None`` if they all verify.

    Entries are read once, in order, keeping only the running hash, so a
    generator over millions of rows is fine.

    :param start_hash: the hash the first entry must link to: the genesis
        hash, or the last verified hash when resuming from a checkpoint.
    :raises ValueError: when ``start_hash`` is malformed.
    """
    check_hash("start_hash", start_hash)
    running = start_hash
    count = 0
    for position, entry in enumerate(entries):
        if entry.previous_hash != running:
            return ChainBreak(
                position, entry.entry_id, LINK, running, str(entry.previous_hash)
            )
        expected = chain_hash(running, entry.fields)
        if entry.hash != expected:
            return ChainBreak(
                position, entry.entry_id, CONTENT, expected, str(entry.hash)
            )
        running = expected
        count = position + 1
    _logger.debug("hash chain verified: %s entries, last hash %s", count, running)
    return None


class ChainBuilder:
    """Keeps the running hash while appending entries to one chain.

    >>> builder = ChainBuilder()
    >>> previous_hash, entry_hash = builder.append({"name": "PO00042"})
    >>> previous_hash == GENESIS_HASH and builder.last_hash == entry_hash
    True
    """

    def __init__(self, last_hash: str = GENESIS_HASH):
        check_hash("last_hash", last_hash)
        self._last_hash = last_hash

    @property
    def last_hash(self) -> str:
        """The hash the next appended entry will link to."""
        return self._last_hash

    def append(self, fields: Mapping[str, Any]) -> tuple[str, str]:
        """Hash ``fields`` as the next entry; return ``(previous_hash, hash)``."""
        previous_hash = self._last_hash
        entry_hash = chain_hash(previous_hash, fields)
        self._last_hash = entry_hash
        return previous_hash, entry_hash

    def entry(self, entry_id: Any, fields: Mapping[str, Any]) -> ChainEntry:
        """Append ``fields`` and return the resulting :class:`ChainEntry`."""
        previous_hash, entry_hash = self.append(fields)
        return ChainEntry(entry_id, fields, previous_hash, entry_hash)
