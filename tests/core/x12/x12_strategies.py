"""Hypothesis strategies for X12-writable business documents and interchanges.

Values respect the element specs they are written to (lengths, codes) and
avoid the delimiters ``* ~ > ^ :``; everything else a partner may send is in:
punctuation, spaces, and non-ASCII letters (read back through UTF-8).
"""

import dataclasses
import datetime
import string
from decimal import Decimal

from hypothesis import strategies as st

from integration_core.edi import model

DELIMITERS = "*~>^:"
_ALPHABET = (
    "".join(ch for ch in string.printable if ch not in DELIMITERS and ch.isprintable())
    + "éÜñ"
)


def text(min_size, max_size):
    return st.text(st.sampled_from(_ALPHABET), min_size=min_size, max_size=max_size)


def optional_text(max_size, min_size=1):
    return st.one_of(st.just(""), text(min_size, max_size))


def code(size):
    return st.text(
        st.sampled_from(string.ascii_uppercase), min_size=size, max_size=size
    )


def digits(min_size, max_size):
    return st.text(st.sampled_from(string.digits), min_size=min_size, max_size=max_size)


dates = st.dates(
    min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31)
)
optional_dates = st.one_of(st.none(), dates)
units = st.sampled_from(["EA", "BX", "CA", "PK", "CS", "DZ", "KT"])


def decimals(max_digits=8, places=4):
    """Non-negative decimals with at most ``max_digits`` digits in all."""
    return st.builds(
        lambda integer, scale: Decimal(integer).scaleb(-scale),
        st.integers(0, 10**max_digits - 1),
        st.integers(0, min(places, max_digits)),
    ).filter(lambda value: len(value.as_tuple().digits) <= max_digits)


gtins = st.one_of(
    st.just(""), st.sampled_from([8, 12, 13, 14]).flatmap(lambda n: digits(n, n))
)


@st.composite
def products(draw, need_identifier=False):
    product = model.Product(
        gtin=draw(gtins),
        vendor_part=draw(optional_text(48)),
        buyer_part=draw(optional_text(48)),
        description=draw(optional_text(80)),
    )
    if need_identifier and not (
        product.gtin or product.vendor_part or product.buyer_part
    ):
        product = dataclasses.replace(product, vendor_part=draw(text(1, 48)))
    return product


addresses = st.builds(
    model.Address,
    street=text(1, 55),
    street2=optional_text(55),
    city=optional_text(30, min_size=2),
    state=st.one_of(st.just(""), code(2)),
    postal_code=st.one_of(st.just(""), digits(3, 10)),
    country=st.one_of(st.just(""), code(2)),
)
schemes = st.sampled_from(
    [
        model.GLN,
        model.DUNS,
        model.ASSIGNED_BY_BUYER,
        model.ASSIGNED_BY_SELLER,
        "",
        "x12:21",
    ]
)


@st.composite
def parties(draw):
    identifier = draw(optional_text(80, min_size=2))
    return model.Party(
        role=draw(st.sampled_from(model.PARTY_ROLES)),
        name=draw(text(1, 60)),
        identifier=identifier,
        identifier_scheme=draw(schemes) if identifier else "",
        address=draw(st.one_of(st.none(), addresses)),
    )


party_lists = st.lists(parties(), max_size=4)
line_numbers = optional_text(20)
currencies = st.one_of(st.just(""), st.sampled_from(["USD", "CAD", "EUR"]))

order_lines = st.builds(
    model.OrderLine,
    line_number=line_numbers,
    product=products(),
    quantity=decimals(10),
    unit=units,
    unit_price=st.one_of(st.none(), decimals(12)),
    requested_delivery=optional_dates,
)
purchase_orders = st.builds(
    model.PurchaseOrder,
    number=text(1, 22),
    order_date=dates,
    parties=party_lists,
    lines=st.lists(order_lines, min_size=1, max_size=5),
    purpose=st.sampled_from(
        [model.ORDER_ORIGINAL, model.ORDER_REPLACE, model.ORDER_CANCEL]
    ),
    currency=currencies,
    requested_delivery=optional_dates,
    contract_number=optional_text(30),
    note=optional_text(700),
)

ack_lines = st.builds(
    model.AckLine,
    line_number=line_numbers,
    product=products(),
    status=st.sampled_from(
        [
            model.LINE_ACCEPTED,
            model.LINE_CHANGED,
            model.LINE_BACKORDERED,
            model.LINE_REJECTED,
        ]
    ),
    quantity=decimals(10),
    unit=units,
    unit_price=st.one_of(st.none(), decimals(12)),
    scheduled_delivery=optional_dates,
)
purchase_order_acks = st.builds(
    model.PurchaseOrderAck,
    number=optional_text(30),
    ack_date=dates,
    order_number=text(1, 22),
    order_date=dates,
    status=st.sampled_from(
        [model.ACK_ACCEPTED, model.ACK_ACCEPTED_WITH_CHANGES, model.ACK_REJECTED]
    ),
    parties=party_lists,
    lines=st.lists(ack_lines, max_size=5),
)

