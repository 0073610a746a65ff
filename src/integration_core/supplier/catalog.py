"""Which of our products an EDI item names, and how many of it that is.

An :class:`ItemResolver` holds what the addon read from Odoo for one
supplier: the products (:class:`ProductInfo`), the units of measure with
their X12 codes (:class:`UnitInfo`), and indexes of product barcodes,
packaging barcodes, the supplier's own part numbers and our internal
references. :meth:`ItemResolver.resolve` finds the product an EDI
:class:`~integration_core.edi.model.Product` names, trying in this order:

1. its GTIN against product barcodes (a match counts single units);
2. its GTIN against packaging barcodes (a match counts packages: a case GTIN
   with quantity 2 is two cases of the packaging's quantity each);
3. the supplier's part number (``vendor_part``) against this supplier's
   codes;
4. our reference (``buyer_part``) against product internal references.

A code that names two different products is no match: it is never guessed,
and :meth:`ItemResolver.explain` says why nothing was found.
:meth:`ItemResolver.to_product_qty` and friends then convert an EDI quantity
or price into the product's own unit or its purchase unit; units of
different categories (boxes into kilograms) are refused with a
:class:`ConversionError`.
"""

import dataclasses
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from integration_core.edi import model

from .common import as_decimal, set_decimals
from .gtin import normalize_gtin

TRACKING_NONE = "none"
TRACKING_LOT = "lot"
TRACKING_SERIAL = "serial"
TRACKINGS = (TRACKING_NONE, TRACKING_LOT, TRACKING_SERIAL)

#: How :meth:`ItemResolver.match` found a product.
BY_PRODUCT_BARCODE = "product_barcode"
BY_PACKAGING_BARCODE = "packaging_barcode"
BY_VENDOR_PART = "vendor_part"
BY_BUYER_PART = "buyer_part"

_PLACES = Decimal("1e-12")
_ONE = Decimal(1)


class ConversionError(ValueError):
    """An EDI quantity or price that cannot be put into the product's unit."""


@dataclasses.dataclass(frozen=True)
class ProductInfo:
    """A product as the rules need it.

    :param product_id: the Odoo ``product.product`` id.
    :param uom_category: the category of its unit of measure (any hashable
        that is equal for units that convert into each other).
    :param uom_ratio: how many reference units of the category one product
        unit is (Odoo's ``uom.factor_inv``: 12 for a dozen, 1 for units).
    :param purchase_uom_ratio: the same for its purchase unit.
    :param tracking: :data:`TRACKING_NONE`, :data:`TRACKING_LOT` or
        :data:`TRACKING_SERIAL`.
    :param uses_expiry: ``True`` when receipts must give an expiry date.
    :param name: for messages ("Nitrile gloves M"); ``""`` gives
        "product #<id>".
    :param uom_name: name of the product unit, for messages ("Units").
    """

    product_id: int
    uom_category: int | str
    uom_ratio: Decimal
    purchase_uom_ratio: Decimal
    tracking: str = TRACKING_NONE
    uses_expiry: bool = False
    name: str = ""
    uom_name: str = ""

    def __post_init__(self):
        set_decimals(self, "uom_ratio", "purchase_uom_ratio")
        if self.uom_ratio <= 0 or self.purchase_uom_ratio <= 0:
            raise ValueError(
                f"product #{self.product_id}: unit ratios must be positive, got "
                f"{self.uom_ratio} and {self.purchase_uom_ratio}"
            )
        if self.tracking not in TRACKINGS:
            raise ValueError(
                f"product #{self.product_id}: tracking must be one of "
                f"{', '.join(TRACKINGS)}, got {self.tracking!r}"
            )

    @property
    def label(self) -> str:
        """The product in words: its name, else ``product #<id>``."""
        return self.name or f"product #{self.product_id}"


