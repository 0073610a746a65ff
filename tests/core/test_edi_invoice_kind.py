"""Credit and debit notes travel as such in both standards (X12 BIG07, EDIFACT BGM)."""

import datetime
from decimal import Decimal

import pytest

from integration_core.edi import api, model


def _interchange(standard, version, kind):
    invoice = model.Invoice(
        number="CN-7",
        invoice_date=datetime.date(2026, 12, 3),
        order_number="PO00012",
        parties=[],
        lines=[
            model.InvoiceLine(
                "12",
                model.Product(vendor_part="NG-300M"),
                Decimal(2),
                "EA",
                Decimal("12.5"),
            )
        ],
        total_amount=Decimal("25.00"),
        kind=kind,
    )
    return model.Interchange(
        standard=standard,
        version=version,
        sender=model.Identity("SUPPLIER"),
        receiver=model.Identity("HOSPITAL"),
        control_number="77",
        prepared_at=datetime.datetime(2026, 12, 3, 9, 0),
        documents=[invoice],
    )


@pytest.mark.parametrize(
    ("standard", "version", "kind", "marker"),
    [
        ("X12", "004010", model.CREDIT_NOTE, "BIG*20261203*CN-7**PO00012***CR~"),
        ("X12", "005010", model.DEBIT_NOTE, "***DR~"),
        ("X12", "004010", model.INVOICE, "BIG*20261203*CN-7**PO00012~"),
        ("EDIFACT", "D96A", model.CREDIT_NOTE, "BGM+381+CN-7+9'"),
        ("EDIFACT", "D01B", model.DEBIT_NOTE, "BGM+383+CN-7+9'"),
        ("EDIFACT", "D96A", model.INVOICE, "BGM+380+CN-7+9'"),
    ],
)
def test_invoice_kind_round_trip(standard, version, kind, marker):
    text = api.write(_interchange(standard, version, kind))
    assert marker in text
    result = api.read(text)
    assert result.ok, result.errors
    (invoice,) = result.documents
    assert invoice.kind == kind
