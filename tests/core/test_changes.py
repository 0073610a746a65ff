"""Field-by-field changes: stable text for values and a deterministic diff."""

import datetime
import decimal
import enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_core.changes import FieldChange, diff_values, to_text

CET = datetime.timezone(datetime.timedelta(hours=1))

values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=10)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes()
    | st.binary(max_size=10)
    | st.lists(st.integers() | st.text(max_size=5), max_size=4)
)
records = st.dictionaries(st.sampled_from("abcdefgh"), values, max_size=8)


class Colour(enum.Enum):
    RED = "red"


class Opaque:
    pass


class Named:
    def __str__(self):
        return "named thing"


# --- to_text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (False, None),
        (True, "True"),
        (0, "0"),
        (-42, "-42"),
        (0.0, "0.0"),
        (0.1, "0.1"),
        (1e20, "1e+20"),
        (float("nan"), "nan"),
        (decimal.Decimal("1.50"), "1.5"),
        (decimal.Decimal("0.00"), "0"),
        (datetime.date(2024, 2, 29), "2024-02-29"),
        (datetime.datetime(2024, 3, 1, 8, 30), "2024-03-01T08:30:00+00:00"),
        (
            datetime.datetime(2024, 3, 1, 9, 30, tzinfo=CET),
            "2024-03-01T08:30:00+00:00",
        ),
        (b"abc", "<3 bytes sha256:ba7816bf8f01>"),
        (b"", "<0 bytes sha256:e3b0c44298fc>"),
        ("", ""),
        ("Müller", "Müller"),
        ([1, "a", None], '[1,"a",null]'),
        ((6, 0, [3, 1]), "[6,0,[3,1]]"),
        ({"b": 1, "a": 2}, '{"a":2,"b":1}'),
        ({2, 1}, "[1,2]"),
        (Colour.RED, "Colour.RED"),
        (Named(), "named thing"),
    ],
    ids=repr,
)
def test_to_text(value, text):
    assert to_text(value) == text


def test_bytes_of_the_same_size_still_differ():
    assert to_text(b"abc") != to_text(b"abd")


def test_objects_without_stable_text_are_refused():
    with pytest.raises(TypeError, match="no stable text for Opaque"):
        to_text(Opaque())


def test_containers_with_unencodable_values_are_refused():
    with pytest.raises(TypeError, match="cannot encode Opaque"):
        to_text([Opaque()])


@given(values)
def test_to_text_is_stable(value):
    assert to_text(value) == to_text(value)


# --- diff_values --------------------------------------------------------------


OLD = {"name": "PO1", "qty": 5, "note": False, "state": "draft", "lines": [1, 2]}
NEW = {"name": "PO1", "qty": 7, "note": "urgent", "state": "sent", "lines": [1, 2]}


def test_only_changed_fields_sorted_by_name():
    assert diff_values(OLD, NEW) == [
        FieldChange("note", None, "urgent"),
        FieldChange("qty", "5", "7"),
        FieldChange("state", "draft", "sent"),
    ]


def test_given_fields_order_is_kept_and_others_ignored():
    assert diff_values(OLD, NEW, ["state", "qty", "name", "state"]) == [
        FieldChange("state", "draft", "sent"),
        FieldChange("qty", "5", "7"),
    ]


def test_missing_fields_count_as_empty():
    assert diff_values({"a": 1}, {"b": 2}) == [
        FieldChange("a", "1", None),
        FieldChange("b", None, "2"),
    ]
    assert diff_values({"a": False}, {}) == []
    assert diff_values({"a": None}, {"a": False}) == []


def test_equal_values_of_different_types_are_no_change():
    old = {"amount": decimal.Decimal("1.50"), "at": datetime.datetime(2024, 3, 1, 8)}
    new = {"amount": 1.5, "at": datetime.datetime(2024, 3, 1, 9, tzinfo=CET)}
    assert diff_values(old, new) == []


def test_int_and_float_are_told_apart():
    assert diff_values({"qty": 1}, {"qty": 1.0}) == [FieldChange("qty", "1", "1.0")]


def test_fields_must_not_be_a_string():
    with pytest.raises(TypeError, match="not a str"):
        diff_values(OLD, NEW, "qty")


@given(records)
def test_no_change_against_itself(record):
    assert diff_values(record, dict(record)) == []


@given(records, records)
def test_diff_lists_exactly_the_fields_whose_text_differs(old, new):
    changes = diff_values(old, new)
    expected = [
        name
        for name in sorted(set(old) | set(new))
        if to_text(old.get(name)) != to_text(new.get(name))
    ]
    assert [change.field for change in changes] == expected
    for change in changes:
        assert change.old == to_text(old.get(change.field))
        assert change.new == to_text(new.get(change.field))
        assert change.old != change.new


@given(records, records)
def test_diff_is_symmetric(old, new):
    forward = diff_values(old, new)
    backward = diff_values(new, old)
    assert [(c.field, c.new, c.old) for c in backward] == [
        (c.field, c.old, c.new) for c in forward
    ]
