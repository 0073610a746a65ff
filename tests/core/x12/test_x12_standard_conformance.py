"""Hand-written sets laid out per the published X12 tables are read correctly.

Each test stands for one class of defect the audit of the set tables against
the X12 004010/005010 standard (and retailers' and distributors' published
implementation guides) found: segment order, loop structure and repeats,
element definitions (all the standard's elements, lengths, types), syntax
notes, and the version differences. The sets are written by hand as the
standard lays them out, not by our writers.
"""

import datetime
from decimal import Decimal

import pytest

from integration_core.edi import model
from integration_core.edi.errors import EdiValidationError
from integration_core.edi.x12 import V4010, V5010, read_interchanges, write_interchange

ISA_VERSION = {V4010: "00401", V5010: "00501"}
FUNCTIONAL_IDS = {"810": "IN", "832": "SC", "850": "PO", "855": "PR", "856": "SH"}


def interchange(set_id, body, version=V4010):
    """Wrap the segments ``body`` (between ST and SE) in ST/SE, GS/GE, ISA/IEA."""
    repetition = "U" if version == V4010 else "^"
    segments = [
        f"ISA*00*          *00*          *ZZ*SUPPLIER       *ZZ*HOSPITAL       "
        f"*240401*1200*{repetition}*{ISA_VERSION[version]}*000000001*0*P*>",
        f"GS*{FUNCTIONAL_IDS[set_id]}*SUPPLIER*HOSPITAL*20240401*1200*1*X*{version}",
        f"ST*{set_id}*0001",
        *body,
        f"SE*{len(body) + 2}*0001",
        "GE*1*1",
        "IEA*1*000000001",
    ]
    return "~\n".join(segments) + "~\n"


def read_one(set_id, body, version=V4010, **options):
    result = read_interchanges(interchange(set_id, body, version), **options)
    assert result.errors == [], "\n".join(str(error) for error in result.errors)
    (document,) = result.documents
    return document


def errors_of(set_id, body, version=V4010):
    result = read_interchanges(interchange(set_id, body, version))
    return [
        (error.code, error.location.segment_position, error.location.segment_id)
        for error in result.errors
    ]


def sac(*elements, description=""):
    """A SAC segment: SAC01-SAC07 from ``elements``, SAC15 the description."""
    values = [*elements, *[""] * (7 - len(elements))]
    if description:
        values += [""] * 7 + [description]
    return "*".join(("SAC", *values)).rstrip("*")


def segment_ids(text):
    return [segment.split("*")[0] for segment in text.split("~") if segment.strip()]


# --------------------------------------------------------------------------
# 832: the heading order of the standard (BCT 020, CTP 040, REF 050, PER 060,
# DTM 070, CUR 090), the N1 loop, the LIN loop and its CTP loop.
# --------------------------------------------------------------------------

CATALOG_4010 = [
    "BCT*PC*CAT-2024-Q2",
    "CTP**CAT*1",
    "REF*CT*GPO-2024-117",
    "PER*IC*PRICING DESK*TE*8005551212",
    "DTM*009*20240315",
    "CUR*SE*USD",
    "N1*SE*MEDSURG DISTRIBUTION INC*UL*0860001000009",
    "N4*MEMPHIS*TN*38118*US",
    "N4*NASHVILLE*TN*37201*US",
    "DTM*007*20240401",
    "LIN**UK*10614141000019*VN*NG-300M",
    "DTM*007*20240401",
    "REF*ZZ*GLOVES",
    "PER*IC*JANE*TE*8005551213",
    "PID*F****NITRILE EXAM GLOVES POWDER-FREE MEDIUM 100/BX",
    "MEA*PD*WT*0.5*LB",
    "PO4*10*100*EA",
    "CTP**CON*12.50*1*BX",
    "DTM*007*20240401",
    "DTM*036*20241231",
    "CUR*SE*USD",
    "REF*CT*GPO-2024-117",
    "N1*BY*ST MARY MEDICAL CENTER*UL*0614141000012",
    "CTT*1",
]


@pytest.mark.parametrize("version", [V4010, V5010])
def test_832_heading_in_the_standard_order(version):
    catalog = read_one("832", CATALOG_4010, version)
    assert (catalog.number, catalog.contract_number, catalog.currency) == (
        "CAT-2024-Q2",
        "GPO-2024-117",
        "USD",
    )
    assert catalog.issue_date == datetime.date(2024, 3, 15)
    (item,) = catalog.items
    assert (item.unit_price, item.minimum_quantity, item.unit) == (
        Decimal("12.50"),
        Decimal("1"),
        "BX",
    )
    assert (item.effective_from, item.effective_to) == (
        datetime.date(2024, 4, 1),
        datetime.date(2024, 12, 31),
    )


