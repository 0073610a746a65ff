"""INVOIC (invoice) <-> :class:`~integration_core.edi.model.Invoice`.

BGM 380, DTM 137, RFF ON (+ DTM 171), NAD, CUX 2 (4 = invoicing currency),
PAT 1 with C112 5:3:D:<days> (net days after invoice date); per line LIN,
PIA, IMD, QTY 47 (invoiced), PRI AAA; summary UNS S, CNT 2, MOA 77 (invoice
total), 79 (line total), 125 (taxable amount) and TAX 7 VAT + MOA 124 (tax).
"""

from decimal import Decimal

from .. import model
from .common import (
    Writer,
    check_line_count,
    currency,
    dates_by_qualifier,
    first_in_groups,
    line_quantity,
    price_of,
    read_parties,
    read_product,
    refs_by_qualifier,
    required_text,
)
from .spec import G, S

TYPE = "INVOIC"
DOCUMENT = model.Invoice

STRUCTURE = G(
    TYPE,
    1,
    1,
    S("UNH", 1, 1),
    S("BGM", 1, 1),
    S("DTM", 1, 35),
    S("FTX", 0, 99),
    G("RFF", 0, 99, S("RFF", 1, 1), S("DTM", 0, 5)),
    G(
        "NAD",
        0,
        99,
        S("NAD", 1, 1),
        S("LOC", 0, 25),
        G("RFF", 0, 10, S("RFF", 1, 1), S("DTM", 0, 5)),
        G("CTA", 0, 5, S("CTA", 1, 1), S("COM", 0, 5)),
    ),
    G("TAX", 0, 5, S("TAX", 1, 1), S("MOA", 0, 1)),
    G("CUX", 0, 5, S("CUX", 1, 1), S("DTM", 0, 5)),
    G("PAT", 0, 10, S("PAT", 1, 1), S("DTM", 0, 5), S("MOA", 0, 1)),
    G("TDT", 0, 10, S("TDT", 1, 1)),
    G(
        "LIN",
        0,
        200000,
        S("LIN", 1, 1),
        S("PIA", 0, 25),
        S("IMD", 0, 99),
        S("MEA", 0, 99),
        S("QTY", 0, 5),
        S("ALI", 0, 5),
        S("DTM", 0, 35),
        S("GIN", 0, 1000),
        S("FTX", 0, 5),
        S("MOA", 0, 10),
        G("PRI", 0, 25, S("PRI", 1, 1), S("CUX", 0, 1), S("DTM", 0, 5)),
        G("RFF", 0, 10, S("RFF", 1, 1), S("DTM", 0, 5)),
        G("TAX", 0, 99, S("TAX", 1, 1), S("MOA", 0, 1)),
    ),
    S("UNS", 1, 1),
    S("CNT", 0, 10),
    G("MOASUM", 1, 100, S("MOA", 1, 1), G("RFF", 0, 1, S("RFF", 1, 1), S("DTM", 0, 5))),
    G("TAXSUM", 0, 10, S("TAX", 1, 1), S("MOA", 0, 9)),
    S("UNT", 1, 1),
)
TAX_AMOUNT_QUALIFIERS = ("124", "150", "176")


