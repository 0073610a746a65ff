"""Units of measure: the model's X12 codes <-> UN/ECE Recommendation 20.

=====  ==========  =====================
X12    Rec. 20     meaning
=====  ==========  =====================
EA     EA          each
BX     BX          box
CA     CS          case
CT     CT          carton
PK     PK          pack / package
BG     BG          bag
BO     BO          bottle
AM     AM          ampoule
VI     VI          vial
TU     TU          tube
KT     KT          kit
ST     SET         set
PR     PR          pair
DZ     DZN         dozen
RL     RO          roll
PL     PF          pallet
KG     KGM         kilogram
GR     GRM         gram
MG     MGM         milligram
LB     LBR         pound
LT     LTR         litre
ML     MLT         millilitre
=====  ==========  =====================

Reading also accepts the Rec. 20 / EANCOM synonyms ``PCE``, ``H87`` and
``C62`` (piece, one) for ``EA``. Any other code is an error: guessing a unit
for a medicine is worse than rejecting the message.
"""

X12_TO_REC20 = {
    "EA": "EA",
    "BX": "BX",
    "CA": "CS",
    "CT": "CT",
    "PK": "PK",
    "BG": "BG",
    "BO": "BO",
    "AM": "AM",
    "VI": "VI",
    "TU": "TU",
    "KT": "KT",
    "ST": "SET",
    "PR": "PR",
    "DZ": "DZN",
    "RL": "RO",
    "PL": "PF",
    "KG": "KGM",
    "GR": "GRM",
    "MG": "MGM",
    "LB": "LBR",
    "LT": "LTR",
    "ML": "MLT",
}

REC20_TO_X12 = {rec20: x12 for x12, rec20 in X12_TO_REC20.items()}
REC20_TO_X12.update({"PCE": "EA", "H87": "EA", "C62": "EA"})
