"""Hand-written messages that follow the UN/EDIFACT D.96A and D.01B directories.

Each message uses segments and groups the published message structure
(UNTDID ``trmd``) and segment / composite directories (``trsd`` / ``trcd``)
allow where they stand; the reader must accept and map them. Segment group
numbers in the comments are the directory's.
"""

import datetime
from decimal import Decimal

import pytest
import samples

from integration_core.edi import api, model
from integration_core.edi.edifact import (
    functional_ack,
    read_interchanges,
    write_interchange,
)
from integration_core.edi.edifact.directory import ELEMENTS
from integration_core.edi.edifact.spec import check_segment, parse_structure
from integration_core.edi.edifact.syntax import Seg
from integration_core.edi.errors import EdiValidationError


def interchange(*segments, control="77"):
    """UNB + one message (UNH ... UNT, counted) + UNZ, as text."""
    body = list(segments)
    reference = body[0].split("+")[1]
    body.append(f"UNT+{len(body) + 1}+{reference}")
    envelope = [
        f"UNB+UNOC:3+0860001000009:14+5401234000012:14+240322:1410+{control}",
        *body,
        f"UNZ+1+{control}",
    ]
    return "".join(segment + "'" for segment in envelope)


def only_document(text, **options):
    result = read_interchanges(text, **options)
    assert result.errors == [], [str(error) for error in result.errors]
    (document,) = result.documents
    return document


# --------------------------------------------------------------- INVOIC D.01B

INVOIC_D01B_ALC = interchange(
    "UNH+1+INVOIC:D:01B:UN:EAN010",
    "BGM+380+INV-ALC-1+9",
    "DTM+137:20240322:102",
    "FTX+AAI+++GOODS AS ORDERED",
    "RFF+ON:PO-77",  # SG1
    "DTM+171:20240320:102",
    "NAD+BY+4001234000015::9++LAKEVIEW KLINIKUM",  # SG2
    "NAD+SU+0860001000009::9++MEDSURG PHARMA GMBH",
    "TAX+7+VAT+++:::19+S",  # SG6
    "CUX+2:EUR:4",  # SG7
    "PAT+1++5:3:D:30",  # SG8
    "ALC+C+FR-1++1+FC:::FREIGHT AND PACKING",  # SG16 heading charge
    "ALI+DE",
    "RFF+CT:GPO-1",  # SG17
    "QTY+1:1",  # SG18
    "PCD+3:2.5",  # SG19
    "RNG+4+KGM:0:100",
    "MOA+23:25.00",  # SG20
    "MOA+25:1000.00",
    "TAX+7+VAT+++:::19",  # SG22
    "MOA+124:4.75",
    "ALC+A++++DI:::EARLY ORDER DISCOUNT",  # SG16 heading allowance
    "MOA+204:-10.00",
    "LIN+1++5401234010011:SRV",  # SG26
    "PIA+1+NG-300M:SA",
    "PGI+11+GLOVES-NITRILE::91:EXAM GLOVES",
    "IMD+F++:::NITRILE EXAM GLOVES",
    "QTY+47:12:BX",
    "ALI+DE",
    "DTM+35:20240321:102",
    "FTX+AAI+++LINE NOTE",
    "MOA+203:124.40",  # SG27
    "PRI+AAA:11.20",  # SG29
    "RFF+ON:PO-77:1",  # SG30
    "TAX+7+VAT+++:::19+S",  # SG34
    "MOA+124:23.64",
    "LOC+157+DE",
    "ALC+A++++QD:::VOLUME REBATE",  # SG39 line allowance
    "DTM+194:20240301:102",
    "QTY+1:12:BX",  # SG40
    "PCD+1:10",  # SG41
    "MOA+204:10.00",  # SG42
    "MOA+25:134.40",
    "TAX+7+VAT+++:::19",  # SG44
    "MOA+124:1.90",
    "LIN+2++4001234000107:SRV",
    "QTY+47:2:PK",
    "PRI+AAA:42.50",
    "UNS+S",
    "CNT+2:2",
    "MOA+77:300.00",  # SG50
    "RFF+IV:INV-ALC-1",  # SG51
    "MOA+79:219.40",
    "MOA+176:45.00",
    "TAX+7+VAT+++:::19+S",  # SG52
    "MOA+124:45.00",
    "MOA+125:236.80",
    "ALC+A++++DI",  # SG53 summary: totals of the ALC groups above
    "ALI+DE",
    "MOA+131:20.00",
)


