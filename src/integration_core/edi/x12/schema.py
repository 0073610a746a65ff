"""Compact X12 segment specifications, compiled once per version and delimiters.

Each segment is described by one line of text, element by element::

    "N1": "entity M ID 2/3 | name X AN 1/60 | id_qualifier X ID 1/2 | id X AN 2/80"

``M`` is mandatory, ``X``/``O`` optional (conditional rules come separately as
X12 syntax notes such as ``R0203`` or ``P0304``). ``ID`` elements may carry a
code list after ``=``. Types: ``AN``, ``ID``, ``N0``, ``N2`` (implied
decimals), ``R``, ``DT``, ``TM`` and ``C`` (a composite: ``C 1/2`` components
are checked loosely; the set readers check what they use).

:func:`compiled` turns the table for a version into :class:`SegmentSpec`
objects holding one regular expression that validates a whole segment in a
single C call; only a segment that fails it goes through the per-element
:func:`SegmentSpec.check`, which names the exact element and problem.
"""

import dataclasses
import datetime
import functools
import re

V4010 = "004010"
V5010 = "005010"
VERSIONS = (V4010, V5010)

_COMMON = {
    # Envelopes
    "ISA": "auth_qualifier M ID 2/2 | auth_info M AN 10/10"
    " | security_qualifier M ID 2/2"
    " | security_info M AN 10/10 | sender_qualifier M ID 2/2 | sender_id M AN 15/15"
    " | receiver_qualifier M ID 2/2 | receiver_id M AN 15/15 | date M DT 6/6"
    " | time M TM 4/4 | standards_id M D 1/1 | version M ID 5/5=00401,00501"
    " | control_number M N0 9/9 | ack_requested M ID 1/1=0,1 | usage M ID 1/1=P,T"
    " | component_separator M D 1/1",
    "IEA": "group_count M N0 1/5 | control_number M N0 9/9",
    "GS": "functional_id M ID 2/2 | sender_code M AN 2/15 | receiver_code M AN 2/15"
    " | date M DT 8/8 | time M TM 4/8 | control_number M N0 1/9"
    " | agency M ID 1/2=X,T | version M AN 1/12",
    "GE": "set_count M N0 1/6 | control_number M N0 1/9",
    "ST": "set_id M ID 3/3 | control_number M AN 4/9",
    "SE": "segment_count M N0 1/10 | control_number M AN 4/9",
    "TA1": "control_number M N0 9/9 | date M DT 6/6 | time M TM 4/4"
    " | ack_code M ID 1/1 | note_code M ID 3/3",
    # Shared business segments. Every element of the standard's segment is
    # defined (X12 004010 data element dictionary: type, min/max length,
    # requirement), so that a partner's file using an element we do not read
    # is still accepted.
    "CUR": "entity M ID 2/3 | currency M ID 3/3 | rate O R 4/10 | entity2 O ID 2/3"
    " | currency2 O ID 3/3 | market O ID 3/3"
    + "".join(
        f" | date_qualifier{n} {'O' if n == 1 else 'X'} ID 3/3 | date{n} X DT 8/8"
        f" | time{n} X TM 4/8"
        for n in range(1, 6)
    ),
    "REF": "qualifier M ID 2/3 | value X AN 1/30 | description X AN 1/80"
    " | reference_ids O C 1/6",
    "PER": "function M ID 2/2 | name O AN 1/60 | comm_qualifier X ID 2/2"
    " | comm_number X AN 1/80 | comm_qualifier2 X ID 2/2 | comm_number2 X AN 1/80"
    " | comm_qualifier3 X ID 2/2 | comm_number3 X AN 1/80"
    " | contact_reference O AN 1/20",
    "DTM": "qualifier M ID 3/3 | date X DT 8/8 | time X TM 4/8 | time_code O ID 2/2"
    " | period_format X ID 2/3 | period X AN 1/35",
    "N1": "entity M ID 2/3 | name X AN 1/60 | id_qualifier X ID 1/2 | id X AN 2/80"
    " | relationship O ID 2/2 | entity2 O ID 2/3",
    "N2": "name M AN 1/60 | name2 O AN 1/60",
    "N3": "street M AN 1/55 | street2 O AN 1/55",
    "N4": "city O AN 2/30 | state O ID 2/2 | postal_code O ID 3/15 | country O ID 2/3"
    " | location_qualifier X ID 1/2 | location_id O AN 1/30",
    "N9": "qualifier M ID 2/3 | value X AN 1/30 | description X AN 1/45"
    " | date O DT 8/8 | time X TM 4/8 | time_code O ID 2/2 | reference_ids O C 1/6",
    "MSG": "text M AN 1/264 | printer_control X ID 2/2 | number O N0 1/9",
    "MTX": "note_code O ID 3/3 | text X AN 1/4096 | text2 O AN 1/4096"
    " | printer_control O ID 2/2",
    "PID": "type M ID 1/1=F,S,X | characteristic O ID 2/3 | agency X ID 2/2"
    " | code X AN 1/12 | description X AN 1/80 | surface O ID 2/2"
    " | source_subqualifier O AN 1/15 | yes_no O ID 1/1 | language O ID 2/3",
    "MEA": "reference O ID 2/2 | qualifier O ID 1/3 | value X R 1/20 | unit X C 1/15"
    " | range_min X R 1/20 | range_max X R 1/20 | significance O ID 2/2"
    " | attribute X ID 2/2 | surface O ID 2/2 | method O ID 2/4",
    "CTT": "line_count M N0 1/6 | hash_total O R 1/10 | weight X R 1/10"
    " | weight_unit X ID 2/2 | volume X R 1/8 | volume_unit X ID 2/2"
    " | description O AN 1/80",
    "AMT": "qualifier M ID 1/3 | amount M R 1/18 | credit_debit O ID 1/1",
    "ITD": "terms_type O ID 2/2 | basis_date_code O ID 1/2 | discount_percent O R 1/6"
    " | discount_due_date X DT 8/8 | discount_days X N0 1/3 | net_due_date O DT 8/8"
    " | net_days O N0 1/3 | discount_amount O N2 1/10 | deferred_due_date O DT 8/8"
    " | deferred_amount X N2 1/10 | percent_payable O R 1/5 | description O AN 1/80"
    " | day_of_month X N0 1/2 | payment_method O ID 1/2 | percent O R 1/10",
    "TD1": "packaging O AN 3/5 | lading_quantity X N0 1/7"
    " | commodity_qualifier O ID 1/1 | commodity X AN 1/30"
    " | lading_description O AN 1/50 | weight_qualifier O ID 1/2 | weight X R 1/10"
    " | weight_unit X ID 2/2 | volume X R 1/8 | volume_unit X ID 2/2",
    "TD5": "routing_sequence O ID 1/2 | id_qualifier X ID 1/2 | carrier X AN 2/80"
    " | transport_method X ID 1/2 | routing X AN 1/35 | status_code X ID 2/2"
    " | location_qualifier O ID 1/2 | location_id X AN 1/30"
    " | transit_direction O ID 2/2 | transit_time_qualifier O ID 2/2"
    " | transit_time X R 1/4 | service_level X ID 2/2 | service_level2 X ID 2/2"
    " | service_level3 O ID 2/2 | country O ID 2/3",
    "FOB": "payment_method M ID 2/2 | location_qualifier X ID 1/2"
    " | description O AN 1/80 | terms_qualifier O ID 2/2 | terms X ID 3/3"
    " | title_location_qualifier X ID 1/2 | title_description O AN 1/80"
    " | risk_qualifier O ID 2/2 | risk_description X AN 1/80",
    "SAC": "indicator M ID 1/1=A,C,N,P,Q,R,S | code X ID 4/4 | agency X ID 2/2"
    " | agency_code X AN 1/10 | amount O N2 1/15 | percent_qualifier X ID 1/1"
    " | percent X R 1/6 | rate O R 1/9 | unit X ID 2/2 | quantity X R 1/15"
    " | quantity2 O R 1/15 | handling O ID 2/2 | reference X AN 1/30"
    " | option_number O AN 1/20 | description X AN 1/80 | language O ID 2/3",
    "TXI": "tax_type M ID 2/2 | amount X R 1/18 | percent X R 1/10"
    " | jurisdiction_qualifier X ID 2/2 | jurisdiction X AN 1/10 | exempt X ID 1/1"
    " | relationship O ID 1/1 | basis O R 1/9 | tax_id O AN 1/20"
    " | assigned_id O AN 1/20",
    "TAX": "tax_id X AN 1/20"
    + "".join(
        f" | location_qualifier{n} X ID 1/2 | location{n} X AN 1/30"
        for n in range(1, 6)
    )
    + " | exempt O ID 1/1 | customs_entry O ID 1/1",
    "PO1": "line_number O AN 1/20 | quantity X R 1/15 | unit O ID 2/2"
    " | unit_price X R 1/17 | price_basis O ID 2/2"
    + "".join(
        f" | product_qualifier{n} X ID 2/2 | product_id{n} X AN 1/48"
        for n in range(1, 11)
    ),
    "LIN": "assigned_id O AN 1/20"
    + "".join(
        f" | product_qualifier{n} {'M' if n == 1 else 'X'} ID 2/2"
        f" | product_id{n} {'M' if n == 1 else 'X'} AN 1/48"
        for n in range(1, 16)
    ),
    "CTP": "class_of_trade O ID 2/2 | price_id X ID 3/3 | unit_price X R 1/17"
    " | quantity X R 1/15 | unit X C 1/15 | multiplier_qualifier O ID 3/3"
    " | multiplier X R 1/10 | amount O R 1/18 | price_basis O ID 2/2"
    " | condition O AN 1/10 | multiple_price_quantity O N0 1/2",
    # 850
    "BEG": "purpose M ID 2/2=00,01,05,06,07 | order_type M ID 2/2 | number M AN 1/22"
    " | release O AN 1/30 | date M DT 8/8 | contract O AN 1/30 | ack_type O ID 2/2"
    " | invoice_type O ID 3/3 | contract_type O ID 2/2 | purchase_category O ID 2/2"
    " | security_level O ID 2/2 | transaction_type O ID 2/2",
    # 855
    "BAK": "purpose M ID 2/2 | ack_type M ID 2/2=AC,AD,AE,AH,AK,AP,AT,"
    "NA,RD,RF,RJ,RN,RO,RV,ZZ | order_number M AN 1/22 | order_date M DT 8/8"
    " | release O AN 1/30 | request_reference O AN 1/45 | contract O AN 1/30"
    " | reference O AN 1/30 | date O DT 8/8 | transaction_type O ID 2/2",
    "ACK": "status M ID 2/2=AA,AC,AR,BP,DR,IA,IB,IC,ID,IE,IF,IH,IP,IQ,IR,IS,IW,"
    "R1,R2,R3,R4,R5,R6,R7,R8,SP | quantity X R 1/15 | unit X ID 2/2"
    " | date_qualifier O ID 3/3 | date X DT 8/8 | request_reference O AN 1/45"
    + "".join(
        f" | product_qualifier{n} X ID 2/2 | product_id{n} X AN 1/48"
        for n in range(1, 11)
    )
    + " | agency O ID 2/2 | source_subqualifier O AN 1/15 | industry_code O AN 1/30",
    # 856
    "BSN": "purpose M ID 2/2 | shipment_id M AN 2/30 | date M DT 8/8 | time M TM 4/8"
    " | structure O ID 4/4 | transaction_type X ID 2/2 | status_reason X ID 3/3",
    "HL": "id M AN 1/12 | parent O AN 1/12 | level M ID 1/2 | child_code O ID 1/1=0,1",
    "SN1": "assigned_id O AN 1/20 | quantity M R 1/10 | unit M ID 2/2"
    " | quantity_shipped_to_date O R 1/15 | quantity_ordered X R 1/15"
    " | ordered_unit X ID 2/2 | returnable_container_load O ID 1/2"
    " | line_status O ID 2/2",
    "PRF": "order_number M AN 1/22 | release O AN 1/30 | change_sequence O AN 1/8"
    " | order_date O DT 8/8 | assigned_id O AN 1/20 | contract O AN 1/30"
    " | order_type O ID 2/2",
    "MAN": "qualifier M ID 1/2 | number M AN 1/48 | number2 O AN 1/48"
    " | qualifier2 X ID 1/2 | number3 X AN 1/48 | number4 O AN 1/48",
    "PO4": "pack O N0 1/6 | size X R 1/8 | unit X ID 2/2 | packaging X AN 3/5"
    " | weight_qualifier O ID 1/2 | gross_weight X R 1/9 | weight_unit X ID 2/2"
    " | gross_volume X R 1/9 | volume_unit X ID 2/2 | length X R 1/8"
    " | width X R 1/8 | height X R 1/8 | dimension_unit X ID 2/2"
    " | inner_pack O N0 1/6 | surface O ID 2/2 | assigned_id X AN 1/20"
    " | assigned_id2 O AN 1/20 | number O N0 1/9",
    # 810
    "BIG": "date M DT 8/8 | number M AN 1/22 | order_date O DT 8/8"
    " | order_number O AN 1/22 | release O AN 1/30 | change_sequence O AN 1/8"
    " | type O ID 2/2 | purpose O ID 2/2 | action O ID 1/2"
    " | previous_number O AN 1/22",
    "NTE": "reference O ID 3/3 | text M AN 1/80",
    "IT1": "line_number O AN 1/20 | quantity X R 1/10 | unit X ID 2/2"
    " | unit_price X R 1/17 | price_basis O ID 2/2"
    + "".join(
        f" | product_qualifier{n} X ID 2/2 | product_id{n} X AN 1/48"
        for n in range(1, 11)
    ),
    "TDS": "total M N2 1/15 | subject_to_discount O N2 1/15"
    " | discounted_due O N2 1/15 | discount O N2 1/15",
    "CAD": "transport_method O ID 1/2 | equipment_initial O AN 1/4"
    " | equipment_number O AN 1/10 | carrier_code X ID 2/4 | routing X AN 1/35"
    " | status_code O ID 2/2 | reference_qualifier O ID 2/3 | reference X AN 1/30"
    " | service_level O ID 2/2",
    "ISS": "units X R 1/10 | unit X ID 2/2 | weight X R 1/10 | weight_unit X ID 2/2"
    " | volume X R 1/8 | volume_unit X ID 2/2 | quantity O R 1/15"
    " | weight2 O R 1/10",
    # 832
    "BCT": "purpose M ID 2/2 | catalog_number O AN 1/15 | catalog_version O AN 1/15"
    " | catalog_revision O AN 1/6 | unit O ID 2/2 | catalog_number2 O AN 1/15"
    " | catalog_version2 O AN 1/15 | catalog_revision2 O AN 1/6"
    " | description O AN 1/80 | purpose_code O ID 2/2",
    # 997
    "AK1": "functional_id M ID 2/2 | group_control M N0 1/9",
    "AK2": "set_id M ID 3/3 | set_control M AN 4/9",
    "AK3": "segment_id M ID 2/3 | position M N0 1/6 | loop_id O AN 1/6"
    " | error_code O ID 1/3",
    "AK4": "position M C 1/2 | element_reference O N0 1/4 | error_code M ID 1/3"
    " | bad_value O AN 1/99",
    "AK5": "status M ID 1/1=A,E,M,R,W,X | error1 O ID 1/3 | error2 O ID 1/3"
    " | error3 O ID 1/3 | error4 O ID 1/3 | error5 O ID 1/3",
    "AK9": "status M ID 1/1=A,E,M,P,R,W,X | included M N0 1/6 | received M N0 1/6"
    " | accepted M N0 1/6 | error1 O ID 1/3 | error2 O ID 1/3 | error3 O ID 1/3"
    " | error4 O ID 1/3 | error5 O ID 1/3",
}