@dataclasses.dataclass(frozen=True)
class UnitInfo:
    """A unit of measure an EDI document may use.

    :param code: its X12 code ("EA", "BX", "CA"...), compared in upper case.
    :param category: its Odoo category (as :attr:`ProductInfo.uom_category`).
    :param ratio: how many reference units of the category it is.
    :param name: for messages; defaults to the code.
    """

    code: str
    category: int | str
    ratio: Decimal
    name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "code", self.code.strip().upper())
        set_decimals(self, "ratio")
        if not self.code:
            raise ValueError("UnitInfo.code must not be empty")
        if self.ratio <= 0:
            raise ValueError(f"unit {self.code}: ratio must be positive")


class Resolved(NamedTuple):
    """The product an EDI item names.

    :param product_id: the Odoo product id.
    :param pack_factor: product units in one package when the item was found
        by a packaging barcode (its quantity then counts packages), else
        ``None`` (its quantity is in its EDI unit).
    """

    product_id: int
    pack_factor: Decimal | None


def _rows(source, name):
    """The rows of an index given as a mapping or as an iterable of tuples."""
    if source is None:
        return ()
    if isinstance(source, Mapping):
        return source.items()
    if isinstance(source, Iterable) and not isinstance(source, str):
        return source
    raise TypeError(f"{name} must be a mapping or an iterable of tuples")


def _gtin_key(code):
    """The index key of a barcode: its GTIN-14, else the code itself."""
    code = "".join(str(code).split())
    return normalize_gtin(code) or code


def _code_key(code):
    return str(code).strip().casefold()


class _Index:
    """code -> value, remembering codes given for several different values."""

    __slots__ = ("values", "ambiguous")

    def __init__(self):
        self.values = {}
        self.ambiguous = {}

    def add(self, key, value):
        if not key:
            return
        if key in self.ambiguous:
            self.ambiguous[key].add(value)
            return
        current = self.values.get(key)
        if current is None:
            self.values[key] = value
        elif current != value:
            del self.values[key]
            self.ambiguous[key] = {current, value}


