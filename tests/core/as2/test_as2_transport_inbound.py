"""As2Transport.handle_inbound, the stores, receive/acknowledge, async MDNs."""

import dataclasses

import pytest

from integration_core.as2 import (
    As2ConfigError,
    As2MdnError,
    As2MicMismatch,
    As2SignatureError,
    DirectoryStore,
    MemoryStore,
)
from integration_core.as2 import mdn as as2_mdn
from integration_core.as2 import store as as2_store
from integration_core.as2.message import build_message
from integration_core.as2.mic import Mic
from integration_core.transport.as2 import As2Transport, read_as2_names

PAYLOAD = b"ST*850*0001~BEG*00*SA*PO-7~SE*3*0001~"


@pytest.fixture(params=["memory", "directory"])
def store(request, tmp_path):
    """Each inbound test runs on both stores."""
    if request.param == "memory":
        return MemoryStore()
    return DirectoryStore(tmp_path / "as2")


def _receiver(link, store):
    return As2Transport(link.receiver_partner, link.receiver_local, store)


def _sender(link, store=None):
    return As2Transport(link.sender_partner, link.sender_local, store or MemoryStore())


def _send_to(link, receiver, payload=PAYLOAD, name="po.x12"):
    built = build_message(
        link.sender_local, link.sender_partner, payload, filename=name
    )
    return built, receiver.handle_inbound(built.headers, built.body)


def test_inbound_message_is_stored_and_answered_with_signed_mdn(make_link, store):
    link = make_link(compress=True)
    receiver = _receiver(link, store)
    built, (status, headers, body, inbound) = _send_to(link, receiver)

    assert status == 200
    assert headers["Content-Type"].startswith("multipart/signed;")
    assert headers["AS2-From"] == "SUPPLIER" and headers["AS2-To"] == "HOSPITAL"
    assert inbound.content == PAYLOAD and inbound.name == "po.x12"
    assert inbound.reference == built.message_id
    assert inbound.metadata["mic"] == built.mic.value
    # The sender's side judges the MDN exactly as send() does.
    report = as2_mdn.parse_mdn(headers, body, link.sender_partner.certificate)
    details = as2_mdn.check_mdn(
        report,
        as2_mdn.Expectation(built.message_id, "SUPPLIER", built.mics, True, True),
    )
    assert details["mic_verified"] is True

    assert [m.reference for m in receiver.receive()] == [built.message_id]
    assert receiver.receive()[0].content == PAYLOAD


def test_acknowledge_removes_from_receive(make_link, store):
    link = make_link()
    receiver = _receiver(link, store)
    _send_to(link, receiver, name="a.x12")
    _send_to(link, receiver, name="b.x12")
    first, second = receiver.receive()

    receiver.acknowledge(first, processed=True)
    receiver.acknowledge(second, processed=False, reason="unknown product")

    assert receiver.receive() == []
    assert store.inbound_state(second.reference) == ("failed", "unknown product")


def test_duplicate_message_is_not_stored_twice_and_warned(make_link, store):
    link = make_link()
    receiver = _receiver(link, store)
    built, (_, _, _, inbound) = _send_to(link, receiver)
    status, headers, body, again = receiver.handle_inbound(built.headers, built.body)

    assert inbound is not None and again is None
    assert len(receiver.receive()) == 1
    report = as2_mdn.parse_mdn(headers, body, link.sender_partner.certificate)
    assert report.disposition == "processed/warning: duplicate-document"
    assert report.succeeded


def test_refused_message_gets_an_error_mdn_and_is_not_stored(make_link, store):
    link = make_link(encrypt=False)
    receiver = _receiver(link, store)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    tampered = built.body.replace(b"PO-7", b"PO-8")

    status, headers, body, inbound = receiver.handle_inbound(built.headers, tampered)

    assert status == 200 and inbound is None
    assert receiver.receive() == []
    report = as2_mdn.parse_mdn(headers, body, link.sender_partner.certificate)
    assert report.disposition == "processed/error: integrity-check-failed"
    assert report.mic is None
    assert "altered" in report.text


