"""Hash chain: a valid chain verifies; every kind of tampering is found where it is."""

import dataclasses
import datetime
import decimal
import hashlib
import weakref

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from integration_core.audit_chain import (
    GENESIS_HASH,
    ChainBreak,
    ChainBuilder,
    ChainEntry,
    canonical_entry,
    chain_hash,
    verify_chain,
)
from integration_core.idempotency import canonical_json

field_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False)
)
entry_fields = st.dictionaries(
    st.sampled_from(["name", "state", "payload_digest", "partner", "attempt"]),
    field_values,
    min_size=1,
)


def build_chain(fields_list, start_hash=GENESIS_HASH):
    builder = ChainBuilder(start_hash)
    return [
        builder.entry(entry_id, fields)
        for entry_id, fields in enumerate(fields_list, 1)
    ]


def sample_chain(length=6):
    return build_chain(
        {"name": f"MSG{index:04d}", "state": "done", "attempt": index}
        for index in range(length)
    )


# --- hashing -----------------------------------------------------------------


def test_genesis_hash():
    assert GENESIS_HASH == "0" * 64


def test_canonical_entry_is_canonical_json_utf8():
    fields = {"b": "Zürich", "a": decimal.Decimal("2.50")}
    assert canonical_entry(fields) == canonical_json(fields).encode("utf-8")
    assert canonical_entry(fields) == b'{"a":"2.5","b":"Z\xc3\xbcrich"}'


def test_canonical_entry_refuses_non_mappings():
    with pytest.raises(TypeError, match="must be a mapping, got list"):
        canonical_entry([("a", 1)])


def test_chain_hash_is_sha256_of_previous_hash_and_fields():
    fields = {"name": "MSG1", "at": datetime.datetime(2024, 3, 1, 8, 0)}
    text = GENESIS_HASH + '{"at":"2024-03-01T08:00:00+00:00","name":"MSG1"}'
    assert chain_hash(GENESIS_HASH, fields) == hashlib.sha256(text.encode()).hexdigest()


def test_chain_hash_depends_on_previous_hash_and_not_on_key_order():
    one, other = {"a": 1, "b": 2}, {"b": 2, "a": 1}
    assert chain_hash(GENESIS_HASH, one) == chain_hash(GENESIS_HASH, other)
    assert chain_hash(GENESIS_HASH, one) != chain_hash("1" * 64, one)


@pytest.mark.parametrize(
    "previous_hash", ["", "0" * 63, "0" * 65, "A" * 64, "g" * 64, None, b"0" * 64]
)
def test_chain_hash_refuses_malformed_previous_hash(previous_hash):
    with pytest.raises(ValueError, match="previous_hash must be 64 lowercase hex"):
        chain_hash(previous_hash, {"a": 1})


# --- verification ------------------------------------------------------------


def test_valid_chain_verifies():
    chain = sample_chain()
    assert verify_chain(chain) is None
    assert verify_chain(iter(chain)) is None


def test_empty_chain_verifies():
    assert verify_chain([]) is None


@given(st.lists(entry_fields, max_size=15))
def test_any_chain_built_by_the_builder_verifies(fields_list):
    assert verify_chain(build_chain(fields_list)) is None


@given(st.lists(entry_fields, min_size=1, max_size=12), st.data())
def test_changing_any_field_of_any_entry_is_found_at_that_entry(fields_list, data):
    chain = build_chain(fields_list)
    position = data.draw(st.integers(0, len(chain) - 1), label="position")
    fields = dict(chain[position].fields)
    name = data.draw(st.sampled_from(sorted(fields)), label="field")
    fields[name] = data.draw(field_values, label="new value")
    assume(canonical_json(fields) != canonical_json(chain[position].fields))
    chain[position] = dataclasses.replace(chain[position], fields=fields)

    found = verify_chain(chain)

    assert found is not None
    assert (found.position, found.entry_id, found.reason) == (
        position,
        position + 1,
        "content",
    )
    assert found.found == chain[position].hash
    assert found.expected == chain_hash(chain[position].previous_hash, fields)


@given(st.lists(entry_fields, min_size=1, max_size=12), st.data())
def test_adding_or_removing_a_field_is_found(fields_list, data):
    chain = build_chain(fields_list)
    position = data.draw(st.integers(0, len(chain) - 1))
    fields = dict(chain[position].fields)
    if data.draw(st.booleans()) and len(fields) > 1:
        del fields[sorted(fields)[0]]
    else:
        fields["injected"] = data.draw(field_values)
    chain[position] = dataclasses.replace(chain[position], fields=fields)
    found = verify_chain(chain)
    assert found is not None and (found.position, found.reason) == (position, "content")


@given(st.integers(2, 12), st.data())
def test_deleting_an_entry_breaks_the_link_at_its_place(length, data):
    chain = sample_chain(length)
    position = data.draw(st.integers(0, length - 2))  # not the last one
    removed = chain.pop(position)
    found = verify_chain(chain)
    assert found is not None
    assert (found.position, found.reason) == (position, "link")
    assert found.expected == removed.previous_hash
    assert found.found == removed.hash


def test_deleting_the_last_entry_needs_an_external_anchor():
    chain = sample_chain()
    anchored_last_hash = chain[-1].hash
    chain.pop()
    assert verify_chain(chain) is None  # documented limit: truncation
    assert chain[-1].hash != anchored_last_hash  # what the anchor reveals