# What 005010 changed in the segments above (X12 005010 data element
# dictionary), and the 999's own segments (005010X231A1).
_5010_CHANGES = {
    "ISA": _COMMON["ISA"].replace(
        "standards_id M D 1/1", "repetition_separator M D 1/1"
    ),
    "ST": _COMMON["ST"] + " | convention O AN 1/35",
    "REF": _COMMON["REF"].replace("value X AN 1/30", "value X AN 1/50"),
    "PER": _COMMON["PER"].replace("X AN 1/80", "X AN 1/256"),
    "N4": _COMMON["N4"] + " | country_subdivision X ID 1/3",
    "N9": _COMMON["N9"].replace("value X AN 1/30", "value X AN 1/50"),
    "MTX": _COMMON["MTX"].replace("printer_control O", "printer_control X")
    + " | lines O N0 1/9 | language O ID 2/3",
    "MEA": _COMMON["MEA"] + " | code_list_qualifier O ID 1/3 | industry_code O AN 1/30",
    "SAC": _COMMON["SAC"].replace("reference X AN 1/30", "reference X AN 1/50"),
    "BAK": _COMMON["BAK"].replace("reference O AN 1/30", "reference O AN 1/50"),
    "BIG": _COMMON["BIG"] + " | type_code O ID 4/4",
    "IT1": _COMMON["IT1"].replace("quantity X R 1/10", "quantity X R 1/15"),
    "CAD": _COMMON["CAD"]
    .replace("transport_method O", "transport_method M")
    .replace("equipment_number O AN 1/10", "equipment_number O AN 1/15")
    .replace("reference X AN 1/30", "reference X AN 1/50"),
    "AK1": _COMMON["AK1"] + " | version O AN 1/12",
    "AK2": _COMMON["AK2"] + " | convention O AN 1/35",
    "AK3": "segment_id M ID 2/3 | position M N0 1/10 | loop_id O AN 1/4"
    " | error_code O ID 1/3",
    "IK3": "segment_id M ID 2/3 | position M N0 1/10 | loop_id O AN 1/4"
    " | error_code M ID 1/3",
    "IK4": "position M C 1/2 | element_reference O N0 1/4 | error_code M ID 1/3"
    " | bad_value O AN 1/99",
    "IK5": _COMMON["AK5"],
    "CTX": "context M C 1/35 | segment_id O ID 2/3 | position O N0 1/10"
    " | loop_id O AN 1/4 | element_position O C 1/2 | reference O C 1/2",
}