def test_invoic_d01b_heading_line_and_summary_allowance_groups_are_read():
    invoice = only_document(INVOIC_D01B_ALC)
    assert invoice.allowances_charges == [
        model.AllowanceCharge(
            model.CHARGE,
            Decimal("25.00"),
            model.KIND_FREIGHT,
            "FC",
            "FREIGHT AND PACKING",
            Decimal("2.5"),
            Decimal("1000.00"),
        ),
        model.AllowanceCharge(
            model.ALLOWANCE,
            Decimal("10.00"),
            model.KIND_DISCOUNT,
            "DI",
            "EARLY ORDER DISCOUNT",
        ),
    ]
    first, second = invoice.lines
    assert first.allowances_charges == [
        model.AllowanceCharge(
            model.ALLOWANCE,
            Decimal("10.00"),
            model.KIND_DISCOUNT,
            "QD",
            "VOLUME REBATE",
            Decimal("10"),
            Decimal("134.40"),
        )
    ]
    assert first.taxes == [model.Tax("VAT", Decimal("23.64"), Decimal("19"))]
    assert (first.quantity, first.unit, first.unit_price) == (
        Decimal("12"),
        "BX",
        Decimal("11.20"),
    )
    assert second.allowances_charges == [] and second.taxes == []
    assert invoice.taxes == [model.Tax("VAT", Decimal("45.00"), Decimal("19"))]
    assert invoice.tax_amount == Decimal("45.00")
    assert invoice.total_amount == Decimal("300.00")


def test_invoic_d01b_round_trips_its_allowances_and_taxes():
    invoice = only_document(INVOIC_D01B_ALC)
    for version in ("D01B", "D96A"):
        again = only_document(
            write_interchange(samples.interchange([invoice], version))
        )
        assert again == invoice


# --------------------------------------------------------------- INVOIC D.96A


def invoic_d96a(*allowance_segments, summary=(), line_alc=True):
    line_allowance = ["ALC+C++++HD:::HANDLING", "MOA+8:3.00"] if line_alc else []
    return interchange(
        "UNH+1+INVOIC:D:96A:UN:EAN008",
        "BGM+380+INV-96-1+9",
        "DTM+137:20240306:102",
        "NAD+SU+0860001000009::9++MEDSURG DISTRIBUTION NV",  # SG2
        "CUX+2:EUR:4",  # SG7
        *allowance_segments,
        "LIN+1++5401234010011:EN",  # SG25
        "QTY+47:10:BX",
        "MOA+203:112.00",  # SG26
        "PRI+AAA:11.20",  # SG28
        "TAX+7+VAT+++:::6+S",  # SG33
        "MOA+124:6.72",
        *line_allowance,  # SG38 ALC, SG41 MOA
        "UNS+S",
        "MOA+77:121.72",  # SG48
        "TAX+7+VAT+++:::6+S",  # SG50
        "MOA+124:6.72",
        "MOA+125:112.00",
        *summary,
    )