@given(st.integers(2, 12), st.data())
def test_swapping_neighbours_breaks_the_link_at_the_first(length, data):
    chain = sample_chain(length)
    position = data.draw(st.integers(0, length - 2))
    chain[position], chain[position + 1] = chain[position + 1], chain[position]
    found = verify_chain(chain)
    assert found is not None and (found.position, found.reason) == (position, "link")


@given(st.integers(1, 12), st.data())
def test_inserting_a_forged_entry_is_found(length, data):
    chain = sample_chain(length)
    position = data.draw(st.integers(0, length - 1))
    previous = chain[position - 1].hash if position else GENESIS_HASH
    forged_fields = {"name": "FORGED", "state": "done"}
    # The forger even hashes the entry correctly onto its predecessor...
    forged = ChainEntry(
        "forged", forged_fields, previous, chain_hash(previous, forged_fields)
    )
    chain.insert(position, forged)
    found = verify_chain(chain)
    # ...so the break shows on the entry after it, which links elsewhere.
    assert found is not None
    assert (found.position, found.reason) == (position + 1, "link")
    assert found.expected == forged.hash


def test_rewriting_fields_and_hash_breaks_the_next_link():
    chain = sample_chain()
    fields = {**chain[2].fields, "state": "cancel"}
    chain[2] = dataclasses.replace(
        chain[2], fields=fields, hash=chain_hash(chain[2].previous_hash, fields)
    )
    found = verify_chain(chain)
    assert found is not None and (found.position, found.reason) == (3, "link")


def test_rewriting_the_whole_tail_is_only_found_with_an_anchor():
    chain = sample_chain()
    anchor = chain[-1].hash
    fields = {**chain[2].fields, "state": "cancel"}
    forged = build_chain(
        [fields] + [entry.fields for entry in chain[3:]], chain[1].hash
    )
    chain[2:] = forged
    assert verify_chain(chain) is None  # a consistent rewrite verifies...
    assert chain[-1].hash != anchor  # ...but no longer matches the anchor


def test_a_broken_previous_hash_value_is_a_link_break_not_a_crash():
    chain = sample_chain(3)
    chain[1] = dataclasses.replace(chain[1], previous_hash="not a hash")
    found = verify_chain(chain)
    assert (found.position, found.reason, found.found) == (1, "link", "not a hash")


def test_verification_resumes_from_a_checkpoint():
    chain = sample_chain(10)
    assert verify_chain(chain[4:], start_hash=chain[3].hash) is None
    found = verify_chain(chain[4:])
    assert (found.position, found.reason, found.expected) == (0, "link", GENESIS_HASH)


def test_malformed_start_hash_is_refused():
    with pytest.raises(ValueError, match="start_hash"):
        verify_chain([], start_hash="x")


def test_verification_stops_at_the_first_break():
    chain = sample_chain(4)
    chain[1] = dataclasses.replace(chain[1], fields={"name": "changed"})

    def entries():
        yield from chain[:3]
        raise AssertionError("read past the first break")

    assert verify_chain(entries()).position == 1


def test_verification_streams_without_holding_entries():
    alive = set()

    def entries(count):
        builder = ChainBuilder()
        for entry_id in range(count):
            entry = builder.entry(entry_id, {"name": f"MSG{entry_id}", "n": entry_id})
            alive.add(entry_id)
            weakref.finalize(entry, alive.discard, entry_id)
            # The verifier may hold the entry it is checking, not older ones.
            assert len(alive) <= 2, f"{len(alive)} entries still referenced"
            yield entry

    assert verify_chain(entries(50_000)) is None


# --- reporting ---------------------------------------------------------------


def test_content_break_description():
    found = ChainBreak(3, 42, "content", "a" * 64, "b" * 64)
    text = found.describe()
    assert "entry 42 (position 3) was altered" in text
    assert "a" * 64 in text and "b" * 64 in text


def test_link_break_description():
    text = ChainBreak(0, "MSG7", "link", "a" * 64, "b" * 64).describe()
    assert "before entry 'MSG7' (position 0)" in text
    assert "deleted, inserted or reordered" in text


# --- builder -----------------------------------------------------------------


def test_builder_links_each_entry_to_the_last():
    builder = ChainBuilder()
    first = builder.append({"n": 1})
    second = builder.append({"n": 2})
    assert first == (GENESIS_HASH, chain_hash(GENESIS_HASH, {"n": 1}))
    assert second == (first[1], chain_hash(first[1], {"n": 2}))
    assert builder.last_hash == second[1]


def test_builder_resumes_from_a_stored_hash():
    whole = sample_chain(4)
    resumed = ChainBuilder(whole[1].hash)
    assert resumed.append(whole[2].fields) == (whole[2].previous_hash, whole[2].hash)


def test_builder_refuses_malformed_last_hash():
    with pytest.raises(ValueError, match="last_hash"):
        ChainBuilder("abc")


def test_builder_does_not_advance_on_unhashable_fields():
    builder = ChainBuilder()
    with pytest.raises(TypeError):
        builder.append({"bad": object()})
    assert builder.last_hash == GENESIS_HASH
