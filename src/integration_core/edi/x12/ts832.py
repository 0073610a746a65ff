"""X12 832 Price/Sales Catalog <-> :class:`~..model.PriceCatalog` (contract prices).

Heading in the standard's order: BCT (BCT01 ``PC``, BCT02 catalogue number),
REF*CT (contract), DTM*097 (issue date), CUR*SE, N1 loop; then per item LIN
(GTIN/vendor/buyer part), PID*F, and a CTP loop: CTP02 ``CON`` contract price
(``CAT`` and others read too; ``CON`` wins), CTP03 price, CTP04 minimum
quantity, CTP05-01 unit, with DTM*007 effective from and DTM*036 expiry
(effective to). CTP04 and CTP05 go together (P0405): an item without a
minimum quantity is written with CTP04 ``1``.
"""

from decimal import Decimal

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
from .schema import V4010, V5010
from .ts850 import n1_loop
from .validate import UNBOUNDED, Loop, M, O

SET_ID = "832"
FUNCTIONAL_ID = "SC"
DOCUMENT = model.PriceCatalog
CONTRACT_PRICE = "CON"
#: CTP04 written for an item without a minimum quantity: the unit (CTP05)
#: cannot go without a quantity (syntax note P0405).
NO_MINIMUM = Decimal(1)


def _structure(version):
    """The 832 table of ``version``: the segments this codec knows, in order.

    X12 832 004010 heading: ST 010, BCT 020, CTP 040, REF 050, PER 060, DTM
    070, CUR 090, N1 loop (N1 N2 N3 N4 REF PER DTM); detail: LIN loop with
    DTM REF PER PID MEA PO4, the CTP loop (CTP DTM CUR REF; 100 in 004010,
    no limit in 005010) and an N1 loop; summary: CTT.
    """
    return Loop(
        SET_ID,
        1,
        [
            M("BCT"),
            O("CTP", 100),
            O("REF", UNBOUNDED),
            O("PER", UNBOUNDED),
            O("DTM", 10),
            O("CUR", 5),
            n1_loop(UNBOUNDED, UNBOUNDED, (O("DTM", 10),), repeat=UNBOUNDED),
            Loop(
                "lin",
                UNBOUNDED,
                [
                    M("LIN"),
                    O("DTM", 10),
                    O("REF", UNBOUNDED),
                    O("PER", UNBOUNDED),
                    O("PID", 200),
                    O("MEA", 40),
                    O("PO4"),
                    Loop(
                        "ctp",
                        100 if version == V4010 else UNBOUNDED,
                        [M("CTP"), O("DTM", 10), O("CUR", 5), O("REF", UNBOUNDED)],
                    ),
                    n1_loop(1, UNBOUNDED, (O("DTM", 10),), repeat=UNBOUNDED),
                ],
            ),
            O("CTT"),
        ],
    )


STRUCTURES = {version: _structure(version) for version in (V4010, V5010)}
STRUCTURE = STRUCTURES[V4010]


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
    if document.contract_number:
        writer.seg("REF", "CT", document.contract_number, where="contract_number")
    writer.seg("DTM", "097", fmt_date(document.issue_date), where="issue_date")
    if document.currency:
        writer.seg("CUR", "SE", document.currency, where="currency")
    write_parties(writer, document.parties)
    for item in document.items:
        product = item.product
        where = f"item {product.gtin or product.vendor_part or product.buyer_part}"
        writer.seg("LIN", "", *product_pairs(product, writer, where), where=where)
        if product.description:
            writer.seg("PID", "F", "", "", "", product.description, where=where)
        if item.unit_price is None:
            writer.fail(f"{where}: unit_price is missing", "missing_element", "a price")
        quantity = item.minimum_quantity
        if quantity is None and item.unit:
            quantity = NO_MINIMUM  # P0405: CTP05, the unit, needs CTP04
        writer.seg(
            "CTP",
            "",
            CONTRACT_PRICE,
            fmt_decimal(item.unit_price),
            fmt_decimal(quantity),
            item.unit,
            where=where,
        )
        if item.effective_from:
            writer.seg("DTM", "007", fmt_date(item.effective_from), where=where)
        if item.effective_to:
            writer.seg("DTM", "036", fmt_date(item.effective_to), where=where)
    writer.seg("CTT", str(len(document.items)))