def test_invoic_d96a_heading_allowance_with_reference_and_range_groups():
    invoice = only_document(
        invoic_d96a(
            "ALC+A+PROMO-7++1+TD",  # SG15
            "ALI+BE",
            "RFF+CT:GPO-1",  # SG16
            "DTM+171:20240101:102",
            "PCD+3:5",  # SG18
            "RNG+5+EUR:100:1000",
            "MOA+8:5.60",  # SG19
            "RNG+5+EUR:100:1000",
            summary=("ALC+A++++TD", "MOA+131:5.60"),  # SG51
        )
    )
    assert invoice.allowances_charges == [
        model.AllowanceCharge(
            model.ALLOWANCE,
            Decimal("5.60"),
            model.KIND_DISCOUNT,
            "TD",
            percent=Decimal("5"),
        )
    ]
    (line,) = invoice.lines
    assert line.allowances_charges == [
        model.AllowanceCharge(
            model.CHARGE, Decimal("3.00"), model.KIND_OTHER, "HD", "HANDLING"
        )
    ]
    assert line.taxes == [model.Tax("VAT", Decimal("6.72"), Decimal("6"))]
    assert invoice.tax_amount == Decimal("6.72")  # no MOA 176: the TAX groups


def test_invoic_d96a_summary_allowances_stand_alone_when_no_other_alc():
    summary = ("ALC+C++++FC", "ALI+BE", "MOA+131:12.50")  # SG51
    invoice = only_document(invoic_d96a(summary=summary, line_alc=False))
    assert invoice.allowances_charges == [
        model.AllowanceCharge(model.CHARGE, Decimal("12.50"), model.KIND_FREIGHT, "FC")
    ]


def test_allowance_without_an_amount_is_reported():
    result = read_interchanges(invoic_d96a("ALC+A++++DI", "PCD+3:5"))
    assert not result.ok
    (error,) = result.errors
    assert (error.code, error.location.segment_id) == ("missing_segment", "MOA")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": model.KIND_DISCOUNT, "code": "FC"}, "code"),
        ({"kind": "gift"}, "kind"),
        ({"indicator": "rebate"}, "indicator"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"code": "LONG"}, "code"),
        ({"description": "x" * 71}, "description"),
    ],
)
def test_unwritable_allowances_name_the_field(change, field):
    invoice = samples.invoice()
    values = {"indicator": model.CHARGE, "amount": Decimal("1"), **change}
    invoice.allowances_charges = [model.AllowanceCharge(**values)]
    with pytest.raises(EdiValidationError) as caught:
        write_interchange(samples.interchange([invoice]))
    assert f"allowances_charges[0].{field}" in str(caught.value)


def test_an_empty_code_is_written_as_the_kinds_code():
    invoice = samples.invoice()
    invoice.allowances_charges = [
        model.AllowanceCharge(model.CHARGE, Decimal("9.50"), model.KIND_FREIGHT),
        model.AllowanceCharge(model.ALLOWANCE, Decimal("2"), model.KIND_DISCOUNT),
    ]
    text = write_interchange(samples.interchange([invoice]))
    assert "ALC+C++++FC'MOA+8:9.50'" in text and "ALC+A++++DI'MOA+8:2'" in text
    again = only_document(text)
    assert [(a.kind, a.code) for a in again.allowances_charges] == [
        (model.KIND_FREIGHT, "FC"),
        (model.KIND_DISCOUNT, "DI"),
    ]


# --------------------------------------------------------------- ORDRSP D.96A


def ordrsp(*line_segments):
    return interchange(
        "UNH+R1+ORDRSP:D:96A:UN:EAN005",
        "BGM+231+ORSP-1+4",
        "DTM+137:20240302:102",
        "RFF+ON:PO-1",  # SG1
        "LIN+1+5+5401234010011:EN",  # SG26
        "QTY+113:10:BX",
        *line_segments,
        "UNS+S",
        "CNT+2:2",
    )


def test_ordrsp_d96a_rejected_line_without_qty_is_read_as_zero():
    ack = only_document(ordrsp("LIN+2+7+5401234010028:EN", "PIA+1+SY-10LL:SA"))
    accepted, rejected = ack.lines
    assert (accepted.status, accepted.quantity) == (model.LINE_ACCEPTED, Decimal(10))
    assert rejected.status == model.LINE_REJECTED
    assert (rejected.quantity, rejected.unit) == (Decimal("0"), "EA")
    assert rejected.product.vendor_part == "SY-10LL"