def test_refused_message_without_mdn_request_gets_http_400(make_link, store):
    link = make_link(encrypt=False, mdn_mode=None)
    receiver = _receiver(link, store)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    status, _, body, inbound = receiver.handle_inbound(
        built.headers, built.body.replace(b"PO-7", b"PO-8")
    )
    assert (status, inbound) == (400, None)
    assert b"altered" in body


def test_garbage_body_reports_a_processing_error(make_link, store):
    link = make_link()
    receiver = _receiver(link, store)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    status, headers, body, inbound = receiver.handle_inbound(
        built.headers, b"\x30\x03\x02\x01\x00 not CMS"
    )
    report = as2_mdn.parse_mdn(headers, body, link.sender_partner.certificate)
    assert inbound is None
    assert report.status == "processed" and report.modifier == "error"


def test_missing_as2_headers_are_a_bad_request(make_link, store):
    receiver = _receiver(make_link(), store)
    status, _, body, inbound = receiver.handle_inbound(
        {"Content-Type": "application/edi-x12"}, PAYLOAD
    )
    assert (status, inbound) == (400, None)
    assert b"AS2-From" in body


def test_async_mdn_request_is_queued_not_answered(make_link, store):
    link = make_link(mdn_mode="async", mdn_url="http://127.0.0.1:9/mdn")
    receiver = _receiver(link, store)
    built, (status, headers, body, inbound) = _send_to(link, receiver)

    assert (status, headers, body) == (200, {}, b"")
    assert inbound.content == PAYLOAD
    [queued] = store.queued_mdns("HOSPITAL")
    assert queued.url == "http://127.0.0.1:9/mdn"
    assert queued.original_message_id == built.message_id
    report = as2_mdn.parse_mdn(
        queued.headers, queued.body, link.sender_partner.certificate
    )
    assert report.original_message_id == built.message_id and report.succeeded


def _async_link(make_link):
    return make_link(mdn_mode="async", mdn_url="https://hospital.example/mdn")


def _pending(link, store):
    """Record a sent message as send() does, and open it on the partner side."""
    sender = _sender(link, store)
    built = build_message(link.sender_local, link.sender_partner, PAYLOAD)
    store.save_outbound(sender._outbound_record(built))
    partner = _receiver(link, MemoryStore())
    partner.handle_inbound(built.headers, built.body)
    [queued] = partner.store.queued_mdns("HOSPITAL")
    return sender, built, queued


def test_async_mdn_received_later_completes_the_receipt(make_link, store):
    link = _async_link(make_link)
    sender, built, queued = _pending(link, store)
    assert sender.mdn_outcome(built.message_id).details == {"mdn": "pending"}

    status, _, _, inbound = sender.handle_inbound(queued.headers, queued.body)

    assert (status, inbound) == (200, None)
    receipt = sender.mdn_outcome(built.message_id)
    assert receipt.reference == built.message_id
    assert receipt.details["mdn"] == "processed"
    assert receipt.details["mic"] == built.mic.value
    assert receipt.details["mic_verified"] is True


def test_async_mdn_with_wrong_mic_fails_the_receipt(make_link, store):
    link = _async_link(make_link)
    sender, built, _ = _pending(link, store)
    forged = as2_mdn.build_mdn(
        link.receiver_local,
        original_message_id=built.message_id,
        partner_as2_name="HOSPITAL",
        disposition="processed",
        mic=Mic(value="bm90IHRoZSBtaWM=", algorithm="sha256"),
        signed=True,
    )
    sender.handle_inbound(forged.headers, forged.body)
    with pytest.raises(As2MicMismatch) as caught:
        sender.mdn_outcome(built.message_id)
    assert built.message_id in str(caught.value)


