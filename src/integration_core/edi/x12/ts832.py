"""X12 832 Price/Sales Catalog <-> :class:`~..model.PriceCatalog` (contract prices).

BCT (BCT01 ``PC``, BCT02 catalogue number), CUR*SE, DTM*097 (issue date),
REF*CT (contract), N1 loop, then per item LIN (GTIN/vendor/buyer part),
PID*F, and a CTP loop: CTP02 ``CON`` contract price (``CAT`` and others read
too; ``CON`` wins), CTP03 price, CTP04 minimum quantity, CTP05-01 unit, with
DTM*007 effective from and DTM*036 expiry (effective to).
"""

from .. import model
from .common import (
    element,
    first,
    fmt_date,
    fmt_decimal,
    product_pairs,
    qualified_date,
    qualified_value,
    read_description,
    read_parties,
    read_product,
    to_decimal,
    write_parties,
)
from .ts850 import N1_LOOP
from .validate import Loop, M, O

SET_ID = "832"
FUNCTIONAL_ID = "SC"
DOCUMENT = model.PriceCatalog
CONTRACT_PRICE = "CON"

STRUCTURE = Loop(
    SET_ID,
    1,
    [
        M("BCT"),
        O("CUR"),
        O("DTM", 10),
        O("REF", 12),
        O("PER", 5),
        N1_LOOP,
        Loop(
            "lin",
            100000,
            [
                M("LIN"),
                O("DTM", 10),
                O("REF", 12),
                O("PID", 200),
                O("MEA", 40),
                O("PO4", 10),
                Loop("ctp", 25, [M("CTP"), O("CUR"), O("DTM", 10)]),
                N1_LOOP,
            ],
        ),
        O("CTT"),
    ],
)


def read(root, ctx):
    """Return the :class:`~..model.PriceCatalog` of a validated 832."""
    _, bct = root["BCT"][0]
    _, cur = first(root, "CUR")
    issue_date = qualified_date(ctx, root, "097") or qualified_date(ctx, root, "009")
    return model.PriceCatalog(
        number=element(bct, 2),
        issue_date=issue_date or ctx.group_date,
        parties=read_parties(ctx, root.get("n1", ())),
        items=[_read_item(ctx, item) for item in root.get("lin", ())],
        contract_number=qualified_value(root, "CT"),
        currency="" if cur is None else cur[2],
    )


def _read_item(ctx, item):
    position, lin = item["LIN"][0]
    product = read_product(ctx, lin, 2, position, read_description(item))
    prices = item.get("ctp", ())
    chosen = next(
        (ctp for ctp in prices if element(ctp["CTP"][0][1], 2) == CONTRACT_PRICE),
        prices[0] if prices else None,
    )
    if chosen is None:
        ctx.error(
            "missing_segment",
            "item without a CTP price",
            position,
            "CTP",
            expected="CTP",
        )
        return model.CatalogItem(product, "", None)
    ctp_position, ctp = chosen["CTP"][0]
    if not element(ctp, 3):
        ctx.error(
            "conditional_missing", "CTP03 unit price is missing", ctp_position, "CTP", 3
        )
    unit = element(ctp, 5).split(ctx.component)[0]
    effective_from = qualified_date(ctx, chosen, "007") or qualified_date(
        ctx, item, "007"
    )
    effective_to = qualified_date(ctx, chosen, "036") or qualified_date(
        ctx, item, "036"
    )
    return model.CatalogItem(
        product=product,
        unit=unit,
        unit_price=to_decimal(element(ctp, 3)),
        effective_from=effective_from,
        effective_to=effective_to,
        minimum_quantity=to_decimal(element(ctp, 4)),
    )


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    writer.seg("BCT", "PC", document.number, where="number")
    if document.currency:
        writer.seg("CUR", "SE", document.currency, where="currency")
    writer.seg("DTM", "097", fmt_date(document.issue_date), where="issue_date")
    if document.contract_number:
        writer.seg("REF", "CT", document.contract_number, where="contract_number")
    write_parties(writer, document.parties)
    for item in document.items:
        product = item.product
        where = f"item {product.gtin or product.vendor_part or product.buyer_part}"
        writer.seg("LIN", "", *product_pairs(product, writer, where), where=where)
        if product.description:
            writer.seg("PID", "F", "", "", "", product.description, where=where)
        if item.unit_price is None:
            writer.fail(f"{where}: unit_price is missing", "missing_element", "a price")
        writer.seg(
            "CTP",
            "",
            CONTRACT_PRICE,
            fmt_decimal(item.unit_price),
            fmt_decimal(item.minimum_quantity),
            item.unit,
            where=where,
        )
        if item.effective_from:
            writer.seg("DTM", "007", fmt_date(item.effective_from), where=where)
        if item.effective_to:
            writer.seg("DTM", "036", fmt_date(item.effective_to), where=where)
    writer.seg("CTT", str(len(document.items)))