def _pairs(first, last):
    """Paired rules (P) for the qualifier/value pairs from ``first`` to ``last``."""
    return tuple(("P", (n, n + 1)) for n in range(first, last, 2))


# X12 syntax notes per segment (004010), as the standard numbers them: e.g.
# C0403 is ("C", (4, 3)). P: paired (all or none), R: at least one, C: if the
# first then all the others, L: if the first then at least one of the others,
# E: at most one.
RULES = {
    "CUR": tuple(
        rule
        for first in (10, 13, 16, 19)
        for rule in (
            ("L", (first, first + 1, first + 2)),
            ("C", (first + 1, first)),
            ("C", (first + 2, first)),
        )
    )
    + (("C", (8, 7)), ("C", (9, 7))),
    "REF": (("R", (2, 3)),),
    "PER": (("P", (3, 4)), ("P", (5, 6)), ("P", (7, 8))),
    "DTM": (("R", (2, 3, 5)), ("C", (4, 3)), ("P", (5, 6))),
    "N1": (("R", (2, 3)), ("P", (3, 4))),
    "N4": (("C", (6, 5)),),
    "N9": (("R", (2, 3)), ("C", (6, 5))),
    "MSG": (("C", (3, 2)),),
    "MTX": (("C", (1, 2)), ("C", (3, 2))),
    "PID": (
        ("C", (4, 3)),
        ("R", (4, 5)),
        ("C", (7, 3)),
        ("C", (8, 4)),
        ("C", (9, 5)),
    ),
    "MEA": (
        ("R", (3, 5, 6, 8)),
        ("C", (5, 4)),
        ("C", (6, 4)),
        ("L", (7, 3, 5, 6)),
        ("E", (8, 3)),
    ),
    "CTT": (("P", (3, 4)), ("P", (5, 6))),
    "ITD": (("L", (3, 4, 5, 13)), ("L", (8, 4, 5, 13)), ("L", (9, 10, 13))),
    "TD1": (("C", (1, 2)), ("C", (3, 4)), ("C", (6, 7)), ("P", (7, 8)), ("P", (9, 10))),
    "TD5": (
        ("R", (2, 4, 5, 6, 12)),
        ("C", (2, 3)),
        ("C", (7, 8)),
        ("C", (10, 11)),
        ("C", (13, 12)),
        ("C", (14, 13)),
        ("C", (15, 12)),
    ),
    "FOB": (("C", (3, 2)), ("C", (4, 5)), ("C", (7, 6)), ("C", (8, 9))),
    "SAC": (
        ("R", (2, 3)),
        ("P", (3, 4)),
        ("P", (6, 7)),
        ("P", (9, 10)),
        ("C", (11, 10)),
        ("L", (13, 2, 4)),
        ("C", (14, 13)),
        ("C", (16, 15)),
    ),
    "TXI": (("R", (2, 3, 6)), ("P", (4, 5)), ("C", (8, 3))),
    "TAX": (("R", (1, 3)), *_pairs(2, 11)),
    "PO1": (("C", (3, 2)), ("C", (5, 4)), *_pairs(6, 25)),
    "IT1": (("P", (2, 3, 4)), *_pairs(6, 25)),
    "ACK": (("P", (2, 3)), ("C", (4, 5)), *_pairs(7, 26)),
    "LIN": _pairs(4, 31),
    "CTP": (
        ("P", (4, 5)),
        ("C", (6, 7)),
        ("C", (9, 2)),
        ("C", (10, 2)),
        ("C", (11, 3)),
    ),
    "BSN": (("C", (7, 6)),),
    "SN1": (("P", (5, 6)),),
    "MAN": (("P", (4, 5)), ("C", (6, 5))),
    "PO4": (
        ("P", (2, 3)),
        ("C", (5, 6)),
        ("P", (6, 7)),
        ("P", (8, 9)),
        ("C", (10, 13)),
        ("C", (11, 13)),
        ("C", (12, 13)),
        ("L", (13, 10, 11, 12)),
    ),
    "CAD": (("R", (4, 5)), ("C", (7, 8))),
    "ISS": (("P", (1, 2)), ("P", (3, 4)), ("P", (5, 6))),
}