def write(invoice, w: Writer):
    w.add("BGM", "380", w.an(invoice.number, 35, "number", required=True), "9")
    w.dtm("137", invoice.invoice_date, "invoice_date")
    if invoice.order_number:
        w.add("RFF", ["ON", w.an(invoice.order_number, 35, "order_number")])
        if invoice.order_date is not None:
            w.dtm("171", invoice.order_date, "order_date")
    elif invoice.order_date is not None:
        w.fail("order_date", "is set without an order_number")
    w.parties(invoice.parties)
    if invoice.currency:
        w.add("CUX", ["2", currency(w, invoice.currency), "4"])
    days = invoice.payment_terms_days
    if days is not None:
        if not isinstance(days, int) or not 0 <= days <= 999:
            w.fail("payment_terms_days", f"is {days!r}", "an int from 0 to 999")
        w.add("PAT", "1", "", ["5", "3", "D", str(days)])
    line_total = Decimal(0)
    for index, line in enumerate(invoice.lines):
        field = f"lines[{index}]"
        w.lin(line.line_number, line.product, field)
        w.qty("47", line.quantity, line.unit, field)
        w.pri("AAA", line.unit_price, f"{field}.unit_price")
        line_total += line.quantity * line.unit_price
    w.add("UNS", "S")
    w.add("CNT", ["2", str(len(invoice.lines))])
    w.add("MOA", ["77", w.number(invoice.total_amount, "total_amount", 18)])
    if sum(ch.isdigit() for ch in format(line_total, "f")) <= 18:
        w.add("MOA", ["79", format(line_total, "f")])
    if invoice.tax_amount is not None:
        tax = w.number(invoice.tax_amount, "tax_amount", 18)
        taxable = invoice.total_amount - invoice.tax_amount
        if sum(ch.isdigit() for ch in format(taxable, "f")) <= 18:
            w.add("MOA", ["125", format(taxable, "f")])
        w.add("TAX", "7", ["VAT"])
        w.add("MOA", ["124", tax])


def read(root, r):
    bgm = root.first("BGM")
    r.code(bgm, 1, 1, {"380": True, "381": True, "383": True}, "document name (1001)")
    number = required_text(r, bgm, 2, "invoice number")
    dates = dates_by_qualifier(root.all("DTM"))
    invoice_date = r.date(r.require(dates.get("137") or dates.get("3"), "DTM", bgm))
    refs = refs_by_qualifier(root)
    order_number, order_date = "", None
    if "ON" in refs:
        rff, group = refs["ON"]
        order_number = rff.get(0, 1)
        order_date = r.date(dates_by_qualifier(group.all("DTM")).get("171"))
    lines = [_read_line(r, group) for group in root.group_list("LIN")]
    check_line_count(r, root, len(lines))
    cux = first_in_groups(root, "CUX", "CUX")
    return model.Invoice(
        number=number,
        invoice_date=invoice_date,
        order_number=order_number,
        parties=read_parties(r, root),
        lines=lines,
        total_amount=_total(r, root, bgm),
        currency=cux.get(0, 1) if cux else "",
        tax_amount=_tax(r, root),
        payment_terms_days=_payment_days(r, root),
        order_date=order_date,
    )


def _read_line(r, group):
    lin = group.first("LIN")
    quantity, unit, _ = line_quantity(r, group, ("47", "46", "12"), lin)
    price, _, _ = price_of(r, group)
    if price is None:
        r.require(None, "PRI", lin)
    return model.InvoiceLine(
        line_number=lin.get(0),
        product=read_product(r, lin, group),
        quantity=quantity,
        unit=unit,
        unit_price=price,
    )


def _summary_amounts(root):
    found = {}
    for group in root.group_list("MOASUM"):
        seg = group.first("MOA")
        found.setdefault(seg.get(0, 0), seg)
    return found


def _total(r, root, bgm):
    seg = r.require(_summary_amounts(root).get("77"), "MOA", bgm)
    return r.decimal(seg, 1, 2) if seg is not None else None


def _tax(r, root):
    total = None
    for group in root.group_list("TAXSUM"):
        for seg in group.all("MOA"):
            if seg.get(0, 0) in TAX_AMOUNT_QUALIFIERS:
                value = r.decimal(seg, 1, 2)
                if value is not None:
                    total = value if total is None else total + value
                break
    if total is None:
        amounts = _summary_amounts(root)
        for qualifier in TAX_AMOUNT_QUALIFIERS:
            if qualifier in amounts:
                return r.decimal(amounts[qualifier], 1, 2)
    return total


def _payment_days(r, root):
    pat = first_in_groups(root, "PAT", "PAT")
    if pat is None or not pat.get(2, 3):
        return None
    value = pat.get(2, 3)
    if not value.isdigit():
        r.error(
            "invalid_number", f"payment period {value!r}", pat, 3, 4, "number of days"
        )
        return None
    if pat.get(2, 2) not in ("D", ""):
        r.error("invalid_code", f"period type {pat.get(2, 2)!r}", pat, 3, 3, "D (days)")
    return int(value)
