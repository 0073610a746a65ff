"""Deterministic JSON and the keys that stop a message from being sent twice.

:func:`canonical_json` writes a value the same way every time (sorted keys,
no spaces, fixed forms for decimals, dates and bytes), so that hashing it
gives a stable fingerprint. :func:`idempotency_key` fingerprints "this
connector, this operation, this business reference": two attempts to send
the same thing get the same key, and the integration log refuses the second.
"""

import base64
import datetime
import decimal
import hashlib
import json
import math
import uuid
from collections.abc import Mapping
from typing import Any

#: Version tag hashed into every idempotency key. Change it only together
#: with the canonical form, since every stored key changes with it.
IDEMPOTENCY_KEY_VERSION = "integration-idempotency/v1"


def canonical_json(value: Any) -> str:
    """Return ``value`` as deterministic, compact JSON.

    Keys are sorted and no whitespace is written. Beyond JSON's own types:

    - :class:`~decimal.Decimal`: a string of its normalised value, so equal
      decimals give equal text (``Decimal("1.50")`` -> ``"1.5"``);
    - :class:`~datetime.datetime`: an ISO string in UTC; naive datetimes are
      taken to be UTC already, as Odoo stores them;
    - :class:`~datetime.date`: ``"YYYY-MM-DD"``;
    - ``bytes``/``bytearray``/``memoryview``: a standard base64 string;
    - :class:`~uuid.UUID`: its hyphenated text;
    - ``tuple``: a list; ``set``/``frozenset``: a list sorted by the
      canonical JSON of its elements;
    - floats: their shortest round-tripping ``repr``.

    Values mapping to the same JSON are the same to this function (a tuple
    and a list, bytes and their base64 text).

    :raises TypeError: for any other type, or a mapping key that is not a
        ``str``, naming the type and where it was found.
    :raises ValueError: for NaN or infinite numbers and circular references.
    """
    native = value if _is_plain(value) else _jsonable(value, "$", set())
    return json.dumps(
        native,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def canonical_bytes(value: Any) -> bytes:
    """Return :func:`canonical_json` of ``value`` encoded as UTF-8.

    Lone surrogates are kept (``surrogatepass``) so that every Python string
    has exactly one encoding.
    """
    return canonical_json(value).encode("utf-8", "surrogatepass")


def canonical_decimal(value: decimal.Decimal) -> str:
    """Return a finite decimal as plain text, equal values giving equal text.

    >>> canonical_decimal(decimal.Decimal("1.50")), canonical_decimal(
    ...     decimal.Decimal("1E+2"))
    ('1.5', '100')
    """
    if not value.is_finite():
        raise ValueError(f"cannot write a non-finite decimal ({value})")
    if value.is_zero():
        return "0"
    return format(value.normalize(), "f")


def canonical_datetime(value: datetime.datetime) -> str:
    """Return a datetime as ISO 8601 text in UTC; naive means UTC already."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).isoformat()


def idempotency_key(connector: str, operation: str, reference: Any) -> str:
    """Return a 64-character hex key for one business operation.

    The key is the SHA-256 of the canonical JSON of ``[version, connector,
    operation, reference]``: the same inputs always give the same key
    (mapping key order does not matter), and any difference gives another.

    :param connector: the connector's technical name, e.g. ``"supplier_edi"``.
    :param operation: what is done, e.g. ``"send_purchase_order"``.
    :param reference: what it is done to: a string such as ``"PO00042"`` or
        any mapping/sequence :func:`canonical_json` accepts.
    :raises ValueError: when ``connector`` or ``operation`` is blank, or
        ``reference`` is empty (``None``, ``False``, a blank string), since an empty
        reference would make unrelated messages share a key.
    """
    _require_name("connector", connector)
    _require_name("operation", operation)
    if _is_empty_reference(reference):
        raise ValueError(
            f"idempotency reference for {connector}/{operation} is empty "
            f"({reference!r}): every such message would share one key"
        )
    form = [IDEMPOTENCY_KEY_VERSION, connector, operation, reference]
    return hashlib.sha256(canonical_bytes(form)).hexdigest()


def payload_digest(payload: bytes) -> str:
    """Return the SHA-256 hex digest of a payload's bytes.

    :raises TypeError: for ``str``: encode it first, the digest depends on
        the encoding.
    """
    if not isinstance(payload, bytes | bytearray | memoryview):
        raise TypeError(
            f"payload_digest expects bytes, got {type(payload).__qualname__}"
        )
    return hashlib.sha256(payload).hexdigest()


def _is_empty_reference(reference):
    if isinstance(reference, str):
        return not reference.strip()
    return reference is None or reference is False


def _require_name(label, value):
    if not isinstance(value, str):
        raise TypeError(f"{label} must be a str, got {type(value).__qualname__}")
    if not value.strip():
        raise ValueError(f"{label} must not be empty")


_PLAIN_SCALARS = (str, int, bool, type(None))


def _is_plain(value, depth=0):
    """Tell whether ``value`` is already JSON-native, so it can skip conversion.

    Exact ``dict`` (``str`` keys), ``list`` and ``tuple`` of exact ``str``,
    ``int``, ``bool``, ``None`` and finite ``float``: for these,
    :func:`_jsonable` would return an equal structure, only slower. Anything
    else (subclasses, other types, deep nesting that could be circular) takes
    the full conversion and its checks.
    """
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if kind is float:
        return math.isfinite(value)
    if depth > 20:
        return False
    if kind is dict:
        return all(
            type(key) is str and _is_plain(item, depth + 1)
            for key, item in value.items()
        )
    if kind is list or kind is tuple:
        return all(_is_plain(item, depth + 1) for item in value)
    return False


def _jsonable(value, path, active):
    """Convert ``value`` to JSON-native types; ``active`` holds open containers."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"canonical_json cannot write {value!r} at {path}")
        return float(value)
    scalar = _scalar_text(value, path)
    if scalar is not None:
        return scalar
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return _container(value, path, active)
    raise TypeError(
        f"canonical_json cannot encode {type(value).__qualname__} at {path}"
    )


def _scalar_text(value, path):
    if isinstance(value, decimal.Decimal):
        try:
            return canonical_decimal(value)
        except ValueError as exc:
            raise ValueError(f"{exc} at {path}") from None
    if isinstance(value, datetime.datetime):
        return canonical_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    return None


def _container(value, path, active):
    if id(value) in active:
        raise ValueError(f"canonical_json found a circular reference at {path}")
    active.add(id(value))
    try:
        if isinstance(value, Mapping):
            return _mapping(value, path, active)
        if isinstance(value, set | frozenset):
            items = [_jsonable(item, f"{path}[*]", active) for item in value]
            return sorted(items, key=_dump)
        return [
            _jsonable(item, f"{path}[{index}]", active)
            for index, item in enumerate(value)
        ]
    finally:
        active.discard(id(value))


def _mapping(value, path, active):
    result = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(
                f"canonical_json needs str mapping keys, got "
                f"{type(key).__qualname__} {key!r} at {path}"
            )
        result[key] = _jsonable(item, f"{path}.{key}", active)
    return result


def _dump(native):
    return json.dumps(native, sort_keys=True, separators=(",", ":"))
