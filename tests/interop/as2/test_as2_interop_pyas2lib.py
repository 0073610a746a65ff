"""Our AS2 against pyas2lib 1.4.4, a separate process on 127.0.0.1.

Both directions, sync and async MDNs, tampered content and wrong
certificates. The peer's verdicts are pyas2lib's own (its parse status and
MDN status), never ours.
"""

import base64

import pytest

from integration_core.as2 import (
    As2MdnError,
    As2SignatureError,
)
from integration_core.errors import PermanentError, TransientError
from integration_core.transport.base import OutboundMessage

ORDER = (
    b"UNA:+.? '\nUNB+UNOC:3+HOSPITAL:14+SUPPLIER:14+260101:1200+42'\n"
    b"UNH+1+ORDERS:D:96A:UN'\nBGM+220+PO-000042+9'\n"
    b"LIN+1++04012345678901:EN'\nQTY+21:120'\nUNT+5+1'\nUNZ+1+42'\n"
)
MARKER = b"PO-000042"


def _peer_copy(peer, message_id):
    """The peer's record of ``message_id`` (pyas2lib's parse result)."""
    records = [r for r in peer.received() if r["message_id"] == message_id]
    assert len(records) == 1, peer.received()
    return records[0]


@pytest.mark.parametrize(
    ("cipher", "digest", "compress", "before_signing"),
    [
        ("aes_128_cbc", "sha256", False, True),
        ("aes_256_cbc", "sha256", True, True),
        ("des_ede3_cbc", "sha1", True, False),
        ("aes_192_cbc", "sha512", False, True),
    ],
)
def test_we_send_signed_encrypted_partner_verifies_and_mdn_mic_matches(
    configure_peer, make_transport, peer, cipher, digest, compress, before_signing
):
    configure_peer(mdn_digest_alg=digest)
    transport = make_transport(
        cipher=cipher,
        digest=digest,
        compress=compress,
        compress_before_signing=before_signing,
    )
    receipt = transport.send(
        OutboundMessage("ORDERS_42.edi", ORDER, "application/EDIFACT")
    )

    record = _peer_copy(peer, receipt.reference)
    assert record["status"] == "processed", record["error"]
    assert base64.b64decode(record["payload_b64"]) == ORDER
    assert record["filename"] == "ORDERS_42.edi"
    assert (record["signed"], record["encrypted"]) == (True, True)
    assert record["compressed"] is compress
    assert record["mic"] == receipt.details["mic"]
    assert receipt.details["mdn"] == "processed"
    assert receipt.details["mdn_signed"] is True
    assert receipt.details["mic_verified"] is True
    assert receipt.details["mic_algorithm"] == digest


def test_we_send_plain_unsigned_message_with_unsigned_mdn(
    configure_peer, make_transport, peer
):
    configure_peer(sign=False, encrypt=False, mdn_digest_alg=None)
    transport = make_transport(sign=False, encrypt=False, mdn_sign=False)
    receipt = transport.send(OutboundMessage("plain.edi", ORDER))

    record = _peer_copy(peer, receipt.reference)
    assert record["status"] == "processed"
    assert base64.b64decode(record["payload_b64"]) == ORDER
    assert receipt.details["mdn"] == "processed"
    assert receipt.details["mdn_signed"] is False


def test_async_mdn_from_partner_reaches_our_endpoint(
    configure_peer, make_transport, peer, receiver, wait_for
):
    configure_peer()
    transport = make_transport(mdn_mode="async", mdn_url=receiver.url, compress=True)
    receiver.transport = transport
    receipt = transport.send(OutboundMessage("async.edi", ORDER))
    assert receipt.details["mdn"] == "pending"

    outcome = wait_for(
        lambda: (
            transport.mdn_outcome(receipt.reference)
            if transport.mdn_outcome(receipt.reference).details["mdn"] != "pending"
            else None
        )
    )
    assert outcome.details["mdn"] == "processed"
    assert outcome.details["mic"] == receipt.details["mic"]
    assert outcome.details["mic_verified"] is True
    assert outcome.details["mdn_signed"] is True
    assert _peer_copy(peer, receipt.reference)["status"] == "processed"


@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        # pyas2lib sends text types 7bit, in MIME canonical form (CRLF) ...
        ("application/edi-consent", ORDER.replace(b"\n", b"\r\n")),
        # ... and application/octet-stream as binary, byte for byte.
        ("application/octet-stream", ORDER),
    ],
)
def test_partner_sends_signed_encrypted_we_store_it_and_pyas2lib_accepts_our_mdn(
    configure_peer, make_transport, peer, receiver, compress, content_type, expected
):
    configure_peer(compress=compress, enc_alg="aes_256_cbc")
    transport = make_transport(require_encrypted=True)
    receiver.transport = transport

    verdict = peer.send(
        receiver.url, ORDER, filename="INVOIC_7.edi", content_type=content_type
    )

    assert verdict["http_status"] == 200
    assert verdict["mdn_status"] == "processed", verdict
    assert verdict["mdn_signed"] is True
    [inbound] = transport.receive()
    assert inbound.reference == verdict["message_id"]
    assert inbound.content == expected
    assert inbound.name == "INVOIC_7.edi"
    assert inbound.metadata["content_type"] == content_type
    assert inbound.metadata["signed"] and inbound.metadata["encrypted"]
    assert inbound.metadata["compressed"] is compress
    assert inbound.metadata["mic"] == verdict["mic"]
    transport.acknowledge(inbound, processed=True)
    assert transport.receive() == []