def test_832_heading_out_of_the_standard_order_is_rejected():
    """CUR (090) before DTM (070) and REF (050): what the old table wanted."""
    body = ["BCT*PC*CAT-2024-Q2", "CUR*SE*USD", "DTM*009*20240315", "REF*CT*X"]
    body += ["LIN**UK*10614141000019", "CTP**CON*12.50*1*BX"]
    assert errors_of("832", body) == [
        ("segment_order", 4, "DTM"),
        ("segment_order", 5, "REF"),
    ]


def test_832_writer_puts_the_heading_in_the_standard_order():
    catalog = model.PriceCatalog(
        number="CAT-1",
        issue_date=datetime.date(2024, 3, 15),
        parties=[],
        items=[
            model.CatalogItem(model.Product(gtin="10614141000019"), "BX", Decimal(5))
        ],
        contract_number="GPO-1",
        currency="USD",
    )
    text = write_interchange(_interchange(V4010, catalog))
    assert segment_ids(text)[3:7] == ["BCT", "REF", "DTM", "CUR"]
    # P0405: the unit (CTP05) needs a quantity (CTP04)
    assert "CTP**CON*5*1*BX~" in text
    (back,) = read_interchanges(text).documents
    assert back.items[0].minimum_quantity == Decimal(1)


def test_832_ctp_loop_repeats_100_times_in_4010_and_more_in_5010():
    prices = [f"CTP**CON*{n}.00*{n}*BX" for n in range(1, 102)]
    body = ["BCT*PC*CAT", "LIN**UK*10614141000019", *prices]
    assert errors_of("832", body, V4010) == [("loop_repeat", 104, "CTP")]
    assert errors_of("832", body, V5010) == []


def test_832_ctp_needs_the_quantity_with_the_unit():
    body = ["BCT*PC*CAT", "LIN**UK*10614141000019", "CTP**CON*12.50**BX"]
    assert errors_of("832", body) == [("conditional_missing", 4, "CTP")]


# --------------------------------------------------------------------------
# Element definitions: every element of the standard's segments is known.
# --------------------------------------------------------------------------

ORDER_4010 = [
    "BEG*00*SA*PO-1**20240301*CNT-1*AC*INV*BC*GS*01*SA",
    "CUR*BY*USD*1.2345*SE*CAD*IMF*007*20240301*1200*008*20240302*1300",
    "REF*CT*CNT-1*CONTRACT*VN>V-1",
    "PER*BD*JOHN BUYER*TE*8005550000*EM*BUYER@HOSPITAL.ORG*FX*8005550001*REF-1",
    "TAX*EXEMPT-1*SP*IL",
    "FOB*PP*OR*DOCK*01*FOB*DE*LOADING DOCK*01*AT DESTINATION",
    "SAC*C*D240*VI*FRT*2500*6*2.5*1.5*EA*10*20*06*SAC-REF*OPT-1*FREIGHT*EN",
    "CUR*BY*USD",
    "ITD*01*3*2*20240311*10*20240331*30*500*20240401*1000*50*NET 30*15*C*2.5",
    "DTM*002**1200*ET*D8*20240308",
    "PID*X*08*AB*GLV-1*NITRILE GLOVES*TO*SRC-1*Y*EN",
    "MEA*PD*WT*12.5*LB***01**TO*AB",
    "TD1*CTN25*2*Z*A123*GLOVES*G*38.6*LB*4.5*CF",
    "TD5*B*2*UPSN*M*UPS GROUND*CC*ZZ*LOC-1*OD*AD*2*CG*SD*ND*US",
    "MAN*GM*00614141000000001*00614141000000002*CP*CARRIER-REF*EXTRA",
    "N9*L1*NOTES*GENERAL*20240301*1200*ET*VN>V-1",
    "MSG*DELIVER TO DOCK 4*LC*1",
    "N1*ST*ST MARY*UL*0614141000012*01*BY",
    "N2*RECEIVING*DOCK 4",
    "N3*1250 HOSPITAL DRIVE*DOCK 4",
    "N4*SPRINGFIELD*IL*62701*US*CY*SPRINGFIELD COUNTY",
    "N4*SPRINGFIELD*IL*62702*US",
    "PER*RE*RECEIVING*TE*8005550002",
    "PER*EX*ESCALATION*TE*8005550003",
    "PO1*12345*10*BX*12.50*PE*UK*10614141000019*VN*NG-300M*IN*SMH-1001",
    "CTP**CON*12.50*1*BX",
    "CUR*BY*USD",
    "PID*F****NITRILE EXAM GLOVES",
    "MEA*PD*WT*0.5*LB",
    "PO4*10*100*EA*CTN25*G*5*LB*1*CF*12*10*8*IN*10*TO*A1*A2*3",
    sac("A", "C310", "", "", "1250", "6", "5", description="VOLUME DISCOUNT"),
    "CUR*BY*USD",
    "DTM*002*20240308",
    "CTT*1*10*38.6*LB*4.5*CF*ONE LINE",
    "AMT*TT*125.00*D",
]