#: Syntax notes that 005010 changed.
_5010_RULES = {
    "N4": (("C", (6, 5)), ("C", (7, 4)), ("E", (2, 7))),
    "MTX": (("C", (1, 2)), ("C", (3, 2)), ("C", (5, 4))),
}

# Codes that EdiError ``code`` takes for element-level problems.
MISSING_ELEMENT = "missing_element"
CONDITIONAL_MISSING = "conditional_missing"
TOO_MANY_ELEMENTS = "too_many_elements"
TOO_SHORT = "element_too_short"
TOO_LONG = "element_too_long"
INVALID_CHARACTER = "invalid_character"
INVALID_CODE = "invalid_code"
INVALID_DATE = "invalid_date"
INVALID_TIME = "invalid_time"
EXCLUSION = "exclusion_violated"


@dataclasses.dataclass(frozen=True)
class ElementSpec:
    name: str
    required: bool
    kind: str  # AN ID N0 N2 R DT TM C
    min_length: int
    max_length: int
    codes: frozenset = frozenset()

    def describe(self):
        text = f"{self.kind} {self.min_length}/{self.max_length}"
        if self.codes:
            text += " one of " + ",".join(sorted(self.codes))
        return text


@dataclasses.dataclass(frozen=True)
class Problem:
    """One element-level problem, before it gets a location."""

    code: str
    element_position: int | None
    message: str
    expected: str = ""
    component_position: int | None = None


