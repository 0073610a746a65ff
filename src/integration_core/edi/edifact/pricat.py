"""PRICAT (price catalogue) <-> :class:`~integration_core.edi.model.PriceCatalog`.

BGM 9, DTM 137, RFF CT (contract), NAD, CUX 2 (8 = price list currency);
then the items in one product group (the directory nests the LIN groups in
the PGI group, SG16 of D.96A and SG17 of D.01B: PGI 9, no group used);
per item LIN (sequential number), PIA, IMD, QTY 53 (minimum order quantity),
PRI AAA with unit price basis 1 and the Rec. 20 unit, DTM 194 / 206 (price
valid from / to). Reading takes the items of every PGI group, and accepts a
PRI without a unit when the line's QTY (53, or the only unit its QTYs use)
gives one.
"""

from .. import model
from .common import (
    Writer,
    currency,
    dates_by_qualifier,
    first_in_groups,
    read_parties,
    read_product,
    refs_by_qualifier,
    required_text,
)
from .structures import structures

TYPE = "PRICAT"
DOCUMENT = model.PriceCatalog


#: Directory structure per version (:mod:`.structures`).
STRUCTURES = structures(TYPE)
#: PGI 5379 product group type "9": no group used.
NO_GROUP = "9"


def write(catalog, w: Writer):
    w.add("BGM", "9", w.an(catalog.number, 35, "number", required=True), "9")
    w.dtm("137", catalog.issue_date, "issue_date")
    if catalog.contract_number:
        w.add("RFF", ["CT", w.an(catalog.contract_number, 35, "contract_number")])
    w.parties(catalog.parties)
    if catalog.currency:
        w.add("CUX", ["2", currency(w, catalog.currency), "8"])
    if catalog.items:
        w.add("PGI", NO_GROUP)
    for index, item in enumerate(catalog.items):
        field = f"items[{index}]"
        w.lin(str(index + 1), item.product, field)
        unit = w.unit(item.unit, f"{field}.unit")
        if item.minimum_quantity is not None:
            w.qty("53", item.minimum_quantity, item.unit, f"{field}.minimum_quantity")
        w.pri("AAA", item.unit_price, f"{field}.unit_price", unit=unit)
        if item.effective_from is not None:
            w.dtm("194", item.effective_from, f"{field}.effective_from")
        if item.effective_to is not None:
            w.dtm("206", item.effective_to, f"{field}.effective_to")
        if (
            item.effective_from
            and item.effective_to
            and item.effective_to < item.effective_from
        ):
            w.fail(f"{field}.effective_to", "is before effective_from")


def read(root, r):
    bgm = root.first("BGM")
    r.code(bgm, 1, 1, {"9": True}, "document name (1001)")
    number = required_text(r, bgm, 2, "catalogue number")
    dates = dates_by_qualifier(root.all("DTM"))
    issue_date = r.date(r.require(dates.get("137"), "DTM", bgm))
    refs = refs_by_qualifier(root)
    groups = []
    for pgi in root.group_list("PGI"):
        groups.extend(pgi.group_list("LIN"))
    cux = first_in_groups(root, "CUX", "CUX")
    return model.PriceCatalog(
        number=number,
        issue_date=issue_date,
        parties=read_parties(r, root),
        items=[_read_item(r, group) for group in groups],
        contract_number=refs["CT"][0].get(0, 1) if "CT" in refs else "",
        currency=cux.get(0, 1) if cux else "",
    )


def _read_item(r, group):
    lin = group.first("LIN")
    pri_group = None
    for candidate in group.group_list("PRI"):
        if candidate.first("PRI").get(0, 0) in ("AAA", "AAB"):
            pri_group = candidate
            break
    price, unit, dates = None, "", {}
    if r.require(pri_group, "PRI", lin) is not None:
        pri = pri_group.first("PRI")
        price = r.decimal(pri, 1, 2)
        unit = _price_unit(r, pri, group)
        dates = dates_by_qualifier(pri_group.all("DTM"))
    line_dates = dates_by_qualifier(group.all("DTM"))
    minimum = None
    for qty in group.all("QTY"):
        if qty.get(0, 0) == "53":
            minimum = r.decimal(qty, 1, 2)
    return model.CatalogItem(
        product=read_product(r, lin, group),
        unit=unit,
        unit_price=price,
        effective_from=r.date(dates.get("194") or line_dates.get("194")),
        effective_to=r.date(dates.get("206") or line_dates.get("206")),
        minimum_quantity=minimum,
    )


def _price_unit(r, pri, group):
    """Return the unit the price is for: PRI C509 6411, else the line's QTY unit.

    EANCOM lets PRI omit the unit when the line's quantities give it. With no
    unit anywhere, the price is reported as incomplete (``missing_element``
    naming PRI) rather than priced per a guessed unit.
    """
    if pri.get(0, 5):
        return r.unit(pri, 1, 6)
    qty = _unit_quantity(group)
    if qty is not None:
        return r.unit(qty, 1, 3)
    r.error(
        "missing_element",
        "the price has no unit of measure and no QTY of the line gives one",
        pri,
        1,
        6,
        "a Rec. 20 unit in PRI (C509 6411) or in the line's QTY 53 (C186 6411)",
    )
    return ""


def _unit_quantity(group):
    """Return the QTY that gives the line's unit: QTY 53, or the only unit used."""
    with_unit = [qty for qty in group.all("QTY") if qty.get(0, 2)]
    for qty in with_unit:
        if qty.get(0, 0) == "53":
            return qty
    if len({qty.get(0, 2) for qty in with_unit}) == 1:
        return with_unit[0]
    return None
