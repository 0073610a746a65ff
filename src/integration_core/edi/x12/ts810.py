"""X12 810 Invoice <-> :class:`~..model.Invoice`.

BIG (date, number, order date, order number), CUR*SE, N1 loop, ITD*01*3 with
ITD07 net days, IT1 lines (IT101 the order line, quantity, unit, unit price,
GTIN/vendor/buyer part) with their TXI taxes, PID*F and SAC loops, then the
summary: TDS (total in cents, N2), TXI taxes, SAC loops, CTT.

Allowances and charges are SAC loops, per line (IT1 loop) and for the whole
invoice (summary, after TDS): SAC01 ``A`` allowance / ``C`` charge (other
SAC01 codes carry no amount to apply and are skipped), SAC02 the code
(``D240`` freight, ``C310`` discount, anything else "other"; written as
``ZZZZ`` mutually defined when the document has no code), SAC05 the amount in
cents (N2), SAC06 ``6`` (base price amount) + SAC07 the percent, SAC15 the
description. The base amount of a percentage has no SAC element and is not
written. TXI taxes: TXI01 type, TXI02 amount, TXI03 the rate as a decimal
fraction (``0.0825`` is 8.25 %, :attr:`~..model.Tax.percent` 8.25). TXI
inside a SAC loop (tax on the allowance itself) is not read.

``tax_amount`` is the sum of the summary TXI02 amounts; an invoice with a
``tax_amount`` but no itemised ``taxes`` is written with one TXI*TX (all
taxes).
"""

from decimal import Decimal

