"""Element specs of the segments of our messages, per UN directory D.96A / D.01B.

Every segment that the message structures (:mod:`.structures`) name is
listed with all its data elements and composites, in directory order, with
status and representation as the UN segment directories (``trsd``) and
composite directories (``trcd``) give them, so that a message that follows
the directory passes and lengths and types are still checked. Notation: see
:mod:`.spec`. D.01B differs from D.96A mostly in longer code list
identifiers (1131 ``an..17``), wider texts and a few added elements.

Service segments: UNH/UNT/UNS per ISO 9735 (UNH is the syntax version 4
superset, as we also read UNOY interchanges), and the CONTRL segments
UCI/UCM/UCF/UCS/UCD of syntax version 3.
"""

from .spec import compile_segments

_SERVICE = {
    "UNH": (
        "!an..14 !(!an..6,!an..3,!an..3,!an..2,an..6,an..6,an..6) an..35 (!n..2,a1) "
        "(!an..14,an..3,an..3,an..3) (!an..14,an..3,an..3,an..3) "
        "(!an..14,an..3,an..3,an..3)"
    ),
    "UNT": "!n..6 !an..14",
    "UNS": "!a1",
    "UCI": (
        "!an..14 !(!an..35,an..4,an..14) !(!an..35,an..4,an..14) !an..3 an..3 an..3 "
        "(!n..3,n..3)"
    ),
    "UCF": (
        "!an..14 !(!an..35,an..4) !(!an..35,an..4) !an..3 an..3 an..3 (!n..3,n..3)"
    ),
    "UCM": (
        "!an..14 !(!an..6,!an..3,!an..3,!an..2,an..6) !an..3 an..3 an..3 (!n..3,n..3)"
    ),
    "UCS": "!n..6 an..3",
    "UCD": "!an..3 !(!n..3,n..3)",
}