def test_850_with_every_element_of_its_segments():
    order = read_one("850", ORDER_4010)
    assert order.number == "PO-1"
    assert order.requested_delivery == datetime.date(2024, 3, 8)  # DTM05 D8
    assert order.note == "DELIVER TO DOCK 4"
    (line,) = order.lines
    assert (line.line_number, line.quantity, line.unit) == ("12345", 10, "BX")
    assert line.requested_delivery == datetime.date(2024, 3, 8)


def test_850_sac_and_ctp_are_loops_with_their_cur():
    """SAC+CUR in the heading, CTP+CUR and SAC+CUR in PO1: loops of the standard."""
    body = ["BEG*00*SA*PO-1**20240301", "SAC*C*D240***100", "CUR*BY*USD"]
    body += ["SAC*A*C310***100", "CUR*BY*USD"]
    body += ["PO1*1*1*EA*1*PE*VN*X"]
    body += ["CTP**CON*1*1*EA", "CUR*BY*USD"] * 30  # >1 CTP loops (not 25)
    body += ["SAC*A*C310***100", "CUR*BY*USD"]
    assert errors_of("850", body) == []


def test_850_tax_segment_is_defined():
    """TAX was in the 850 table without an element spec: an internal error."""
    body = ["BEG*00*SA*PO-1**20240301", "TAX*EXEMPT-1", "PO1*1*1*EA*1*PE*VN*X"]
    assert errors_of("850", body) == []
    body[1] = "TAX**SP"  # P0203 and R0103
    assert set(errors_of("850", body)) == {("conditional_missing", 3, "TAX")}


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("BCT*PC*CAT**1234567", ("element_too_long", 2, "BCT")),  # BCT04 AN 1/6
        ("BCT*PC*CAT***FREE TEXT", ("element_too_long", 2, "BCT")),  # BCT05 ID 2/2
        ("BCT*PC*CAT***EA****PC", None),  # BCT05 unit, BCT10 purpose
    ],
)
def test_832_bct_elements(segment, expected):
    body = [segment, "LIN**UK*10614141000019", "CTP**CON*1*1*EA"]
    assert errors_of("832", body) == ([expected] if expected else [])


def test_856_with_every_element_of_its_segments():
    body = [
        "BSN*00*SH-1*20240304*1415*0001*AS*A01",
        "HL*1**S*1",
        "TD1*CTN25*2****G*38.6*LB*4.5*CF",
        "TD5*B*2*UPSN*M",
        "REF*CN*1Z999*TRACKING*BM>B-1",
        "DTM*011*20240304",
        "HL*2*1*O*1",
        "PRF*PO-1*1*2*20240301*1*CNT-1*SA",
        "HL*3*2*P*1",
        "MAN*GM*006141410000000019**CP*CARRIER-1*EXTRA",
        "HL*4*3*I*0",
        "LIN*12345*UK*10614141000019",
        "SN1*1*10*BX*10*10*BX*L*AC",
        "PO4*10*100*EA",
        "CTT*4*10",
    ]
    notice = read_one("856", body)
    (order,) = notice.orders
    assert order.packs[0].items[0].line_number == "12345"


@pytest.mark.parametrize(
    ("version", "segment", "ok"),
    [
        (V4010, "SN1**1234567890*EA", True),
        (V4010, "SN1**12345678901*EA", False),  # SN102 R 1/10
        (V5010, "SN1**12345678901*EA", False),  # still R 1/10 in 005010
        (V4010, "SN1**10*EA****ZZ*IA", True),  # SN107 ID 1/2, SN108
        (V4010, "SN1**10*EA****Z1234", False),
    ],
)
def test_856_sn1_elements(version, segment, ok):
    body = ["BSN*00*SH-1*20240304*1415*0001", "HL*1**S*1", "HL*2*1*O*1"]
    body += ["PRF*PO-1***20240301", "HL*3*2*I*0"]
    body += ["LIN*12345*UK*10614141000019", segment, "CTT*3"]
    assert (errors_of("856", body, version) == []) is ok


