"""Hypothesis strategies for EDIFACT-writable business documents."""

import copy
import dataclasses
import datetime
import string

from hypothesis import strategies as st

from integration_core.edi import model
from integration_core.edi.edifact import X12_TO_REC20

SPECIALS = "'+:?* "
#: Latin-1 printable text plus every EDIFACT service character.
latin_text_chars = st.one_of(
    st.sampled_from(SPECIALS),
    st.characters(codec="latin-1", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
)
wide_text_chars = st.one_of(latin_text_chars, st.sampled_from("€ŁŽжΩ✓中"))


def text(max_size, min_size=0, wide=False):
    return st.text(
        wide_text_chars if wide else latin_text_chars,
        min_size=min_size,
        max_size=max_size,
    )


def _with_check_digit(body):
    total = sum(
        int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body))
    )
    return body + str((10 - total % 10) % 10)


def gs1_number(length):
    return st.text(string.digits, min_size=length - 1, max_size=length - 1).map(
        _with_check_digit
    )


gtins = st.one_of(gs1_number(8), gs1_number(12), gs1_number(13), gs1_number(14))
ssccs = gs1_number(18)
units = st.sampled_from(sorted(X12_TO_REC20))
dates = st.dates(
    min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)
)
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
quantities = st.decimals(min_value=0, max_value=10**8, places=3, allow_nan=False)
currencies = st.sampled_from(["", "EUR", "USD", "CHF", "GBP"])
line_numbers = text(6, min_size=1)
#: LIN 1082 line numbers: n..6 in D.96A (an..6 in D.01B).
lin_numbers = st.text(string.digits, min_size=1, max_size=6)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@st.composite
def addresses(draw, wide=False):
    address = model.Address(
        street=draw(text(35, wide=wide)),
        street2=draw(text(35, wide=wide)),
        city=draw(text(35, wide=wide)),
        state=draw(text(9, wide=wide)),
        postal_code=draw(text(9, wide=wide)),
        country=draw(st.sampled_from(["BE", "DE", "NL", "FR", "CH"])),
    )
    if not address.street:
        address = dataclasses.replace(address, street2="")
    return address


@st.composite
def parties(draw, wide=False):
    scheme = draw(
        st.sampled_from(
            [
                model.GLN,
                model.DUNS,
                model.ASSIGNED_BY_BUYER,
                model.ASSIGNED_BY_SELLER,
                "",
            ]
        )
    )
    if scheme == model.GLN:
        identifier = draw(gs1_number(13))
    elif scheme:
        identifier = draw(text(35, min_size=1, wide=wide))
    else:
        identifier = ""
    return model.Party(
        role=draw(st.sampled_from(model.PARTY_ROLES)),
        name=draw(text(175, wide=wide)),
        identifier=identifier,
        identifier_scheme=scheme,
        address=draw(st.none() | addresses(wide)),
    )


@st.composite
def products(draw, wide=False):
    return model.Product(
        gtin=draw(st.just("") | gtins),
        vendor_part=draw(text(35, wide=wide)),
        buyer_part=draw(text(35, wide=wide)),
        description=draw(text(70, wide=wide)),
    )


def _optional(strategy):
    return st.none() | strategy


@st.composite
def purchase_orders(draw, wide=False):
    lines = draw(
        st.lists(
            st.builds(
                model.OrderLine,
                lin_numbers,
                products(wide),
                quantities,
                units,
                _optional(amounts),
                _optional(dates),
            ),
            max_size=4,
        )
    )
    return model.PurchaseOrder(
        number=draw(text(35, min_size=1, wide=wide)),
        order_date=draw(dates),
        parties=draw(st.lists(parties(wide), max_size=4)),
        lines=lines,
        purpose=draw(
            st.sampled_from(
                [model.ORDER_ORIGINAL, model.ORDER_REPLACE, model.ORDER_CANCEL]
            )
        ),
        currency=draw(currencies),
        requested_delivery=draw(_optional(dates)),
        contract_number=draw(text(35, wide=wide)),
        note=draw(text(300, wide=wide)),
    )


@st.composite
def order_acks(draw, wide=False):
    line_status = st.sampled_from(
        [
            model.LINE_ACCEPTED,
            model.LINE_CHANGED,
            model.LINE_BACKORDERED,
            model.LINE_REJECTED,
        ]
    )
    lines = draw(
        st.lists(
            st.builds(
                model.AckLine,
                lin_numbers,
                products(wide),
                line_status,
                quantities,
                units,
                _optional(amounts),
                _optional(dates),
            ),
            max_size=4,
        )
    )
    return model.PurchaseOrderAck(
        number=draw(text(35, min_size=1, wide=wide)),
        ack_date=draw(dates),
        order_number=draw(text(35, min_size=1, wide=wide)),
        order_date=draw(_optional(dates)),
        status=draw(
            st.sampled_from(
                [
                    model.ACK_ACCEPTED,
                    model.ACK_ACCEPTED_WITH_CHANGES,
                    model.ACK_REJECTED,
                ]
            )
        ),
        parties=draw(st.lists(parties(wide), max_size=3)),
        lines=lines,
    )


