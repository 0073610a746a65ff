"""ORDERS (purchase order) <-> :class:`~integration_core.edi.model.PurchaseOrder`.

EANCOM-style layout: BGM 220, DTM 137 (order date) / 2 (requested delivery),
FTX AAI (note), RFF CT (contract), NAD BY/SU/DP/IV with GLN (3055 = 9),
CUX 2, then per line LIN (GTIN SRV in D.01B, EN in D.96A), PIA (SA supplier /
IN buyer part), IMD F, QTY 21 with Rec. 20 unit, DTM 2, PRI AAA (or AAB),
and UNS S, CNT 2 (number of lines).
"""

from .. import model
from .common import (
    Writer,
    check_line_count,
    currency,
    dates_by_qualifier,
    first_in_groups,
    line_quantity,
    price_of,
    read_note,
    read_parties,
    read_product,
    refs_by_qualifier,
    required_text,
)
from .structures import structures

TYPE = "ORDERS"
DOCUMENT = model.PurchaseOrder
PURPOSE_TO_1225 = {
    model.ORDER_ORIGINAL: "9",
    model.ORDER_REPLACE: "5",
    model.ORDER_CANCEL: "1",
}
_1225_TO_PURPOSE = {code: purpose for purpose, code in PURPOSE_TO_1225.items()}
_1225_TO_PURPOSE[""] = model.ORDER_ORIGINAL

#: Directory structure per version (:mod:`.structures`).
STRUCTURES = structures(TYPE)


def write(order, w: Writer):
    w.add(
        "BGM",
        "220",
        w.an(order.number, 35, "number", required=True),
        _purpose(order, w),
    )
    w.dtm("137", order.order_date, "order_date")
    if order.requested_delivery is not None:
        w.dtm("2", order.requested_delivery, "requested_delivery")
    if order.note:
        w.free_text("AAI", order.note, "note")
    if order.contract_number:
        w.add("RFF", ["CT", w.an(order.contract_number, 35, "contract_number")])
    w.parties(order.parties)
    if order.currency:
        w.add("CUX", ["2", currency(w, order.currency), "9"])
    for index, line in enumerate(order.lines):
        field = f"lines[{index}]"
        w.lin(line.line_number, line.product, field)
        w.qty("21", line.quantity, line.unit, field)
        if line.requested_delivery is not None:
            w.dtm("2", line.requested_delivery, f"{field}.requested_delivery")
        if line.unit_price is not None:
            w.pri("AAA", line.unit_price, f"{field}.unit_price")
    w.add("UNS", "S")
    w.add("CNT", ["2", str(len(order.lines))])


def _purpose(order, w):
    code = PURPOSE_TO_1225.get(order.purpose)
    if code is None:
        w.fail("purpose", f"{order.purpose!r} is unknown", str(tuple(PURPOSE_TO_1225)))
    return code


def read(root, r):
    bgm = root.first("BGM")
    r.code(bgm, 1, 1, {"220": True, "226": True}, "document name (1001)")
    purpose = r.code(bgm, 3, 1, _1225_TO_PURPOSE, "message function (1225)")
    number = required_text(r, bgm, 2, "order number")
    dates = dates_by_qualifier(root.all("DTM"))
    order_date = r.date(r.require(dates.get("137") or dates.get("4"), "DTM", bgm))
    refs = refs_by_qualifier(root)
    lines = []
    for group in root.group_list("LIN"):
        lines.append(_read_line(r, group))
    check_line_count(r, root, len(lines))
    currency_seg = first_in_groups(root, "CUX", "CUX")
    return model.PurchaseOrder(
        number=number,
        order_date=order_date,
        parties=read_parties(r, root),
        lines=lines,
        purpose=purpose or model.ORDER_ORIGINAL,
        currency=currency_seg.get(0, 1) if currency_seg else "",
        requested_delivery=r.date(dates.get("2")),
        contract_number=refs["CT"][0].get(0, 1) if "CT" in refs else "",
        note=read_note(root, "AAI"),
    )


def _read_line(r, group):
    lin = group.first("LIN")
    quantity, unit, _ = line_quantity(r, group, ("21",), lin)
    price, _, _ = price_of(r, group)
    dates = dates_by_qualifier(group.all("DTM"))
    return model.OrderLine(
        line_number=lin.get(0),
        product=read_product(r, lin, group),
        quantity=quantity,
        unit=unit,
        unit_price=price,
        requested_delivery=r.date(dates.get("2")),
    )
