"""X12 850 Purchase Order <-> :class:`~..model.PurchaseOrder`.

Segments used (healthcare distributor 4010 guides): BEG, CUR, REF*CT
(contract), PER, DTM*002 (requested delivery), N9*L1 + MSG (note; MTX in
005010), N1 loop
with N3/N4, PO1 (line, quantity, unit, price, GTIN/vendor/buyer part) with
PID*F description and DTM*002, CTT. BEG01 ``00`` original, ``01``
cancellation, ``05`` replace (``06`` confirmation and ``07`` duplicate read
as originals); PO101 carries the order line number, which 855 PO101, 856
LIN01 and 810 IT101 echo.
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
from .schema import V4010, V5010
from .validate import UNBOUNDED, Loop, M, O

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
MSG_LENGTH = 264  # MSG01 (004010)
MTX_LENGTH = 4096  # MTX02 (005010)


def n1_loop(n4=1, per=3, extra=(), repeat=200):
    """The N1 loop (party), with the repeats and maximum uses of the set's table."""
    return Loop(
        "n1",
        repeat,
        [
            M("N1"),
            O("N2", 2),
            O("N3", 2),
            O("N4", n4),
            O("REF", 12),
            O("PER", per),
            *extra,
        ],
    )


def n9_loop(text_id, extra=()):
    """The N9 loop (reference and free text: MSG in 004010, MTX in 005010)."""
    max_use = 1000 if text_id == "MSG" else UNBOUNDED
    return Loop("n9", 1000, [M("N9"), O("DTM", UNBOUNDED), *extra, O(text_id, max_use)])


PID_LOOP = Loop("pid", 1000, [M("PID"), O("MEA", 10)])
#: The N1 loop of 810 and 856 (004010 and 005010): N4 once, PER three times.
N1_LOOP = n1_loop()


def _structure(version):
    """The 850 table of ``version``: the segments this codec knows, in order.

    X12 850 004010 and 005010 (heading BEG CUR REF PER TAX FOB, SAC loop, ITD
    DTM PID MEA TD1 TD5 MAN, N9 loop, N1 loop; detail PO1 loop, mandatory,
    100000 times; summary CTT loop). 005010 replaced MSG by MTX in the N9
    loops and made the heading TD5 repeat without limit.
    """
    text_id = "MSG" if version == V4010 else "MTX"
    return Loop(
        SET_ID,
        1,
        [
            M("BEG"),
            O("CUR"),
            O("REF", UNBOUNDED),
            O("PER", 3),
            O("TAX", UNBOUNDED),
            O("FOB", UNBOUNDED),
            Loop("sac", 25, [M("SAC"), O("CUR")]),
            O("ITD", UNBOUNDED),
            O("DTM", 10),
            O("PID", 200),
            O("MEA", 40),
            O("TD1", 2),
            O("TD5", 12 if version == V4010 else UNBOUNDED),
            O("MAN", 10),
            n9_loop(text_id),
            n1_loop(n4=UNBOUNDED, per=UNBOUNDED),
            Loop(
                "po1",
                100000,
                [
                    M("PO1"),
                    O("LIN", UNBOUNDED),
                    O("CUR"),
                    Loop("ctp", UNBOUNDED, [M("CTP"), O("CUR")]),
                    O("MEA", 40),
                    PID_LOOP,
                    O("PO4", UNBOUNDED),
                    O("REF", UNBOUNDED),
                    O("PER", 3),
                    Loop("sac", 25, [M("SAC"), O("CUR"), O("CTP")]),
                    O("ITD", 2),
                    O("TAX", UNBOUNDED),
                    O("FOB", UNBOUNDED),
                    O("DTM", 10),
                    O("TD1"),
                    O("TD5", 12),
                    O("MAN", 10),
                    n9_loop(text_id, extra=(O("MEA", 40),)),
                    n1_loop(),
                ],
                required=True,
            ),
            Loop("ctt", 1, [M("CTT"), O("AMT")]),
        ],
    )


STRUCTURES = {version: _structure(version) for version in (V4010, V5010)}
STRUCTURE = STRUCTURES[V4010]


def read(root, ctx):
    """Return the :class:`~..model.PurchaseOrder` of a validated 850."""
    position, beg = root["BEG"][0]
    _, cur = first(root, "CUR")
    note = ""
    for n9 in root.get("n9", ()):
        if element(n9["N9"][0][1], 1) == "L1":
            note = "".join(element(msg, 1) for _, msg in n9.get("MSG", ()))
            note += "".join(element(mtx, 2) for _, mtx in n9.get("MTX", ()))
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
        _write_note(writer, document.note)
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


def _write_note(writer, note):
    """Write N9*L1 and the note: MSG segments in 004010, MTX in 005010."""
    writer.seg("N9", "L1", "NOTES")
    if writer.version == V4010:
        for start in range(0, len(note), MSG_LENGTH):
            writer.seg("MSG", note[start : start + MSG_LENGTH], where="note")
    else:
        for start in range(0, len(note), MTX_LENGTH):
            writer.seg("MTX", "", note[start : start + MTX_LENGTH], where="note")