def test_ordrsp_not_found_line_without_qty_is_rejected_with_zero():
    ack = only_document(ordrsp("LIN+2+10+5401234010028:EN"))
    assert (ack.lines[1].status, ack.lines[1].quantity) == (
        model.LINE_REJECTED,
        Decimal("0"),
    )


def test_ordrsp_accepted_line_still_needs_its_quantity():
    result = read_interchanges(ordrsp("LIN+2+5+5401234010028:EN"))
    (error,) = result.errors
    assert (error.code, error.location.segment_id) == ("missing_segment", "QTY")


# --------------------------------------------------------------- PRICAT


def pricat(version, pgi):
    release = {"D96A": "D:96A:UN:EAN006", "D01B": "D:01B:UN:EAN008"}[version]
    return interchange(
        f"UNH+P1+PRICAT:{release}",
        "BGM+9+PL-1+9",
        "DTM+137:20240315:102",
        pgi,  # SG16 (D.96A) / SG17 (D.01B)
        "LIN+1++5401234010011:EN",
        "PRI+AAA:11.20:::1:BX",
    )


@pytest.mark.parametrize(
    ("version", "pgi"),
    [
        ("D96A", "PGI+11+AB1::91:SURGICAL GLOVES"),
        ("D01B", "PGI+11+GLOVES-NITRILE-EXAM:EANCOM-GROUPS:91:SURGICAL GLOVES"),
    ],
)
def test_pricat_product_group_composite_follows_the_directory(version, pgi):
    """C288: 5389 group code, 1131 code list, 3055 agency, 5388 group name."""
    catalog = only_document(pricat(version, pgi))
    assert [item.unit_price for item in catalog.items] == [Decimal("11.20")]


def test_pricat_d96a_product_group_code_is_at_most_three_characters():
    result = read_interchanges(pricat("D96A", "PGI+11+GLOVES-NITRILE::91"))
    (error,) = result.errors
    assert error.code == "element_too_long"
    assert (error.location.segment_id, error.location.element_position) == ("PGI", 2)
    assert error.location.component_position == 1


def test_pricat_writer_puts_the_items_in_a_product_group():
    catalog = samples.price_catalog()
    catalog.control_number = "1"
    text = write_interchange(samples.interchange([catalog]))
    assert "PGI+9'LIN+1+" in text
    assert only_document(text) == catalog


# --------------------------------------------------------------- ORDERS


def test_orders_cancellation_is_bgm_1225_1_both_ways():
    order = samples.purchase_order()
    order.purpose = model.ORDER_CANCEL
    text = write_interchange(samples.interchange([order]))
    assert "BGM+220+PO-2024-0001+1'" in text
    assert only_document(text).purpose == model.ORDER_CANCEL


def test_d96a_line_numbers_are_numeric_d01b_ones_need_not_be():
    order = samples.purchase_order()
    order.lines[0].line_number = "A-1"
    with pytest.raises(EdiValidationError, match="lines\\[0\\].line_number"):
        write_interchange(samples.interchange([order], "D96A"))
    text = write_interchange(samples.interchange([order], "D01B"))
    assert only_document(text).lines[0].line_number == "A-1"


# --------------------------------------------------------------- DESADV


def test_desadv_d96a_package_type_and_sub_line_as_the_directory_has_them():
    text = interchange(
        "UNH+1+DESADV:D:96A:UN:EAN005",
        "BGM+351+DES-1+9",
        "DTM+11:20240305:102",
        "RFF+ON:PO-1",
        "CPS+1",  # SG10
        "PAC+1+1:52:1+CT",  # SG11: C531 has three components
        "LIN+1++5401234010011:EN+1:1",  # SG15, C829 sub-line information
        "QTY+12:10:BX",
        "PCI+36E",  # SG20 (D.96A: PCI, DTM, MEA, QTY, SG21 GIN)
        "DTM+361:20280228:102",
        "GIN+BX+LOT-1",
    )
    notice = only_document(text)
    (item,) = notice.orders[0].packs[0].items
    assert (item.lot, item.expiry_date) == ("LOT-1", datetime.date(2028, 2, 28))