shipped_items = st.builds(
    model.ShippedItem,
    line_number=line_numbers,
    product=products(need_identifier=True),
    quantity=decimals(8),
    unit=units,
    lot=optional_text(30),
    expiry_date=optional_dates,
    serial_numbers=st.lists(text(1, 30), max_size=3),
    udi=optional_text(80),
)
packs = st.builds(
    model.Pack,
    sscc=st.one_of(st.just(""), digits(18, 18)),
    items=st.lists(shipped_items, max_size=3),
)
shipped_orders = st.builds(
    model.ShippedOrder,
    order_number=text(1, 22),
    order_date=optional_dates,
    packs=st.lists(packs, max_size=3),
    items=st.lists(shipped_items, max_size=2),
)


@st.composite
def ship_notices(draw):
    weight = draw(st.one_of(st.none(), decimals(8)))
    return model.ShipNotice(
        number=draw(text(2, 30)),
        ship_date=draw(dates),
        parties=draw(party_lists),
        orders=draw(st.lists(shipped_orders, min_size=1, max_size=3)),
        expected_delivery=draw(optional_dates),
        carrier=draw(optional_text(80, min_size=2)),
        tracking_number=draw(optional_text(30)),
        gross_weight=weight,
        weight_unit="" if weight is None else draw(st.sampled_from(["LB", "KG"])),
    )


cents = st.integers(0, 10**12).map(lambda cents: Decimal(cents).scaleb(-2))

#: SAC02 codes and the kind each reads back as (D240 freight, C310 discount).
_SAC_CODES = st.one_of(
    st.just(("D240", model.KIND_FREIGHT)),
    st.just(("C310", model.KIND_DISCOUNT)),
    st.sampled_from(["ZZZZ", "A400", "H850", "F050"]).map(
        lambda code: (code, model.KIND_OTHER)
    ),
)


@st.composite
def allowances_charges(draw):
    """SAC-writable allowances and charges: cents, a code matching the kind.

    X12 SAC has no element for the base amount of a percentage: none here.
    """
    code, kind = draw(_SAC_CODES)
    return model.AllowanceCharge(
        indicator=draw(st.sampled_from([model.ALLOWANCE, model.CHARGE])),
        amount=draw(st.integers(0, 10**13).map(lambda c: Decimal(c).scaleb(-2))),
        kind=kind,
        code=code,
        description=draw(optional_text(80)),
        percent=draw(st.one_of(st.none(), decimals(6, places=3))),
    )


@st.composite
def taxes(draw):
    """TXI-writable taxes: an amount, a percent (TXI03, a fraction), or both."""
    amount = draw(st.one_of(st.none(), decimals(12, places=2)))
    percent = draw(st.one_of(st.none(), decimals(8, places=4)))
    if amount is None and percent is None:
        amount = draw(decimals(12, places=2))
    return model.Tax(
        tax_type=draw(st.sampled_from(["ST", "VA", "TX", "CT", "GS", "LS"])),
        amount=amount,
        percent=percent,
    )


invoice_lines = st.builds(
    model.InvoiceLine,
    line_number=line_numbers,
    product=products(),
    quantity=decimals(8),
    unit=units,
    unit_price=decimals(12),
    allowances_charges=st.lists(allowances_charges(), max_size=2),
    taxes=st.lists(taxes(), max_size=2),
)


@st.composite
def invoice_taxes(draw):
    """``(tax_amount, taxes)`` as X12 carries them: the amount is the TXIs' total.

    A bare ``tax_amount`` without itemised taxes is written as one TXI*TX and
    reads back with that tax listed: see the 810 tests.
    """
    items = draw(st.lists(taxes(), max_size=3))
    amounts = [tax.amount for tax in items if tax.amount is not None]
    return (sum(amounts) if amounts else None), items


@st.composite
def invoices(draw):
    tax_amount, summary_taxes = draw(invoice_taxes())
    return model.Invoice(
        number=draw(text(1, 22)),
        invoice_date=draw(dates),
        order_number=draw(optional_text(22)),
        parties=draw(party_lists),
        lines=draw(st.lists(invoice_lines, max_size=5)),
        total_amount=draw(cents),
        currency=draw(currencies),
        tax_amount=tax_amount,
        payment_terms_days=draw(st.one_of(st.none(), st.integers(0, 999))),
        order_date=draw(optional_dates),
        allowances_charges=draw(st.lists(allowances_charges(), max_size=3)),
        taxes=summary_taxes,
    )


