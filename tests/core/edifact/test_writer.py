"""Unwritable data raises EdiValidationError naming document, field and expectation."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
import samples
from pydifact.control.characters import Characters

from integration_core.edi import model
from integration_core.edi.edifact import (
    REC20_TO_X12,
    X12_TO_REC20,
    read_interchanges,
    write_interchange,
)
from integration_core.edi.edifact.syntax import FastCharacters
from integration_core.edi.errors import EdiValidationError


def write(document, version="D96A"):
    return write_interchange(samples.interchange([document], version))


def assert_unwritable(document, *fragments, version="D96A"):
    with pytest.raises(EdiValidationError) as caught:
        write(document, version)
    text = str(caught.value)
    for fragment in fragments:
        assert fragment in text, text
    assert caught.value.code == "unwritable_value"
    return caught.value


def test_unknown_unit_names_line_and_table():
    order = samples.purchase_order()
    order.lines[1].unit = "XX"
    error = assert_unwritable(
        order, "PurchaseOrder PO-2024-0001", "lines[1].unit", "'XX'"
    )
    assert "BX" in error.expected and "EA" in error.expected


def _change_product(line, **changes):
    """Products are frozen values: give the line a changed copy."""
    line.product = dataclasses.replace(line.product, **changes)


def _change_party(document, **changes):
    document.parties[0] = dataclasses.replace(document.parties[0], **changes)


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [
        (
            lambda o: setattr(o, "number", "N" * 36),
            ["number", "36 characters", "at most 35"],
        ),
        (lambda o: setattr(o, "number", ""), ["number", "is empty"]),
        (lambda o: setattr(o, "currency", "euro"), ["currency", "ISO 4217"]),
        (lambda o: setattr(o, "purpose", "maybe"), ["purpose"]),
        (
            lambda o: _change_product(o.lines[0], gtin="5412345000045"),
            ["lines[0].product.gtin", "not a GTIN"],
        ),
        (
            lambda o: setattr(o.lines[0], "quantity", Decimal("1" * 16)),
            ["lines[0].quantity", "too many digits"],
        ),
        (
            lambda o: setattr(o.lines[0], "quantity", 3.5),
            ["lines[0].quantity", "Decimal"],
        ),
        (
            lambda o: setattr(o.lines[0], "unit_price", Decimal("NaN")),
            ["lines[0].unit_price"],
        ),
        (
            lambda o: setattr(o.lines[0], "line_number", "1234567"),
            ["lines[0].line_number"],
        ),
        (
            lambda o: _change_party(o, identifier="123"),
            ["parties[0].identifier", "GLN"],
        ),
        (lambda o: _change_party(o, role="courier"), ["parties[0].role"]),
        (
            lambda o: _change_party(o, address=model.Address()),
            ["parties[0].address", "is empty"],
        ),
        (lambda o: setattr(o, "note", "x" * 351), ["note", "at most 350"]),
        (lambda o: setattr(o, "order_date", "2024-03-01"), ["order_date", "a date"]),
    ],
)
def test_order_fields(mutate, fragments):
    order = samples.purchase_order()
    mutate(order)
    assert_unwritable(order, *fragments)


def test_d01b_allows_longer_descriptions_than_d96a():
    order = samples.purchase_order()
    line = order.lines[0]
    line.product = dataclasses.replace(line.product, description="D" * 300)
    assert_unwritable(order, "lines[0].product.description", "at most 70")
    assert read_interchanges(write(order, "D01B")).ok


def test_ship_notice_rules():
    notice = samples.ship_notice()
    notice.orders[0].packs[0].sscc = "354123450000000015"
    assert_unwritable(notice, "ShipNotice DN-55012", "orders[0].packs[0].sscc", "SSCC")
    notice = samples.ship_notice()
    notice.weight_unit = ""
    assert_unwritable(notice, "gross_weight")
    notice = samples.ship_notice()
    notice.orders[0].packs[0] = model.Pack()
    assert_unwritable(notice, "orders[0].packs[0]", "neither an SSCC nor items")
    notice = samples.ship_notice()
    notice.orders.append(dataclasses.replace(notice.orders[0]))
    assert_unwritable(notice, "orders", "repeat an order_number")


def test_invoice_and_catalog_rules():
    invoice = samples.invoice()
    invoice.payment_terms_days = 1000
    assert_unwritable(invoice, "Invoice INV-2024-3301", "payment_terms_days")
    invoice = samples.invoice()
    invoice.order_number = ""
    assert_unwritable(invoice, "order_date", "without an order_number")
    catalog = samples.price_catalog()
    catalog.items[0].effective_to = datetime.date(2024, 1, 1)
    assert_unwritable(catalog, "items[0].effective_to")


def test_envelope_rules():
    interchange = samples.interchange([samples.invoice()])
    for change, fragment in [
        (lambda i: setattr(i, "standard", "X12"), "standard"),
        (lambda i: setattr(i, "version", "D93A"), "version"),
        (lambda i: setattr(i, "control_number", "1" * 15), "control_number"),
        (lambda i: setattr(i.sender, "identifier", ""), "sender.identifier"),
        (
            lambda i: setattr(i, "prepared_at", datetime.datetime(2070, 1, 1)),
            "prepared_at",
        ),
        (lambda i: i.documents.append(object()), "document 2 is a object"),
        (lambda i: i.documents.append(i.documents[0]), "used twice"),
    ]:
        broken = samples.interchange([samples.invoice()])
        broken.documents[0].control_number = "1"
        change(broken)
        with pytest.raises(EdiValidationError) as caught:
            write_interchange(broken)
        assert fragment in str(caught.value)
    with pytest.raises(EdiValidationError):
        write_interchange(interchange, delimiters="::.? '")


def test_unit_table_is_a_bijection_plus_piece_synonyms():
    for x12, rec20 in X12_TO_REC20.items():
        assert REC20_TO_X12[rec20] == x12
    assert X12_TO_REC20["CA"] == "CS" and X12_TO_REC20["CT"] == "CT"
    assert {REC20_TO_X12[c] for c in ("PCE", "H87", "C62")} == {"EA"}


@pytest.mark.parametrize("unit", sorted(X12_TO_REC20))
def test_every_unit_is_written_as_rec20(unit):
    order = samples.purchase_order()
    order.lines = order.lines[:1]
    order.lines[0].unit = unit
    text = write(order)
    assert f"QTY+21:120:{X12_TO_REC20[unit]}'" in text
    assert read_interchanges(text).documents[0].lines[0].unit == unit


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4006381333931", True),
        ("05412345000037", True),
        ("96385074", True),
        ("4006381333932", False),
        ("400638133393", False),
        ("40063813339X1", False),
    ],
)
def test_gtin_check_digit(number, valid):
    product = model.Product(gtin=number)
    order = samples.purchase_order()
    order.lines[0].product = product
    if valid:
        assert read_interchanges(write(order)).documents[0].lines[0].product == product
    else:
        assert_unwritable(order, "lines[0].product.gtin")


def test_fast_characters_behave_like_pydifact_characters():
    fast = FastCharacters.from_str("UNA:+.? '")
    assert bool(fast) is True and fast == Characters.from_str("UNA:+.? '")
    assert str(fast) == ":+.? '"
