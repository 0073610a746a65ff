"""Typed EDI documents and interchanges to and from JSON-ready structures.

The JSON form is what people read and edit when they onboard a supplier, and
what the test corpus states as expected results, so it stays plain:

* every document and every :class:`~.model.Interchange` is an object with a
  ``"type"`` tag naming its class (``"PurchaseOrder"``, ``"Interchange"``...);
  nested values (parties, lines, packs...) carry no tag, their type is known
  from the field;
* :class:`~decimal.Decimal` is a string (``"12.50"``: the exponent survives),
  dates and datetimes are ISO 8601 strings;
* every field is written, so ``from_jsonable(to_jsonable(x)) == x`` exactly.

Reading is strict: an unknown tag or field, a missing required field or a
value of the wrong shape raises :class:`EdiJsonError` naming the path
(``documents[0].lines[2].quantity``).
"""

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal, InvalidOperation

from ..errors import PermanentError
from . import model

#: Classes that are written with a ``"type"`` tag, by tag.
TAGGED_TYPES = {cls.__name__: cls for cls in (*model.DOCUMENT_TYPES, model.Interchange)}
TYPE_KEY = "type"


class EdiJsonError(PermanentError):
    """The JSON does not describe a valid document or interchange.

    :param path: where, e.g. ``interchanges[0].documents[1].lines[0].unit``.
    """

    def __init__(self, message, *, path=""):
        self.path = path or "(root)"
        super().__init__(f"{self.path}: {message}", details={"path": self.path})


# --------------------------------------------------------------------------
# Python -> JSON
# --------------------------------------------------------------------------


def to_jsonable(value, *, omit_defaults=False):
    """Return ``value`` (documents, interchanges, in lists or dicts) as JSON data.

    :param omit_defaults: leave out fields equal to their default (``""``,
        ``None``, ``[]``...): shorter JSON for people to read and edit, and
        expectations that do not break when an optional field is added.
        Reading fills them back in, so the round trip stays exact.
    """
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, omit_defaults=omit_defaults) for item in value]
    if isinstance(value, dict):
        return {
            str(key): to_jsonable(item, omit_defaults=omit_defaults)
            for key, item in value.items()
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {}
        if type(value).__name__ in TAGGED_TYPES:
            result[TYPE_KEY] = type(value).__name__
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if omit_defaults and _is_default(field, item):
                continue
            result[field.name] = to_jsonable(item, omit_defaults=omit_defaults)
        return result
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")


def _is_default(field, value):
    if field.default is not dataclasses.MISSING:
        return type(value) is type(field.default) and value == field.default
    if field.default_factory is not dataclasses.MISSING:
        return value == field.default_factory()
    return False


def dumps(value, *, indent=2, omit_defaults=False):
    """Return ``value`` (see :func:`to_jsonable`) as a JSON string."""
    data = to_jsonable(value, omit_defaults=omit_defaults)
    return json.dumps(data, indent=indent, ensure_ascii=False)


# --------------------------------------------------------------------------
# JSON -> Python
# --------------------------------------------------------------------------


def from_jsonable(data, *, path=""):
    """Rebuild a tagged object (document or interchange), or a list of them."""
    if isinstance(data, list):
        return [from_jsonable(item, path=f"{path}[{i}]") for i, item in enumerate(data)]
    if not isinstance(data, dict):
        raise EdiJsonError(f"expected an object, got {_json_kind(data)}", path=path)
    tag = data.get(TYPE_KEY)
    cls = TAGGED_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise EdiJsonError(
            f"unknown or missing {TYPE_KEY!r} tag {tag!r} "
            f"(expected one of {', '.join(sorted(TAGGED_TYPES))})",
            path=path,
        )
    return _build_dataclass(cls, data, path)


def loads(text):
    """Parse a JSON string written by :func:`dumps`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EdiJsonError(f"not valid JSON: {exc}") from exc
    return from_jsonable(data)


def document_from_jsonable(data, *, path=""):
    """Rebuild one typed document; refuse an interchange or anything else."""
    value = from_jsonable(data, path=path)
    if not isinstance(value, model.DOCUMENT_TYPES):
        raise EdiJsonError("expected a document, got an interchange", path=path)
    return value


def _build_dataclass(cls, data, path):
    hints = typing.get_type_hints(cls)
    fields = {field.name: field for field in dataclasses.fields(cls)}
    unknown = set(data) - set(fields) - {TYPE_KEY}
    if unknown:
        raise EdiJsonError(
            f"unknown field(s) {', '.join(sorted(unknown))} for {cls.__name__}",
            path=path,
        )
    kwargs = {}
    for name, field in fields.items():
        field_path = f"{path}.{name}" if path else name
        if name in data:
            kwargs[name] = _convert(hints[name], data[name], field_path)
        elif _is_required(field):
            raise EdiJsonError(
                f"missing required field of {cls.__name__}", path=field_path
            )
    return cls(**kwargs)


def _is_required(field):
    return (
        field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    )


def _convert(hint, value, path):
    """Convert JSON ``value`` to the Python type ``hint`` describes."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None:
            if type(None) in options:
                return None
            raise EdiJsonError("must not be null", path=path)
        (inner,) = [option for option in options if option is not type(None)]
        return _convert(inner, value, path)
    if hint is list or origin is list:
        if not isinstance(value, list):
            raise EdiJsonError(f"expected a list, got {_json_kind(value)}", path=path)
        args = typing.get_args(hint)
        if not args:  # Interchange.documents: tagged documents
            return [
                document_from_jsonable(item, path=f"{path}[{i}]")
                for i, item in enumerate(value)
            ]
        return [_convert(args[0], item, f"{path}[{i}]") for i, item in enumerate(value)]
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise EdiJsonError(
                f"expected an object, got {_json_kind(value)}", path=path
            )
        return _build_dataclass(hint, value, path)
    converter = _SCALARS.get(hint)
    if converter is None:
        raise TypeError(f"{path}: no JSON conversion for {hint!r}")
    return converter(value, path)


def _to_str(value, path):
    if not isinstance(value, str):
        raise EdiJsonError(f"expected a string, got {_json_kind(value)}", path=path)
    return value


def _to_bool(value, path):
    if not isinstance(value, bool):
        raise EdiJsonError(
            f"expected true or false, got {_json_kind(value)}", path=path
        )
    return value


def _to_int(value, path):
    if isinstance(value, bool) or not isinstance(value, int):
        raise EdiJsonError(f"expected an integer, got {_json_kind(value)}", path=path)
    return value


def _to_decimal(value, path):
    if not isinstance(value, str):
        raise EdiJsonError(
            f'expected a decimal number as a string ("12.50"), got {_json_kind(value)}',
            path=path,
        )
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise EdiJsonError(f"{value!r} is not a decimal number", path=path)
    return number


def _to_date(value, path):
    text = _to_str(value, path)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise EdiJsonError(
            f"{text!r} is not an ISO date (YYYY-MM-DD)", path=path
        ) from None


def _to_datetime(value, path):
    text = _to_str(value, path)
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise EdiJsonError(
            f"{text!r} is not an ISO datetime (YYYY-MM-DDTHH:MM:SS)", path=path
        ) from None


_SCALARS = {
    str: _to_str,
    bool: _to_bool,
    int: _to_int,
    Decimal: _to_decimal,
    datetime.date: _to_date,
    datetime.datetime: _to_datetime,
}


def _json_kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