catalog_items = st.builds(
    model.CatalogItem,
    product=products(need_identifier=True),
    unit=units,
    unit_price=decimals(12),
    effective_from=optional_dates,
    effective_to=optional_dates,
    minimum_quantity=st.one_of(st.none(), decimals(8)),
)
price_catalogs = st.builds(
    model.PriceCatalog,
    number=optional_text(15),
    issue_date=dates,
    parties=party_lists,
    items=st.lists(catalog_items, max_size=5),
    contract_number=optional_text(30),
    currency=currencies,
)

_SEGMENT_CODES = ["1", "2", "3", "4", "5", "6", "7", "8"]
_ELEMENT_CODES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13"]
_SET_CODES = ["1", "2", "3", "4", "5", "6", "7", "23"]
segment_ids = st.sampled_from(
    ["BEG", "PO1", "N1", "REF", "HL", "LIN", "SN1", "DTM", "CTT"]
)


@st.composite
def set_acks(draw):
    located = draw(
        st.lists(
            st.one_of(
                st.builds(
                    model.AckError,
                    code=st.sampled_from(_SEGMENT_CODES),
                    segment_id=segment_ids,
                    segment_position=st.integers(1, 999999),
                ),
                st.builds(
                    model.AckError,
                    code=st.sampled_from(_ELEMENT_CODES),
                    segment_id=segment_ids,
                    segment_position=st.integers(1, 999999),
                    element_position=st.integers(1, 99),
                    component_position=st.one_of(st.none(), st.integers(1, 99)),
                ),
            ),
            max_size=4,
        )
    )
    set_level = draw(
        st.lists(st.sampled_from(_SET_CODES), max_size=5, unique=True).map(
            lambda codes: [model.AckError(code) for code in codes]
        )
    )
    return model.SetAck(
        set_type=draw(st.sampled_from(["850", "855", "856", "810", "832"])),
        control_number=draw(digits(4, 9)),
        status=draw(
            st.sampled_from(
                [model.FA_ACCEPTED, model.FA_ACCEPTED_WITH_ERRORS, model.FA_REJECTED]
            )
        ),
        errors=located + set_level,
    )


functional_acks = st.builds(
    model.FunctionalAck,
    acknowledged_control_number=digits(1, 9),
    functional_id=st.sampled_from(["PO", "PR", "SH", "IN", "SC"]),
    status=st.sampled_from(
        [model.FA_ACCEPTED, model.FA_ACCEPTED_WITH_ERRORS, model.FA_REJECTED]
    ),
    sets=st.lists(set_acks(), max_size=3),
    received_count=st.integers(0, 999999),
    accepted_count=st.integers(0, 999999),
    errors=st.lists(st.sampled_from(["1", "2", "3", "4", "5", "6"]), max_size=5).map(
        lambda codes: [model.AckError(code) for code in codes]
    ),
)

DOCUMENTS = {
    "850": purchase_orders,
    "855": purchase_order_acks,
    "856": ship_notices(),
    "810": invoices(),
    "832": price_catalogs,
    "997": functional_acks,
}
any_document = st.one_of(*DOCUMENTS.values())

identities = st.builds(
    model.Identity,
    identifier=st.text(
        st.sampled_from(string.ascii_uppercase + string.digits), min_size=2, max_size=15
    ),
    qualifier=st.sampled_from(["ZZ", "01", "14", "12"]),
)
timestamps = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2099, 12, 31)
).map(lambda stamp: stamp.replace(microsecond=0))


def interchanges(documents, version):
    return st.builds(
        model.Interchange,
        standard=st.just("X12"),
        version=st.just(version),
        sender=identities,
        receiver=identities,
        control_number=digits(9, 9),
        prepared_at=timestamps,
        documents=documents,
        test=st.booleans(),
        ack_requested=st.booleans(),
    )


FUNCTIONAL_IDS = {
    model.PurchaseOrder: "PO",
    model.PurchaseOrderAck: "PR",
    model.ShipNotice: "SH",
    model.Invoice: "IN",
    model.PriceCatalog: "SC",
    model.FunctionalAck: "FA",
}


def expected_documents(documents):
    """The documents as read back: grouped by functional ID, no control numbers.

    An 832 item without a minimum quantity reads back with 1: its unit (CTP05)
    cannot be written without a quantity (CTP04, syntax note P0405).
    """
    order = list(dict.fromkeys(FUNCTIONAL_IDS[type(doc)] for doc in documents))
    grouped = sorted(documents, key=lambda doc: order.index(FUNCTIONAL_IDS[type(doc)]))
    return [dataclasses.replace(_as_read(doc), control_number="") for doc in grouped]


def _as_read(document):
    if not isinstance(document, model.PriceCatalog):
        return document
    items = [
        dataclasses.replace(item, minimum_quantity=Decimal(1))
        if item.minimum_quantity is None and item.unit
        else item
        for item in document.items
    ]
    return dataclasses.replace(document, items=items)


def without_control_numbers(documents):
    return [dataclasses.replace(doc, control_number="") for doc in documents]