_D96A = {
    "AJT": "!an..3 n..6",
    "ALC": "!an..3 (an..35,an..3) an..3 an..3 (an..3,an..3,an..3,an..35,an..35)",
    "ALI": "an..3 an..3 an..3 an..3 an..3 an..3 an..3",
    "APR": "an..3 (!n..12,an..3) (an..3,an..3,an..3,an..35)",
    "BGM": "(an..3,an..3,an..3,an..35) an..35 an..3 an..3",
    "CAV": "!(an..3,an..3,an..3,an..35,an..35)",
    "CCI": "an..3 (an..3,an..3,an..3,an..70) (!an..17,an..3,an..3,an..35,an..35)",
    "CNT": "!(!an..3,!n..18,an..3)",
    "COM": "!(!an..512,!an..3)",
    "CPS": "!an..12 an..12 an..3",
    "CTA": "an..3 (an..17,an..35)",
    "CUX": "(!an..3,an..3,an..3,n..4) (!an..3,an..3,an..3,n..4) n..12 an..3",
    "DGS": (
        "an..3 (!an..7,an..7,an..10) (n4,an..8) (n3,an..3) an..3 an..6 an..4 "
        "an..10 (an..4,an4) (an..4,an..4,an..4) an..3 an..3 an..3"
    ),
    "DLM": (
        "an..3 (!an..3,an..3,an..3,an..3,an..35) "
        "(an..3,an..3,an..3,an..35,an..35) an..3"
    ),
    "DOC": "!(an..3,an..3,an..3,an..35) (an..35,an..3,an..35,an..3) an..3 n..2 n..2",
    "DTM": "!(!an..3,an..35,an..3)",
    "EQA": "!an..3 (an..17,an..3,an..3,an..3)",
    "EQD": (
        "!an..3 (an..17,an..3,an..3,an..3) (an..10,an..3,an..3,an..35) an..3 "
        "an..3 an..3"
    ),
    "FII": (
        "!an..3 (an..35,an..35,an..35,an..3) "
        "(an..11,an..3,an..3,an..17,an..3,an..3,an..70,an..70) an..3"
    ),
    "FTX": (
        "!an..3 an..3 (!an..3,an..3,an..3) (!an..70,an..70,an..70,an..70,an..70) an..3"
    ),
    "GIN": (
        "!an..3 !(!an..35,an..35) (!an..35,an..35) (!an..35,an..35) "
        "(!an..35,an..35) (!an..35,an..35)"
    ),
    "GIR": (
        "!an..3 !(!an..35,an..3,an..3) (!an..35,an..3,an..3) "
        "(!an..35,an..3,an..3) (!an..35,an..3,an..3) (!an..35,an..3,an..3)"
    ),
    "HAN": "(an..3,an..3,an..3,an..70) (an..4,an..3,an..3)",
    "IMD": "an..3 an..3 (an..17,an..3,an..3,an..35,an..35,an..3) an..3",
    "INP": "(!an..17,an..17) (!an..3,an..3,an..3,an..3,an..35) (!an..3,an..35) an..3",
    "LIN": "n..6 an..3 (an..35,an..3,an..3,an..3) (an..3,n..6) n..2 an..3",
    "LOC": (
        "!an..3 (an..25,an..3,an..3,an..70) (an..25,an..3,an..3,an..70) "
        "(an..25,an..3,an..3,an..70) an..3"
    ),
    "MEA": "!an..3 (an..3,an..3,an..3,an..70) (!an..3,n..18,n..18,n..18,n..2) an..3",
    "MOA": "!(!an..3,n..18,an..3,an..3,an..3)",
    "NAD": (
        "!an..3 (!an..35,an..3,an..3) (!an..35,an..35,an..35,an..35,an..35) "
        "(!an..35,an..35,an..35,an..35,an..35,an..3) "
        "(!an..35,an..35,an..35,an..35) an..35 an..9 an..9 an..3"
    ),
    "PAC": (
        "n..8 (an..3,an..3,an..3) (an..17,an..3,an..3,an..35) "
        "(!an..3,!an..35,an..3,an..35,an..3) (an..3,an..3)"
    ),
    "PAI": "!(an..3,an..3,an..3,an..3,an..3,an..3)",
    "PAT": "!an..3 (!an..17,an..3,an..3,an..35,an..35) (!an..3,an..3,an..3,n..3)",
    "PCD": "!(!an..3,n..10,an..3,an..3,an..3)",
    "PCI": (
        "an..3 "
        "(!an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35) "
        "an..3 (!an..3,an..3,an..3)"
    ),
    "PGI": "!an..3 (an..3,an..3,an..3,an..35)",
    "PIA": (
        "!an..3 !(an..35,an..3,an..3,an..3) (an..35,an..3,an..3,an..3) "
        "(an..35,an..3,an..3,an..3) (an..35,an..3,an..3,an..3) "
        "(an..35,an..3,an..3,an..3)"
    ),
    "PRI": "(!an..3,n..15,an..3,an..3,n..9,an..3) an..3",
    "QTY": "!(!an..3,!n..15,an..3)",
    "QVR": "(!n..15,an..3) an..3 (an..3,an..3,an..3,an..35)",
    "RCS": "!an..3 (!an..17,an..3,an..3,an..35) an..3",
    "RFF": "!(!an..3,an..35,an..6,an..35)",
    "RNG": "!an..3 (!an..3,n..18,n..18)",
    "RTE": "!(!an..3,!n..15,n..9,an..3)",
    "SCC": "!an..3 an..3 (an..3,an..3,an..3)",
    "SEL": "!an..10 (an..3,an..3,an..3,an..35) an..3",
    "SGP": "!(an..17,an..3,an..3,an..3) n..8",
    "STG": "!an..3 n..2 n..2",
    "TAX": (
        "!an..3 (an..3,an..3,an..3,an..35) (!an..6,an..3,an..3) an..15 "
        "(an..7,an..3,an..3,an..17,an..12,an..3,an..3) an..3 an..20"
    ),
    "TDT": (
        "!an..3 an..17 (an..3,an..17) (an..8,an..17) "
        "(an..17,an..3,an..3,an..35) an..3 (!an..3,!an..3,an..17) "
        "(an..9,an..3,an..3,an..35,an..3) an..3"
    ),
    "TOD": "an..3 an..3 (an..3,an..3,an..3,an..70,an..70)",
}