def test_desadv_writer_spreads_many_serial_numbers_over_pci_groups():
    notice = samples.ship_notice()
    item = notice.orders[0].items[0] if notice.orders[0].items else None
    if item is None:
        item = notice.orders[0].packs[0].items[0]
    item.serial_numbers = [f"SN{index:04d}" for index in range(60)]
    notice.control_number = "1"
    text = write_interchange(samples.interchange([notice]))
    assert text.count("PCI+36E") >= 2
    assert only_document(text) == notice


def test_writer_refuses_what_the_structure_does_not_allow():
    notice = samples.ship_notice()
    template = notice.orders[0]
    notice.orders = [
        model.ShippedOrder(f"PO-{index}", None, [], list(template.items or []))
        for index in range(11)
    ]
    if not template.items:
        notice.orders[0].packs = template.packs
    with pytest.raises(EdiValidationError, match="RFF"):
        write_interchange(samples.interchange([notice]))


# --------------------------------------------------------------- segment specs


def problems(version, tag, *elements):
    found = []

    def report(code, *_args):
        found.append(code)

    check_segment(Seg(tag, list(elements), 1), ELEMENTS[version][tag], report)
    return found


def test_unh_s010_status_of_the_transfer_is_n2_and_a1():
    """S010: 0070 sequence of transfers n..2, 0073 first and last transfer a1."""
    identifier = ["ORDERS", "D", "96A", "UN"]
    assert problems("D96A", "UNH", "1", identifier, "REF", ["1", "F"]) == []
    assert problems("D96A", "UNH", "1", identifier, "REF", ["X", "F"]) == [
        "invalid_number"
    ]


@pytest.mark.parametrize(
    ("version", "tag", "elements"),
    [
        ("D96A", "LOC", ["11", ["DEHAM"], ["A"], ["B"], "1"]),  # 5 elements
        ("D96A", "TAX", ["7", ["VAT", "", "", "Value added tax"], ["X"]]),
        ("D96A", "TDT", ["20", "", "", "", "", "", "", ["", "", "", "", ""]]),
        ("D01B", "FTX", ["AAI", "", ["A", "B"], ["text"], "EN", "1"]),
        ("D01B", "QTY", [["1", "12", "BX"]]),
        ("D01B", "IMD", ["F", ["8", "", "9"], ["", "", "", "desc"]]),
        ("D01B", "PIA", ["1", ["X", "SA", "LIST-17-CHARS-ABC", "91"]]),
        ("D96A", "ALC", ["A", ["REF", "1"], "", "1", ["DI", "", "", "a", "b"]]),
    ],
)
def test_elements_as_the_segment_directory_defines_them(version, tag, elements):
    assert problems(version, tag, *elements) == []


@pytest.mark.parametrize(
    ("version", "tag", "elements", "code"),
    [
        ("D96A", "LIN", ["A1"], "invalid_number"),  # 1082 n..6 in D.96A
        ("D96A", "BGM", [["380", "LIST"]], "element_too_long"),  # 1131 an..3
        ("D96A", "PGI", ["11", ["", "", "", "x" * 36]], "element_too_long"),
        ("D01B", "CPS", ["x" * 36], "element_too_long"),  # 7164 an..35
    ],
)
def test_elements_the_segment_directory_forbids(version, tag, elements, code):
    assert code in problems(version, tag, *elements)


def test_structure_tables_number_their_groups_in_order():
    with pytest.raises(ValueError, match="SG3"):
        parse_structure("X", "UNH M1\nSG1 C1: RFF M1\nSG3 C1: NAD M1\nUNT M1")


