"""Tampering, wrong keys and certificates, bad MDNs: each detected and named."""

import dataclasses

import pytest

from integration_core.as2 import (
    As2DecryptionError,
    As2InsufficientSecurity,
    As2IntegrityError,
    As2MdnError,
    As2MicMismatch,
    As2SignatureError,
    As2UnknownPartner,
)
from integration_core.as2 import mdn as as2_mdn
from integration_core.as2.message import build_message, parse_message
from integration_core.as2.mic import Mic
from integration_core.errors import PermanentError

PAYLOAD = b"UNB+UNOC:3+HOSPITAL+SUPPLIER+260101:1200+7'\nUNH+1+ORDERS:D:96A:UN'\n"


def _build(link, payload=PAYLOAD):
    return build_message(
        link.sender_local, link.sender_partner, payload, filename="o.edi"
    )


def _parse(link, built, body=None, headers=None):
    return parse_message(
        headers if headers is not None else built.headers,
        built.body if body is None else body,
        link.receiver_local,
        link.receiver_partner,
    )


def test_tampered_signed_payload_is_an_integrity_failure(make_link):
    link = make_link(encrypt=False)
    built = _build(link)
    tampered = built.body.replace(b"ORDERS", b"ORDERZ", 1)
    assert tampered != built.body

    with pytest.raises(As2IntegrityError) as caught:
        _parse(link, built, body=tampered)

    error = caught.value
    assert isinstance(error, As2SignatureError) and isinstance(error, PermanentError)
    assert error.disposition_modifier == "integrity-check-failed"
    assert error.partner == "HOSPITAL" and error.message_id == built.message_id
    assert built.message_id in str(error) and "HOSPITAL" in str(error)


def test_tampered_signed_headers_fail_too(make_link):
    """The MIME headers of the payload entity are signed as well."""
    link = make_link(encrypt=False)
    built = _build(link)
    tampered = built.body.replace(b'filename="o.edi"', b'filename="x.edi"', 1)
    assert tampered != built.body
    with pytest.raises(As2IntegrityError):
        _parse(link, built, body=tampered)


