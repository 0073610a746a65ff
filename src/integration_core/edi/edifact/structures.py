"""Message structures of the UN/EDIFACT D.96A and D.01B directories.

Each table is the segment table of the message in the UN directory (UNTDID,
``trmd/<message>_c.htm``: segments and segment groups in order, status M/C
and maximum repeats), transcribed in the notation of
:func:`.spec.parse_structure`; groups keep their directory numbers (SG1,
SG2...). Every segment and group the directory defines is there, used by us
or not, so that any message that follows the directory is placed, and only
what the directory forbids is reported. The readers find groups by name: the
trigger tag, except the summary section's MOA, TAX and ALC groups (MOASUM,
TAXSUM, ALCSUM), whose tags repeat groups of the heading.

CONTRL (syntax and service report) belongs to the syntax (ISO 9735), not to
a directory: one structure serves every version.
"""

from .spec import parse_structure

_TABLES = {
    ("ORDERS", "D96A"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C1, FTX C99
        SG1 C10: RFF M1, DTM C5
        SG2 C99: NAD M1, LOC C25, FII C5
            SG3 C10: RFF M1, DTM C5
            SG4 C5: DOC M1, DTM C5
            SG5 C5: CTA M1, COM C5
        SG6 C5: TAX M1, MOA C1, LOC C5
        SG7 C5: CUX M1, PCD C5, DTM C5
        SG8 C10: PAT M1, DTM C5, PCD C1, MOA C1
        SG9 C10: TDT M1
            SG10 C10: LOC M1, DTM C5
        SG11 C5: TOD M1, LOC C2
        SG12 C10: PAC M1, MEA C5
            SG13 C5: PCI M1, RFF C1, DTM C5, GIN C10
        SG14 C10: EQD M1, HAN C5, MEA C5, FTX C5
        SG15 C10: SCC M1, FTX C5, RFF C5
            SG16 C10: QTY M1, DTM C5
        SG17 C25: APR M1, DTM C5, RNG C1
        SG18 C15: ALC M1, ALI C5, DTM C5
            SG19 C1: QTY M1, RNG C1
            SG20 C1: PCD M1, RNG C1
            SG21 C2: MOA M1, RNG C1
            SG22 C1: RTE M1, RNG C1
            SG23 C5: TAX M1, MOA C1
        SG24 C100: RCS M1, RFF C5, DTM C5, FTX C5
        SG25 C200000: LIN M1, PIA C25, IMD C99, MEA C5, QTY C10, PCD C5, ALI C5,
            DTM C35, MOA C10, GIN C1000, GIR C1000, QVR C1, DOC C5, PAI C1, FTX C99
            SG26 C999: CCI M1, CAV C10, MEA C10
            SG27 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG28 C25: PRI M1, CUX C1, APR C1, RNG C1, DTM C5
            SG29 C10: RFF M1, DTM C5
            SG30 C10: PAC M1, MEA C5, QTY C5, DTM C5
                SG31 C1: RFF M1, DTM C5
                SG32 C5: PCI M1, RFF C1, DTM C5, GIN C10
            SG33 C9999: LOC M1, QTY C1, DTM C5
            SG34 C10: TAX M1, MOA C1, LOC C5
            SG35 C99: NAD M1, LOC C5
                SG36 C5: RFF M1, DTM C5
                SG37 C5: DOC M1, DTM C5
                SG38 C5: CTA M1, COM C5
            SG39 C99: ALC M1, ALI C5, DTM C5
                SG40 C1: QTY M1, RNG C1
                SG41 C1: PCD M1, RNG C1
                SG42 C2: MOA M1, RNG C1
                SG43 C1: RTE M1, RNG C1
                SG44 C5: TAX M1, MOA C1
            SG45 C10: TDT M1
                SG46 C10: LOC M1, DTM C5
            SG47 C5: TOD M1, LOC C2
            SG48 C10: EQD M1, HAN C5, MEA C5, FTX C5
            SG49 C100: SCC M1, FTX C5, RFF C5
                SG50 C10: QTY M1, DTM C5
            SG51 C100: RCS M1, RFF C5, DTM C5, FTX C5
            SG52 C10: STG M1
                SG53 C3: QTY M1, MOA C1
        UNS M1, MOA C12, CNT C10
        SG54 C10 ALCSUM: ALC M1, ALI C1, MOA M2
        UNT M1
    """,
    ("ORDERS", "D01B"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C999, FTX C99, GIR C10
        SG1 C9999: RFF M1, DTM C5
        SG2 C99: NAD M1, LOC C99, FII C5
            SG3 C99: RFF M1, DTM C5
            SG4 C5: DOC M1, DTM C5
            SG5 C5: CTA M1, COM C5
        SG6 C5: TAX M1, MOA C1, LOC C9
        SG7 C5: CUX M1, PCD C5, DTM C5
        SG8 C10: PAT M1, DTM C5, PCD C1
            SG9 C9999: MOA M1, GIR C9, RJL C99
        SG10 C10: TDT M1
            SG11 C10: LOC M1, DTM C5
        SG12 C5: TOD M1, LOC C2
        SG13 C99: PAC M1, MEA C5
            SG14 C5: PCI M1, RFF C1, DTM C5, GIN C10
        SG15 C10: EQD M1, HAN C5, MEA C5, FTX C5
        SG16 C10: SCC M1, FTX C5, RFF C5
            SG17 C10: QTY M1, DTM C5
        SG18 C25: APR M1, DTM C5, RNG C1
        SG19 C99: ALC M1, ALI C5, DTM C5
            SG20 C1: QTY M1, RNG C1
            SG21 C1: PCD M1, RNG C1
            SG22 C2: MOA M1, RNG C1
            SG23 C1: RTE M1, RNG C1
            SG24 C5: TAX M1, MOA C1
        SG25 C999: RCS M1, RFF C5, DTM C5, FTX C99999
        SG26 C999: DGS M1, FTX C5
            SG27 C99: CTA M1, COM C5
        SG28 C200000: LIN M1, PIA C25, IMD C99, MEA C99, QTY C99, PCD C5, ALI C5,
            DTM C35, MOA C10, GIS C99, GIN C1000, GIR C1000, QVR C1, DOC C99, PAI C1,
            MTD C99, FTX C99
            SG29 C999: CCI M1, CAV C10, MEA C10
            SG30 C10: PAT M1, DTM C5, PCD C1
                SG31 C9999: MOA M1, GIR C9
            SG32 C25: PRI M1, CUX C1, APR C99, RNG C1, DTM C5
            SG33 C9999: RFF M1, DTM C5, GIS C99, MOA C99
            SG34 C99: PAC M1, MEA C5, QTY C5, DTM C5
                SG35 C1: RFF M1, DTM C5
                SG36 C5: PCI M1, RFF C1, DTM C5, GIN C10
            SG37 C9999: LOC M1, QTY C1, PCD C1, DTM C5
            SG38 C10: TAX M1, MOA C1, LOC C5
            SG39 C999: NAD M1, LOC C5, FII C5
                SG40 C99: RFF M1, DTM C5
                SG41 C5: DOC M1, DTM C5
                SG42 C5: CTA M1, COM C5
            SG43 C99: ALC M1, ALI C5, DTM C5
                SG44 C1: QTY M1, RNG C1
                SG45 C1: PCD M1, RNG C1
                SG46 C2: MOA M1, RNG C1
                SG47 C1: RTE M1, RNG C1
                SG48 C5: TAX M1, MOA C1
            SG49 C10: TDT M1
                SG50 C10: LOC M1, DTM C5
            SG51 C5: TOD M1, LOC C2
            SG52 C10: EQD M1, HAN C5, MEA C5, FTX C5
            SG53 C100: SCC M1, FTX C5, RFF C5
                SG54 C10: QTY M1, DTM C5
            SG55 C999: RCS M1, RFF C5, DTM C5, FTX C99999
            SG56 C10: STG M1
                SG57 C3: QTY M1, MOA C1
            SG58 C999: DGS M1, FTX C5
                SG59 C99: CTA M1, COM C5
        UNS M1, MOA C99, CNT C10
        SG60 C10 ALCSUM: ALC M1, ALI C1, MOA M2
        UNT M1
    """,
    ("ORDRSP", "D96A"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C1, FTX C99
        SG1 C10: RFF M1, DTM C5
        SG2 C1: AJT M1, FTX C5
        SG3 C99: NAD M1, LOC C25, FII C5
            SG4 C10: RFF M1, DTM C5
            SG5 C5: DOC M1, DTM C5
            SG6 C5: CTA M1, COM C5
        SG7 C5: TAX M1, MOA C1, LOC C5
        SG8 C5: CUX M1, PCD C5, DTM C5
        SG9 C10: PAT M1, DTM C5, PCD C1, MOA C1
        SG10 C10: TDT M1
            SG11 C10: LOC M1, DTM C5
        SG12 C5: TOD M1, LOC C2
        SG13 C10: PAC M1, MEA C5
            SG14 C5: PCI M1, RFF C1, DTM C5, GIN C99
        SG15 C10: EQD M1, HAN C5, MEA C5, FTX C5
        SG16 C10: SCC M1, FTX C5, RFF C5
            SG17 C10: QTY M1, DTM C5
        SG18 C25: APR M1, DTM C5, RNG C1
        SG19 C15: ALC M1, ALI C5, DTM C5
            SG20 C1: QTY M1, RNG C1
            SG21 C1: PCD M1, RNG C1
            SG22 C2: MOA M1, RNG C1
            SG23 C1: RTE M1, RNG C1
            SG24 C5: TAX M1, MOA C1
        SG25 C100: RCS M1, RFF C5, DTM C5, FTX C5
        SG26 C200000: LIN M1, PIA C25, IMD C99, MEA C5, QTY C10, PCD C5, ALI C5,
            DTM C35, MOA C10, GIN C1000, GIR C1000, QVR C1, DOC C5, PAI C1, FTX C99
            SG27 C999: CCI M1, CAV C10, MEA C10
            SG28 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG29 C1: AJT M1, FTX C5
            SG30 C25: PRI M1, CUX C1, APR C1, RNG C1, DTM C5
            SG31 C999: RFF M1, DTM C5
            SG32 C10: PAC M1, MEA C5, QTY C5, DTM C5
                SG33 C1: RFF M1, DTM C5
                SG34 C5: PCI M1, RFF C1, DTM C5, GIN C99
            SG35 C9999: LOC M1, QTY C1, DTM C5
            SG36 C10: TAX M1, MOA C1, LOC C5
            SG37 C99: NAD M1, LOC C5
                SG38 C5: RFF M1, DTM C5
                SG39 C5: DOC M1, DTM C5
                SG40 C5: CTA M1, COM C5
            SG41 C99: ALC M1, ALI C5, DTM C5
                SG42 C1: QTY M1, RNG C1
                SG43 C1: PCD M1, RNG C1
                SG44 C2: MOA M1, RNG C1
                SG45 C1: RTE M1, RNG C1
                SG46 C5: TAX M1, MOA C1
            SG47 C10: TDT M1
                SG48 C10: LOC M1, DTM C5
            SG49 C5: TOD M1, LOC C2
            SG50 C10: EQD M1, HAN C5, MEA C5, FTX C5
            SG51 C100: SCC M1, FTX C5, RFF C5
                SG52 C10: QTY M1, DTM C5
            SG53 C100: RCS M1, RFF C5, DTM C5, FTX C5
            SG54 C10: STG M1
                SG55 C3: QTY M1, MOA C1
        UNS M1, MOA C12, CNT C10
        SG56 C10 ALCSUM: ALC M1, ALI C1, MOA M2
        UNT M1
    """,
    ("ORDRSP", "D01B"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C999, FTX C99, GIR C10
        SG1 C9999: RFF M1, DTM C5
        SG2 C1: AJT M1, FTX C5
        SG3 C99: NAD M1, LOC C25, FII C5
            SG4 C99: RFF M1, DTM C5
            SG5 C5: DOC M1, DTM C5
            SG6 C5: CTA M1, COM C5
        SG7 C5: TAX M1, MOA C1, LOC C5
        SG8 C5: CUX M1, PCD C5, DTM C5
        SG9 C10: PAT M1, DTM C5, PCD C1, MOA C1
        SG10 C10: TDT M1
            SG11 C10: LOC M1, DTM C5
        SG12 C5: TOD M1, LOC C2
        SG13 C99: PAC M1, MEA C5
            SG14 C99: PCI M1, RFF C1, DTM C5, GIN C99
        SG15 C10: EQD M1, HAN C5, MEA C5, FTX C5
        SG16 C10: SCC M1, FTX C5, RFF C5
            SG17 C10: QTY M1, DTM C5
        SG18 C25: APR M1, DTM C5, RNG C1
        SG19 C99: ALC M1, ALI C5, DTM C5
            SG20 C1: QTY M1, RNG C1
            SG21 C1: PCD M1, RNG C1
            SG22 C2: MOA M1, RNG C1
            SG23 C1: RTE M1, RNG C1
            SG24 C5: TAX M1, MOA C1
        SG25 C999: RCS M1, RFF C5, DTM C5, FTX C99999
        SG26 C200000: LIN M1, PIA C25, IMD C99, MEA C99, QTY C99, PCD C5, ALI C5,
            DTM C35, MOA C10, GIS C99, GIN C1000, GIR C1000, QVR C1, DOC C99, PAI C1,
            MTD C99, FTX C99
            SG27 C999: CCI M1, CAV C10, MEA C10
            SG28 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG29 C1: AJT M1, FTX C5
            SG30 C25: PRI M1, CUX C1, APR C1, RNG C1, DTM C5
            SG31 C9999: RFF M1, DTM C5
            SG32 C99: PAC M1, MEA C5, QTY C5, DTM C5
                SG33 C1: RFF M1, DTM C5
                SG34 C99: PCI M1, RFF C1, DTM C5, GIN C99
            SG35 C9999: LOC M1, QTY C1, PCD C1, DTM C5
            SG36 C10: TAX M1, MOA C1, LOC C5
            SG37 C999: NAD M1, LOC C5, FII C5
                SG38 C99: RFF M1, DTM C5
                SG39 C5: DOC M1, DTM C5
                SG40 C5: CTA M1, COM C5
            SG41 C99: ALC M1, ALI C5, DTM C5
                SG42 C1: QTY M1, RNG C1
                SG43 C1: PCD M1, RNG C1
                SG44 C2: MOA M1, RNG C1
                SG45 C1: RTE M1, RNG C1
                SG46 C5: TAX M1, MOA C1
            SG47 C10: TDT M1
                SG48 C10: LOC M1, DTM C5
            SG49 C5: TOD M1, LOC C2
            SG50 C10: EQD M1, HAN C5, MEA C5, FTX C5
            SG51 C100: SCC M1, FTX C5, RFF C5
                SG52 C10: QTY M1, DTM C5
            SG53 C999: RCS M1, RFF C5, DTM C5, FTX C99999
            SG54 C10: STG M1
                SG55 C3: QTY M1, MOA C1
        UNS M1, MOA C12, CNT C10
        SG56 C10 ALCSUM: ALC M1, ALI C1, MOA M2
        UNT M1
    """,
    ("DESADV", "D96A"): """
        UNH M1, BGM M1, DTM C10, ALI C5, MEA C5, MOA C5
        SG1 C10: RFF M1, DTM C1
        SG2 C10: NAD M1, LOC C10
            SG3 C10: RFF M1, DTM C1
            SG4 C10: CTA M1, COM C5
        SG5 C10: TOD M1, LOC C5, FTX C5
        SG6 C10: TDT M1, PCD C6
            SG7 C10: LOC M1, DTM C10
        SG8 C10: EQD M1, MEA C5, SEL C25, EQA C5
            SG9 C10: HAN M1, FTX C10
        SG10 C9999: CPS M1, FTX C5
            SG11 C9999: PAC M1, MEA C10, QTY C10
                SG12 C10: HAN M1, FTX C10
                SG13 C1000: PCI M1, RFF C1, DTM C5, GIR C99
                    SG14 C99: GIN M1, DLM C10
            SG15 C9999: LIN M1, PIA C10, IMD C25, MEA C10, QTY C10, ALI C10, GIN C100,
                GIR C100, DLM C100, DTM C5, FTX C5, MOA C5
                SG16 C10: RFF M1, DTM C1
                SG17 C10: DGS M1, QTY C1, FTX C5
                SG18 C100: LOC M1, NAD C1, DTM C1, QTY C10
                SG19 C1000: SGP M1, QTY C10
                SG20 C9999: PCI M1, DTM C5, MEA C10, QTY C1
                    SG21 C10: GIN M1, DLM C100
                    SG22 C10: HAN M1, FTX C5, GIN C1000
                SG23 C10: QVR M1, DTM C5
        CNT C5, UNT M1
    """,
    ("DESADV", "D01B"): """
        UNH M1, BGM M1, DTM C10, ALI C5, MEA C5, MOA C5, CUX C9
        SG1 C10: RFF M1, DTM C1
        SG2 C99: NAD M1, LOC C10
            SG3 C10: RFF M1, DTM C1
            SG4 C10: CTA M1, COM C5
        SG5 C10: TOD M1, LOC C5, FTX C5
        SG6 C10: TDT M1, PCD C6, TMD C1
            SG7 C10: LOC M1, DTM C10
        SG8 C10: EQD M1, MEA C5, SEL C25, EQA C5
            SG9 C10: HAN M1, FTX C10
        SG10 C9999: CPS M1, FTX C5, QVR C9
            SG11 C9999: PAC M1, MEA C10, QTY C10
                SG12 C10: HAN M1, FTX C10
                SG13 C1000: PCI M1, RFF C1, DTM C5
                    SG14 C99: GIR M1, DTM C5
                    SG15 C99: GIN M1, DLM C10
                    SG16 C99: COD M1, MEA C9, QTY C9, PCD C9
            SG17 C9999: LIN M1, PIA C10, IMD C25, MEA C10, QTY C10, ALI C10, GIN C100,
                GIR C100, DLM C100, DTM C5, NAD C99, TDT C1, TMD C1, HAN C20, FTX C99,
                MOA C5
                SG18 C99: RFF M1, NAD C1, CTA C1, DTM C1
                SG19 C9999: DGS M1, QTY C1, FTX C5
                SG20 C100: LOC M1, NAD C1, DTM C1, QTY C10
                SG21 C1000: SGP M1, QTY C10
                SG22 C9999: PCI M1, DTM C5, MEA C10, QTY C1
                    SG23 C10: GIN M1, DLM C100
                    SG24 C10: HAN M1, FTX C5, GIN C1000
                SG25 C10: QVR M1, DTM C5
        CNT C5, UNT M1
    """,
    ("INVOIC", "D96A"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C1, FTX C10
        SG1 C99: RFF M1, DTM C5
        SG2 C99: NAD M1, LOC C25, FII C5
            SG3 C9999: RFF M1, DTM C5
            SG4 C5: DOC M1, DTM C5
            SG5 C5: CTA M1, COM C5
        SG6 C5: TAX M1, MOA C1, LOC C5
        SG7 C5: CUX M1, DTM C5
        SG8 C10: PAT M1, DTM C5, PCD C1, MOA C1, PAI C1, FII C1
        SG9 C10: TDT M1
            SG10 C10: LOC M1, DTM C5
            SG11 C9999: RFF M1, DTM C5
        SG12 C5: TOD M1, LOC C2
        SG13 C1000: PAC M1, MEA C5
            SG14 C5: PCI M1, RFF C1, DTM C5, GIN C5
        SG15 C9999: ALC M1, ALI C5
            SG16 C5: RFF M1, DTM C5
            SG17 C1: QTY M1, RNG C1
            SG18 C1: PCD M1, RNG C1
            SG19 C2: MOA M1, RNG C1
            SG20 C1: RTE M1, RNG C1
            SG21 C5: TAX M1, MOA C1
        SG22 C100: RCS M1, RFF C5, DTM C5, FTX C5
        SG23 C1: AJT M1, FTX C5
        SG24 C1: INP M1, FTX C5
        SG25 C9999999: LIN M1, PIA C25, IMD C10, MEA C5, QTY C5, PCD C1, ALI C5,
            DTM C35, GIN C1000, GIR C1000, QVR C1, EQD C1, FTX C5
            SG26 C5: MOA M1, CUX C1
            SG27 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG28 C25: PRI M1, APR C1, RNG C1, DTM C5
            SG29 C10: RFF M1, DTM C5
            SG30 C10: PAC M1, MEA C10
                SG31 C10: PCI M1, RFF C1, DTM C5, GIN C10
            SG32 C9999: LOC M1, QTY C100, DTM C5
            SG33 C99: TAX M1, MOA C1, LOC C5
            SG34 C20: NAD M1, LOC C5
                SG35 C5: RFF M1, DTM C5
                SG36 C5: DOC M1, DTM C5
                SG37 C5: CTA M1, COM C5
            SG38 C15: ALC M1, ALI C5, DTM C5
                SG39 C1: QTY M1, RNG C1
                SG40 C1: PCD M1, RNG C1
                SG41 C2: MOA M1, RNG C1
                SG42 C1: RTE M1, RNG C1
                SG43 C5: TAX M1, MOA C1
            SG44 C10: TDT M1
                SG45 C10: LOC M1, DTM C5
            SG46 C5: TOD M1, LOC C2
            SG47 C100: RCS M1, RFF C5, DTM C5, FTX C5
        UNS M1, CNT C10
        SG48 M100 MOASUM: MOA M1
            SG49 C1: RFF M1, DTM C5
        SG50 C10 TAXSUM: TAX M1, MOA C2
        SG51 C15 ALCSUM: ALC M1, ALI C1, MOA C2
        UNT M1
    """,
    ("INVOIC", "D01B"): """
        UNH M1, BGM M1, DTM M35, PAI C1, ALI C5, IMD C1, FTX C99, LOC C10, GIS C10,
            DGS C1, GIR C10
        SG1 C99999: RFF M1, DTM C5, GIR C5, LOC C2, MEA C5, QTY C2, FTX C5, MOA C2,
            RTE C99
        SG2 C99: NAD M1, LOC C25, FII C5, MOA C99
            SG3 C9999: RFF M1, DTM C5
            SG4 C5: DOC M1, DTM C5
            SG5 C5: CTA M1, COM C5
        SG6 C5: TAX M1, MOA C1, LOC C5
        SG7 C99: CUX M1, DTM C5
        SG8 C10: PAT M1, DTM C5, PCD C1, MOA C1, PAI C1, FII C1
        SG9 C10: TDT M1, TSR C1
            SG10 C10: LOC M1, DTM C5
            SG11 C9999: RFF M1, DTM C5
        SG12 C5: TOD M1, LOC C2
        SG13 C99: EQD M1, SEL C9
        SG14 C1000: PAC M1, MEA C5, EQD C1
            SG15 C5: PCI M1, RFF C1, DTM C5, GIN C5
        SG16 C9999: ALC M1, ALI C5, FTX C1
            SG17 C5: RFF M1, DTM C5
            SG18 C1: QTY M1, RNG C1
            SG19 C1: PCD M1, RNG C1
            SG20 C2: MOA M1, RNG C1, CUX C1, DTM C1
            SG21 C1: RTE M1, RNG C1
            SG22 C5: TAX M1, MOA C1
        SG23 C100: RCS M1, RFF C5, DTM C5, FTX C5
        SG24 C1: AJT M1, FTX C5
        SG25 C1: INP M1, FTX C5
        SG26 C9999999: LIN M1, PIA C25, PGI C99, IMD C99, MEA C5, QTY C5, PCD C1,
            ALI C5, DTM C35, GIN C1000, GIR C1000, QVR C1, EQD C1, FTX C99, DGS C1
            SG27 C99: MOA M1, CUX C1
            SG28 C10: PAT M1, DTM C5, PCD C99, MOA C1
            SG29 C25: PRI M1, CUX C1, APR C1, RNG C1, DTM C5
            SG30 C10: RFF M1, DTM C5
            SG31 C10: PAC M1, MEA C10, EQD C1
                SG32 C10: PCI M1, RFF C1, DTM C5, GIN C10
            SG33 C9999: LOC M1, QTY C100, DTM C5
            SG34 C99: TAX M1, MOA C2, LOC C5
            SG35 C99: NAD M1, LOC C5, FII C5
                SG36 C5: RFF M1, DTM C5
                SG37 C5: DOC M1, DTM C5
                SG38 C5: CTA M1, COM C5
            SG39 C30: ALC M1, ALI C5, DTM C5, FTX C1
                SG40 C1: QTY M1, RNG C1
                SG41 C1: PCD M1, RNG C1
                SG42 C2: MOA M1, RNG C1, CUX C1, DTM C1
                SG43 C1: RTE M1, RNG C1
                SG44 C5: TAX M1, MOA C2
            SG45 C10: TDT M1
                SG46 C10: LOC M1, DTM C5
            SG47 C5: TOD M1, LOC C2
            SG48 C100: RCS M1, RFF C5, DTM C5, FTX C5
            SG49 C10: GIS M1, RFF C1, DTM C5, GIR C5, LOC C2, MEA C5, QTY C2, FTX C5,
                MOA C2
        UNS M1, CNT C10
        SG50 M100 MOASUM: MOA M1
            SG51 C1: RFF M1, DTM C5
        SG52 C10 TAXSUM: TAX M1, MOA C9
        SG53 C15 ALCSUM: ALC M1, ALI C1, MOA C2, FTX C1
        UNT M1
    """,
    ("PRICAT", "D96A"): """
        UNH M1, BGM M1, DTM M35, ALI C5, FTX C99
        SG1 C99: RFF M1, DTM C5
        SG2 C99: NAD M1, LOC C25
            SG3 C10: RFF M1, DTM C5
            SG4 C5: CTA M1, COM C5
        SG5 C5: TAX M1, MOA C1
        SG6 C5: CUX M1, DTM C5
        SG7 C10: PAT M1, DTM C5, PCD C1, MOA C1
        SG8 C10: TDT M1, LOC C10
        SG9 C5: TOD M1, LOC C2
        SG10 C10: ALC M1, ALI C5, DTM C9
            SG11 C1: QTY M1, RNG C1
            SG12 C1: PCD M1, RNG C1
            SG13 C2: MOA M1, RNG C1
            SG14 C1: RTE M1, RNG C1
            SG15 C5: TAX M1, MOA C1
        SG16 C1000: PGI M1, DTM C15, QTY C10, ALI C5, FTX C5
            SG17 C10: CUX M1, DTM C5
            SG18 C100: PRI M1, CUX C1, APR C1, RNG C1, DTM C5
            SG19 C10: TAX M1, MOA C1
            SG20 C99: ALC M1, ALI C5
                SG21 C1: QTY M1, RNG C1
                SG22 C1: PCD M1, RNG C1
                SG23 C2: MOA M1, RNG C1
                SG24 C1: RTE M1, RNG C1
                SG25 C5: TAX M1, MOA C1
            SG26 C20: NAD M1, LOC C5
                SG27 C10: RFF M1, DTM C5
                SG28 C5: CTA M1, COM C5
            SG29 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG30 C10: TDT M1, LOC C10
            SG31 C5: TOD M1, LOC C2
            SG32 C10: PAC M1, MEA C10, HAN C5
            SG33 C999999: LIN M1, PIA C10, IMD C999, MEA C10, QTY C10, HAN C5, ALI C5,
                DTM C10, NAD C99, RFF C1, LOC C1, DOC C1, FTX C5
                SG34 C999: CCI M1, CAV C10, MEA C10
                SG35 C10: TAX M1, MOA C1
                SG36 C5: CUX M1, DTM C5
                SG37 C100: PRI M1, CUX C1, APR C1, RNG C1, DTM C5, PCD C5
                SG38 C99: ALC M1, ALI C5, DTM C9
                    SG39 C1: QTY M1, RNG C1
                    SG40 C1: PCD M1, RNG C1
                    SG41 C2: MOA M1, RNG C1
                    SG42 C1: RTE M1, RNG C1
                    SG43 C5: TAX M1, MOA C1
                SG44 C10: PAC M1, MEA C10, HAN C5
                SG45 C10: PAT M1, DTM C5, PCD C1, MOA C1
                SG46 C10: TDT M1, LOC C10
                SG47 C5: TOD M1, LOC C2
        UNT M1
    """,
    ("PRICAT", "D01B"): """
        UNH M1, BGM M1, DTM M35, ALI C5, FTX C99
        SG1 C99: RFF M1, DTM C5
        SG2 C99: NAD M1, LOC C25
            SG3 C10: RFF M1, DTM C5
            SG4 C5: CTA M1, COM C5
        SG5 C5: TAX M1, MOA C1, DTM C1
        SG6 C20: CUX M1, DTM C5
        SG7 C10: PAT M1, DTM C5, PCD C1, MOA C1
        SG8 C10: TDT M1, LOC C10
        SG9 C5: TOD M1, LOC C2
        SG10 C10: ALC M1, ALI C5, DTM C9
            SG11 C10: QTY M1, RNG C1
            SG12 C10: PCD M1, RNG C1
            SG13 C10: MOA M1, RNG C1
            SG14 C10: RTE M1, RNG C1
            SG15 C5: TAX M1, MOA C1, DTM C1
        SG16 C9: TRU M1, DTM C9
        SG17 C1000: PGI M1, DTM C15, QTY C10, ALI C5, FTX C5
            SG18 C10: CUX M1, DTM C5
            SG19 C100: PRI M1, CUX C1, APR C99, RNG C1, DTM C5
            SG20 C10: TAX M1, MOA C1, DTM C1
            SG21 C99: ALC M1, ALI C5
                SG22 C1: QTY M1, RNG C1
                SG23 C1: PCD M1, RNG C1
                SG24 C2: MOA M1, RNG C1
                SG25 C1: RTE M1, RNG C1
                SG26 C5: TAX M1, MOA C1, DTM C1
            SG27 C20: NAD M1, LOC C5
                SG28 C10: RFF M1, DTM C5
                SG29 C5: CTA M1, COM C5
            SG30 C10: PAT M1, DTM C5, PCD C1, MOA C1
            SG31 C10: TDT M1, LOC C10
            SG32 C5: TOD M1, LOC C2
            SG33 C10: PAC M1, MEA C10, HAN C5
            SG34 C99: EFI M1, CED C99, COM C9, RFF C9, DTM C9, QTY C9
            SG35 C9: TRU M1, DTM C9
            SG36 C999999: LIN M1, PIA C99, IMD C999, MEA C10, QTY C10, HAN C5, ALI C5,
                DTM C10, RFF C99, LOC C1, DOC C1, PTY C99, FTX C999
                SG37 C999: CCI M1, CAV C10, MEA C10
                SG38 C10: TAX M1, MOA C1, DTM C1
                SG39 C5: CUX M1, DTM C5
                SG40 C100: PRI M1, CUX C1, APR C99, RNG C1, DTM C5, PCD C5, LOC C99
                SG41 C99: ALC M1, ALI C5, DTM C9
                    SG42 C10: QTY M1, RNG C1
                    SG43 C99: PCD M1, RNG C1
                    SG44 C10: MOA M1, RNG C1
                    SG45 C10: RTE M1, RNG C1
                    SG46 C5: TAX M1, MOA C1, DTM C1
                SG47 C999: PAC M1, MEA C10, QTY C99, HAN C5
                SG48 C10: PAT M1, DTM C5, PCD C1, MOA C1
                SG49 C10: TDT M1, LOC C10
                SG50 C5: TOD M1, LOC C2
                SG51 C99: EFI M1, CED C99, COM C9, RFF C9, DTM C9, QTY C9
                SG52 C99: NAD M1
                    SG53 C99: CTA M1, COM C99
                SG54 C9: TRU M1, DTM C9
                SG55 C9: DGS M1, QTY C9, FTX C9
                SG56 C999: HYN M1, PIA C99, QTY C9, FTX C99
                    SG57 C999: RFF M1, DTM C9
                    SG58 C99: CCI M1, CAV C9, MEA C99
                    SG59 C99: NAD M1, PIA C99, QTY C9
                        SG60 C99: CCI M1, CAV C99, MEA C9
        UNT M1
    """,
}

CONTRL = parse_structure(
    "CONTRL",
    """
    UNH M1, UCI M1
    SG1 C999999: UCM M1
        SG2 C999: UCS M1, UCD C99
    SG3 C999999: UCF M1
        SG4 C999999: UCM M1
            SG5 C999: UCS M1, UCD C99
    UNT M1
    """,
)

#: (message type, directory version) -> structure (a :class:`.spec.G`).
STRUCTURES = {key: parse_structure(key[0], table) for key, table in _TABLES.items()}


def structures(message_type):
    """Return ``{version: structure}`` of one message type."""
    return {
        version: structure
        for (kind, version), structure in STRUCTURES.items()
        if kind == message_type
    }