class ItemResolver:
    """Finds our product for an EDI item and converts its quantities.

    :param products: :class:`ProductInfo` of every product the indexes name.
    :param units: every :class:`UnitInfo` documents may use.
    :param product_barcodes: barcode -> product id (a mapping or
        ``(barcode, product_id)`` pairs).
    :param packaging_barcodes: barcode -> ``(product_id, quantity)``, the
        quantity in the product's unit (a mapping or
        ``(barcode, product_id, quantity)`` triples).
    :param vendor_codes: this supplier's part number -> product id.
    :param default_codes: our internal reference -> product id.

    Barcodes are compared as GTIN-14 when they are valid GTINs, codes case
    insensitively. A code given for two different products (or packagings)
    matches nothing.
    """

    def __init__(
        self,
        products: Iterable[ProductInfo] | Mapping[int, ProductInfo],
        units: Iterable[UnitInfo],
        *,
        product_barcodes=None,
        packaging_barcodes=None,
        vendor_codes=None,
        default_codes=None,
    ):
        if isinstance(products, Mapping):
            products = products.values()
        self.products = {info.product_id: info for info in products}
        self.units = {}
        for unit in units:
            known = self.units.get(unit.code)
            if known is not None and (known.category, known.ratio) != (
                unit.category,
                unit.ratio,
            ):
                raise ValueError(f"unit code {unit.code} is given twice, differently")
            self.units[unit.code] = unit
        self._barcodes = _Index()
        for code, product_id in _rows(product_barcodes, "product_barcodes"):
            self._barcodes.add(_gtin_key(code), product_id)
        self._packagings = _Index()
        if isinstance(packaging_barcodes, Mapping):
            packagings = ((code, *value) for code, value in packaging_barcodes.items())
        else:
            packagings = _rows(packaging_barcodes, "packaging_barcodes")
        for code, product_id, quantity in packagings:
            self._add_packaging(code, product_id, quantity)
        self._vendor_codes = _Index()
        for code, product_id in _rows(vendor_codes, "vendor_codes"):
            self._vendor_codes.add(_code_key(code), product_id)
        self._default_codes = _Index()
        for code, product_id in _rows(default_codes, "default_codes"):
            self._default_codes.add(_code_key(code), product_id)

    def _add_packaging(self, code, product_id, quantity):
        quantity = as_decimal(quantity, f"packaging {code} quantity")
        if quantity <= 0:
            raise ValueError(f"packaging {code}: quantity must be positive")
        self._packagings.add(_gtin_key(code), (product_id, quantity))

    # -- lookups ---------------------------------------------------------

    def product(self, product_id: int) -> ProductInfo | None:
        """The :class:`ProductInfo` of ``product_id``, ``None`` when not given."""
        return self.products.get(product_id)

    def unit(self, code: str) -> UnitInfo | None:
        """The :class:`UnitInfo` of X12 unit ``code``, ``None`` when unknown."""
        return self.units.get((code or "").strip().upper())

    def match(self, product: model.Product) -> tuple[Resolved, str] | None:
        """Like :meth:`resolve`, with how it matched (``BY_...`` constants)."""
        if product.gtin:
            key = _gtin_key(product.gtin)
            product_id = self._barcodes.values.get(key)
            if product_id is not None:
                return Resolved(product_id, None), BY_PRODUCT_BARCODE
            packaging = self._packagings.values.get(key)
            if packaging is not None:
                return Resolved(*packaging), BY_PACKAGING_BARCODE
        if product.vendor_part:
            product_id = self._vendor_codes.values.get(_code_key(product.vendor_part))
            if product_id is not None:
                return Resolved(product_id, None), BY_VENDOR_PART
        if product.buyer_part:
            product_id = self._default_codes.values.get(_code_key(product.buyer_part))
            if product_id is not None:
                return Resolved(product_id, None), BY_BUYER_PART
        return None

    def resolve(self, product: model.Product) -> Resolved | None:
        """``(product_id, pack_factor)`` of the product an EDI item names.

        ``pack_factor`` is ``None`` unless a packaging barcode matched; see
        :class:`Resolved`. ``None`` when nothing matches.
        """
        found = self.match(product)
        return None if found is None else found[0]

    def explain(self, product: model.Product) -> str:
        """Why :meth:`resolve` finds nothing for ``product``, in one sentence."""
        if not (product.gtin or product.vendor_part or product.buyer_part):
            return "it gives no GTIN, vendor part or buyer part"
        reasons = []
        if product.gtin:
            key = _gtin_key(product.gtin)
            if not normalize_gtin(product.gtin):
                reasons.append(f"GTIN {product.gtin} is not a valid GTIN")
            elif key in self._barcodes.ambiguous or key in self._packagings.ambiguous:
                reasons.append(
                    f"GTIN {product.gtin} is the barcode of several products"
                )
            else:
                reasons.append(f"GTIN {product.gtin} is no barcode of ours")
        for label, code, index in (
            ("vendor part", product.vendor_part, self._vendor_codes),
            ("buyer part", product.buyer_part, self._default_codes),
        ):
            if not code:
                continue
            if _code_key(code) in index.ambiguous:
                products = sorted(index.ambiguous[_code_key(code)], key=str)
                names = ", ".join(self._label(product_id) for product_id in products)
                reasons.append(f"{label} {code} names several products ({names})")
            else:
                reasons.append(f"{label} {code} is not known")
        return "; ".join(reasons)

    def _label(self, product_id):
        info = self.products.get(product_id)
        return info.label if info else f"product #{product_id}"

    # -- conversions -----------------------------------------------------

    def _info(self, product_id):
        info = self.products.get(product_id)
        if info is None:
            raise ConversionError(f"product #{product_id} has no product information")
        return info

    def reference_per_unit(
        self, product_id: int, unit_code: str, pack_factor: Decimal | None = None
    ) -> Decimal:
        """Reference units of the product's category in one EDI unit.

        With a ``pack_factor`` the EDI unit is one package of that many
        product units, whatever ``unit_code`` says.

        :raises ConversionError: unknown product or unit code, or a unit of
            another category than the product's.
        """
        info = self._info(product_id)
        if pack_factor is not None:
            return as_decimal(pack_factor, "pack_factor") * info.uom_ratio
        if not (unit_code or "").strip():
            raise ConversionError("no unit of measure is given")
        unit = self.unit(unit_code)
        if unit is None:
            raise ConversionError(f"unit {unit_code} is not a unit we know")
        if unit.category != info.uom_category:
            target = info.uom_name or f"the unit of {info.label}"
            raise ConversionError(f"unit {unit.code} is not convertible into {target}")
        return unit.ratio

    def to_product_qty(
        self,
        product_id: int,
        quantity: Decimal,
        unit_code: str,
        pack_factor: Decimal | None = None,
    ) -> Decimal:
        """``quantity`` of EDI ``unit_code`` (or packages) in the product's unit.

        :raises ConversionError: as :meth:`reference_per_unit`.
        """
        reference = self.reference_per_unit(product_id, unit_code, pack_factor)
        return clean_decimal(quantity * reference / self.products[product_id].uom_ratio)

    def to_purchase_qty(
        self,
        product_id: int,
        quantity: Decimal,
        unit_code: str,
        pack_factor: Decimal | None = None,
    ) -> Decimal:
        """``quantity`` of EDI ``unit_code`` (or packages) in the purchase unit."""
        reference = self.reference_per_unit(product_id, unit_code, pack_factor)
        info = self.products[product_id]
        return clean_decimal(quantity * reference / info.purchase_uom_ratio)

    def to_purchase_price(
        self,
        product_id: int,
        price: Decimal,
        unit_code: str,
        pack_factor: Decimal | None = None,
    ) -> Decimal:
        """A price per EDI ``unit_code`` (or package) as a price per purchase unit."""
        reference = self.reference_per_unit(product_id, unit_code, pack_factor)
        info = self.products[product_id]
        return clean_decimal(price * info.purchase_uom_ratio / reference)

    def purchase_units_per_unit(
        self, product_id: int, unit_code: str, pack_factor: Decimal | None = None
    ) -> Decimal:
        """Purchase units in one EDI ``unit_code`` (or one package).

        Multiply a quantity by it, divide a price by it (then
        :func:`clean_decimal`); for many items at once, cheaper than
        :meth:`to_purchase_qty` and :meth:`to_purchase_price` together.
        """
        reference = self.reference_per_unit(product_id, unit_code, pack_factor)
        return reference / self.products[product_id].purchase_uom_ratio

    def convert_units(self, quantity: Decimal, from_code: str, to_code: str) -> Decimal:
        """``quantity`` of unit ``from_code`` in unit ``to_code`` (same category).

        :raises ConversionError: unknown codes or different categories.
        """
        source, target = self.unit(from_code), self.unit(to_code)
        for code, unit in ((from_code, source), (to_code, target)):
            if unit is None:
                raise ConversionError(f"unit {code or '(none)'} is not a unit we know")
        if source.category != target.category:
            target_name = target.name or target.code
            raise ConversionError(
                f"unit {source.code} is not convertible into {target_name}"
            )
        return clean_decimal(quantity * source.ratio / target.ratio)


def clean_decimal(value: Decimal) -> Decimal:
    """A converted value without a division's noise digits.

    Rounded to 12 decimal places (far below any unit of measure's rounding,
    far above the noise of Decimal's 28-digit division), then written with
    no trailing zeros: ``24 / 12`` gives ``2``, ``1 / 3`` ``0.333333333333``.
    """
    if value.adjusted() >= 15:
        return value
    rounded = value.quantize(_PLACES)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(_ONE)
    return rounded.normalize()
