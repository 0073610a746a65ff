"""X12 855 Purchase Order Acknowledgment <-> :class:`~..model.PurchaseOrderAck`.

BAK (BAK02 AD accepted / AC accepted with changes / RJ rejected; BAK03/04 the
order, BAK08/09 the supplier's acknowledgement number and date), N1 loop, PO1
echoing the order line with PID*F, and one ACK per line status (IA accepted,
IC changed, IB backordered, IR rejected; ACK04 ``017`` + ACK05 the scheduled
delivery). A PO1 with several ACKs (e.g. part accepted, part backordered)
reads as one :class:`~..model.AckLine` per ACK.
"""

from .. import model
from .common import (
    element,
    fmt_date,
    fmt_decimal,
    product_pairs,
    read_description,
    read_parties,
    read_product,
    to_date,
    to_decimal,
    write_parties,
)
from .schema import V4010, V5010
from .ts850 import PID_LOOP, n1_loop, n9_loop
from .validate import UNBOUNDED, Loop, M, O

SET_ID = "855"
FUNCTIONAL_ID = "PR"
DOCUMENT = model.PurchaseOrderAck

STATUS_TO_CODE = {
    model.ACK_ACCEPTED: "AD",
    model.ACK_ACCEPTED_WITH_CHANGES: "AC",
    model.ACK_REJECTED: "RJ",
}
CODE_TO_STATUS = {
    **dict.fromkeys(("AD", "AK", "AT", "NA"), model.ACK_ACCEPTED),
    **dict.fromkeys(
        ("AC", "AE", "AH", "AP", "RV", "ZZ"), model.ACK_ACCEPTED_WITH_CHANGES
    ),
    **dict.fromkeys(("RD", "RF", "RJ", "RN", "RO"), model.ACK_REJECTED),
}
LINE_TO_CODE = {
    model.LINE_ACCEPTED: "IA",
    model.LINE_CHANGED: "IC",
    model.LINE_BACKORDERED: "IB",
    model.LINE_REJECTED: "IR",
}
#: ACK01 (668) -> line status, for every code of the element's list.
CODE_TO_LINE = {
    **dict.fromkeys(("IA", "AA", "AC", "AR", "IE"), model.LINE_ACCEPTED),
    **dict.fromkeys(
        ("IC", "IQ", "IP", "DR", "IS", "IF", "IW", "IH", "SP"), model.LINE_CHANGED
    ),
    **dict.fromkeys(("IB", "BP"), model.LINE_BACKORDERED),
    **dict.fromkeys(
        ("IR", "ID", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"),
        model.LINE_REJECTED,
    ),
}
SCHEDULE_QUALIFIERS = ("017", "067", "068")


def _structure(version):
    """The 855 table of ``version``: the segments this codec knows, in order.

    X12 855 004010 and 005010: heading BAK CUR REF PER TAX FOB CTP, SAC loop,
    ITD DTM PID MEA TD1 TD5 MAN TXI, N9 loop, N1 loop; detail PO1 loop
    (optional, 100000) with LIN CUR CTP MEA, PID loop, PO4 REF PER, SAC loop,
    ITD TAX FOB DTM TD1 TD5, ACK loop (104: ACK, DTM), MAN TXI, N9 and N1
    loops; summary CTT loop. 005010 replaced MSG by MTX in the N9 loops.
    """
    text_id = "MSG" if version == V4010 else "MTX"
    return Loop(
        SET_ID,
        1,
        [
            M("BAK"),
            O("CUR"),
            O("REF", UNBOUNDED),
            O("PER", 3),
            O("TAX", UNBOUNDED),
            O("FOB", UNBOUNDED),
            O("CTP", UNBOUNDED),
            Loop("sac", 25, [M("SAC"), O("CUR")]),
            O("ITD", 5),
            O("DTM", 10),
            O("PID", 200),
            O("MEA", 40),
            O("TD1", 2),
            O("TD5", 12),
            O("MAN", 10),
            O("TXI", UNBOUNDED),
            n9_loop(text_id),
            n1_loop(per=UNBOUNDED),
            Loop(
                "po1",
                100000,
                [
                    M("PO1"),
                    O("LIN", UNBOUNDED),
                    O("CUR"),
                    O("CTP", UNBOUNDED),
                    O("MEA", 40),
                    PID_LOOP,
                    O("PO4", UNBOUNDED),
                    O("REF", UNBOUNDED),
                    O("PER", 3),
                    Loop("sac", 25, [M("SAC"), O("CUR")]),
                    O("ITD", 2),
                    O("TAX", UNBOUNDED),
                    O("FOB", UNBOUNDED),
                    O("DTM", 10),
                    O("TD1"),
                    O("TD5", 12),
                    Loop("ack", 104, [M("ACK"), O("DTM")]),
                    O("MAN", 10),
                    O("TXI", UNBOUNDED),
                    n9_loop(text_id),
                    n1_loop(),
                ],
            ),
            Loop("ctt", 1, [M("CTT"), O("AMT")]),
        ],
    )


STRUCTURES = {version: _structure(version) for version in (V4010, V5010)}
STRUCTURE = STRUCTURES[V4010]


def read(root, ctx):
    """Return the :class:`~..model.PurchaseOrderAck` of a validated 855."""
    position, bak = root["BAK"][0]
    ack_date = to_date(ctx, element(bak, 9), position, "BAK", 9) or ctx.group_date
    lines = []
    for line in root.get("po1", ()):
        lines.extend(_read_line(ctx, line))
    return model.PurchaseOrderAck(
        number=element(bak, 8),
        ack_date=ack_date,
        order_number=bak[3],
        order_date=to_date(ctx, bak[4], position, "BAK", 4),
        status=CODE_TO_STATUS[bak[2]],
        parties=read_parties(ctx, root.get("n1", ())),
        lines=lines,
    )


def _read_line(ctx, line):
    position, po1 = line["PO1"][0]
    product = read_product(ctx, po1, 6, position, read_description(line))
    price = to_decimal(element(po1, 4))
    acks = line.get("ack") or [None]
    lines = []
    for ack_loop in acks:
        status, scheduled = model.LINE_ACCEPTED, None
        quantity, unit = element(po1, 2), element(po1, 3)
        if ack_loop is not None:
            ack_position, ack = ack_loop["ACK"][0]
            status = CODE_TO_LINE[ack[1]]
            quantity = element(ack, 2) or quantity
            unit = element(ack, 3) or unit
            if element(ack, 4) in SCHEDULE_QUALIFIERS:
                scheduled = to_date(ctx, element(ack, 5), ack_position, "ACK", 5)
        if not quantity:
            ctx.error(
                "conditional_missing", "line quantity is missing", position, "PO1", 2
            )
        lines.append(
            model.AckLine(
                line_number=element(po1, 1),
                product=product,
                status=status,
                quantity=to_decimal(quantity),
                unit=unit,
                unit_price=price,
                scheduled_delivery=scheduled,
            )
        )
    return lines


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    status = STATUS_TO_CODE.get(document.status)
    if status is None:
        writer.fail(
            f"status {document.status!r} is unknown",
            "invalid_value",
            ", ".join(STATUS_TO_CODE),
        )
    writer.seg(
        "BAK",
        "00",
        status,
        document.order_number,
        fmt_date(document.order_date),
        "",
        "",
        "",
        document.number,
        fmt_date(document.ack_date),
        where="header (order_number, order_date, number, ack_date)",
    )
    write_parties(writer, document.parties)
    for line in document.lines:
        where = f"line {line.line_number}"
        code = LINE_TO_CODE.get(line.status)
        if code is None:
            writer.fail(
                f"{where}: status {line.status!r} is unknown",
                "invalid_value",
                ", ".join(LINE_TO_CODE),
            )
        if line.quantity is None:
            writer.fail(
                f"{where}: quantity is missing", "missing_element", "a quantity"
            )
        quantity = fmt_decimal(line.quantity)
        writer.seg(
            "PO1",
            line.line_number,
            quantity,
            line.unit,
            fmt_decimal(line.unit_price),
            "PE" if line.unit_price is not None else "",
            *product_pairs(line.product, writer, where),
            where=where,
        )
        if line.product.description:
            writer.seg("PID", "F", "", "", "", line.product.description, where=where)
        scheduled = fmt_date(line.scheduled_delivery)
        writer.seg(
            "ACK",
            code,
            quantity,
            line.unit,
            "017" if scheduled else "",
            scheduled,
            where=where,
        )
    writer.seg("CTT", str(len(document.lines)))