def test_partner_requests_async_mdn_we_deliver_it(
    configure_peer, make_transport, peer, receiver, wait_for
):
    # pyas2lib computes its MIC with digest_alg, we with the requested micalg
    # (RFC 4130 7.3): they agree when both are the same, the usual setup.
    configure_peer(
        mdn_mode="ASYNC",
        enc_alg="tripledes_192_cbc",
        digest_alg="sha1",
        mdn_digest_alg="sha1",
    )
    transport = make_transport()
    receiver.transport = transport

    verdict = peer.send(receiver.url, ORDER, content_type="application/octet-stream")
    assert verdict["http_status"] == 200

    judged = wait_for(lambda: peer.mdns().get(verdict["message_id"]))
    assert judged["status"] == "processed", judged
    assert judged["signed"] is True
    assert [m.content for m in transport.receive()] == [ORDER]


def test_payload_tampered_on_the_way_to_partner_is_rejected_by_pyas2lib(
    configure_peer, make_transport, peer, tamper_proxy
):
    configure_peer(encrypt=False)
    proxy = tamper_proxy(peer.as2_url, lambda body: body.replace(MARKER, b"PO-000043"))
    transport = make_transport(url=proxy, encrypt=False)

    with pytest.raises(As2MdnError) as caught:
        transport.send(OutboundMessage("ORDERS_42.edi", ORDER))

    assert "authentication-failed" in str(caught.value)
    assert "SUPPLIER" in str(caught.value)
    [record] = peer.received()
    assert record["status"] != "processed"
    assert record["message_id"] in str(caught.value)


def test_payload_tampered_on_the_way_to_us_is_rejected_by_our_endpoint(
    configure_peer, make_transport, peer, receiver
):
    configure_peer(encrypt=False)
    transport = make_transport()
    receiver.transport = transport
    tamper = {
        "find_b64": base64.b64encode(MARKER).decode(),
        "replace_b64": base64.b64encode(b"PO-000043").decode(),
    }

    verdict = peer.send(receiver.url, ORDER, tamper=tamper)

    assert verdict["mdn_status"].lower() == "processed/error", verdict
    assert verdict["mdn_detailed_status"] == "integrity-check-failed"
    assert transport.receive() == []


def test_ciphertext_tampered_on_the_way_to_us_is_rejected(
    configure_peer, make_transport, peer, receiver
):
    configure_peer()
    transport = make_transport()
    receiver.transport = transport

    verdict = peer.send(receiver.url, ORDER * 4, tamper={"flip_byte": -40})

    assert verdict["mdn_status"].lower() == "processed/error", verdict
    assert verdict["mdn_detailed_status"] in (
        "decryption-failed",
        "integrity-check-failed",
        "unexpected-processing-error",
    )
    assert transport.receive() == []


def test_we_hold_a_wrong_partner_certificate_mdn_signature_refused(
    configure_peer, make_transport, peer, impostor
):
    configure_peer(encrypt=False)
    transport = make_transport(cert_pem=impostor.cert_pem, encrypt=False)

    with pytest.raises(As2SignatureError) as caught:
        transport.send(OutboundMessage("ORDERS_42.edi", ORDER))

    assert "MDN signature does not verify" in str(caught.value)
    assert isinstance(caught.value, PermanentError)
    # pyas2lib itself verified our signature and stored the payload.
    [record] = peer.received()
    assert record["status"] == "processed"


def test_we_hold_a_wrong_partner_certificate_inbound_signature_refused(
    configure_peer, make_transport, peer, receiver, impostor
):
    configure_peer(encrypt=False)
    transport = make_transport(cert_pem=impostor.cert_pem)
    receiver.transport = transport

    verdict = peer.send(receiver.url, ORDER)

    assert verdict["mdn_status"].lower() != "processed"
    assert transport.receive() == []


def test_we_hold_a_wrong_partner_certificate_inbound_unsigned_mdn_explains(
    configure_peer, make_transport, peer, receiver, impostor
):
    configure_peer(encrypt=False, mdn_digest_alg=None)
    transport = make_transport(cert_pem=impostor.cert_pem)
    receiver.transport = transport

    verdict = peer.send(receiver.url, ORDER)

    assert verdict["mdn_status"].lower() == "processed/error"
    assert verdict["mdn_detailed_status"] == "authentication-failed"
    assert transport.receive() == []


def test_partner_holds_a_wrong_certificate_for_us_rejects_our_signature(
    configure_peer, make_transport, peer, impostor
):
    configure_peer(our_cert_pem=impostor.cert_pem, encrypt=False)
    transport = make_transport(encrypt=False)

    with pytest.raises(PermanentError) as caught:
        transport.send(OutboundMessage("ORDERS_42.edi", ORDER))

    # pyas2lib refused our signature; its MDN, signed with its real key,
    # verifies and reports the failure.
    assert isinstance(caught.value, As2MdnError)
    assert "authentication-failed" in str(caught.value)
    [record] = peer.received()
    assert record["status"] != "processed"


def test_partner_encrypts_for_a_wrong_certificate_we_report_decryption_failed(
    configure_peer, make_transport, peer, receiver, impostor
):
    configure_peer(our_cert_pem=impostor.cert_pem, mdn_digest_alg=None)
    transport = make_transport()
    receiver.transport = transport

    verdict = peer.send(receiver.url, ORDER)

    assert verdict["mdn_status"].lower() == "processed/error"
    assert verdict["mdn_detailed_status"] == "decryption-failed"
    assert transport.receive() == []


def test_test_connection_reaches_pyas2lib_peer(make_transport):
    note = make_transport().test_connection()
    assert "answered OPTIONS with HTTP 200" in note


def test_unreachable_partner_is_transient(make_transport, receiver_server):
    transport = make_transport(url="http://127.0.0.1:9/as2", timeout=2)
    with pytest.raises(TransientError):
        transport.send(OutboundMessage("x.edi", ORDER))
    with pytest.raises(TransientError):
        transport.test_connection()
