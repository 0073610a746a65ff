"""Realistic healthcare documents used by the EDIFACT tests."""

import copy
import datetime
import functools
from decimal import Decimal

from integration_core.edi import model

HOSPITAL = model.Party(
    model.BUYER,
    "St. Mary's University Hospital - Central Pharmacy",
    "5412345000013",
    model.GLN,
    model.Address("Hospital Road 1", "Building C+D", "Leuven", "", "3000", "BE"),
)
SUPPLIER = model.Party(model.SELLER, "PharmaDistri NV", "4012345000009", model.GLN)
DOCK = model.Party(model.SHIP_TO, "Goods receipt: dock 3", "5412345000020", model.GLN)
BILLING = model.Party(
    model.BILL_TO, "Accounts payable", "HOSP-77", model.ASSIGNED_BY_SELLER
)

PARACETAMOL = model.Product(
    "05412345000037", "PCM-500-20", "MAT-10077", "Paracetamol 500 mg tablets, 20 pcs"
)
AMOXICILLIN = model.Product(
    "5412345000044", "AMX-1G-IV", "", "Amoxicillin 1 g powder for solution (vial)"
)
GLOVES = model.Product(
    "15412345000058", "GLV-NIT-M", "MAT-20001", "Nitrile gloves M, box 100"
)


def _fresh(factory):
    """Return deep copies so that tests may mutate what they get."""

    @functools.wraps(factory)
    def wrapper():
        return copy.deepcopy(factory())

    return wrapper


@_fresh
def purchase_order():
    return model.PurchaseOrder(
        number="PO-2024-0001",
        order_date=datetime.date(2024, 3, 1),
        parties=[HOSPITAL, SUPPLIER, DOCK, BILLING],
        lines=[
            model.OrderLine("1", PARACETAMOL, Decimal("120"), "BX", Decimal("2.35")),
            model.OrderLine(
                "2",
                AMOXICILLIN,
                Decimal("50"),
                "EA",
                Decimal("4.10"),
                datetime.date(2024, 3, 5),
            ),
            model.OrderLine("3", GLOVES, Decimal("4"), "CA", None),
        ],
        currency="EUR",
        requested_delivery=datetime.date(2024, 3, 4),
        contract_number="TENDER-2023/17",
        note="Deliver between 07:00 and 15:00; ask for pharmacy (ext. 4411)? Thanks!",
    )


@_fresh
def order_ack():
    return model.PurchaseOrderAck(
        number="OR-88",
        ack_date=datetime.date(2024, 3, 1),
        order_number="PO-2024-0001",
        order_date=datetime.date(2024, 3, 1),
        status=model.ACK_ACCEPTED_WITH_CHANGES,
        parties=[SUPPLIER, HOSPITAL],
        lines=[
            model.AckLine(
                "1",
                PARACETAMOL,
                model.LINE_ACCEPTED,
                Decimal("120"),
                "BX",
                Decimal("2.35"),
                datetime.date(2024, 3, 4),
            ),
            model.AckLine(
                "2", AMOXICILLIN, model.LINE_BACKORDERED, Decimal("50"), "EA"
            ),
            model.AckLine("3", GLOVES, model.LINE_CHANGED, Decimal("3"), "CA"),
        ],
    )


@_fresh
def ship_notice():
    return model.ShipNotice(
        number="DN-55012",
        ship_date=datetime.date(2024, 3, 3),
        parties=[SUPPLIER, DOCK],
        orders=[
            model.ShippedOrder(
                "PO-2024-0001",
                datetime.date(2024, 3, 1),
                packs=[
                    model.Pack(
                        "354123450000000014",
                        [
                            model.ShippedItem(
                                "1",
                                PARACETAMOL,
                                Decimal("120"),
                                "BX",
                                lot="L2403A",
                                expiry_date=datetime.date(2026, 9, 30),
                            ),
                        ],
                    ),
                    model.Pack(
                        "354123450000000021",
                        [
                            model.ShippedItem(
                                "3", GLOVES, Decimal("3"), "CA", lot="G-77"
                            ),
                            model.ShippedItem(
                                "2",
                                AMOXICILLIN,
                                Decimal("6"),
                                "EA",
                                lot="AMX'24:01",
                                expiry_date=datetime.date(2025, 12, 31),
                                serial_numbers=[
                                    "SN001",
                                    "SN002",
                                    "SN003",
                                    "SN004",
                                    "SN005",
                                    "SN006",
                                ],
                                udi="(01)05412345000044(17)251231(10)AMX'24:01(21)SN001",
                            ),
                        ],
                    ),
                ],
                items=[
                    model.ShippedItem(
                        "2", AMOXICILLIN, Decimal("44"), "EA", lot="AMX+24?02"
                    )
                ],
            )
        ],
        expected_delivery=datetime.date(2024, 3, 4),
        carrier="MEDEXPRESS",
        tracking_number="1Z999AA10123456784",
        gross_weight=Decimal("42.5"),
        weight_unit="KG",
    )


@_fresh
def invoice():
    return model.Invoice(
        number="INV-2024-3301",
        invoice_date=datetime.date(2024, 3, 5),
        order_number="PO-2024-0001",
        parties=[SUPPLIER, HOSPITAL, BILLING],
        lines=[
            model.InvoiceLine("1", PARACETAMOL, Decimal("120"), "BX", Decimal("2.35")),
            model.InvoiceLine("2", AMOXICILLIN, Decimal("50"), "EA", Decimal("4.10")),
        ],
        total_amount=Decimal("516.22"),
        currency="EUR",
        tax_amount=Decimal("29.22"),
        payment_terms_days=30,
        order_date=datetime.date(2024, 3, 1),
    )


@_fresh
def price_catalog():
    return model.PriceCatalog(
        number="PL-2024-Q2",
        issue_date=datetime.date(2024, 3, 15),
        parties=[SUPPLIER, HOSPITAL],
        items=[
            model.CatalogItem(
                PARACETAMOL,
                "BX",
                Decimal("2.30"),
                datetime.date(2024, 4, 1),
                datetime.date(2024, 6, 30),
                Decimal("10"),
            ),
            model.CatalogItem(
                GLOVES, "CA", Decimal("38.00"), datetime.date(2024, 4, 1)
            ),
        ],
        contract_number="TENDER-2023/17",
        currency="EUR",
    )


@_fresh
def functional_ack_document():
    return model.FunctionalAck(
        acknowledged_control_number="77001",
        functional_id="ORDERS",
        status=model.FA_ACCEPTED_WITH_ERRORS,
        sets=[
            model.SetAck("ORDERS", "1", model.FA_ACCEPTED),
            model.SetAck(
                "ORDERS",
                "2",
                model.FA_REJECTED,
                [
                    model.AckError("13", "NAD"),
                    model.AckError(
                        "12",
                        segment_position=7,
                        element_position=2,
                        component_position=3,
                    ),
                    model.AckError("35", segment_position=9),
                ],
            ),
        ],
        received_count=2,
        accepted_count=1,
    )


ALL_DOCUMENTS = (
    purchase_order,
    order_ack,
    ship_notice,
    invoice,
    price_catalog,
    functional_ack_document,
)


def interchange(documents, version="D96A", control="000000123"):
    return model.Interchange(
        standard="EDIFACT",
        version=version,
        sender=model.Identity("4012345000009", "14"),
        receiver=model.Identity("5412345000013", "14"),
        control_number=control,
        prepared_at=datetime.datetime(2024, 3, 1, 14, 30),
        documents=list(documents),
    )
