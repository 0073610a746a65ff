"""Element specs of the segments we use, for UN directories D.96A and D.01B.

Only the elements our messages read or write are typed strictly; the rest of
each segment is listed with its representation so that lengths and types are
still checked. Notation: see :mod:`.spec`.
"""

from .spec import compile_segments


def _rep(component, count):
    return ",".join([component] * count)


_C212 = "(!an..35,an..3,an..3,an..3)"

_COMMON = {
    "UNH": "!an..14 (!an..6,!an..3,!an..3,!an..2,an..6) an..35 (!an..35,n..2,a1)",
    "UNT": "!n..6 !an..14",
    "BGM": "(an..3,an..17,an..3,an..35) an..35 an..3 an..3",
    "DTM": "!(!an..3,an..35,an..3)",
    "FTX": f"!an..3 an..3 (!an..17,an..3,an..3) (!{_rep('an..70', 5)}) an..3",
    "RFF": "!(!an..3,an..35,an..6,an..35)",
    "NAD": (
        "!an..3 (!an..35,an..17,an..3) (!an..35,an..35,an..35,an..35,an..35) "
        "(!an..35,an..35,an..35,an..35,an..35,an..3) (!an..35,an..35,an..35,an..35) "
        "an..35 an..9 an..9 an..3"
    ),
    "CTA": "an..3 (an..17,an..35)",
    "COM": "!(!an..512,!an..3)",
    "CUX": "(!an..3,an..3,an..3,an..4) (!an..3,an..3,an..3,an..4) n..12 an..3",
    "LIN": "an..6 an..3 (!an..35,an..3,an..3,an..3) (!an..3,n..6) n..2 an..3",
    "PIA": (f"!an..3 !{_C212} {_C212} {_C212} {_C212} {_C212}"),
    "IMD": "an..3 an..3 (an..17,an..3,an..3,an..35,an..35,an..3) an..3",
    "QTY": "!(!an..3,!n..15,an..3)",
    "PRI": "(!an..3,n..15,an..3,an..3,n..9,an..3) an..3",
    "UNS": "!a1",
    "CNT": "!(!an..3,!n..18,an..3)",
    "MOA": "!(!an..3,n..18,an..3,an..3,an..3)",
    "PAT": "!an..3 (!an..17,an..3,an..3,an..35,an..35) (!an..3,an..3,an..3,n..3)",
    "TAX": (
        "!an..3 (an..3,an..3,an..3) (an..6,an..3,an..3) an..15 "
        "(an..7,an..3,an..3,an..17) an..3 an..20"
    ),
    "CPS": "!an..12 an..12 an..3",
    "PAC": (
        "n..8 (an..3,an..3) (an..17,an..3,an..3,an..35) (an..35,an..3,an..3) "
        "(an..3,an..35,an..35) (an..3,n..15,an..3)"
    ),
    "PCI": (f"an..3 (!{_rep('an..35', 10)}) an..3 (!an..3,an..17,an..3)"),
    "GIN": (
        "!an..3 !(!an..35,an..35) (!an..35,an..35) (!an..35,an..35) (!an..35,an..35) "
        "(!an..35,an..35)"
    ),
    "GIR": (
        "!an..3 !(!an..35,!an..3,an..3) (!an..35,!an..3,an..3) (!an..35,!an..3,an..3) "
        "(!an..35,!an..3,an..3) (!an..35,!an..3,an..3)"
    ),
    "MEA": "!an..3 (an..3,an..17,an..3,an..35) (!an..3,n..18,n..18,n..18,n..2) an..3",
    "TDT": (
        "!an..3 an..17 (an..3,an..17) (an..8,an..17) (an..17,an..3,an..3,an..35) "
        "an..3 (an..3,an..3,an..3) (an..9,an..3,an..3,an..35,an..3) an..3"
    ),
    "PGI": "!an..3 (an..35,an..3,an..3,an..3)",
    "ALI": "an..3 an..3 an..3",
    "LOC": "!an..3 (an..25,an..3,an..3,an..70) (an..25,an..3,an..3,an..70)",
    "UCI": (
        "!an..14 !(!an..35,an..4,an..14) !(!an..35,an..4,an..14) !an..3 an..3 an..3 "
        "(!an..3,n..3,n..3)"
    ),
    "UCM": (
        "!an..14 !(!an..6,!an..3,!an..3,!an..2,an..6) !an..3 an..3 an..3 (!n..3,n..3)"
    ),
    "UCS": "!n..6 an..3",
    "UCD": "!an..3 !(!n..3,n..3)",
}

_D01B = dict(_COMMON)
_D01B.update(
    {
        "BGM": "(an..3,an..17,an..3,an..35) (an..35,an..9,an..6) an..3 an..3",
        "FTX": (
            "!an..3 an..3 (!an..17,an..3,an..3) "
            "(!an..512,an..512,an..512,an..512,an..512) an..3"
        ),
        "RFF": "!(!an..3,an..70,an..6,an..35,an..6)",
        "NAD": (
            "!an..3 (!an..35,an..17,an..3) (!an..35,an..35,an..35,an..35,an..35) "
            "(!an..70,an..70,an..70,an..70,an..70,an..3) "
            "(!an..35,an..35,an..35,an..35) an..35 (an..9,an..3,an..3,an..70) "
            "an..17 an..3"
        ),
        "IMD": "an..3 an..3 (an..17,an..3,an..3,an..256,an..256,an..3) an..3",
        "QTY": "!(!an..3,!n..35,an..3)",
        "MOA": "!(!an..3,n..35,an..3,an..3,an..3)",
        "CNT": "!(!an..3,!n..18,an..8)",
    }
)

ELEMENTS = {"D96A": compile_segments(_COMMON), "D01B": compile_segments(_D01B)}
