"""Unknown-segment policy: reject (default) or skip with a warning, and the 997/999.

With ``unknown_segments="warn"`` a well-formed segment (a 2-3 character
segment ID) that the set's table does not define where it stands is skipped
and reported as a warning; the set is accepted when nothing else is wrong and
the functional acknowledgement says "accepted, errors noted" (AK501 ``E``)
with an AK3 "unexpected segment" (AK304 ``2``) per skipped segment.
"""

import dataclasses
import datetime

import pytest

from integration_core.edi import api, model
from integration_core.edi.x12 import (
    V4010,
    V5010,
    functional_ack,
    read_interchanges,
    write_interchange,
)

ISA_VERSION = {V4010: "00401", V5010: "00501"}


def order_file(*extra_sets, version=V4010, extra=("ZZZ*1",), tail=()):
    """An 850 interchange: set 0001 with ``extra`` after BEG, ``tail`` after CTT."""
    sets = [["BEG*00*SA*PO-1**20240301", *extra, "PO1*12345*2*EA", "CTT*1", *tail]]
    sets += [list(body) for body in extra_sets]
    segments = [
        "ISA*00*          *00*          *ZZ*HOSPITAL       *ZZ*SUPPLIER       "
        f"*240401*1200*{'U' if version == V4010 else '^'}*{ISA_VERSION[version]}"
        "*000000001*0*P*>",
        f"GS*PO*HOSPITAL*SUPPLIER*20240401*1200*7*X*{version}",
    ]
    for number, body in enumerate(sets, 1):
        control = f"{number:04d}"
        segments += [f"ST*850*{control}", *body, f"SE*{len(body) + 2}*{control}"]
    segments += [f"GE*{len(sets)}*7", "IEA*1*000000001"]
    return "~".join(segments) + "~"


def ack_of(result):
    return functional_ack(
        result,
        sender=model.Identity("SUPPLIER"),
        receiver=model.Identity("HOSPITAL"),
        control_number="9",
        prepared_at=datetime.datetime(2024, 4, 1, 12, 5),
    )


EXTRA = (
    "ZZZ*1",  # a segment ID X12 does not know here
    "YNQ*Y*Y",  # an X12 segment this table does not define
    "BSN*00*SH-1*20240304*1415",  # a segment of another set
)


def test_reject_is_the_default():
    result = api.read(order_file(extra=EXTRA))
    assert [(e.code, e.location.segment_position) for e in result.errors] == [
        ("unrecognized_segment", 3),
        ("unrecognized_segment", 4),
        ("segment_not_in_set", 5),
    ]
    assert result.documents == [] and result.warnings == []


def test_warn_skips_well_formed_segments_and_accepts_the_set():
    result = api.read(order_file(extra=EXTRA), unknown_segments="warn")
    assert result.ok and result.errors == []
    (order,) = result.documents
    assert order.lines[0].line_number == "12345"
    (set_result,) = result.sets
    assert set_result.accepted
    assert set_result.warnings == result.warnings
    assert [
        (w.code, w.location.set_control, w.location.set_type)
        + (w.location.segment_position, w.location.segment_id)
        for w in result.warnings
    ] == [
        ("unknown_segment", "0001", "850", 3, "ZZZ"),
        ("unknown_segment", "0001", "850", 4, "YNQ"),
        ("unknown_segment", "0001", "850", 5, "BSN"),
    ]
    assert "skipped" in str(result.warnings[0])


def test_warn_skips_a_segment_out_of_its_place():
    """A PID after CTT: the 850 has PID in the heading and PO1 loop only."""
    text = order_file(extra=(), tail=("PID*F****GLOVES",))
    assert [error.code for error in read_interchanges(text).errors] == ["segment_order"]
    result = read_interchanges(text, unknown_segments="warn")
    assert result.errors == [] and len(result.documents) == 1
    (warning,) = result.warnings
    assert (warning.location.segment_position, warning.location.segment_id) == (
        5,
        "PID",
    )


@pytest.mark.parametrize("segment", ["ZZZZ*1", "Z*1", "zzz*1", "1ZZ*1"])
def test_warn_still_rejects_segments_that_are_not_well_formed(segment):
    result = read_interchanges(order_file(extra=(segment,)), unknown_segments="warn")
    assert [error.code for error in result.errors] == ["unrecognized_segment"]
    assert result.documents == [] and result.warnings == []


def test_warnings_do_not_hide_errors():
    extra = ("ZZZ*1", "CUR*BY*US")  # CUR02 ID 3/3
    result = read_interchanges(order_file(extra=extra), unknown_segments="warn")
    assert [error.code for error in result.errors] == ["element_too_short"]
    assert [warning.location.segment_id for warning in result.warnings] == ["ZZZ"]
    assert not result.sets[0].accepted


def test_unknown_policy_is_refused():
    with pytest.raises(ValueError):
        read_interchanges(order_file(), unknown_segments="ignore")


def test_997_says_accepted_with_errors_noted():
    result = read_interchanges(order_file(extra=EXTRA), unknown_segments="warn")
    ack = ack_of(result)
    (fa,) = ack.documents
    assert fa.status == model.FA_ACCEPTED_WITH_ERRORS
    assert (fa.received_count, fa.accepted_count) == (1, 1)
    (set_ack,) = fa.sets
    assert set_ack.status == model.FA_ACCEPTED_WITH_ERRORS
    assert set_ack.errors == [
        model.AckError("2", "ZZZ", 3),
        model.AckError("2", "YNQ", 4),
        model.AckError("2", "BSN", 5),
        model.AckError("5"),
    ]
    text = write_interchange(ack)
    assert (
        "AK2*850*0001~AK3*ZZZ*3**2~AK3*YNQ*4**2~AK3*BSN*5**2~AK5*E*5~AK9*E*1*1*1~"
        in text
    )
    assert read_interchanges(text).documents[0] == dataclasses.replace(
        fa, control_number="0001"
    )


def test_997_partial_when_another_set_is_rejected():
    rejected = ["BEG*00*SA*PO-2**20240301", "CUR*BY*US", "PO1*1*2*EA"]
    result = read_interchanges(
        order_file(rejected, extra=("ZZZ*1",)), unknown_segments="warn"
    )
    text = write_interchange(ack_of(result))
    assert "AK5*E*5~" in text and "AK5*R*5~" in text
    assert "AK9*P*2*2*1~" in text


def test_a_set_without_warnings_stays_plainly_accepted():
    result = read_interchanges(order_file(extra=()), unknown_segments="warn")
    text = write_interchange(ack_of(result))
    assert "AK2*850*0001~AK5*A~AK9*A*1*1*1~" in text


def test_999_in_5010():
    result = read_interchanges(
        order_file(extra=("ZZZ*1",), version=V5010), unknown_segments="warn"
    )
    assert result.errors == [] and len(result.warnings) == 1
    text = write_interchange(ack_of(result))
    assert "AK2*850*0001~IK3*ZZZ*3**2~IK5*E*5~AK9*E*1*1*1~" in text
