"""The compiled set state machines match exactly like the generic structure walk.

``validate.match`` runs a :class:`~integration_core.edi.x12.validate.SetMachine`
compiled from each set's structure; ``reference_matcher.match`` is the plain
walk of the structure tree it replaced. For any sequence of segments (in
order, out of order, repeated, unknown, from other sets, with bad elements)
both must build the same loop instances and report the same errors: same
codes, positions, segment IDs, elements, messages and order.
"""

import reference_matcher
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_core.edi.x12 import schema, sets, ts997, validate
from integration_core.edi.x12.syntax import Delimiters

STRUCTURES = {
    "810": sets.by_set_id("810").STRUCTURE,
    "832": sets.by_set_id("832").STRUCTURE,
    "850": sets.by_set_id("850").STRUCTURE,
    "855": sets.by_set_id("855").STRUCTURE,
    "856": sets.by_set_id("856").STRUCTURE,
    "997": ts997.STRUCTURE_997,
    "999": ts997.STRUCTURE_999,
}
#: The 005010 tables that differ from the 004010 ones.
STRUCTURES_5010 = {
    set_id: sets.structure(sets.by_set_id(set_id), "005010")
    for set_id in ("810", "832", "850", "855")
}
DELIMITERS = Delimiters("*", ">", "", "~")
SPECS = {version: schema.compiled(version, DELIMITERS) for version in schema.VERSIONS}
# (Envelope IDs end a set's body: see test_envelope_segment_ends_the_body.)
OTHER_IDS = ("XYZ", "N2", "CTT", "AK3", "BEG", "HL", "TXI")
VALUES = ("", "1", "PO", "00", "AB1", "20240301", "12.5", "-3", "UK", "X" * 90)


def _segment_ids(structure, specs):
    return sorted(
        segment_id for segment_id in structure.segment_ids() if segment_id in specs
    )


def segments(structure, specs):
    ids = st.sampled_from(_segment_ids(structure, specs) + list(OTHER_IDS))
    elements = st.lists(st.sampled_from(VALUES), max_size=6)
    return st.lists(st.tuples(ids, elements), max_size=60)


def _set(body, set_type):
    splits = [("ST", set_type, "0001")]
    splits += [(segment_id, *values) for segment_id, values in body]
    splits.append(("SE", str(len(splits) + 1), "0001"))
    return splits, ["*".join(elements) for elements in splits]


def _run(matcher, structure, specs, body, set_type, memo=None):
    """Run ``matcher`` (the reference walk, or ``validate.match`` with ``memo``)."""
    splits, raws = _set(body, set_type)
    ctx = validate.SetContext("000000001", "1", "0001", set_type)
    if matcher is validate.match:
        memo = memo or validate.SegmentMemo(specs, "*")
        root, end = matcher(structure, memo, raws, 0, ctx)
        assert end == len(raws) - 1  # stopped at the SE
    else:
        root = matcher(structure, specs, raws, splits, 0, len(splits) - 1, ctx)
    errors = [(error.code, str(error), error.location) for error in ctx.errors]
    return root, errors


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_compiled_machine_equals_generic_walk(data):
    set_type = data.draw(st.sampled_from(sorted(STRUCTURES)))
    version = data.draw(st.sampled_from(schema.VERSIONS))
    structure, specs = STRUCTURES[set_type], SPECS[version]
    if version == schema.V5010:
        structure = STRUCTURES_5010.get(set_type, structure)
    body = data.draw(segments(structure, specs))
    expected = _run(reference_matcher.match, structure, specs, body, set_type)
    memo = validate.SegmentMemo(specs, "*")
    assert _run(validate.match, structure, specs, body, set_type, memo) == expected
    # Again with the segments that passed now in the memo: same result.
    assert _run(validate.match, structure, specs, body, set_type, memo) == expected


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_machine_on_well_ordered_sets(data):
    """Mostly valid sets: segments drawn in structure order, loops repeated."""
    set_type = data.draw(st.sampled_from(sorted(STRUCTURES)))
    structure, specs = STRUCTURES[set_type], SPECS[schema.V4010]
    body = data.draw(_ordered(structure, specs))
    expected = _run(reference_matcher.match, structure, specs, body, set_type)
    assert _run(validate.match, structure, specs, body, set_type) == expected


