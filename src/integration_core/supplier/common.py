"""What the supplier modules share: issues, places in words, numbers as text.

A :class:`PlanIssue` says where a problem is the way a buyer would look for
it in the document ("ship notice SN-1, order PO00012, pack
00340123450000000017, item 3 (GTIN 00312345678906)"), which field is wrong
and what is wrong with it. The helpers here build those places and write
quantities, prices and amounts the way they read in a sentence.
"""

import dataclasses
import math
from decimal import Decimal, InvalidOperation

from integration_core.edi import model

_CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class PlanIssue:
    """One problem found in a supplier document.

    :param location: where it is, in words ("ship notice SN-1, order
        PO00012, item 2 (vendor part AB-1)").
    :param field: the field at fault ("quantity", "lot", "unit"...), ``""``
        when the whole item or document is.
    :param message: one sentence about what is wrong.
    """

    location: str
    field: str
    message: str

    def __str__(self):
        where = f"{self.location}, {self.field}" if self.field else self.location
        return f"{where}: {self.message}" if where else self.message


def as_decimal(value, name: str, *, optional: bool = False) -> Decimal | None:
    """``value`` as a :class:`~decimal.Decimal`, for inputs built from Odoo.

    Odoo hands out floats: they are converted through their shortest text
    (``12.1`` becomes ``Decimal("12.1")``, not its binary expansion). Ints
    and numeric text are accepted too; ``None`` only when ``optional``.

    :raises TypeError: for booleans and anything not a number.
    :raises ValueError: for text that is no number, NaN and infinities.
    """
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        value = repr(value)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    return result


def set_decimals(instance, *names: str, optional: tuple = ()) -> None:
    """Convert fields ``names`` of frozen dataclass ``instance`` to Decimal."""
    for name in names:
        value = as_decimal(
            getattr(instance, name),
            f"{type(instance).__name__}.{name}",
            optional=name in optional,
        )
        object.__setattr__(instance, name, value)


def format_quantity(value: Decimal) -> str:
    """A quantity as a buyer writes it: ``100``, ``2.5``, never ``1E+2``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_price(value: Decimal) -> str:
    """A unit price with at least two decimals: ``12.50``, ``0.125``."""
    text = format_quantity(value)
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def format_amount(value: Decimal) -> str:
    """A money amount rounded to cents, with thousands separators."""
    return f"{value.quantize(_CENT):,.2f}"


def format_percent(value: Decimal) -> str:
    """A percentage such as ``5%`` or ``2.5%``."""
    return f"{format_quantity(value)}%"


def join_location(*parts: str) -> str:
    """The non-empty ``parts`` joined with commas."""
    return ", ".join(part for part in parts if part)


def describe_product(product: model.Product) -> str:
    """How an EDI item names its product: ``GTIN 0031..., vendor part AB-1``."""
    names = []
    if product.gtin:
        names.append(f"GTIN {product.gtin}")
    if product.vendor_part:
        names.append(f"vendor part {product.vendor_part}")
    if product.buyer_part:
        names.append(f"buyer part {product.buyer_part}")
    return ", ".join(names)


def describe_item(position: int, line_number: str, product: model.Product) -> str:
    """An item in words: ``item 3 (line 12, GTIN 00312345678906)``.

    :param position: 1-based place of the item in its pack, order or list.
    :param line_number: the order line the supplier says it answers.
    """
    names = [f"line {line_number}"] if line_number else []
    described = describe_product(product)
    if described:
        names.append(described)
    return f"item {position} ({', '.join(names)})" if names else f"item {position}"