def parse_spec(text):
    """Return the tuple of :class:`ElementSpec` described by ``text``."""
    elements = []
    for part in text.split("|"):
        name, usage, kind, sizes = part.split()
        codes = frozenset()
        if "=" in sizes:
            sizes, code_text = sizes.split("=")
            codes = frozenset(code_text.split(","))
        low, high = (int(size) for size in sizes.split("/"))
        elements.append(ElementSpec(name, usage == "M", kind, low, high, codes))
    return tuple(elements)


_TIME_HEAD = r"(?:[01]\d|2[0-3])[0-5]\d"
# Calendar dates only (the patterns are compiled with re.ASCII: \d is 0-9).
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)(?:0[1-9]|[12]\d|30)"
    r"|02(?:0[1-9]|1\d|2[0-8]))"
)
_LEAP_YY = r"(?:[02468][048]|[13579][26])"  # YY of a leap year 2000-2099
_LEAP_CCYY = rf"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|{_LEAP_YY}00)"
_DATE8 = rf"(?:(?!0000)\d{{4}}{_MONTH_DAY}|(?!0000){_LEAP_CCYY}0229)"
_DATE6 = rf"(?:\d\d{_MONTH_DAY}|{_LEAP_YY}0229)"


def _element_pattern(spec, text_class, element_sep):
    """Return a regex fragment matching one valid, non-empty value of ``spec``."""
    low, high = spec.min_length, spec.max_length
    if spec.codes:
        return "(?:" + "|".join(re.escape(code) for code in sorted(spec.codes)) + ")"
    if spec.kind in ("N0", "N2"):
        return rf"-?\d{{{low},{high}}}"
    if spec.kind == "R":
        end = rf"(?:{re.escape(element_sep)}|\Z)"
        # low to high digits, with at most one decimal point anywhere
        digits, chars = f"{low},{high}", f"{low + 1},{high + 1}"
        return rf"-?(?:\d{{{digits}}}(?={end})|(?=[\d.]{{{chars}}}{end})\d*\.\d*)"
    if spec.kind == "DT":
        return _DATE6 if high == 6 else _DATE8
    if spec.kind == "TM":
        if high <= 4:
            return _TIME_HEAD
        tail = rf"\d{{0,{high - 6}}}" if high > 6 else ""
        return _TIME_HEAD + rf"(?:[0-5]\d{tail})?"
    return f"{text_class}{{{low},{high}}}"


