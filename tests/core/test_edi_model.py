"""Parties, addresses and products are frozen values that readers share."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from integration_core.edi import api, model

GLN_HOSPITAL = "5412345000013"
GLN_SUPPLIER = "5498765000024"


def _order(number, line_number):
    hospital = model.Party(
        model.BUYER,
        "St. Mary Medical Center",
        GLN_HOSPITAL,
        model.GLN,
        model.Address("1 Hospital Road", "", "Springfield", "IL", "62701", "US"),
    )
    supplier = model.Party(model.SELLER, "MedSurg", GLN_SUPPLIER, model.GLN)
    gloves = model.Product("05412345000020", "GLV-M", "", "Nitrile gloves, medium")
    return model.PurchaseOrder(
        number=number,
        order_date=datetime.date(2024, 3, 1),
        parties=[hospital, supplier],
        lines=[model.OrderLine(line_number, gloves, Decimal("4"), "CA")],
        currency="USD",
    )


def _interchange(standard):
    x12 = standard == "X12"
    return model.Interchange(
        standard=standard,
        version="004010" if x12 else "D96A",
        sender=model.Identity(
            "MEDSURG" if x12 else GLN_SUPPLIER, "ZZ" if x12 else "14"
        ),
        receiver=model.Identity(
            "STMARY" if x12 else GLN_HOSPITAL, "ZZ" if x12 else "14"
        ),
        control_number="000000001" if x12 else "1",
        prepared_at=datetime.datetime(2024, 3, 1, 10, 30),
        documents=[_order("PO-1", "1"), _order("PO-2", "7")],
    )


@pytest.mark.parametrize("standard", ["X12", "EDIFACT"])
def test_readers_share_equal_parties_and_products(standard):
    result = api.read(api.write(_interchange(standard)))
    assert result.ok, result.errors
    first, second = result.interchanges[0].documents
    assert first.number == "PO-1" and second.number == "PO-2"
    for party, same in zip(first.parties, second.parties, strict=True):
        assert party == same and party is same
        assert party.address is same.address
    assert first.lines[0].product is second.lines[0].product
    # Lines are not values: each document keeps its own.
    assert first.lines[0] is not second.lines[0]
    assert first.lines[0].line_number == "1" and second.lines[0].line_number == "7"


def test_values_are_frozen_and_derived_with_replace():
    product = model.Product("05412345000020", "GLV-M")
    with pytest.raises(dataclasses.FrozenInstanceError):
        product.gtin = "1"
    changed = dataclasses.replace(product, description="Nitrile gloves")
    assert changed.description == "Nitrile gloves" and product.description == ""
    assert hash(product) == hash(model.Product("05412345000020", "GLV-M"))


def test_shared_values_table_is_bounded():
    table = model.SharedValues(model.Address, size=2)
    first = table("a")
    assert table("a") is first
    table("b")
    table("c")  # the table was full: it started over
    assert len(table.values) == 1
    again = table("a")
    assert again == first and again is not first
