"""A small supplier world: four products, their units, barcodes and codes.

- gloves (#1): counted in Units, lot-tracked with expiry dates, product
  barcode EAN-13 ``0312345678906``, case of 100 with GTIN ``10312345678903``,
  bought by the box of 100 (purchase unit ratio 100);
- stent (#2): serial-tracked, vendor part ``ST-200``;
- gauze (#3): not tracked, vendor part ``GZ-1`` and our reference ``GAUZE``;
- saline (#4): counted in kilograms, GTIN ``00312345678920``.
"""

from decimal import Decimal

from integration_core.supplier.catalog import (
    TRACKING_LOT,
    TRACKING_NONE,
    TRACKING_SERIAL,
    ItemResolver,
    ProductInfo,
    UnitInfo,
)

GLOVES, STENT, GAUZE, SALINE = 1, 2, 3, 4
GLOVES_GTIN = "00312345678906"
GLOVES_CASE_GTIN = "10312345678903"
STENT_GTIN = "00312345678913"
SALINE_GTIN = "00312345678920"
UNKNOWN_GTIN = "00312345678937"

PRODUCTS = [
    ProductInfo(
        GLOVES,
        "unit",
        Decimal(1),
        Decimal(100),
        TRACKING_LOT,
        True,
        name="Nitrile gloves M",
        uom_name="Units",
    ),
    ProductInfo(
        STENT,
        "unit",
        Decimal(1),
        Decimal(1),
        TRACKING_SERIAL,
        name="Coronary stent",
        uom_name="Units",
    ),
    ProductInfo(
        GAUZE,
        "unit",
        Decimal(1),
        Decimal(12),
        TRACKING_NONE,
        name="Gauze pad",
        uom_name="Units",
    ),
    ProductInfo(SALINE, "weight", Decimal(1), Decimal(1), name="Saline", uom_name="kg"),
]
UNITS = [
    UnitInfo("EA", "unit", Decimal(1), "Units"),
    UnitInfo("DZ", "unit", Decimal(12), "Dozens"),
    UnitInfo("KG", "weight", Decimal(1), "kg"),
    UnitInfo("GR", "weight", Decimal("0.001"), "g"),
]


def make_resolver(**overrides):
    indexes = {
        "product_barcodes": {
            "0312345678906": GLOVES,
            STENT_GTIN: STENT,
            SALINE_GTIN[1:]: SALINE,
        },
        "packaging_barcodes": [(GLOVES_CASE_GTIN, GLOVES, Decimal(100))],
        "vendor_codes": {"ST-200": STENT, "GZ-1": GAUZE, "GL-M": GLOVES},
        "default_codes": {"GAUZE": GAUZE},
    }
    indexes.update(overrides)
    return ItemResolver(PRODUCTS, UNITS, **indexes)