class SegmentSpec:
    """A segment's element specs, syntax rules and whole-segment regexes.

    :meth:`fast` returns a regex for a segment with ``n`` elements present
    (``len(split) - 1``): flat, with no nested optional groups, so that one
    ``fullmatch`` validates every element, code list, pair and syntax note.
    Regexes are compiled on first use and cached per element count.
    """

    __slots__ = (
        "segment_id",
        "elements",
        "rules",
        "component",
        "patterns",
        "_values",
        "_pairs",
        "_rules",
        "_ruled",
        "_prefix",
        "_sep",
    )

    def __init__(self, segment_id, elements, rules, delimiters):
        self.segment_id = segment_id
        self.elements = elements
        self.rules = rules
        self.component = delimiters.component
        element_sep = delimiters.element
        self._sep = sep = re.escape(element_sep)
        forbidden = sep + r"\x00-\x1f\x7f"
        text_class = f"[^{forbidden}]"
        values = []
        for spec in elements:
            value = _element_pattern(spec, text_class, element_sep)
            if spec.kind == "C":
                component = re.escape(delimiters.component)
                value = f"(?:[^{forbidden}]|{component}){{1,{spec.max_length * 80}}}"
            elif spec.kind == "D":  # ISA11/ISA16: a delimiter, any character
                value = f"[^{sep}]"
            values.append(value)
        self._values = values
        # Adjacent pairs (P0607...) are built into the pattern: both or neither.
        self._pairs = {
            positions[0]
            for kind, positions in rules
            if kind == "P" and len(positions) == 2 and positions[1] == positions[0] + 1
        }
        self._rules = tuple(
            (kind, positions)
            for kind, positions in rules
            if not (kind == "P" and len(positions) == 2 and positions[0] in self._pairs)
        )
        # Elements these other syntax notes look at: captured by a named group
        # each, which the conditionals at the end of the pattern test.
        self._ruled = {
            position for _, positions in self._rules for position in positions
        }
        self._prefix = re.escape(segment_id)
        self.patterns = {}

    def fast(self, count):
        """Return the compiled regex for a segment with ``count`` elements."""
        pattern = self.patterns.get(count)
        if pattern is None:
            pattern = re.compile(self._flat(count), re.ASCII)
            self.patterns[count] = pattern
        return pattern

    def _flat(self, count):
        elements, sep = self.elements, self._sep
        if count > len(elements) or any(spec.required for spec in elements[count:]):
            return "(?!)"  # too many elements, or a mandatory one missing: slow path
        parts = [self._prefix]
        # position -> True (always there), False (never) or the group name
        # that tells whether the element is there (non-empty).
        present = dict.fromkeys(range(count + 1, len(elements) + 1), False)
        index = 1
        while index <= count:
            spec = elements[index - 1]
            if index in self._pairs:
                if index == count:  # a qualifier without its value: must be empty
                    parts.append(sep)
                    present[index] = False
                    index += 1
                    continue
                first = self._value(index, present, required=True)
                second = self._value(index + 1, present, required=True)
                if spec.required or elements[index].required:
                    parts.append(f"{sep}{first}{sep}{second}")
                else:
                    parts.append(f"{sep}(?:{first}{sep}{second}|{sep})")
                    for position in (index, index + 1):
                        if position in self._ruled:
                            present[position] = f"e{position}"
                index += 2
                continue
            value = self._value(index, present, spec.required)
            parts.append(f"{sep}{value}" if spec.required else f"{sep}{value}?")
            index += 1
        parts.extend(
            _rule_condition(kind, positions, present) for kind, positions in self._rules
        )
        return "".join(parts)

    def _value(self, position, present, required):
        """Return element ``position``'s pattern, a named group if a rule needs it."""
        value = self._values[position - 1]
        if position not in self._ruled:
            return f"(?:{value})"
        present[position] = True if required else f"e{position}"
        return f"(?P<e{position}>{value})"

    def matches(self, raw, count):
        """Tell whether segment text ``raw`` with ``count`` elements is valid."""
        return self.fast(count).fullmatch(raw) is not None

    def check(self, elements):
        """Return the :class:`Problem` list of one split segment (slow path)."""
        problems = []
        specs = self.elements
        if len(elements) - 1 > len(specs):
            extra = elements[len(specs) + 1 :]
            if any(extra):
                problems.append(
                    Problem(
                        TOO_MANY_ELEMENTS,
                        len(specs) + 1,
                        f"{self.segment_id} has {len(elements) - 1} elements",
                        f"at most {len(specs)}",
                    )
                )
        for position, spec in enumerate(specs, 1):
            value = elements[position] if position < len(elements) else ""
            if not value:
                if spec.required:
                    problems.append(
                        Problem(
                            MISSING_ELEMENT,
                            position,
                            f"mandatory element {self.segment_id}{position:02d}"
                            f" ({spec.name}) is missing",
                            spec.describe(),
                        )
                    )
                continue
            problem = check_value(
                spec, value, position, self.segment_id, self.component
            )
            if problem:
                problems.append(problem)
        problems.extend(self.check_rules(elements))
        return problems

    def check_rules(self, elements):
        """Return the problems of the X12 syntax notes (paired, required...)."""
        problems = []
        count = len(elements)
        for kind, positions in self.rules:
            present = [p for p in positions if p < count and elements[p]]
            if kind == "P" and present and len(present) != len(positions):
                missing = next(p for p in positions if p not in present)
                problems.append(
                    self._rule_problem(missing, positions, "must be present together")
                )
            elif kind == "R" and not present:
                problems.append(
                    self._rule_problem(positions[0], positions, "need at least one of")
                )
            elif kind == "C" and positions[0] in present:
                for position in positions[1:]:
                    if position not in present:
                        problems.append(
                            self._rule_problem(
                                position, positions, "required when the first is"
                            )
                        )
            elif kind == "L" and positions[0] in present and len(present) == 1:
                problems.append(
                    self._rule_problem(
                        positions[1], positions, "need one of the others with the first"
                    )
                )
            elif kind == "E" and len(present) > 1:
                problems.append(
                    Problem(
                        EXCLUSION,
                        present[1],
                        f"only one of {self._names(positions)} may be present",
                    )
                )
        return problems

    def _names(self, positions):
        return ", ".join(f"{self.segment_id}{p:02d}" for p in positions)

    def _rule_problem(self, position, positions, what):
        return Problem(
            CONDITIONAL_MISSING,
            position,
            f"{self._names(positions)} {what}:"
            f" {self.segment_id}{position:02d} is missing",
        )


