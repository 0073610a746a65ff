"""Canonical JSON and idempotency keys: deterministic, order-free, collision-free."""

import datetime
import decimal
import hashlib
import json
import uuid

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from integration_core import idempotency
from integration_core.idempotency import (
    canonical_bytes,
    canonical_json,
    idempotency_key,
    payload_digest,
)

CET = datetime.timezone(datetime.timedelta(hours=1))

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)
references = st.text(min_size=1).filter(str.strip) | st.dictionaries(
    st.text(max_size=6), json_values, min_size=1, max_size=4
)
names = st.text(min_size=1, max_size=20).filter(str.strip)


def _reordered(value):
    """The same value with every mapping's keys inserted in reverse order."""
    if isinstance(value, dict):
        return {key: _reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reordered(item) for item in value]
    return value


# --- canonical_json ----------------------------------------------------------


def test_keys_sorted_and_no_spaces():
    assert canonical_json({"b": 1, "a": [1, 2, {"d": None, "c": True}]}) == (
        '{"a":[1,2,{"c":true,"d":null}],"b":1}'
    )


def test_text_is_kept_as_unicode():
    assert canonical_json({"name": "Müller 病院"}) == '{"name":"Müller 病院"}'


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1, "0.1"),
        (1e300, "1e+300"),
        (-0.0, "-0.0"),
        (10**30, "1000000000000000000000000000000"),
        (decimal.Decimal("1.50"), '"1.5"'),
        (decimal.Decimal("1E+2"), '"100"'),
        (decimal.Decimal("-0.000"), '"0"'),
        (decimal.Decimal("0.0001230"), '"0.000123"'),
        (datetime.date(2024, 2, 29), '"2024-02-29"'),
        (datetime.datetime(2024, 3, 1, 8, 30), '"2024-03-01T08:30:00+00:00"'),
        (
            datetime.datetime(2024, 3, 1, 9, 30, 0, 5, tzinfo=CET),
            '"2024-03-01T08:30:00.000005+00:00"',
        ),
        (b"\x00\xffhi", '"AP9oaQ=="'),
        (bytearray(b"\x00\xffhi"), '"AP9oaQ=="'),
        (memoryview(b"\x00\xffhi"), '"AP9oaQ=="'),
        (uuid.UUID(int=1), '"00000000-0000-0000-0000-000000000001"'),
        ((1, "a"), '[1,"a"]'),
        ({3, 1, 2}, "[1,2,3]"),
        (frozenset({"b", "a"}), '["a","b"]'),
    ],
    ids=repr,
)
def test_extra_types_have_one_fixed_form(value, text):
    assert canonical_json(value) == text


def test_equal_instants_in_different_zones_are_equal():
    utc = datetime.datetime(2024, 3, 1, 8, 30, tzinfo=datetime.timezone.utc)
    assert canonical_json(utc) == canonical_json(utc.astimezone(CET))
    assert canonical_json(utc) == canonical_json(utc.replace(tzinfo=None))


def test_mixed_set_is_sorted_deterministically():
    assert canonical_json({1, "1", None, (2, 3)}) == canonical_json(
        {(2, 3), None, "1", 1}
    )


@pytest.mark.parametrize(
    ("value", "where"),
    [
        (object(), "object at $"),
        ({"lines": [{"qty": 1}, {"qty": object()}]}, "$.lines[1].qty"),
        ({"when": datetime.time(8, 0)}, "time at $.when"),
        ((x for x in ()), "generator at $"),
    ],
)
def test_unsupported_types_are_named_with_their_place(value, where):
    with pytest.raises(TypeError, match=r"cannot encode") as info:
        canonical_json(value)
    assert where in str(info.value)


def test_non_str_keys_are_refused():
    with pytest.raises(TypeError, match="str mapping keys, got int 1"):
        canonical_json({1: "a"})


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), decimal.Decimal("NaN"), decimal.Decimal("-Infinity")],
)
def test_non_finite_numbers_are_refused(value):
    with pytest.raises(ValueError, match="at \\$"):
        canonical_json({"amount": [value]})


def test_circular_reference_is_refused():
    loop = {"a": []}
    loop["a"].append(loop)
    with pytest.raises(ValueError, match="circular reference at \\$.a\\[0\\]"):
        canonical_json(loop)


def test_shared_non_circular_values_are_fine():
    shared = [1]
    assert canonical_json({"a": shared, "b": shared}) == '{"a":[1],"b":[1]}'


