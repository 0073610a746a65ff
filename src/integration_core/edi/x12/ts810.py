"""X12 810 Invoice <-> :class:`~..model.Invoice`.

BIG (date, number, order date, order number), CUR*SE, N1 loop, ITD*01*3 with
ITD07 net days, IT1 lines (quantity, unit, unit price, GTIN/vendor/buyer
part) with PID*F, TDS (total in cents, N2), TXI*TX (tax amount), CTT.
"""

from .. import model
from .common import (
    element,
    first,
    fmt_cents,
    fmt_date,
    fmt_decimal,
    product_pairs,
    read_description,
    read_parties,
    read_product,
    to_cents,
    to_date,
    to_decimal,
    write_parties,
)
from .ts850 import N1_LOOP, PID_LOOP
from .validate import Loop, M, O

SET_ID = "810"
FUNCTIONAL_ID = "IN"
DOCUMENT = model.Invoice

STRUCTURE = Loop(
    SET_ID,
    1,
    [
        M("BIG"),
        O("NTE", 100),
        O("CUR"),
        O("REF", 12),
        O("PER", 3),
        N1_LOOP,
        O("ITD", 1000),
        O("DTM", 10),
        O("FOB"),
        O("PID", 200),
        Loop(
            "it1",
            200000,
            [
                M("IT1"),
                O("CUR"),
                O("TXI", 10),
                O("CTP", 25),
                PID_LOOP,
                O("PO4"),
                O("ITD"),
                O("REF", 1000),
                O("PER", 5),
                O("DTM", 10),
                Loop("sac", 25, [M("SAC"), O("TXI", 10)]),
                N1_LOOP,
            ],
        ),
        M("TDS"),
        O("TXI", 10),
        O("CAD"),
        O("AMT", 10),
        Loop("sac", 25, [M("SAC"), O("TXI", 10)]),
        Loop("iss", 30, [M("ISS"), O("PID")]),
        O("CTT"),
    ],
)


def read(root, ctx):
    """Return the :class:`~..model.Invoice` of a validated 810."""
    position, big = root["BIG"][0]
    _, cur = first(root, "CUR")
    terms = None
    for _, itd in root.get("ITD", ()):
        if element(itd, 7):
            terms = int(itd[7])
            break
    tax = None
    for _, txi in root.get("TXI", ()):
        if element(txi, 2):
            tax = to_decimal(txi[2])
            break
    return model.Invoice(
        number=big[2],
        invoice_date=to_date(ctx, big[1], position, "BIG", 1),
        order_number=element(big, 4),
        parties=read_parties(ctx, root.get("n1", ())),
        lines=[_read_line(ctx, line) for line in root.get("it1", ())],
        total_amount=to_cents(root["TDS"][0][1][1]),
        currency="" if cur is None else cur[2],
        tax_amount=tax,
        payment_terms_days=terms,
        order_date=to_date(ctx, element(big, 3), position, "BIG", 3),
    )


def _read_line(ctx, line):
    position, it1 = line["IT1"][0]
    for index, what in ((2, "quantity"), (3, "unit"), (4, "unit price")):
        if not element(it1, index):
            ctx.error(
                "conditional_missing",
                f"IT1{index:02d} {what} is missing",
                position,
                "IT1",
                index,
            )
    return model.InvoiceLine(
        line_number=element(it1, 1),
        product=read_product(ctx, it1, 6, position, read_description(line)),
        quantity=to_decimal(element(it1, 2)),
        unit=element(it1, 3),
        unit_price=to_decimal(element(it1, 4)),
    )


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    writer.seg(
        "BIG",
        fmt_date(document.invoice_date),
        document.number,
        fmt_date(document.order_date),
        document.order_number,
        where="header (invoice_date, number, order_date, order_number)",
    )
    if document.currency:
        writer.seg("CUR", "SE", document.currency, where="currency")
    write_parties(writer, document.parties)
    if document.payment_terms_days is not None:
        days = document.payment_terms_days
        writer.seg(
            "ITD", "01", "3", "", "", "", "", str(days), where="payment_terms_days"
        )
    for line in document.lines:
        where = f"line {line.line_number}"
        if line.quantity is None or line.unit_price is None or not line.unit:
            writer.fail(
                f"{where}: quantity, unit and unit price are required",
                "missing_element",
            )
        writer.seg(
            "IT1",
            line.line_number,
            fmt_decimal(line.quantity),
            line.unit,
            fmt_decimal(line.unit_price),
            "PE",
            *product_pairs(line.product, writer, where),
            where=where,
        )
        if line.product.description:
            writer.seg("PID", "F", "", "", "", line.product.description, where=where)
    if document.total_amount is None:
        writer.fail("total_amount is missing", "missing_element", "an amount")
    writer.seg(
        "TDS",
        fmt_cents(document.total_amount, writer, "total_amount"),
        where="total_amount",
    )
    if document.tax_amount is not None:
        writer.seg("TXI", "TX", fmt_decimal(document.tax_amount), where="tax_amount")
    writer.seg("CTT", str(len(document.lines)))