@pytest.mark.parametrize(
    ("version", "segment", "ok"),
    [
        (V5010, "PER*IC*DESK*EM*" + "A" * 200, True),  # PER04 AN 1/256 in 005010
        (V4010, "PER*IC*DESK*EM*" + "A" * 200, False),  # AN 1/80 in 004010
        (V5010, "REF*ZZ*" + "R" * 50, True),  # REF02 AN 1/50 in 005010
        (V4010, "REF*ZZ*" + "R" * 50, False),
        (V4010, "FOB*PP*O", True),  # FOB02 ID 1/2
        (V4010, "CTP**CON*1*1*EA***" + "9" * 18, True),  # CTP08 R 1/18
        (V4010, "CTP**CON*1*1*EA***" + "9" * 19, False),
    ],
)
def test_element_lengths_per_version(version, segment, ok):
    body = ["BEG*00*SA*PO-1**20240301"]
    if segment.startswith("CTP"):
        body += ["PO1*1*1*EA*1*PE*VN*X", segment]
    else:
        body += [segment, "PO1*1*1*EA*1*PE*VN*X"]
    assert (errors_of("850", body, version) == []) is ok


def test_810_iss_units_are_r_1_10():
    body = [*INVOICE_HEAD, "TDS*100", "ISS*1234567890*CA", "CTT*1"]
    assert errors_of("810", body) == []
    body[-2] = "ISS*12345678901*CA"
    assert errors_of("810", body) == [("element_too_long", 5, "ISS")]


# --------------------------------------------------------------------------
# 855 and 856: loop contents and maximum uses.
# --------------------------------------------------------------------------

ACK_HEAD = ["BAK*04*AC*PO-1*20240301****SO-1*20240302*ZZ"]  # BAK01 04 Change


def test_855_ack_without_its_qualifier_is_read_and_ack_dtm_is_once():
    body = [*ACK_HEAD, "PO1*12345*10*BX*12.50*PE*VN*NG-300M"]
    body += ["ACK*IA*10*BX**20240305"]  # C0405 (not C0504): ACK05 alone is fine
    body += ["ACK*AA*10*BX*017*20240305", "DTM*017*20240305", "CTT*1"]
    ack = read_one("855", body)
    assert [line.line_number for line in ack.lines] == ["12345", "12345"]
    assert ack.lines[1].status == model.LINE_ACCEPTED  # AA: accepted elsewhere
    body.insert(-1, "DTM*068*20240306")  # the ACK loop has DTM once
    assert errors_of("855", body) == [("segment_repeat", 7, "DTM")]


def test_855_heading_itd_five_times():
    body = [*ACK_HEAD, *["ITD*01*3*****30"] * 5, "PO1*1*1*EA"]
    assert errors_of("855", body) == []
    body.insert(1, "ITD*01*3*****30")
    assert errors_of("855", body) == [("segment_repeat", 8, "ITD")]


# --------------------------------------------------------------------------
# 850 in 005010: MTX replaced MSG in the N9 loop.
# --------------------------------------------------------------------------


def test_850_5010_note_is_mtx():
    body = ["BEG*00*SA*PO-1**20240301", "N9*L1*NOTES", "MTX**DELIVER TO DOCK 4"]
    body += ["PO1*1*1*EA*1*PE*VN*X"]
    order = read_one("850", body, V5010)
    assert order.note == "DELIVER TO DOCK 4"
    body[2] = "MSG*DELIVER TO DOCK 4"
    assert errors_of("850", body, V5010) == [("segment_not_in_set", 4, "MSG")]


@pytest.mark.parametrize(("version", "note_id"), [(V4010, "MSG"), (V5010, "MTX")])
def test_850_writer_writes_the_note_in_the_versions_segment(version, note_id):
    order = model.PurchaseOrder(
        number="PO-1",
        order_date=datetime.date(2024, 3, 1),
        parties=[],
        lines=[model.OrderLine("1", model.Product(vendor_part="X"), Decimal(1), "EA")],
        note="N" * 300,
    )
    text = write_interchange(_interchange(version, order))
    assert note_id in segment_ids(text)
    (back,) = read_interchanges(text).documents
    assert back.note == order.note


