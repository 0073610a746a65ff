"""INVOIC (invoice) <-> :class:`~integration_core.edi.model.Invoice`.

BGM 380 (381 credit note, 383 debit note: ``Invoice.kind``), DTM 137,
RFF ON (+ DTM 171), NAD, CUX 2 (4 = invoicing currency),
PAT 1 with C112 5:3:D:<days> (net days after invoice date), invoice-level
allowances and charges (heading ALC groups); per line LIN, PIA, IMD, QTY 47
(invoiced), PRI AAA, TAX groups (TAX 7 + MOA 124) and ALC groups; summary
UNS S, CNT 2, MOA 77 (invoice total), 79 (line total), 125 (taxable amount),
176 (total tax, ``tax_amount``) and one TAX 7 + MOA 124 group per tax.

An allowance or charge is an ALC group: ALC 5463 ``A`` (allowance) or ``C``
(charge), C214 7161 special service code (``FC`` freight charge, ``DI``
discount...) and 7160 description; PCD 3 (percentage), MOA 8 (amount) and
MOA 25 (the amount the percentage applies to). Reading also takes the amount
from MOA 23 (charge), 204 (allowance) or 131 (total), and PCD 1 / 2.
Summary ALC groups are totals of the heading and line ones (UN: "total
amounts for allowances and charges"), so they are read as the invoice's
allowances and charges only when the message has no other ALC group.

``tax_amount`` is read from MOA 176 in the summary, else as the sum of the
summary TAX groups' amounts (124, 150 or 176), else from a summary MOA 124
or 150.
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
from .structures import structures

TYPE = "INVOIC"
DOCUMENT = model.Invoice

#: Directory structure per version (:mod:`.structures`).
STRUCTURES = structures(TYPE)
TAX_AMOUNT_QUALIFIERS = ("124", "150", "176")
TOTAL_TAX = "176"

INDICATOR_TO_5463 = {model.ALLOWANCE: "A", model.CHARGE: "C"}
_5463_TO_INDICATOR = {"A": model.ALLOWANCE, "C": model.CHARGE, "N": None}
#: 7161 special service codes with a kind of their own; any other code is
#: ``KIND_OTHER`` (the code itself is kept in ``AllowanceCharge.code``).
KIND_BY_7161 = {
    "FC": model.KIND_FREIGHT,  # freight charge
    "FA": model.KIND_FREIGHT,  # freight allowance
    "DI": model.KIND_DISCOUNT,  # discount
    "QD": model.KIND_DISCOUNT,  # quantity discount
    "TD": model.KIND_DISCOUNT,  # trade discount
}
#: The 7161 code written for a kind when ``code`` is empty, by indicator.
DEFAULT_7161 = {
    (model.KIND_FREIGHT, model.CHARGE): "FC",
    (model.KIND_FREIGHT, model.ALLOWANCE): "FA",
    (model.KIND_DISCOUNT, model.CHARGE): "DI",
    (model.KIND_DISCOUNT, model.ALLOWANCE): "DI",
}
AMOUNT_QUALIFIERS = ("8", "23", "204", "131")
BASIS_QUALIFIER = "25"
KINDS = (model.KIND_FREIGHT, model.KIND_DISCOUNT, model.KIND_OTHER)
#: BGM 1001 document name codes: commercial invoice, credit note, debit note.
BGM_CODES = {
    model.INVOICE: "380",
    model.CREDIT_NOTE: "381",
    model.DEBIT_NOTE: "383",
}
BGM_KINDS = {code: kind for kind, code in BGM_CODES.items()}


# ----------------------------------------------------------------- writing


def write(invoice, w: Writer):
    w.add(
        "BGM",
        BGM_CODES[invoice.kind],
        w.an(invoice.number, 35, "number", required=True),
        "9",
    )
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
    _write_allowances(w, invoice.allowances_charges, "allowances_charges")
    line_total = Decimal(0)
    for index, line in enumerate(invoice.lines):
        field = f"lines[{index}]"
        w.lin(line.line_number, line.product, field)
        w.qty("47", line.quantity, line.unit, field)
        w.pri("AAA", line.unit_price, f"{field}.unit_price")
        _write_taxes(w, line.taxes, f"{field}.taxes")
        _write_allowances(w, line.allowances_charges, f"{field}.allowances_charges")
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
        w.add("MOA", [TOTAL_TAX, tax])
    _write_taxes(w, invoice.taxes, "taxes")


def _write_taxes(w, taxes, field):
    for index, tax in enumerate(taxes):
        tfield = f"{field}[{index}]"
        kind = w.an(tax.tax_type, 3, f"{tfield}.tax_type")
        rate = ""
        if tax.percent is not None:
            rate = w.number(tax.percent, f"{tfield}.percent", 15)
            if len(rate) > 17:
                w.fail(f"{tfield}.percent", f"{rate} is too long", "17 characters")
        w.add("TAX", "7", [kind], "", "", ["", "", "", rate])
        if tax.amount is not None:
            w.add("MOA", ["124", w.number(tax.amount, f"{tfield}.amount", 18)])


def _write_allowances(w, allowances, field):
    for index, item in enumerate(allowances):
        afield = f"{field}[{index}]"
        indicator = INDICATOR_TO_5463.get(item.indicator)
        if indicator is None:
            w.fail(
                f"{afield}.indicator",
                f"{item.indicator!r} is unknown",
                "allowance or charge",
            )
        code = _service_code(w, item, afield)
        description = w.long_text(item.description, 35, 2, f"{afield}.description")
        w.add("ALC", indicator, "", "", "", [code, "", "", *description])
        if item.percent is not None:
            w.add("PCD", ["3", w.number(item.percent, f"{afield}.percent", 10)])
        amount = w.number(item.amount, f"{afield}.amount", 18)
        if item.amount < 0:
            w.fail(f"{afield}.amount", f"{amount} is negative", "an amount >= 0")
        w.add("MOA", ["8", amount])
        if item.base_amount is not None:
            base = w.number(item.base_amount, f"{afield}.base_amount", 18)
            w.add("MOA", [BASIS_QUALIFIER, base])


def _service_code(w, item, field):
    """Return the 7161 code to write: ``code``, or the kind's default code."""
    if item.kind not in KINDS:
        w.fail(f"{field}.kind", f"{item.kind!r} is unknown", str(KINDS))
    code = w.an(item.code, 3, f"{field}.code")
    if not code:
        return DEFAULT_7161.get((item.kind, item.indicator), "")
    if KIND_BY_7161.get(code, model.KIND_OTHER) != item.kind:
        codes = [c for c, kind in KIND_BY_7161.items() if kind == item.kind]
        expected = ", ".join(codes) or "none of " + ", ".join(KIND_BY_7161)
        w.fail(
            f"{field}.code",
            f"{code!r} does not denote kind {item.kind!r}",
            f"'' or {expected}",
        )
    return code


