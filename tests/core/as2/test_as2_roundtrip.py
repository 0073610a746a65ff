"""Our AS2 sender against our AS2 receiver, every option combination, no network."""

import itertools

import pytest

from integration_core.as2 import mdn as as2_mdn
from integration_core.as2.message import build_message, parse_message
from integration_core.as2.mic import compute_mic

PAYLOAD = (
    b"ISA*00*          *00*          *ZZ*HOSPITAL       *ZZ*SUPPLIER       "
    b"*260101*1200*U*00401*000000042*0*P*>~\nGS*PO*HOSPITAL*SUPPLIER~\n"
    b"\x00\xff binary tail \r\n\r\n"
)
CIPHERS = (None, "aes_128_cbc", "aes_192_cbc", "aes_256_cbc", "des_ede3_cbc")
COMPRESSION = (None, "before-signing", "after-signing")
DIGESTS = ("sha1", "sha256", "sha384", "sha512")

COMBINATIONS = [
    (sign, digest, cipher, compress)
    for sign, digest, cipher, compress in itertools.product(
        (False, True), ("sha1", "sha256"), CIPHERS, COMPRESSION
    )
]


def _options(sign, digest, cipher, compress):
    return {
        "sign": sign,
        "digest": digest,
        "encrypt": cipher is not None,
        "cipher": cipher or "aes_128_cbc",
        "compress": compress is not None,
        "compress_before_signing": compress != "after-signing",
    }


@pytest.mark.parametrize(("sign", "digest", "cipher", "compress"), COMBINATIONS)
def test_every_combination_round_trips_with_matching_mic(
    make_link, sign, digest, cipher, compress
):
    link = make_link(
        receiver_overrides={"require_signed": sign, "require_encrypted": bool(cipher)},
        **_options(sign, digest, cipher, compress),
    )
    built = build_message(
        link.sender_local,
        link.sender_partner,
        PAYLOAD,
        filename="PO 42.x12",
        content_type="application/edi-x12",
    )
    received = parse_message(
        built.headers, built.body, link.receiver_local, link.receiver_partner
    )

    assert received.payload == PAYLOAD
    assert received.filename == "PO 42.x12"
    assert received.content_type == "application/edi-x12"
    assert received.message_id == built.message_id
    assert (received.signed, received.encrypted, received.compressed) == (
        sign,
        cipher is not None,
        compress is not None,
    )
    assert received.cipher == cipher
    assert received.signature_digest == (digest if sign else None)
    # The receiver's MIC (in the requested digest) is the one the sender kept.
    assert received.mic.algorithm == digest
    assert received.mic == built.mic


@pytest.mark.parametrize("digest", DIGESTS)
@pytest.mark.parametrize("mdn_signed", [False, True])
def test_mdn_round_trip_confirms_the_mic(make_link, digest, mdn_signed):
    link = make_link(digest=digest, mdn_sign=mdn_signed)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    received = parse_message(
        built.headers, built.body, link.receiver_local, link.receiver_partner
    )
    assert received.mdn_request.signed is mdn_signed
    assert received.mdn_request.micalgs == ((digest,) if mdn_signed else ())

    mdn = as2_mdn.build_mdn(
        link.receiver_local,
        original_message_id=received.message_id,
        partner_as2_name=received.as2_from,
        disposition=as2_mdn.disposition_for(),
        mic=received.mic,
        signed=received.mdn_request.signed,
        digest_name=digest,
    )
    report = as2_mdn.parse_mdn(
        mdn.headers, mdn.body, link.sender_partner.certificate, partner="SUPPLIER"
    )
    details = as2_mdn.check_mdn(
        report,
        as2_mdn.Expectation(
            built.message_id, "SUPPLIER", built.mics, built.signed, mdn_signed
        ),
    )

    assert report.signed is mdn_signed
    assert report.signature_digest == (digest if mdn_signed else None)
    assert details["mic"] == built.mic.value
    assert details["mic_algorithm"] == digest
    assert details["mic_verified"] is True
    assert details["mdn_message_id"] == mdn.message_id


def test_sender_headers_follow_rfc_4130(make_link):
    link = make_link(mdn_mode="async", mdn_url="https://hospital.example/as2/mdn")
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    headers = dict(built.headers)

    assert headers["AS2-Version"] == "1.2"
    assert headers["AS2-From"] == "HOSPITAL"
    assert headers["AS2-To"] == "SUPPLIER"
    assert headers["Message-ID"] == f"<{built.message_id}>"
    assert headers["MIME-Version"] == "1.0"
    assert headers["Receipt-Delivery-Option"] == "https://hospital.example/as2/mdn"
    assert headers["Disposition-Notification-Options"] == (
        "signed-receipt-protocol=optional, pkcs7-signature; "
        "signed-receipt-micalg=optional, sha-256"
    )
    assert headers["Content-Type"].startswith(
        "application/pkcs7-mime; smime-type=enveloped-data"
    )


def test_no_mdn_requested_means_no_disposition_headers(make_link):
    link = make_link(mdn_mode=None)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    names = {name for name, _ in built.headers}
    assert "Disposition-Notification-To" not in names
    assert "Disposition-Notification-Options" not in names
    received = parse_message(
        built.headers, built.body, link.receiver_local, link.receiver_partner
    )
    assert received.mdn_request is None


def test_signed_only_message_is_multipart_signed_over_http(make_link):
    link = make_link(encrypt=False, digest="sha1")
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    content_type = dict(built.headers)["Content-Type"]
    assert content_type.startswith("multipart/signed;")
    assert "micalg=sha1" in content_type
    assert PAYLOAD in built.body  # binary transfer: the payload is untouched


def test_unsigned_unencrypted_mic_covers_the_content_only(make_link):
    """RFC 4130 7.3.1: neither signed nor encrypted, the MIC skips the headers."""
    link = make_link(
        sign=False, encrypt=False, receiver_overrides={"require_signed": False}
    )
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    assert built.mic == compute_mic(PAYLOAD, "sha256")


def test_name_with_spaces_is_quoted_and_understood(hospital, supplier, configs):
    sender = configs.local(hospital, as2_name="Hospital Central")
    partner = configs.partner(supplier)
    built = build_message(sender, partner, PAYLOAD)
    assert dict(built.headers)["AS2-From"] == '"Hospital Central"'
    received = parse_message(
        built.headers,
        built.body,
        configs.local(supplier),
        configs.partner(hospital, as2_name="Hospital Central"),
    )
    assert received.as2_from == "Hospital Central"