# --------------------------------------------------------------------------
# 810: allowances, charges and taxes (SAC and TXI, per line and in summary).
# --------------------------------------------------------------------------

INVOICE_HEAD = ["BIG*20240305*INV-1*20240301*PO-1", "CUR*SE*USD"]


def test_810_sac_and_txi_per_line_and_in_summary_4010():
    body = [
        *INVOICE_HEAD,
        "ITD*01*3*****30",
        "ITD*05*3*****45",
        "IT1*12345*10*BX*12.50*PE*UK*10614141000019",
        "TXI*ST*10.31*.0825",
        "PID*F****NITRILE EXAM GLOVES",
        "ITD*01*3*****30",
        "ITD*08*3*****60",  # ITD twice in the IT1 loop
        sac("A", "C310", "", "", "1250", "6", "10", description="VOLUME DISCOUNT"),
        "TXI*ST*1.03",  # tax on the allowance: not read
        "TDS*13781",
        "TXI*ST*10.31*.0825",
        "TXI*LS*1.00",
        sac("C", "D240", "", "", "2500", description="FREIGHT"),
        "SAC*N*H850",  # no allowance or charge: skipped
        "CTT*1",
    ]
    invoice = read_one("810", body)
    (line,) = invoice.lines
    assert line.line_number == "12345"
    assert line.taxes == [model.Tax("ST", Decimal("10.31"), Decimal("8.25"))]
    assert line.allowances_charges == [
        model.AllowanceCharge(
            model.ALLOWANCE,
            Decimal("12.50"),  # SAC05 N2: implied two decimals
            model.KIND_DISCOUNT,
            "C310",
            "VOLUME DISCOUNT",
            Decimal("10"),
        )
    ]
    assert invoice.allowances_charges == [
        model.AllowanceCharge(
            model.CHARGE, Decimal("25.00"), model.KIND_FREIGHT, "D240", "FREIGHT"
        )
    ]
    assert invoice.taxes == [
        model.Tax("ST", Decimal("10.31"), Decimal("8.25")),
        model.Tax("LS", Decimal("1.00")),
    ]
    assert invoice.tax_amount == Decimal("11.31")
    assert invoice.total_amount == Decimal("137.81")


def test_810_sac_txi_loops_of_5010():
    body = [
        *INVOICE_HEAD,
        "IT1*1*10*BX*12.50*PE*UK*10614141000019",
        "SAC*A*C310***1250",
        "TXI*ST*1.03",
        "DTM*140*20240305",  # TXI loop: TXI + DTM in 005010
        "TDS*11250",
        "SAC*C*ZZZZ***500",
        "DTM*140*20240305",  # summary SAC loop: DTM before the TXI loop
        "TXI*ST*0.41",
        "CTT*1",
    ]
    invoice = read_one("810", body, V5010)
    assert invoice.allowances_charges == [
        model.AllowanceCharge(model.CHARGE, Decimal("5.00"), model.KIND_OTHER, "ZZZZ")
    ]
    assert errors_of("810", body, V4010) != []


def test_810_writer_places_sac_and_txi_per_the_table():
    invoice = model.Invoice(
        number="INV-1",
        invoice_date=datetime.date(2024, 3, 5),
        order_number="PO-1",
        parties=[],
        lines=[
            model.InvoiceLine(
                "12345",
                model.Product(vendor_part="NG-300M", description="GLOVES"),
                Decimal(10),
                "BX",
                Decimal("12.50"),
                [
                    model.AllowanceCharge(
                        model.ALLOWANCE, Decimal("12.50"), model.KIND_DISCOUNT, "C310"
                    )
                ],
                [model.Tax("ST", Decimal("10.31"), Decimal("8.25"))],
            )
        ],
        total_amount=Decimal("137.81"),
        tax_amount=Decimal("10.31"),
        allowances_charges=[
            model.AllowanceCharge(
                model.CHARGE, Decimal("25"), model.KIND_FREIGHT, description="FREIGHT"
            )
        ],
        taxes=[model.Tax("ST", Decimal("10.31"), Decimal("8.25"))],
    )
    text = write_interchange(_interchange(V4010, invoice))
    body = segment_ids(text)[3:-3]
    assert body == ["BIG", "IT1", "TXI", "PID", "SAC", "TDS", "TXI", "SAC", "CTT"]
    assert "TXI*ST*10.31*0.0825~" in text
    assert "SAC*A*C310***1250~" in text
    # D240 from the kind
    assert sac("C", "D240", "", "", "2500", description="FREIGHT") + "~" in text
    (back,) = read_interchanges(text).documents
    assert back.lines == invoice.lines
    assert back.taxes == invoice.taxes and back.tax_amount == invoice.tax_amount


