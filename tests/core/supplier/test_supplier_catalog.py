"""Finding our product for an EDI item, and converting its quantities."""

from decimal import Decimal

import pytest
from supplier_world import (
    GAUZE,
    GLOVES,
    GLOVES_CASE_GTIN,
    GLOVES_GTIN,
    PRODUCTS,
    SALINE,
    STENT,
    UNITS,
    UNKNOWN_GTIN,
    make_resolver,
)

from integration_core.edi.model import Product
from integration_core.supplier.catalog import (
    BY_BUYER_PART,
    BY_PACKAGING_BARCODE,
    BY_PRODUCT_BARCODE,
    BY_VENDOR_PART,
    ConversionError,
    ItemResolver,
    ProductInfo,
    UnitInfo,
)


def test_gtin_14_finds_the_product_whose_barcode_is_its_ean_13(resolver):
    assert resolver.resolve(Product(gtin=GLOVES_GTIN)) == (GLOVES, None)
    assert resolver.resolve(Product(gtin="312345678906")) == (GLOVES, None)


def test_case_gtin_finds_the_packaging_and_its_quantity(resolver):
    resolved = resolver.resolve(Product(gtin=GLOVES_CASE_GTIN))
    assert resolved.product_id == GLOVES
    assert resolved.pack_factor == Decimal(100)


def test_order_of_lookups_gtin_then_vendor_part_then_buyer_part(resolver):
    # The GTIN wins over a vendor part naming another product.
    both = Product(gtin=GLOVES_GTIN, vendor_part="ST-200", buyer_part="GAUZE")
    assert resolver.match(both) == ((GLOVES, None), BY_PRODUCT_BARCODE)
    by_case = Product(gtin=GLOVES_CASE_GTIN, vendor_part="ST-200")
    assert resolver.match(by_case)[1] == BY_PACKAGING_BARCODE
    by_part = Product(gtin=UNKNOWN_GTIN, vendor_part="st-200", buyer_part="GAUZE")
    assert resolver.match(by_part) == ((STENT, None), BY_VENDOR_PART)
    by_reference = Product(vendor_part="XX", buyer_part="gauze")
    assert resolver.match(by_reference) == ((GAUZE, None), BY_BUYER_PART)


def test_nothing_known_resolves_to_none_and_says_why(resolver):
    product = Product(gtin=UNKNOWN_GTIN, vendor_part="NOPE")
    assert resolver.resolve(product) is None
    assert resolver.explain(product) == (
        f"GTIN {UNKNOWN_GTIN} is no barcode of ours; vendor part NOPE is not known"
    )
    assert resolver.explain(Product(gtin="123")) == "GTIN 123 is not a valid GTIN"
    assert resolver.explain(Product(description="gloves")) == (
        "it gives no GTIN, vendor part or buyer part"
    )


def test_a_code_naming_two_products_is_never_guessed():
    resolver = make_resolver(vendor_codes=[("AB-1", GLOVES), ("ab-1", GAUZE)])
    product = Product(vendor_part="AB-1")
    assert resolver.resolve(product) is None
    assert "vendor part AB-1 names several products (Nitrile gloves M, Gauze pad)" in (
        resolver.explain(product)
    )


def test_the_same_code_twice_for_one_product_is_no_ambiguity():
    resolver = make_resolver(vendor_codes=[("AB-1", GLOVES), ("AB-1", GLOVES)])
    assert resolver.resolve(Product(vendor_part="AB-1")) == (GLOVES, None)


def test_packaging_barcodes_as_a_mapping():
    resolver = make_resolver(packaging_barcodes={GLOVES_CASE_GTIN: (GLOVES, 50)})
    assert resolver.resolve(Product(gtin=GLOVES_CASE_GTIN)) == (GLOVES, Decimal(50))


def test_non_gtin_barcodes_match_exactly():
    resolver = make_resolver(product_barcodes={"INT-0042": SALINE})
    assert resolver.resolve(Product(gtin="INT-0042")) == (SALINE, None)


def test_quantity_conversion_through_units_and_packages(resolver):
    assert resolver.to_product_qty(GLOVES, Decimal(3), "DZ") == Decimal(36)
    assert resolver.to_product_qty(GLOVES, Decimal(2), "ea") == Decimal(2)
    assert resolver.to_product_qty(GLOVES, Decimal(2), "CA", Decimal(100)) == 200
    assert resolver.to_product_qty(SALINE, Decimal(1500), "GR") == Decimal("1.5")
    # Purchase unit of gloves is a box of 100.
    assert resolver.to_purchase_qty(GLOVES, Decimal(250), "EA") == Decimal("2.5")
    assert resolver.to_purchase_price(GLOVES, Decimal("0.12"), "EA") == 12
    assert resolver.to_purchase_price(
        GLOVES, Decimal(30), "CA", Decimal(100)
    ) == Decimal(30)


def test_division_noise_is_rounded_away(resolver):
    # A gauze dozen at 1.00 per unit: 12.00 per purchase unit, exactly.
    price = resolver.to_purchase_price(GAUZE, Decimal(1), "EA")
    assert str(price) == "12"
    third = resolver.to_product_qty(GAUZE, Decimal(1), "EA") / 3
    assert resolver.convert_units(third, "EA", "EA") == Decimal("0.333333333333")


@pytest.mark.parametrize(
    "unit, message",
    [
        ("KG", "unit KG is not convertible into Units"),
        ("CA", "unit CA is not a unit we know"),
        ("", "no unit of measure is given"),
    ],
)
def test_units_that_do_not_convert_are_errors(resolver, unit, message):
    with pytest.raises(ConversionError) as caught:
        resolver.to_product_qty(GLOVES, Decimal(1), unit)
    assert str(caught.value) == message


def test_unknown_product_is_an_error(resolver):
    with pytest.raises(ConversionError, match="product #99 has no product info"):
        resolver.to_product_qty(99, Decimal(1), "EA")


def test_convert_units_refuses_other_categories(resolver):
    assert resolver.convert_units(Decimal(2), "DZ", "EA") == 24
    with pytest.raises(ConversionError, match="unit KG is not convertible into"):
        resolver.convert_units(Decimal(1), "KG", "EA")


def test_inputs_from_odoo_floats_become_exact_decimals():
    info = ProductInfo(9, "unit", 12.1, 1)
    assert info.uom_ratio == Decimal("12.1")
    assert isinstance(info.purchase_uom_ratio, Decimal)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"uom_ratio": 0},
        {"purchase_uom_ratio": -1},
        {"tracking": "batch"},
        {"uom_ratio": True},
        {"uom_ratio": float("nan")},
    ],
)
def test_bad_product_info_is_refused(kwargs):
    values = {"uom_ratio": 1, "purchase_uom_ratio": 1, **kwargs}
    with pytest.raises((TypeError, ValueError)):
        ProductInfo(9, "unit", **values)


def test_a_unit_code_given_twice_differently_is_refused():
    with pytest.raises(ValueError, match="unit code EA is given twice"):
        ItemResolver(PRODUCTS, [*UNITS, UnitInfo("ea", "unit", Decimal(2))])