def test_canonical_bytes_is_utf8_and_keeps_lone_surrogates():
    assert canonical_bytes({"n": "é"}) == '{"n":"é"}'.encode()
    assert canonical_bytes("\ud800") != canonical_bytes("\ud801")


@given(json_values)
def test_json_values_round_trip(value):
    assert json.loads(canonical_json(value)) == value


@given(json_values)
def test_mapping_order_is_irrelevant(value):
    assert canonical_json(_reordered(value)) == canonical_json(value)


@given(st.sets(st.integers() | st.text(max_size=5)), st.randoms())
def test_set_order_is_irrelevant(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert canonical_json(set(shuffled)) == canonical_json(frozenset(items))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_round_trip_exactly(number):
    assert float(canonical_json(number)) == number


# --- idempotency_key ---------------------------------------------------------


def test_key_is_sha256_of_the_versioned_form():
    form = '["integration-idempotency/v1","supplier_edi","send_order","PO00042"]'
    expected = hashlib.sha256(form.encode()).hexdigest()
    assert idempotency_key("supplier_edi", "send_order", "PO00042") == expected


@given(names, names, references)
def test_key_is_64_hex_and_stable(connector, operation, reference):
    key = idempotency_key(connector, operation, reference)
    assert len(key) == 64 and set(key) <= set("0123456789abcdef")
    assert idempotency_key(connector, operation, reference) == key


@given(names, names, st.dictionaries(st.text(max_size=6), json_values, min_size=2))
def test_key_ignores_mapping_order(connector, operation, reference):
    assert idempotency_key(connector, operation, reference) == idempotency_key(
        connector, operation, _reordered(reference)
    )


@given(st.tuples(names, names, references), st.tuples(names, names, references))
def test_different_inputs_give_different_keys(first, second):
    assume(canonical_json(list(first)) != canonical_json(list(second)))
    assert idempotency_key(*first) != idempotency_key(*second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("ab", "c", "x"), ("a", "bc", "x")),
        (("a", "b", "1"), ("a", "b", 1)),
        (("a", "b", "x"), ("a", "b", ["x"])),
        (("a", "b", {"po": 1}), ("a", "b", {"po": 1.0})),
        (("a", "b", {"po": 1}), ("a", "b", {"po": 1, "line": 2})),
    ],
)
def test_near_misses_give_different_keys(first, second):
    assert idempotency_key(*first) != idempotency_key(*second)


@pytest.mark.parametrize(
    ("connector", "operation"), [("", "send"), ("edi", ""), ("  ", "send")]
)
def test_blank_connector_or_operation_is_refused(connector, operation):
    with pytest.raises(ValueError, match="must not be empty"):
        idempotency_key(connector, operation, "PO1")


@pytest.mark.parametrize("reference", [None, False, "", "   "])
def test_empty_reference_is_refused(reference):
    with pytest.raises(ValueError, match="reference for edi/send is empty"):
        idempotency_key("edi", "send", reference)


def test_non_text_names_are_refused():
    with pytest.raises(TypeError, match="connector must be a str"):
        idempotency_key(None, "send", "PO1")


def test_unencodable_reference_is_refused():
    with pytest.raises(TypeError, match="cannot encode object"):
        idempotency_key("edi", "send", {"record": object()})


# --- payload_digest ----------------------------------------------------------


def test_payload_digest_is_sha256_hex():
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert payload_digest(b"abc") == expected
    assert payload_digest(bytearray(b"abc")) == expected


def test_payload_digest_refuses_text():
    with pytest.raises(TypeError, match="expects bytes, got str"):
        payload_digest("abc")


_plain_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
)
_plain_trees = st.recursive(
    _plain_scalars,
    lambda children: (
        st.lists(children)
        | st.tuples(children, children)
        | st.dictionaries(st.text(), children)
    ),
    max_leaves=30,
)


@given(_plain_trees)
def test_plain_fast_path_writes_what_the_full_conversion_writes(value):
    assert idempotency._is_plain(value)
    slow = json.dumps(
        idempotency._jsonable(value, "$", set()),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    assert idempotency.canonical_json(value) == slow


def test_fast_path_leaves_other_types_to_the_full_conversion():
    class Key(str):
        pass

    assert not idempotency._is_plain({Key("a"): 1, "b": decimal.Decimal("1.50")})
    assert not idempotency._is_plain([1, float("nan")])
    assert not idempotency._is_plain({1: "int key"})
    with pytest.raises(TypeError):
        idempotency.canonical_json({1: "int key"})