def test_810_bare_tax_amount_is_one_txi_all_taxes():
    invoice = _invoice(tax_amount=Decimal("19.40"))
    text = write_interchange(_interchange(V4010, invoice))
    assert "TDS*1000~TXI*TX*19.40~" in text
    (back,) = read_interchanges(text).documents
    assert back.tax_amount == Decimal("19.40")
    assert back.taxes == [model.Tax("TX", Decimal("19.40"))]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"tax_amount": Decimal(5), "taxes": [model.Tax("ST", Decimal(4))]}, None),
        (
            {"allowances_charges": [model.AllowanceCharge("x", Decimal(1))]},
            "invalid_value",
        ),
        (
            {"allowances_charges": [model.AllowanceCharge("charge", Decimal("0.001"))]},
            "invalid_value",
        ),
        (
            {"taxes": [model.Tax("ST", Decimal(1))] * 11, "tax_amount": Decimal(11)},
            "segment_repeat",
        ),
    ],
)
def test_810_writer_refuses_what_x12_cannot_carry(changes, code):
    with pytest.raises(EdiValidationError) as raised:
        write_interchange(_interchange(V4010, _invoice(**changes)))
    assert raised.value.code == (code or "invalid_value")


# --------------------------------------------------------------------------
# 850 cancellation and the order line number through 855, 856 and 810.
# --------------------------------------------------------------------------


def test_850_cancellation_is_beg01_01():
    order = read_one("850", ["BEG*01*SA*PO-1**20240301", "PO1*12345*1*EA"])
    assert order.purpose == model.ORDER_CANCEL
    written = write_interchange(_interchange(V4010, order))
    assert "BEG*01*SA*PO-1**20240301~" in written
    assert read_interchanges(written).documents[0].purpose == model.ORDER_CANCEL


def test_order_line_number_travels_through_855_856_810():
    """The Odoo side sets OrderLine.line_number to the purchase.order.line id."""
    product = model.Product(gtin="10614141000019")
    order = model.PurchaseOrder(
        "PO-1",
        datetime.date(2024, 3, 1),
        [],
        [model.OrderLine("12345", product, Decimal(10), "BX", Decimal("12.50"))],
    )
    ack = model.PurchaseOrderAck(
        "SO-1",
        datetime.date(2024, 3, 2),
        "PO-1",
        datetime.date(2024, 3, 1),
        model.ACK_ACCEPTED,
        [],
        [model.AckLine("12345", product, model.LINE_ACCEPTED, Decimal(10), "BX")],
    )
    notice = model.ShipNotice(
        "SH-1",
        datetime.date(2024, 3, 4),
        [],
        [
            model.ShippedOrder(
                "PO-1", items=[model.ShippedItem("12345", product, Decimal(10), "BX")]
            )
        ],
    )
    invoice = _invoice(
        lines=[model.InvoiceLine("12345", product, Decimal(10), "BX", Decimal(1))]
    )
    text = write_interchange(_interchange(V4010, order, ack, notice, invoice))
    for segment in ("PO1*12345*10*BX", "PO1*12345*10*BX", "LIN*12345*UK", "IT1*12345"):
        assert segment in text
    read_order, read_ack, read_notice, read_invoice = read_interchanges(text).documents
    assert read_order.lines[0].line_number == "12345"
    assert read_ack.lines[0].line_number == "12345"
    assert read_notice.orders[0].items[0].line_number == "12345"
    assert read_invoice.lines[0].line_number == "12345"


# --------------------------------------------------------------------------


def _invoice(**changes):
    fields = {
        "number": "INV-1",
        "invoice_date": datetime.date(2024, 3, 5),
        "order_number": "PO-1",
        "parties": [],
        "lines": [],
        "total_amount": Decimal(10),
        **changes,
    }
    return model.Invoice(**fields)


def _interchange(version, *documents):
    return model.Interchange(
        standard="X12",
        version=version,
        sender=model.Identity("SUPPLIER"),
        receiver=model.Identity("HOSPITAL"),
        control_number="1",
        prepared_at=datetime.datetime(2024, 4, 1, 12, 0),
        documents=list(documents),
    )
