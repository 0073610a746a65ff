"""What a message changed, field by field, as stable text.

:func:`diff_values` compares two mappings of values (before and after a
message was applied) and lists the fields whose text differs. Values are
turned into text by :func:`to_text`, the same way every time, so the list
can be stored and compared later.
"""

import dataclasses
import datetime
import decimal
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from integration_core.idempotency import (
    canonical_datetime,
    canonical_decimal,
    canonical_json,
)


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One changed field: its name and its text before and after.

    ``None`` means empty (no value, or Odoo's ``False``).
    """

    field: str
    old: str | None
    new: str | None


def to_text(value: Any) -> str | None:
    """Return stable text for ``value``; ``None`` for empty (``None``/``False``).

    - ``True`` -> ``"True"``; ``int`` -> its digits;
    - ``float`` -> its ``repr`` (shortest round-trip form);
    - :class:`~decimal.Decimal` -> normalised text (``1.50`` -> ``"1.5"``);
    - ``date`` -> ``"YYYY-MM-DD"``; ``datetime`` -> ISO 8601 in UTC (naive
      means UTC, as Odoo stores it);
    - ``bytes`` -> ``"<N bytes sha256:XXXXXXXXXXXX>"``, so that contents of
      the same size still differ;
    - lists, tuples, sets and mappings -> :func:`canonical_json`;
    - ``str`` -> itself; any other object -> ``str(value)`` when its type
      defines ``__str__`` or ``__repr__``.

    No special case for records or ``display_name``: the core stays generic.

    :raises TypeError: for objects whose only text would be their memory
        address, or containers holding values canonical JSON cannot write.
    """
    if value is None or value is False:
        return None
    text = _scalar_text(value)
    if text is not None:
        return text
    if isinstance(value, list | tuple | set | frozenset | Mapping):
        return canonical_json(value)
    return _object_text(value)


def diff_values(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    fields: Iterable[str] | None = None,
) -> list[FieldChange]:
    """List the fields whose text differs between ``old`` and ``new``.

    A field missing from one mapping counts as empty. The result follows
    ``fields`` (duplicates dropped) when given, else the sorted union of
    both mappings' keys.
    """
    if isinstance(fields, str):
        raise TypeError("fields must be an iterable of field names, not a str")
    names = (
        sorted(set(old) | set(new)) if fields is None else list(dict.fromkeys(fields))
    )
    changes = []
    for name in names:
        before, after = to_text(old.get(name)), to_text(new.get(name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return changes


def _scalar_text(value):
    if isinstance(value, bool):
        return "True"
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    if isinstance(value, decimal.Decimal):
        return canonical_decimal(value) if value.is_finite() else str(value)
    if isinstance(value, datetime.datetime):
        return canonical_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return f"<{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:12]}>"
    return None


def _object_text(value):
    kind = type(value)
    if kind.__str__ is object.__str__ and kind.__repr__ is object.__repr__:
        raise TypeError(
            f"to_text has no stable text for {kind.__qualname__} objects: "
            f"convert them to plain values first"
        )
    return str(value)