@st.composite
def shipped_items(draw, wide=False):
    return model.ShippedItem(
        line_number=draw(line_numbers),
        product=draw(products(wide)),
        quantity=draw(quantities),
        unit=draw(units),
        lot=draw(text(35, wide=wide)),
        expiry_date=draw(_optional(dates)),
        serial_numbers=draw(st.lists(text(35, min_size=1, wide=wide), max_size=7)),
        udi=draw(text(140, wide=wide)),
    )


@st.composite
def packs(draw, wide=False):
    sscc = draw(st.just("") | ssccs)
    items = draw(st.lists(shipped_items(wide), min_size=0 if sscc else 1, max_size=3))
    return model.Pack(sscc, items)


@st.composite
def ship_notices(draw, wide=False):
    numbers = draw(
        st.lists(text(35, min_size=1, wide=wide), min_size=1, max_size=3, unique=True)
    )
    orders = [
        model.ShippedOrder(
            number,
            draw(_optional(dates)),
            draw(st.lists(packs(wide), max_size=3)),
            draw(st.lists(shipped_items(wide), max_size=3)),
        )
        for number in numbers
    ]
    weighed = draw(st.booleans())
    return model.ShipNotice(
        number=draw(text(35, min_size=1, wide=wide)),
        ship_date=draw(dates),
        parties=draw(st.lists(parties(wide), max_size=3)),
        orders=orders,
        expected_delivery=draw(_optional(dates)),
        carrier=draw(text(17, wide=wide)),
        tracking_number=draw(text(35, wide=wide)),
        gross_weight=draw(amounts) if weighed else None,
        weight_unit=draw(st.sampled_from(["KG", "LB"])) if weighed else "",
    )


#: (kind, 7161 code) pairs the EDIFACT codec writes and reads back as such.
ALLOWANCE_KINDS = [
    (model.KIND_FREIGHT, "FC"),
    (model.KIND_FREIGHT, "FA"),
    (model.KIND_DISCOUNT, "DI"),
    (model.KIND_DISCOUNT, "QD"),
    (model.KIND_DISCOUNT, "TD"),
    (model.KIND_OTHER, ""),
    (model.KIND_OTHER, "AA"),
    (model.KIND_OTHER, "HD"),
]


@st.composite
def allowances_charges(draw, wide=False):
    kind, code = draw(st.sampled_from(ALLOWANCE_KINDS))
    return model.AllowanceCharge(
        indicator=draw(st.sampled_from([model.ALLOWANCE, model.CHARGE])),
        amount=draw(amounts),
        kind=kind,
        code=code,
        description=draw(text(70, wide=wide)),
        percent=draw(_optional(percents)),
        base_amount=draw(_optional(amounts)),
    )


@st.composite
def taxes(draw):
    return model.Tax(
        tax_type=draw(st.sampled_from(["VAT", "GST", "LOC", ""])),
        amount=draw(_optional(amounts)),
        percent=draw(_optional(percents)),
    )


@st.composite
def invoice_lines(draw, wide=False):
    return model.InvoiceLine(
        line_number=draw(lin_numbers),
        product=draw(products(wide)),
        quantity=draw(quantities),
        unit=draw(units),
        unit_price=draw(amounts),
        allowances_charges=draw(st.lists(allowances_charges(wide), max_size=3)),
        taxes=draw(st.lists(taxes(), max_size=2)),
    )


@st.composite
def invoices(draw, wide=False):
    lines = draw(st.lists(invoice_lines(wide), max_size=4))
    order_number = draw(text(35, wide=wide))
    invoice_taxes = draw(st.lists(taxes(), max_size=3))
    tax_amount = draw(_optional(amounts))
    if tax_amount is None and any(tax.amount is not None for tax in invoice_taxes):
        tax_amount = draw(amounts)  # the reader sums the taxes then
    return model.Invoice(
        number=draw(text(35, min_size=1, wide=wide)),
        invoice_date=draw(dates),
        order_number=order_number,
        parties=draw(st.lists(parties(wide), max_size=3)),
        lines=lines,
        total_amount=draw(amounts),
        currency=draw(currencies),
        tax_amount=tax_amount,
        payment_terms_days=draw(_optional(st.integers(0, 999))),
        order_date=draw(_optional(dates)) if order_number else None,
        allowances_charges=draw(st.lists(allowances_charges(wide), max_size=3)),
        taxes=invoice_taxes,
    )