def _all_present(tests):
    """Regex conditionals that fail unless every group in ``tests`` matched."""
    if not tests:
        return ""
    return f"(?({tests[0]}){_all_present(tests[1:])}|(?!))"


def _none_present(tests):
    """Regex conditionals that fail if any group in ``tests`` matched."""
    if not tests:
        return ""
    return f"(?({tests[0]})(?!)|{_none_present(tests[1:])})"


def _any_present(tests):
    """Regex conditionals that fail unless a group in ``tests`` matched."""
    if not tests:
        return "(?!)"
    return f"(?({tests[0]})|{_any_present(tests[1:])})"


def _rule_condition(kind, positions, present):
    """Return the zero-width regex enforcing one syntax note at the pattern's end.

    ``present`` maps each element position to ``True`` (always there),
    ``False`` (never there) or the name of the group that matched it when it
    is there.
    """
    states = [present.get(position, False) for position in positions]
    tests = [state for state in states if isinstance(state, str)]
    if kind == "R":
        return "" if True in states else _any_present(tests)
    if kind == "C":
        first, others = states[0], states[1:]
        if first is False:
            return ""
        if False in others:
            needed = "(?!)"
        else:
            needed = _all_present([state for state in others if isinstance(state, str)])
        return needed if first is True else f"(?({first}){needed}|)"
    if kind == "L":
        first, others = states[0], states[1:]
        if first is False or True in others:
            return ""
        needed = _any_present([state for state in others if isinstance(state, str)])
        return needed if first is True else f"(?({first}){needed}|)"
    if kind == "P":
        if False in states:
            return "(?!)" if True in states else _none_present(tests)
        if True in states:
            return _all_present(tests)
        return f"(?({tests[0]}){_all_present(tests[1:])}|{_none_present(tests[1:])})"
    if kind == "E":
        if states.count(True) > 1:
            return "(?!)"
        if True in states:
            return _none_present(tests)
        return "".join(
            f"(?({first})(?({second})(?!)|)|)"
            for index, first in enumerate(tests)
            for second in tests[index + 1 :]
        )
    raise ValueError(f"unknown syntax note kind {kind!r}")