from .. import model
from .common import (
    INVALID_VALUE,
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
from .schema import V4010, V5010
from .ts850 import N1_LOOP, PID_LOOP
from .validate import UNBOUNDED, Loop, M, O

SET_ID = "810"
#: BIG07 transaction type codes (X12 640): credit memo, debit memo.
BIG07_CODES = {model.CREDIT_NOTE: "CR", model.DEBIT_NOTE: "DR"}
BIG07_KINDS = {code: kind for kind, code in BIG07_CODES.items()}
FUNCTIONAL_ID = "IN"
DOCUMENT = model.Invoice

CODE_TO_INDICATOR = {"A": model.ALLOWANCE, "C": model.CHARGE}
INDICATOR_TO_CODE = {value: key for key, value in CODE_TO_INDICATOR.items()}
CODE_TO_KIND = {"D240": model.KIND_FREIGHT, "C310": model.KIND_DISCOUNT}
KIND_TO_CODE = {
    **{value: key for key, value in CODE_TO_KIND.items()},
    model.KIND_OTHER: "ZZZZ",  # mutually defined
}
PERCENT_BASIS = "6"  # SAC06 (378): base price amount
ALL_TAXES = "TX"  # TXI01 (963): all taxes


def _sac_loop(version, summary=False):
    """The SAC loop: SAC + TXI (004010); TXI became a loop with DTM in 005010."""
    if version == V4010:
        return Loop("sac", 25, [M("SAC"), O("TXI", 10)])
    dates = (O("DTM", UNBOUNDED),) if summary else ()
    return Loop(
        "sac",
        UNBOUNDED,
        [M("SAC"), *dates, Loop("txi", UNBOUNDED, [M("TXI"), O("DTM")])],
    )


def _structure(version):
    """The 810 table of ``version``: the segments this codec knows, in order.

    X12 810 004010 (005010 alike, with unlimited TXI and SAC loops): heading
    BIG NTE CUR REF PER, N1 loop, ITD DTM FOB PID MEA; detail IT1 loop
    (200000) with CUR TXI CTP MEA, PID loop, PO4 ITD REF PER DTM CAD, SAC
    loop, N1 loop; summary TDS (mandatory) TXI CAD AMT, SAC loop, ISS loop,
    CTT.
    """
    taxes = 10 if version == V4010 else UNBOUNDED
    return Loop(
        SET_ID,
        1,
        [
            M("BIG"),
            O("NTE", 100),
            O("CUR"),
            O("REF", 12),
            O("PER", 3),
            N1_LOOP,
            O("ITD", UNBOUNDED),
            O("DTM", 10),
            O("FOB"),
            O("PID", 200),
            O("MEA", 40),
            Loop(
                "it1",
                200000,
                [
                    M("IT1"),
                    O("CUR"),
                    O("TXI", taxes),
                    O("CTP", 25),
                    O("MEA", 40),
                    PID_LOOP,
                    O("PO4"),
                    O("ITD", 2),
                    O("REF", UNBOUNDED),
                    O("PER", 5),
                    O("DTM", 10),
                    O("CAD", UNBOUNDED),
                    _sac_loop(version),
                    N1_LOOP,
                ],
            ),
            M("TDS"),
            O("TXI", taxes),
            O("CAD"),
            O("AMT", UNBOUNDED),
            _sac_loop(version, summary=True),
            Loop("iss", UNBOUNDED, [M("ISS"), O("PID")]),
            O("CTT"),
        ],
    )


STRUCTURES = {version: _structure(version) for version in (V4010, V5010)}
STRUCTURE = STRUCTURES[V4010]

#: Most SAC loops and TXI segments (per line, or in the summary) in 004010.
_LIMITS_4010 = {"SAC": 25, "TXI": 10}


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def read(root, ctx):
    """Return the :class:`~..model.Invoice` of a validated 810."""
    position, big = root["BIG"][0]
    _, cur = first(root, "CUR")
    terms = None
    for _, itd in root.get("ITD", ()):
        if element(itd, 7):
            terms = int(itd[7])
            break
    taxes = _read_taxes(root.get("TXI", ()))
    amounts = [tax.amount for tax in taxes if tax.amount is not None]
    return model.Invoice(
        number=big[2],
        invoice_date=to_date(ctx, big[1], position, "BIG", 1),
        order_number=element(big, 4),
        parties=read_parties(ctx, root.get("n1", ())),
        lines=[_read_line(ctx, line) for line in root.get("it1", ())],
        total_amount=to_cents(root["TDS"][0][1][1]),
        currency="" if cur is None else cur[2],
        tax_amount=sum(amounts) if amounts else None,
        payment_terms_days=terms,
        order_date=to_date(ctx, element(big, 3), position, "BIG", 3),
        allowances_charges=_read_allowances(root.get("sac", ())),
        taxes=taxes,
        kind=BIG07_KINDS.get(element(big, 7), model.INVOICE),
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
        allowances_charges=_read_allowances(line.get("sac", ())),
        taxes=_read_taxes(line.get("TXI", ())),
    )


def _read_allowances(loops):
    """Return the allowances and charges of SAC loop instances (SAC01 A or C)."""
    result = []
    for loop in loops:
        sac = loop["SAC"][0][1]
        indicator = CODE_TO_INDICATOR.get(sac[1])
        if indicator is None:
            continue  # N, P, Q, R, S: no amount applied to this invoice
        code = element(sac, 2)
        result.append(
            model.AllowanceCharge(
                indicator=indicator,
                amount=to_cents(element(sac, 5)),
                kind=CODE_TO_KIND.get(code, model.KIND_OTHER),
                code=code,
                description=element(sac, 15),
                percent=to_decimal(element(sac, 7)),
            )
        )
    return result


def _read_taxes(entries):
    """Return the :class:`~..model.Tax` of TXI ``(position, elements)`` entries."""
    result = []
    for _, txi in entries:
        rate = to_decimal(element(txi, 3))
        result.append(
            model.Tax(
                tax_type=txi[1],
                amount=to_decimal(element(txi, 2)),
                percent=None if rate is None else rate.scaleb(2),
            )
        )
    return result


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    big = [
        fmt_date(document.invoice_date),
        document.number,
        fmt_date(document.order_date),
        document.order_number,
    ]
    if document.kind != model.INVOICE:
        big += ["", "", BIG07_CODES[document.kind]]
    writer.seg(
        "BIG",
        *big,
        where="header (invoice_date, number, order_date, order_number, kind)",
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
        _write_line(writer, line)
    if document.total_amount is None:
        writer.fail("total_amount is missing", "missing_element", "an amount")
    writer.seg(
        "TDS",
        fmt_cents(document.total_amount, writer, "total_amount"),
        where="total_amount",
    )
    _write_taxes(writer, _summary_taxes(document, writer), "taxes")
    _write_allowances(writer, document.allowances_charges, "allowances_charges")
    writer.seg("CTT", str(len(document.lines)))


def _write_line(writer, line):
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
    _write_taxes(writer, line.taxes, f"{where} taxes")
    if line.product.description:
        writer.seg("PID", "F", "", "", "", line.product.description, where=where)
    _write_allowances(writer, line.allowances_charges, f"{where} allowances_charges")


def _summary_taxes(document, writer):
    """Return the summary taxes: ``taxes``, or one TXI*TX for a bare ``tax_amount``.

    X12 has no element for the invoice's tax total besides the TXI amounts,
    so a ``tax_amount`` that differs from the total of ``taxes`` cannot be
    written.
    """
    taxes, total = document.taxes, document.tax_amount
    if not taxes:
        return [] if total is None else [model.Tax(ALL_TAXES, total)]
    amounts = [tax.amount for tax in taxes if tax.amount is not None]
    if total is not None and (not amounts or sum(amounts) != total):
        writer.fail(
            f"tax_amount {total} is not the total of the taxes' amounts",
            INVALID_VALUE,
            "tax_amount equal to the sum of taxes[].amount, or None",
        )
    return taxes


def _check_count(writer, items, segment_id, where):
    limit = _LIMITS_4010[segment_id] if writer.version == V4010 else None
    if limit is not None and len(items) > limit:
        writer.fail(
            f"{where}: {len(items)} entries, a 004010 810 allows {limit}",
            "segment_repeat" if segment_id == "TXI" else "loop_repeat",
            f"at most {limit}",
        )


def _write_taxes(writer, taxes, where):
    _check_count(writer, taxes, "TXI", where)
    for index, tax in enumerate(taxes):
        rate = None if tax.percent is None else _as_decimal(tax.percent).scaleb(-2)
        writer.seg(
            "TXI",
            tax.tax_type,
            fmt_decimal(tax.amount),
            fmt_decimal(rate),
            where=f"{where}[{index}]",
        )


def _write_allowances(writer, allowances, where):
    _check_count(writer, allowances, "SAC", where)
    for index, item in enumerate(allowances):
        label = f"{where}[{index}]"
        indicator = INDICATOR_TO_CODE.get(item.indicator)
        if indicator is None:
            writer.fail(
                f"{label}: indicator {item.indicator!r} is unknown",
                INVALID_VALUE,
                "allowance or charge",
            )
        code = item.code or KIND_TO_CODE.get(item.kind)
        if code is None:
            writer.fail(
                f"{label}: kind {item.kind!r} is unknown",
                INVALID_VALUE,
                "freight, discount or other",
            )
        if item.amount is None or item.amount < 0:
            writer.fail(
                f"{label}: amount must be given and not negative",
                INVALID_VALUE,
                "a positive amount",
            )
        percent = item.percent is not None
        writer.seg(
            "SAC",
            indicator,
            code,
            "",
            "",
            fmt_cents(item.amount, writer, f"{label}.amount"),
            PERCENT_BASIS if percent else "",
            fmt_decimal(item.percent),
            *[""] * 7,
            item.description,
            where=label,
        )


def _as_decimal(value):
    return value if type(value) is Decimal else Decimal(str(value))