@st.composite
def catalog_items(draw, wide=False):
    start = draw(_optional(dates))
    end = draw(_optional(dates))
    if start and end and end < start:
        start, end = end, start
    return model.CatalogItem(
        product=draw(products(wide)),
        unit=draw(units),
        unit_price=draw(amounts),
        effective_from=start,
        effective_to=end,
        minimum_quantity=draw(_optional(quantities)),
    )


@st.composite
def price_catalogs(draw, wide=False):
    return model.PriceCatalog(
        number=draw(text(35, min_size=1, wide=wide)),
        issue_date=draw(dates),
        parties=draw(st.lists(parties(wide), max_size=3)),
        items=draw(st.lists(catalog_items(wide), max_size=4)),
        contract_number=draw(text(35, wide=wide)),
        currency=draw(currencies),
    )


codes_0085 = st.sampled_from(
    ["2", "12", "13", "15", "16", "18", "21", "28", "29", "35", "36", "37", "39", "40"]
)
positions = st.integers(1, 999)
tags = st.text(string.ascii_uppercase, min_size=3, max_size=3)


@st.composite
def set_acks(draw):
    status = draw(
        st.sampled_from(
            [model.FA_ACCEPTED, model.FA_ACCEPTED_WITH_ERRORS, model.FA_REJECTED]
        )
    )
    errors = []
    if status != model.FA_ACCEPTED:
        if draw(st.booleans()):
            errors.append(model.AckError(draw(codes_0085), draw(st.just("") | tags)))
        for _ in range(
            draw(st.integers(0 if errors or status == model.FA_REJECTED else 1, 4))
        ):
            element = draw(_optional(st.integers(1, 99)))
            component = draw(_optional(st.integers(1, 99))) if element else None
            errors.append(
                model.AckError(
                    draw(codes_0085), "", draw(positions), element, component
                )
            )
    return model.SetAck(
        draw(st.sampled_from(["ORDERS", "DESADV", "INVOIC"])),
        draw(st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=14)),
        status,
        errors,
    )


@st.composite
def functional_acks(draw):
    sets = draw(st.lists(set_acks(), max_size=4))
    errors = []
    if draw(st.booleans()):
        element = draw(_optional(st.integers(1, 99)))
        errors.append(
            model.AckError(
                draw(codes_0085),
                draw(st.just("") | tags),
                None,
                element,
                draw(_optional(st.integers(1, 9))) if element else None,
            )
        )
    if draw(st.booleans()) and not errors:
        status = model.FA_REJECTED
        sets = [
            model.SetAck(s.set_type, s.control_number, model.FA_REJECTED, s.errors)
            for s in sets
        ]
    elif errors or any(s.status != model.FA_ACCEPTED for s in sets):
        status = model.FA_ACCEPTED_WITH_ERRORS
    else:
        status = model.FA_ACCEPTED
    accepted = sum(1 for s in sets if s.status != model.FA_REJECTED)
    return model.FunctionalAck(
        acknowledged_control_number=draw(
            st.text(string.digits, min_size=1, max_size=14)
        ),
        functional_id=sets[0].set_type if sets else "",
        status=status,
        sets=sets,
        received_count=len(sets),
        accepted_count=accepted,
        errors=errors,
    )


DOCUMENT_STRATEGIES = {
    "ORDERS": purchase_orders,
    "ORDRSP": order_acks,
    "DESADV": ship_notices,
    "INVOIC": invoices,
    "PRICAT": price_catalogs,
}

identifiers = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=35)


@st.composite
def interchanges(draw, documents, version=None):
    prepared = draw(
        st.datetimes(
            min_value=datetime.datetime(1969, 1, 1),
            max_value=datetime.datetime(2068, 12, 31, 23, 59),
        )
    )
    return model.Interchange(
        standard="EDIFACT",
        version=version or draw(st.sampled_from(["D96A", "D01B"])),
        sender=model.Identity(
            draw(identifiers), draw(st.sampled_from(["14", "ZZ", "", "1"]))
        ),
        receiver=model.Identity(
            draw(identifiers), draw(st.sampled_from(["14", "ZZ", ""]))
        ),
        control_number=draw(
            st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=14)
        ),
        prepared_at=prepared.replace(second=0, microsecond=0),
        documents=draw(documents),
        test=draw(st.booleans()),
        ack_requested=draw(st.booleans()),
    )


def expected_after_read(interchange):
    """The interchange as a reader returns it: message references filled in."""
    expected = copy.deepcopy(interchange)
    for index, document in enumerate(expected.documents, start=1):
        if not document.control_number:
            document.control_number = str(index)
    return expected