def check_value(spec, value, position, segment_id, component=None):
    """Return a :class:`Problem` when ``value`` breaks ``spec``, else ``None``."""
    label = f"{segment_id}{position:02d} ({spec.name})"
    kind = spec.kind
    if kind == "D":
        return None if len(value) == 1 else _length(spec, value, label, position)
    if kind == "C":
        return (
            None
            if len(value) <= spec.max_length * 80
            else _length(spec, value, label, position)
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return Problem(
            INVALID_CHARACTER,
            position,
            f"{label} holds a control character",
            spec.describe(),
        )
    length = len(value)
    if kind in ("N0", "N2", "R"):
        digits = value[1:] if value.startswith("-") else value
        if kind == "R":
            valid = digits.count(".") <= 1 and digits.replace(".", "").isdigit()
            length = len(digits.replace(".", ""))
        else:
            valid = digits.isdigit() and digits.isascii()
            length = len(digits)
        if not (valid and digits.isascii()):
            return Problem(
                INVALID_CHARACTER,
                position,
                f"{label} {value[:40]!r} is not a number",
                spec.describe(),
            )
    elif kind == "DT":
        if length not in (6, 8) or not value.isdigit() or not _valid_date(value):
            return Problem(
                INVALID_DATE,
                position,
                f"{label} {value[:40]!r} is not a date",
                spec.describe(),
            )
    elif kind == "TM":
        if not (value.isdigit() and value.isascii() and length in (4, 6, 7, 8)) or not (
            int(value[:2]) < 24
            and int(value[2:4]) < 60
            and (length < 6 or int(value[4:6]) < 60)
        ):
            return Problem(
                INVALID_TIME,
                position,
                f"{label} {value[:40]!r} is not a time",
                spec.describe(),
            )
    if length < spec.min_length or length > spec.max_length:
        return _length(spec, value, label, position, length)
    if spec.codes and value not in spec.codes:
        return Problem(
            INVALID_CODE,
            position,
            f"{label} {value[:40]!r} is not a valid code",
            spec.describe(),
        )
    return None


def _length(spec, value, label, position, length=None):
    length = len(value) if length is None else length
    code = TOO_SHORT if length < spec.min_length else TOO_LONG
    shown = value if len(value) <= 40 else value[:40] + "..."
    return Problem(
        code, position, f"{label} {shown!r} has length {length}", spec.describe()
    )


def _valid_date(value):
    try:
        if len(value) == 6:
            datetime.date(2000 + int(value[:2]), int(value[2:4]), int(value[4:]))
        else:
            datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def compiled(version, delimiters):
    """Return ``{segment_id: SegmentSpec}`` for ``version`` and ``delimiters``."""
    table, rules = dict(_COMMON), dict(RULES)
    if version == V5010:
        table.update(_5010_CHANGES)
        rules.update(_5010_RULES)
    return {
        segment_id: SegmentSpec(
            segment_id, parse_spec(text), rules.get(segment_id, ()), delimiters
        )
        for segment_id, text in table.items()
    }


def known_segment_ids():
    """Every segment ID this codec knows, whatever the set."""
    return frozenset(_COMMON) | frozenset(_5010_CHANGES)
