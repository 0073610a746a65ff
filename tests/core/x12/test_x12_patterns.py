"""The one-regex fast path of each segment spec never accepts what ``check`` rejects.

:meth:`SegmentSpec.matches` validates a whole segment with one regex (syntax
notes as regex conditionals); only a segment it refuses goes through the
element-by-element :meth:`SegmentSpec.check`, which names the problem. So the
regex may refuse a valid segment (the slow path then accepts it) but must
never accept one that ``check`` finds a problem in.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_core.edi.x12 import schema
from integration_core.edi.x12.syntax import Delimiters

DELIMITERS = (Delimiters("*", ">", "", "~"), Delimiters("|", ":", "^", "~"))
VALUES = (
    *("", "", "", "1", "12", "PO", "00", "AB1", "ABC", "F", "A", "0", "UK", "SA"),
    *("20240301", "20240230", "240301", "1230", "2460", "12.5", "1.", ".", "-3"),
    *("-", "1234.5", "X" * 13, "Y" * 90, "\x01", ">", "1>2", ":", "é", "\u0661\u0662"),
    *("20240229", "20230229", "21000229", "20000229", "00000101", "240229", "230229"),
)


@settings(max_examples=1500, deadline=None)
@given(data=st.data())
def test_fast_path_accepts_only_what_check_accepts(data):
    version = data.draw(st.sampled_from(schema.VERSIONS))
    delimiters = data.draw(st.sampled_from(DELIMITERS))
    specs = schema.compiled(version, delimiters)
    segment_id = data.draw(st.sampled_from(sorted(specs)))
    spec = specs[segment_id]
    values = data.draw(
        st.lists(st.sampled_from(VALUES), max_size=len(spec.elements) + 1)
    )
    elements = (segment_id, *values)
    raw = delimiters.element.join(elements)
    if spec.matches(raw, len(values)):
        assert spec.check(elements) == [], raw


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("PID*F****Nitrile exam gloves", True),
        ("PID*F*08*AB*X1*Gloves", True),
        ("PID*F***AB", False),  # C0403: PID04 needs PID03
        ("PID*F", False),  # R0405: PID04 or PID05
        ("DTM*002*20240308", True),
        ("DTM*002", False),  # R0203
        ("DTM*002**1200", True),
        ("TD5**2*UPSN", True),
        ("TD5**2", False),  # C0203
        ("TD5*O", False),  # R020405
        ("N1*BY*Name*UL*0614141000012", True),
        ("N1*BY**UL*0614141000012", True),
        ("N1*BY*Name*UL", False),  # P0304
        ("N1*BY", False),  # R0203
        ("PO1*1*2*BX*1.5*PE*UK*10614140000010*VN*MS-1", True),
        ("PO1*1*2*BX*1.5*PE*UK", False),  # P0607
        ("CUR*BY*USD", True),
        ("CUR*BY*USD*1.2345", True),
        ("CUR*BY*USD*1.5", False),  # CUR03 R 4/10: at least 4 digits
        ("ACK*IA*5*EA", True),
        ("ACK*IA*5", False),  # P0203
        ("ACK*IA*5*EA**20240301", True),  # 004010 has C0405, not C0504
        ("ACK*IA*5*EA*017", False),  # C0405: ACK04 needs ACK05
        ("DTM*007****D8*20240401", True),  # R020305: DTM05 may stand for DTM02
        ("DTM*007****D8", False),  # P0506
        ("SAC*A*C310***1250", True),
        ("SAC*A", False),  # R0203
        ("SAC*C*D240***500*6", False),  # P0607
        ("SAC*C*D240*******EA", False),  # P0910
        ("SAC*C*D240**********ZZ", True),  # SAC12 alone
        ("SAC*C****500**********FREIGHT", False),  # R0203: SAC02 or SAC03
        ("TXI*ST*12.50", True),
        ("TXI*ST", False),  # R020306
        ("TXI*ST***CC", False),  # P0405
        ("TXI*ST*1*****100", False),  # C0803: TXI08 needs TXI03
        ("CTP**CON*12.50*1*BX", True),
        ("CTP**CON*12.50**BX", False),  # P0405
        ("TD1*CTN25", False),  # C0102
        ("TD1*CTN25*2****G*38.6*LB", True),
        ("FOB*PP**PLANT", False),  # C0302
        ("ITD*01*3*2*****", False),  # L03040513: ITD03 needs 04, 05 or 13
        ("ITD*01*3*2**10", True),
        ("MEA*PD*WT*12", True),  # 004010 MEA has no C0304
        ("MEA*PD*WT*12*LB***N", False),  # E0803
        ("PO4*12*1.5", False),  # P0203
        ("BIG*20240229*1", True),
        ("BIG*20240230*1", False),  # not a calendar date
        ("BIG*20230229*1", False),
        ("BIG*21000229*1", False),
        ("BIG*20000229*1", True),
        ("CTT*\u0661\u0662", False),  # N0: ASCII digits only
    ],
)
def test_fast_path_syntax_notes(raw, valid):
    specs = schema.compiled(schema.V4010, DELIMITERS[0])
    elements = tuple(raw.split("*"))
    spec = specs[elements[0]]
    assert spec.matches(raw, len(elements) - 1) is valid
    assert (spec.check(elements) == []) is valid