_D01B = {
    **_D96A,
    "AJT": "!an..3 an..6",
    "ALC": "!an..3 (an..35,an..3) an..3 an..3 (an..3,an..17,an..3,an..35,an..35)",
    "APR": "an..3 (!n..12,an..3) (an..3,an..17,an..3,an..35)",
    "BGM": "(an..3,an..17,an..3,an..35) (an..35,an..9,an..6) an..3 an..3",
    "CAV": "!(an..3,an..17,an..3,an..35,an..35)",
    "CCI": (
        "an..3 (an..3,an..3,an..17,an..70) (!an..17,an..17,an..3,an..35,an..35) an..3"
    ),
    "CED": "!an..3 !(an..3,an..17,an..3,an..35,an..9,an..9,an..35) an..35",
    "COD": "(an..3,an..17,an..3,an..35) (an..3,an..17,an..3,an..35)",
    "CPS": "!an..35 an..35 an..3",
    "DLM": (
        "an..3 (!an..3,an..3,an..17,an..3,an..35) "
        "(an..3,an..17,an..3,an..35,an..35) an..3"
    ),
    "DOC": (
        "!(an..3,an..17,an..3,an..35) (an..35,an..3,an..70,an..3,an..9,an..6) "
        "an..3 n..2 n..2"
    ),
    "EFI": "!(an..35,an..256) (!an..17,an..9,an..3,an..35) an..10 an..35",
    "EQA": "!an..3 (an..17,an..17,an..3,an..3)",
    "EQD": (
        "!an..3 (an..17,an..17,an..3,an..3) (an..10,an..17,an..3,an..35) "
        "an..3 an..3 an..3"
    ),
    "FII": (
        "!an..3 (an..35,an..35,an..35,an..3) "
        "(an..11,an..17,an..3,an..17,an..17,an..3,an..70,an..70) an..3"
    ),
    "FTX": (
        "!an..3 an..3 (!an..17,an..17,an..3) "
        "(!an..512,an..512,an..512,an..512,an..512) an..3 an..3"
    ),
    "GIS": "!(!an..3,an..17,an..3,an..17)",
    "HAN": "(an..3,an..17,an..3,an..70) (an..7,an..17,an..3,an..35)",
    "HYN": "!an..3 an..3 an..3 (an..35,an..3,an..17,an..3) an..35",
    "IMD": (
        "an..3 (an..3,an..17,an..3) (an..17,an..17,an..3,an..256,an..256,an..3) an..3"
    ),
    "INP": "(!an..35,an..35) (!an..3,an..3,an..17,an..3,an..35) (!an..3,an..35) an..3",
    "LIN": "an..6 an..3 (an..35,an..3,an..17,an..3) (an..3,an..6) n..2 an..3",
    "LOC": (
        "!an..3 (an..25,an..17,an..3,an..256) (an..25,an..17,an..3,an..70) "
        "(an..25,an..17,an..3,an..70) an..3"
    ),
    "MEA": "!an..3 (an..3,an..3,an..17,an..70) (!an..3,an..18,n..18,n..18,n..2) an..3",
    "MOA": "!(!an..3,n..35,an..3,an..3,an..3)",
    "MTD": "!an..3 an..3 an..3 an..3",
    "NAD": (
        "!an..3 (!an..35,an..17,an..3) (!an..35,an..35,an..35,an..35,an..35) "
        "(!an..35,an..35,an..35,an..35,an..35,an..3) "
        "(!an..35,an..35,an..35,an..35) an..35 (an..9,an..17,an..3,an..70) "
        "an..17 an..3"
    ),
    "PAC": (
        "n..8 (an..3,an..3,an..3) (an..17,an..17,an..3,an..35) "
        "(!an..3,!an..35,an..3,an..35,an..3) (an..3,an..3)"
    ),
    "PAI": "!(an..3,an..3,an..3,an..17,an..3,an..3)",
    "PAT": "!an..3 (!an..17,an..17,an..3,an..35,an..35) (!an..3,an..3,an..3,n..3)",
    "PCD": "!(!an..3,n..10,an..3,an..17,an..3) an..3",
    "PCI": (
        "an..3 "
        "(!an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35,an..35) "
        "an..3 (!an..3,an..17,an..3)"
    ),
    "PGI": "!an..3 (an..25,an..17,an..3,an..35)",
    "PIA": (
        "!an..3 !(an..35,an..3,an..17,an..3) (an..35,an..3,an..17,an..3) "
        "(an..35,an..3,an..17,an..3) (an..35,an..3,an..17,an..3) "
        "(an..35,an..3,an..17,an..3)"
    ),
    "PTY": "!an..3 (an..3,an..17,an..3,an..35)",
    "QTY": "!(!an..3,!an..35,an..3)",
    "QVR": "(!n..15,an..3) an..3 (an..3,an..17,an..3,an..35)",
    "RCS": "!an..3 (!an..17,an..17,an..3,an..35) an..3 an..3",
    "RFF": "!(!an..3,an..70,an..6,an..35,an..6)",
    "RJL": "(!an..17,an..17,an..3,an..35) (!an..17,an..17,an..3,an..35)",
    "RTE": "!(!an..3,!n..15,n..9,an..3) an..3",
    "SEL": "an..35 (an..3,an..17,an..3,an..35) an..3 (!an..35,an..35)",
    "SGP": "!(an..17,an..17,an..3,an..3) n..8",
    "TAX": (
        "!an..3 (an..3,an..17,an..3,an..35) (!an..6,an..17,an..3) an..15 "
        "(an..7,an..17,an..3,an..17,an..12,an..17,an..3) an..3 an..20 an..3"
    ),
    "TDT": (
        "!an..3 an..17 (an..3,an..17) (an..8,an..17) "
        "(an..17,an..17,an..3,an..35) an..3 (!an..3,!an..3,an..17) "
        "(an..9,an..17,an..3,an..35,an..3) an..3"
    ),
    "TMD": "(an..3,an..35) an..26 an..3",
    "TOD": "an..3 an..3 (an..3,an..17,an..3,an..70,an..70)",
    "TRU": "!an..35 an..9 an..9 an..7 an..3",
    "TSR": (
        "(!an..3,an..17,an..3) (!an..3,an..17,an..3,an..3,an..17,an..3) "
        "(!an..3,an..17,an..3) (!an..3,an..17,an..3)"
    ),
}

ELEMENTS = {
    "D96A": compile_segments({**_D96A, **_SERVICE}),
    "D01B": compile_segments({**_D01B, **_SERVICE}),
}