# --------------------------------------------------------------- unknown segments

UNKNOWN = interchange(
    "UNH+1+ORDERS:D:96A:UN:EAN008",
    "BGM+220+PO-9+9",
    "DTM+137:20240301:102",
    "ZZZ+PARTNER SPECIFIC",  # not a directory segment
    "NAD+BY+5401234000012::9",
    "LIN+1++5401234010011:EN",
    "QTY+21:10:BX",
    "BGM+220+AGAIN+9",  # a directory segment, but not here
    "PRI+AAA:11.20",
    "UNS+S",
)
KNOWN = UNKNOWN.replace("ZZZ+PARTNER SPECIFIC'", "").replace("BGM+220+AGAIN+9'", "")
KNOWN = KNOWN.replace("UNT+11+1", "UNT+9+1")


def test_unknown_segments_are_rejected_by_default():
    result = api.read(UNKNOWN.encode("latin-1"))
    assert not result.ok and result.documents == []
    assert [(e.code, e.location.segment_position) for e in result.errors] == [
        ("unexpected_segment", 4),
        ("unexpected_segment", 8),
    ]
    assert result.warnings == [] and result.sets[0].warnings == []


def test_unknown_segments_are_skipped_with_warnings_when_asked():
    result = api.read(UNKNOWN.encode("latin-1"), unknown_segments="warn")
    assert result.ok, [str(error) for error in result.errors]
    (set_result,) = result.sets
    assert set_result.accepted
    assert result.documents == read_interchanges(KNOWN).documents
    warnings = [
        (
            w.code,
            w.location.set_control,
            w.location.segment_position,
            w.location.segment_id,
        )
        for w in set_result.warnings
    ]
    assert warnings == [
        ("unknown_segment", "1", 4, "ZZZ"),
        ("unknown_segment", "1", 8, "BGM"),
    ]
    assert result.warnings == set_result.warnings
    assert "segment 4 ZZZ" in str(result.warnings[0])


def test_warn_mode_does_not_hide_other_errors():
    bad = UNKNOWN.replace("DTM+137:20240301:102", "DTM+137:20241301:102")
    result = read_interchanges(bad, unknown_segments="warn")
    assert [error.code for error in result.errors] == ["invalid_date"]
    assert len(result.warnings) == 2 and not result.sets[0].accepted


def test_skipped_segments_are_not_checked_element_by_element():
    long = UNKNOWN.replace("BGM+220+AGAIN+9", "BGM+220+" + "X" * 40 + "+9")
    assert read_interchanges(long, unknown_segments="warn").ok


def test_policy_must_be_known():
    with pytest.raises(ValueError):
        read_interchanges(UNKNOWN, unknown_segments="ignore")


@pytest.mark.parametrize(
    ("policy", "status"),
    [("warn", model.FA_ACCEPTED_WITH_ERRORS), ("reject", model.FA_REJECTED)],
)
def test_contrl_reports_what_was_accepted(policy, status):
    result = read_interchanges(UNKNOWN, unknown_segments=policy)
    ack_interchange = functional_ack(
        result,
        sender=model.Identity("US", "ZZ"),
        receiver=model.Identity("PARTNER", "ZZ"),
        control_number="9",
        prepared_at=datetime.datetime(2024, 3, 1, 12, 0),
    )
    (ack,) = ack_interchange.documents
    ack.control_number = "1"
    (set_ack,) = ack.sets
    assert set_ack.status == status
    assert ack.accepted_count == (1 if policy == "warn" else 0)
    assert [(e.code, e.segment_position) for e in set_ack.errors] == [
        ("15", 4),
        ("15", 8),
    ]
    text = write_interchange(ack_interchange)
    if policy == "warn":
        assert "UCM+1+ORDERS:D:96A:UN+7'UCS+4+15'UCS+8+15'" in text
    assert only_document(text) == ack
