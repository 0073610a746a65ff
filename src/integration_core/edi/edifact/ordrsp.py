"""ORDRSP (order response) <-> :class:`~integration_core.edi.model.PurchaseOrderAck`.

BGM 231 with 1225 = 29 accepted / 4 accepted with changes / 27 rejected,
DTM 137, RFF ON (+ DTM 171 order date), NAD, CUX; per line LIN with action
code 1229 = 5 accepted, 3 changed (QTY 113) or backordered (QTY 83),
7 not accepted; PIA, IMD, QTY, DTM 2 (scheduled delivery), PRI AAA.

QTY is conditional in the directory: a line that is not accepted (1229 = 7
not accepted, 10 not found) may come without one and is read with quantity
0 (unit EA). A line that is accepted or changed still needs a QTY, since the
quantity it confirms is not in the message otherwise.
"""

from decimal import Decimal

from .. import model
from .common import (
    Writer,
    check_line_count,
    dates_by_qualifier,
    line_quantity,
    price_of,
    read_parties,
    read_product,
    refs_by_qualifier,
    required_text,
)
from .structures import structures

TYPE = "ORDRSP"
DOCUMENT = model.PurchaseOrderAck
STATUS_TO_1225 = {
    model.ACK_ACCEPTED: "29",
    model.ACK_ACCEPTED_WITH_CHANGES: "4",
    model.ACK_REJECTED: "27",
}
_1225_TO_STATUS = {code: status for status, code in STATUS_TO_1225.items()}
LINE_TO_1229 = {
    model.LINE_ACCEPTED: "5",
    model.LINE_CHANGED: "3",
    model.LINE_BACKORDERED: "3",
    model.LINE_REJECTED: "7",
}
QUANTITY_QUALIFIERS = ("83", "113", "21", "12")
_1229_TO_LINE = {
    "5": model.LINE_ACCEPTED,
    "3": model.LINE_CHANGED,
    "6": model.LINE_CHANGED,
    "7": model.LINE_REJECTED,
    "10": model.LINE_REJECTED,
}

#: Directory structure per version (:mod:`.structures`).
STRUCTURES = structures(TYPE)


def write(ack, w: Writer):
    status = STATUS_TO_1225.get(ack.status)
    if status is None:
        w.fail("status", f"{ack.status!r} is unknown", str(tuple(STATUS_TO_1225)))
    w.add("BGM", "231", w.an(ack.number, 35, "number", required=True), status)
    w.dtm("137", ack.ack_date, "ack_date")
    w.add("RFF", ["ON", w.an(ack.order_number, 35, "order_number", required=True)])
    if ack.order_date is not None:
        w.dtm("171", ack.order_date, "order_date")
    w.parties(ack.parties)
    for index, line in enumerate(ack.lines):
        field = f"lines[{index}]"
        action = LINE_TO_1229.get(line.status)
        if action is None:
            w.fail(
                f"{field}.status",
                f"{line.status!r} is unknown",
                str(tuple(LINE_TO_1229)),
            )
        w.lin(line.line_number, line.product, field, action)
        qualifier = "83" if line.status == model.LINE_BACKORDERED else "113"
        w.qty(qualifier, line.quantity, line.unit, field)
        if line.scheduled_delivery is not None:
            w.dtm("2", line.scheduled_delivery, f"{field}.scheduled_delivery")
        if line.unit_price is not None:
            w.pri("AAA", line.unit_price, f"{field}.unit_price")
    w.add("UNS", "S")
    w.add("CNT", ["2", str(len(ack.lines))])


def read(root, r):
    bgm = root.first("BGM")
    r.code(bgm, 1, 1, {"231": True}, "document name (1001)")
    status = r.code(bgm, 3, 1, _1225_TO_STATUS, "message function (1225)")
    number = required_text(r, bgm, 2, "response number")
    dates = dates_by_qualifier(root.all("DTM"))
    ack_date = r.date(r.require(dates.get("137"), "DTM", bgm))
    refs = refs_by_qualifier(root)
    order_number, order_date = "", None
    if r.require(refs.get("ON"), "RFF", bgm) is not None:
        rff, group = refs["ON"]
        order_number = required_text(r, rff, 1, "order number", 2)
        order_date = r.date(dates_by_qualifier(group.all("DTM")).get("171"))
    lines = [_read_line(r, group) for group in root.group_list("LIN")]
    check_line_count(r, root, len(lines))
    return model.PurchaseOrderAck(
        number=number,
        ack_date=ack_date,
        order_number=order_number,
        order_date=order_date,
        status=status,
        parties=read_parties(r, root),
        lines=lines,
    )


def _read_line(r, group):
    lin = group.first("LIN")
    status = r.code(lin, 2, 1, _1229_TO_LINE, "action request (1229)")
    quantities = [q for q in group.all("QTY") if q.get(0, 0) in QUANTITY_QUALIFIERS]
    if status == model.LINE_REJECTED and not quantities:
        quantity, unit, qty = Decimal("0"), "EA", None
    else:
        quantity, unit, qty = line_quantity(r, group, QUANTITY_QUALIFIERS, lin)
    if qty is not None and qty.get(0, 0) == "83" and lin.get(1) == "3":
        status = model.LINE_BACKORDERED
    price, _, _ = price_of(r, group)
    dates = dates_by_qualifier(group.all("DTM"))
    return model.AckLine(
        line_number=lin.get(0),
        product=read_product(r, lin, group),
        status=status,
        quantity=quantity,
        unit=unit,
        unit_price=price,
        scheduled_delivery=r.date(dates.get("2")),
    )