@st.composite
def _ordered(draw, loop, specs, depth=0):
    body = []
    for child in loop.children:
        if isinstance(child, validate.Loop):
            for _ in range(draw(st.integers(0, 3 if depth < 2 else 1))):
                body += draw(_ordered(child, specs, depth + 1))
        elif child.segment_id in specs:
            repeats = draw(st.integers(0 if not child.required else 1, 2))
            values = st.lists(st.sampled_from(VALUES), max_size=4)
            body += [(child.segment_id, draw(values)) for _ in range(repeats)]
    return body


def test_every_segment_of_a_table_has_an_element_spec():
    """A segment a set's table names is validated element by element (TAX was not)."""
    for set_id in sets.SET_IDS:
        versions = ("005010",) if set_id == "999" else ("004010", "005010")
        for version in versions:
            structure = sets.structure(sets.by_set_id(set_id), version)
            assert structure.segment_ids() <= set(SPECS[version]), (set_id, version)


def test_a_segment_the_version_does_not_define_is_an_error_not_a_crash():
    structure = STRUCTURES["999"]
    body = [("AK1", ["SC", "1"]), ("AK2", ["832", "0001"]), ("IK3", ["CTP", "x"])]
    for matcher in (reference_matcher.match, validate.match):
        _, errors = _run(matcher, structure, SPECS[schema.V4010], body, "999")
        assert errors[0][0] == validate.SEGMENT_NOT_IN_SET


def test_machines_are_small_and_cached():
    for structure in STRUCTURES.values():
        machine = structure.machine()
        assert structure.machine() is machine
        assert 0 < len(machine.transitions) < 200
        assert len(machine.final_missing) == len(machine.transitions)


def test_envelope_segment_ends_the_body():
    """A set without SE stops at the next envelope segment, reported there."""
    structure, specs = STRUCTURES["850"], SPECS[schema.V4010]
    segments = [
        "ST*850*0001",
        "BEG*00*SA*PO1**20240301",
        "PO1*1*2*EA*3.5*PE*VN*X1",
        "GE*1*1",
        "IEA*1*000000001",
    ]
    ctx = validate.SetContext("000000001", "1", "0001", "850")
    closed = []
    root, end = validate.match(
        structure, validate.SegmentMemo(specs, "*"), segments, 0, ctx, closed.append
    )
    assert end == 3
    assert closed == [3]
    assert [entry[0] for entry in root["po1"][0]["PO1"]] == [3]
    assert not ctx.errors  # CTT is optional; the missing SE is the reader's to say


def test_segments_run_to_the_end_of_a_truncated_file():
    structure, specs = STRUCTURES["850"], SPECS[schema.V4010]
    segments = ["ST*850*0001", "BEG*00*SA*PO1**20240301"]
    ctx = validate.SetContext("000000001", "1", "0001", "850")
    _, end = validate.match(
        structure, validate.SegmentMemo(specs, "*"), segments, 0, ctx
    )
    assert end == len(segments)
    assert [(error.code, error.location.segment_position) for error in ctx.errors] == [
        ("missing_segment", 3)
    ]


def test_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(validate, "MEMO_SIZE", 3)
    structure, specs = STRUCTURES["850"], SPECS[schema.V4010]
    memo = validate.SegmentMemo(specs, "*")
    body = [("PO1", [str(line), "1", "EA"]) for line in range(1, 8)]
    _, raws = _set([("BEG", ["00", "SA", "1", "", "20240301"]), *body], "850")
    ctx = validate.SetContext("000000001", "1", "0001", "850")
    validate.match(structure, memo, raws, 0, ctx)
    assert not ctx.errors
    assert 0 < len(memo.valid) <= 3
    assert all(
        raw in raws and elements == tuple(raw.split("*"))
        for raw, elements in memo.valid.items()
    )
