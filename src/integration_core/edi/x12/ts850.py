"""X12 850 Purchase Order <-> :class:`~..model.PurchaseOrder`.

Segments used (healthcare distributor 4010 guides): BEG, CUR, REF*CT
(contract), PER, DTM*002 (requested delivery), N9*L1 + MSG (note), N1 loop
with N3/N4, PO1 (line, quantity, unit, price, GTIN/vendor/buyer part) with
PID*F description and DTM*002, CTT.
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
    to_date,
    to_decimal,
    write_parties,
)
from .validate import Loop, M, O

SET_ID = "850"
FUNCTIONAL_ID = "PO"
DOCUMENT = model.PurchaseOrder

PURPOSE_TO_CODE = {
    model.ORDER_ORIGINAL: "00",
    model.ORDER_CANCEL: "01",
    model.ORDER_REPLACE: "05",
}
CODE_TO_PURPOSE = {
    "00": model.ORDER_ORIGINAL,
    "06": model.ORDER_ORIGINAL,
    "07": model.ORDER_ORIGINAL,
    "01": model.ORDER_CANCEL,
    "05": model.ORDER_REPLACE,
}
MSG_LENGTH = 264

N1_LOOP = Loop(
    "n1", 200, [M("N1"), O("N2", 2), O("N3", 2), O("N4"), O("REF", 12), O("PER", 3)]
)
PID_LOOP = Loop("pid", 1000, [M("PID"), O("MEA", 10)])

STRUCTURE = Loop(
    SET_ID,
    1,
    [
        M("BEG"),
        O("CUR"),
        O("REF", 1000),
        O("PER", 3),
        O("TAX", 1000),
        O("FOB", 1000),
        O("SAC", 25),
        O("ITD", 1000),
        O("DTM", 10),
        O("PID", 200),
        O("TD1", 2),
        O("TD5", 12),
        O("MAN", 10),
        Loop("n9", 1000, [M("N9"), O("DTM", 10), O("MSG", 1000)]),
        N1_LOOP,
        Loop(
            "po1",
            100000,
            [
                M("PO1"),
                O("LIN", 1000),
                O("CUR"),
                O("CTP", 25),
                O("MEA", 40),
                PID_LOOP,
                O("PO4", 1000),
                O("REF", 1000),
                O("PER", 3),
                O("SAC", 25),
                O("ITD", 2),
                O("TAX", 3),
                O("FOB", 1000),
                O("DTM", 10),
                O("TD1", 1),
                O("TD5", 12),
                O("MAN", 10),
                Loop("n9", 1000, [M("N9"), O("DTM", 10), O("MSG", 1000)]),
                N1_LOOP,
            ],
            required=True,
        ),
        Loop("ctt", 1, [M("CTT"), O("AMT")]),
    ],
)


def read(root, ctx):
    """Return the :class:`~..model.PurchaseOrder` of a validated 850."""
    position, beg = root["BEG"][0]
    _, cur = first(root, "CUR")
    note = ""
    for n9 in root.get("n9", ()):
        if element(n9["N9"][0][1], 1) == "L1":
            note = "".join(element(msg, 1) for _, msg in n9.get("MSG", ()))
            break
    lines = [_read_line(ctx, line) for line in root["po1"]]
    _check_line_count(ctx, root, len(lines))
    return model.PurchaseOrder(
        number=beg[3],
        order_date=to_date(ctx, beg[5], position, "BEG", 5),
        parties=read_parties(ctx, root.get("n1", ())),
        lines=lines,
        purpose=CODE_TO_PURPOSE[beg[1]],
        currency="" if cur is None else cur[2],
        requested_delivery=qualified_date(ctx, root, "002"),
        contract_number=qualified_value(root, "CT"),
        note=note,
    )


def _read_line(ctx, line):
    position, po1 = line["PO1"][0]
    # PO101-PO104, padded: trailing empty elements may be left out
    line_number, quantity, unit, unit_price = (*po1, "", "", "", "")[1:5]
    quantity = to_decimal(quantity)
    if quantity is None:
        ctx.error(
            "conditional_missing", "PO102 quantity is missing", position, "PO1", 2
        )
    return model.OrderLine(
        line_number=line_number,
        product=read_product(ctx, po1, 6, position, read_description(line)),
        quantity=quantity,
        unit=unit,
        unit_price=to_decimal(unit_price),
        requested_delivery=qualified_date(ctx, line, "002"),
    )


def _check_line_count(ctx, root, count):
    ctt = root.get("ctt")
    if ctt:
        position, elements = ctt[0]["CTT"][0]
        if int(elements[1]) != count:
            ctx.error(
                "bad_line_count",
                f"CTT01 says {elements[1]} line items, the set has {count}",
                position,
                "CTT",
                1,
                str(count),
            )


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    purpose = PURPOSE_TO_CODE.get(document.purpose)
    if purpose is None:
        writer.fail(
            f"purpose {document.purpose!r} is unknown",
            "invalid_value",
            "original, replace or cancel",
        )
    writer.seg("BEG", purpose, "SA", document.number, "", fmt_date(document.order_date))
    if document.currency:
        writer.seg("CUR", "BY", document.currency)
    if document.contract_number:
        writer.seg("REF", "CT", document.contract_number, where="contract_number")
    if document.requested_delivery:
        writer.seg("DTM", "002", fmt_date(document.requested_delivery))
    if document.note:
        writer.seg("N9", "L1", "NOTES")
        note = document.note
        for start in range(0, len(note), MSG_LENGTH):
            writer.seg("MSG", note[start : start + MSG_LENGTH], where="note")
    write_parties(writer, document.parties)
    if not document.lines:
        writer.fail(
            "a purchase order needs at least one line", "missing_segment", "PO1"
        )
    for line in document.lines:
        where = f"line {line.line_number}"
        if line.quantity is None:
            writer.fail(
                f"{where}: quantity is missing", "missing_element", "a quantity"
            )
        writer.seg(
            "PO1",
            line.line_number,
            fmt_decimal(line.quantity),
            line.unit,
            fmt_decimal(line.unit_price),
            "PE" if line.unit_price is not None else "",
            *product_pairs(line.product, writer, where),
            where=where,
        )
        if line.product.description:
            writer.seg("PID", "F", "", "", "", line.product.description, where=where)
        if line.requested_delivery:
            writer.seg("DTM", "002", fmt_date(line.requested_delivery), where=where)
    writer.seg("CTT", str(len(document.lines)))
