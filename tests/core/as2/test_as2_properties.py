"""Property tests: any payload, any options, any file name round-trip."""

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration_core.as2 import mime
from integration_core.as2.message import build_message, parse_message

_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

options = st.fixed_dictionaries(
    {
        "sign": st.booleans(),
        "encrypt": st.booleans(),
        "digest": st.sampled_from(["sha1", "sha256", "sha384", "sha512"]),
        "cipher": st.sampled_from(
            ["aes_128_cbc", "aes_192_cbc", "aes_256_cbc", "des_ede3_cbc"]
        ),
        "compress": st.booleans(),
        "compress_before_signing": st.booleans(),
    }
)
file_names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda name: name.strip() == name)


@_SETTINGS
@given(payload=st.binary(max_size=4096), chosen=options)
def test_any_payload_round_trips_with_equal_mic(make_link, payload, chosen):
    link = make_link(
        receiver_overrides={
            "require_signed": chosen["sign"],
            "require_encrypted": chosen["encrypt"],
        },
        **chosen,
    )
    built = build_message(link.sender_local, link.sender_partner, payload)
    received = parse_message(
        built.headers, built.body, link.receiver_local, link.receiver_partner
    )
    assert received.payload == payload
    assert received.mic == built.mic
    assert received.signed == chosen["sign"]
    assert received.encrypted == chosen["encrypt"]


@_SETTINGS
@given(name=file_names)
def test_any_file_name_round_trips(make_link, name):
    link = make_link(
        sign=False, encrypt=False, receiver_overrides={"require_signed": False}
    )
    built = build_message(link.sender_local, link.sender_partner, b"x", filename=name)
    received = parse_message(
        built.headers, built.body, link.receiver_local, link.receiver_partner
    )
    assert received.filename == name


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.binary(max_size=300), min_size=1, max_size=5))
def test_multipart_join_then_split_is_identity(parts):
    boundary = mime.new_boundary()
    # A part containing the delimiter would be ambiguous; the boundary is random.
    parts = [part.replace(boundary.encode(), b"") for part in parts]
    assert mime.split_multipart(mime.join_multipart(parts, boundary), boundary) == parts


@settings(max_examples=100, deadline=None)
@given(
    headers=st.lists(
        st.tuples(
            st.from_regex(r"\A[A-Za-z][A-Za-z0-9-]{0,20}\Z"),
            st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=60),
        ),
        max_size=6,
    ),
    body=st.binary(max_size=500),
)
def test_entity_to_bytes_then_parse_is_identity(headers, body):
    entity = mime.make_entity(headers, body)
    parsed = mime.parse_entity(entity.to_bytes())
    assert dataclasses.astuple(parsed) == (list(headers), body)