def test_tampered_ciphertext_is_detected(make_link):
    link = make_link()
    built = _build(link, PAYLOAD * 20)
    altered = bytearray(built.body)
    altered[len(altered) // 2] ^= 0x40
    with pytest.raises((As2DecryptionError, As2SignatureError)):
        _parse(link, built, body=bytes(altered))


def test_wrong_partner_certificate_is_an_authentication_failure(
    make_link, configs, impostor
):
    link = make_link(encrypt=False)
    link = dataclasses.replace(
        link,
        receiver_partner=configs.partner(
            impostor, as2_name="HOSPITAL", require_signed=True
        ),
    )
    built = _build(link)

    with pytest.raises(As2SignatureError) as caught:
        _parse(link, built)

    assert not isinstance(caught.value, As2IntegrityError)
    assert caught.value.disposition_modifier == "authentication-failed"
    assert "signed by Common Name: HOSPITAL" in str(caught.value)


def test_message_encrypted_for_someone_else_is_a_decryption_failure(
    make_link, configs, impostor
):
    link = make_link()
    # The sender encrypts for the impostor's certificate, not the receiver's.
    link = dataclasses.replace(
        link, sender_partner=configs.partner(impostor, as2_name="SUPPLIER")
    )
    built = _build(link)

    with pytest.raises(As2DecryptionError) as caught:
        _parse(link, built)

    assert caught.value.disposition_modifier == "decryption-failed"
    assert "not encrypted for our certificate" in str(caught.value)


def test_wrong_private_key_is_a_decryption_failure(make_link, configs, impostor):
    """Our certificate is named, but the key we hold is another one."""
    link = make_link()
    built = _build(link)
    wrong_local = dataclasses.replace(
        link.receiver_local,
        private_key_pem=impostor.key_pem,
        certificate_pem=impostor.cert_pem,
    )
    with pytest.raises(As2DecryptionError):
        parse_message(built.headers, built.body, wrong_local, link.receiver_partner)


def test_unsigned_message_refused_when_signature_required(make_link):
    link = make_link(sign=False, receiver_overrides={"require_signed": True})
    with pytest.raises(As2InsufficientSecurity) as caught:
        _parse(link, _build(link))
    assert caught.value.disposition_modifier == "insufficient-message-security"


def test_unencrypted_message_refused_when_encryption_required(make_link):
    link = make_link(encrypt=False, receiver_overrides={"require_encrypted": True})
    with pytest.raises(As2InsufficientSecurity):
        _parse(link, _build(link))


def test_message_for_another_station_is_refused(make_link):
    link = make_link()
    built = _build(link)
    headers = [
        (name, "SOMEONE-ELSE" if name == "AS2-To" else value)
        for name, value in built.headers
    ]
    with pytest.raises(As2UnknownPartner) as caught:
        _parse(link, built, headers=headers)
    assert caught.value.disposition_modifier == "unknown-trading-partner"


# -- MDN failures ------------------------------------------------------------


@pytest.fixture
def sent(make_link):
    """A signed+encrypted message, opened by the receiver: (link, built, received)."""
    link = make_link()
    built = _build(link)
    return link, built, _parse(link, built)


def _mdn(link, received, *, disposition="processed", mic=None, signed=True):
    return as2_mdn.build_mdn(
        link.receiver_local,
        original_message_id=received.message_id,
        partner_as2_name=received.as2_from,
        disposition=disposition,
        mic=received.mic if mic is None else mic,
        signed=signed,
    )


def _judge(link, built, mdn, mdn_signed=True):
    report = as2_mdn.parse_mdn(
        mdn.headers,
        mdn.body,
        link.sender_partner.certificate,
        partner="SUPPLIER",
        message_id=built.message_id,
    )
    return as2_mdn.check_mdn(
        report,
        as2_mdn.Expectation(
            built.message_id, "SUPPLIER", built.mics, built.signed, mdn_signed
        ),
    )


def test_mic_mismatch_is_refused(sent):
    link, built, received = sent
    other = Mic(value="AAAA" + received.mic.value[4:], algorithm="sha256")
    with pytest.raises(As2MicMismatch) as caught:
        _judge(link, built, _mdn(link, received, mic=other))
    assert built.message_id in str(caught.value)
    assert "SUPPLIER" in str(caught.value)


def test_mic_in_another_digest_is_still_checked(sent):
    link, built, received = sent
    sha1 = Mic(value=built.mics["sha1"], algorithm="sha1")
    assert _judge(link, built, _mdn(link, received, mic=sha1))["mic_verified"]


def test_failed_disposition_is_a_permanent_error(sent):
    link, built, received = sent
    mdn = _mdn(link, received, disposition="processed/error: decryption-failed")
    with pytest.raises(As2MdnError) as caught:
        _judge(link, built, mdn)
    assert "decryption-failed" in str(caught.value)
    assert isinstance(caught.value, PermanentError)


def test_warning_disposition_is_a_success_with_the_warning(sent):
    link, built, received = sent
    mdn = _mdn(link, received, disposition="processed/warning: duplicate-document")
    details = _judge(link, built, mdn)
    assert details["warning"] == "duplicate-document"
    assert details["mic_verified"] is True


def test_tampered_signed_mdn_is_refused(sent):
    link, built, received = sent
    mdn = _mdn(link, received)
    tampered = mdn.body.replace(b"; processed", b"; processeD", 1)
    assert tampered != mdn.body
    with pytest.raises(As2SignatureError):
        _judge(link, built, dataclasses.replace(mdn, body=tampered))


def test_mdn_signed_by_someone_else_is_refused(sent, configs, impostor):
    link, built, received = sent
    forger = configs.local(impostor, as2_name="SUPPLIER")
    mdn = as2_mdn.build_mdn(
        forger,
        original_message_id=received.message_id,
        partner_as2_name="HOSPITAL",
        disposition="processed",
        mic=received.mic,
        signed=True,
    )
    with pytest.raises(As2SignatureError) as caught:
        _judge(link, built, mdn)
    assert "MDN signature does not verify" in str(caught.value)
    assert built.message_id in str(caught.value)


def test_unsigned_mdn_refused_when_signed_requested(sent):
    link, built, received = sent
    with pytest.raises(As2SignatureError):
        _judge(link, built, _mdn(link, received, signed=False))


def test_mdn_for_another_message_is_refused(sent):
    link, built, received = sent
    other = dataclasses.replace(received, message_id="other@example")
    with pytest.raises(As2MdnError) as caught:
        _judge(link, built, _mdn(link, other))
    assert "other@example" in str(caught.value)


def test_signed_message_mdn_without_mic_is_refused(sent):
    link, built, received = sent
    mdn = as2_mdn.build_mdn(
        link.receiver_local,
        original_message_id=received.message_id,
        partner_as2_name="HOSPITAL",
        disposition="processed",
        mic=None,
        signed=True,
    )
    with pytest.raises(As2MicMismatch):
        _judge(link, built, mdn)