# ----------------------------------------------------------------- reading


def read(root, r):
    bgm = root.first("BGM")
    kind = r.code(bgm, 1, 1, BGM_KINDS, "document name (1001)")
    number = required_text(r, bgm, 2, "invoice number")
    dates = dates_by_qualifier(root.all("DTM"))
    invoice_date = r.date(r.require(dates.get("137") or dates.get("3"), "DTM", bgm))
    refs = refs_by_qualifier(root)
    order_number, order_date = "", None
    if "ON" in refs:
        rff, group = refs["ON"]
        order_number = rff.get(0, 1)
        order_date = r.date(dates_by_qualifier(group.all("DTM")).get("171"))
    line_groups = root.group_list("LIN")
    lines = [_read_line(r, group) for group in line_groups]
    check_line_count(r, root, len(lines))
    cux = first_in_groups(root, "CUX", "CUX")
    alc_groups = root.group_list("ALC")
    if not alc_groups and not any(g.group_list("ALC") for g in line_groups):
        alc_groups = root.group_list("ALCSUM")
    taxes = [_read_tax(r, group) for group in root.group_list("TAXSUM")]
    return model.Invoice(
        number=number,
        invoice_date=invoice_date,
        order_number=order_number,
        parties=read_parties(r, root),
        lines=lines,
        total_amount=_total(r, root, bgm),
        currency=cux.get(0, 1) if cux else "",
        tax_amount=_tax_amount(r, root, taxes),
        payment_terms_days=_payment_days(r, root),
        order_date=order_date,
        allowances_charges=_read_allowances(r, alc_groups),
        taxes=taxes,
        kind=kind or model.INVOICE,
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
        allowances_charges=_read_allowances(r, group.group_list("ALC")),
        taxes=[_read_tax(r, tax) for tax in group.group_list("TAX")],
    )


def _read_allowances(r, groups):
    items = []
    for group in groups:
        alc = group.first("ALC")
        indicator = r.code(alc, 1, 1, _5463_TO_INDICATOR, "allowance or charge (5463)")
        if indicator is None:
            continue  # N: no allowance or charge, or an unknown code (reported)
        code = alc.get(4, 0)
        amounts = _amounts(group)
        found = next((amounts[q] for q in AMOUNT_QUALIFIERS if q in amounts), None)
        if found is None:
            r.error(
                "missing_segment",
                "the allowance or charge has no amount",
                alc,
                expected="MOA 8, 23, 204 or 131 in the ALC group",
                segment_id="MOA",
            )
            continue
        amount = r.decimal(*found)
        if amount is None:
            continue  # reported
        items.append(
            model.AllowanceCharge(
                indicator=indicator,
                amount=abs(amount),  # the indicator gives the direction
                kind=KIND_BY_7161.get(code, model.KIND_OTHER),
                code=code,
                description=alc.get(4, 3) + alc.get(4, 4),
                percent=_percent(r, group),
                base_amount=(
                    r.decimal(*amounts[BASIS_QUALIFIER])
                    if BASIS_QUALIFIER in amounts
                    else None
                ),
            )
        )
    return items


def _amounts(group):
    """Map MOA 5025 -> ``(seg, element, component)`` in an ALC group.

    MOA stands in its own groups under a heading or line ALC, directly in a
    summary ALC group.
    """
    segments = list(group.all("MOA"))
    for moa_group in group.group_list("MOA"):
        segments.append(moa_group.first("MOA"))
    found = {}
    for seg in segments:
        found.setdefault(seg.get(0, 0), (seg, 1, 2))
    return found


def _percent(r, group):
    for pcd_group in group.group_list("PCD"):
        pcd = pcd_group.first("PCD")
        if pcd.get(0, 1):
            return r.decimal(pcd, 1, 2)
    return None


def _read_tax(r, group):
    tax = group.first("TAX")
    amount = None
    for seg in group.all("MOA"):
        if seg.get(0, 0) in TAX_AMOUNT_QUALIFIERS:
            amount = r.decimal(seg, 1, 2)
            break
    rate = tax.get(4, 3)
    return model.Tax(
        tax_type=tax.get(1, 0),
        amount=amount,
        percent=r.decimal(tax, 5, 4) if rate else None,
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


def _tax_amount(r, root, taxes):
    amounts = _summary_amounts(root)
    if TOTAL_TAX in amounts:
        return r.decimal(amounts[TOTAL_TAX], 1, 2)
    total = None
    for tax in taxes:
        if tax.amount is not None:
            total = tax.amount if total is None else total + tax.amount
    if total is None:
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