def test_async_mdn_with_bad_signature_fails_the_receipt(make_link, store):
    link = _async_link(make_link)
    sender, built, queued = _pending(link, store)
    tampered = queued.body.replace(b"; processed", b"; processeD", 1)
    status, _, _, _ = sender.handle_inbound(queued.headers, tampered)
    assert status == 200
    with pytest.raises(As2SignatureError) as caught:
        sender.mdn_outcome(built.message_id)
    assert "MDN signature does not verify" in str(caught.value)


def test_async_mdn_for_unknown_message_is_refused(make_link, store):
    link = _async_link(make_link)
    sender, built, queued = _pending(link, store)
    store.discard_outbound(built.message_id)
    status, _, body, _ = sender.handle_inbound(queued.headers, queued.body)
    assert status == 400 and built.message_id.encode() in body
    with pytest.raises(As2MdnError):
        sender.mdn_outcome(built.message_id)


def test_unreadable_signed_mdn_is_refused_without_crashing(make_link, store):
    link = _async_link(make_link)
    sender, built, queued = _pending(link, store)
    headers = dict(queued.headers)
    boundary = headers["Content-Type"].split('boundary="')[1].rstrip('"')
    garbage = (
        f"--{boundary}\r\nContent-Type: multipart/report; boundary=x\r\n\r\n"
        f"nothing\r\n--{boundary}\r\nContent-Type: application/pkcs7-signature\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\nMAA=\r\n--{boundary}--\r\n"
    ).encode()
    status, _, body, inbound = sender.handle_inbound(queued.headers, garbage)
    assert (status, inbound) == (400, None)
    assert b"MDN" in body
    assert sender.mdn_outcome(built.message_id).details == {"mdn": "pending"}


def test_directory_store_survives_a_restart(make_link, tmp_path):
    link = make_link()
    receiver = _receiver(link, DirectoryStore(tmp_path / "as2"))
    built, _ = _send_to(link, receiver)

    reopened = _receiver(link, DirectoryStore(tmp_path / "as2"))
    [inbound] = reopened.receive()
    assert inbound.content == PAYLOAD and inbound.reference == built.message_id
    reopened.acknowledge(inbound, processed=True)
    assert _receiver(link, DirectoryStore(tmp_path / "as2")).receive() == []


def test_directory_store_keeps_outbound_records(tmp_path):
    record = as2_store.OutboundRecord(
        message_id="m1@x",
        partner="P",
        mics={"sha256": "abc"},
        mic_algorithm="sha256",
        signed=True,
        mdn_signed=True,
        sent_at="2026-01-01T00:00:00+00:00",
    )
    DirectoryStore(tmp_path).save_outbound(record)
    assert DirectoryStore(tmp_path).get_outbound("m1@x") == record


def test_read_as2_names_unquotes():
    headers = {"as2-from": '"Central Lab"', "AS2-TO": "HOSPITAL"}
    assert read_as2_names(headers) == ("Central Lab", "HOSPITAL")


def test_mdn_from_a_stranger_is_refused(make_link, store):
    link = _async_link(make_link)
    sender, built, queued = _pending(link, store)
    headers = [
        (name, "STRANGER" if name == "AS2-From" else value)
        for name, value in queued.headers
    ]
    status, _, _, _ = sender.handle_inbound(headers, queued.body)
    assert status == 400
    assert sender.mdn_outcome(built.message_id).details == {"mdn": "pending"}


def test_close_is_idempotent(make_link):
    transport = _sender(make_link())
    transport.close()
    transport.close()


def test_configs_reject_bad_values(make_link):
    link = make_link()
    with pytest.raises(As2ConfigError):
        dataclasses.replace(link.sender_partner, cipher="rc2_40_cbc")
    with pytest.raises(As2ConfigError):
        dataclasses.replace(link.sender_partner, digest="md5")
    with pytest.raises(As2ConfigError):
        dataclasses.replace(link.sender_partner, mdn_mode="async", mdn_url=None)
    with pytest.raises(As2ConfigError):
        dataclasses.replace(link.sender_partner, url="ftp://x")
    with pytest.raises(As2ConfigError):
        dataclasses.replace(link.sender_local, as2_name="")
