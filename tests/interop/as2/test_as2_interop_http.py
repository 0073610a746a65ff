"""As2Transport over real HTTP(S) on 127.0.0.1: TLS, status classification."""

import pytest

from integration_core.as2 import MemoryStore
from integration_core.as2.config import As2LocalConfig, As2PartnerConfig
from integration_core.errors import PermanentError, TransientError
from integration_core.transport.as2 import As2Transport
from integration_core.transport.base import OutboundMessage

PAYLOAD = b"ISA*00*~GS*IN~ST*810*0001~SE*2*0001~"


@pytest.fixture
def supplier_endpoint(us, supplier):
    """Our library playing the supplier's side, receiving from ``us``."""
    local = As2LocalConfig(
        as2_name=supplier.name,
        private_key_pem=supplier.key_pem,
        certificate_pem=supplier.cert_pem,
    )
    partner = As2PartnerConfig(
        as2_name=us.name, url="http://127.0.0.1:9/unused", certificate_pem=us.cert_pem
    )
    transport = As2Transport(partner, local, MemoryStore())
    yield transport
    transport.close()


def test_send_over_https_with_pinned_ca(
    make_transport, supplier_endpoint, tls_endpoint
):
    url, ca_path = tls_endpoint(supplier_endpoint)
    transport = make_transport(url=url, verify_tls=ca_path, compress=True)

    receipt = transport.send(
        OutboundMessage("INV_1.x12", PAYLOAD, "application/edi-x12")
    )

    assert receipt.details["mdn"] == "processed"
    assert receipt.details["mic_verified"] is True
    [inbound] = supplier_endpoint.receive()
    assert inbound.content == PAYLOAD and inbound.name == "INV_1.x12"
    assert "answered OPTIONS with HTTP 501" in transport.test_connection()


def test_untrusted_tls_certificate_is_permanent(
    make_transport, supplier_endpoint, tls_endpoint
):
    url, _ = tls_endpoint(supplier_endpoint)
    transport = make_transport(url=url)  # verify_tls=True: system CAs only

    with pytest.raises(PermanentError) as caught:
        transport.send(OutboundMessage("INV_1.x12", PAYLOAD))

    assert not isinstance(caught.value, TransientError)
    assert "TLS failure" in str(caught.value)
    assert supplier_endpoint.receive() == []


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (503, TransientError),
        (500, TransientError),
        (429, TransientError),
        (403, PermanentError),
        (404, PermanentError),
    ],
)
def test_http_failures_are_classified(make_transport, status_server, code, error):
    transport = make_transport(url=f"{status_server}/status/{code}")
    with pytest.raises(error) as caught:
        transport.send(OutboundMessage("x.edi", PAYLOAD))
    assert caught.value.details["http_status"] == code
    assert f"HTTP {code}" in str(caught.value) and "SUPPLIER" in str(caught.value)
    if code == 503:
        assert caught.value.retry_after == 7


def test_async_send_failure_forgets_the_pending_receipt(make_transport, status_server):
    transport = make_transport(
        url=f"{status_server}/status/502", mdn_mode="async", mdn_url="http://x/mdn"
    )
    with pytest.raises(TransientError):
        transport.send(OutboundMessage("x.edi", PAYLOAD))
    assert transport.store._outbound == {}


@pytest.mark.parametrize(("code", "ok"), [(200, True), (405, True), (404, False)])
def test_test_connection_classifies_options_answers(
    make_transport, status_server, code, ok
):
    transport = make_transport(url=f"{status_server}/status/{code}")
    if ok:
        assert f"HTTP {code}" in transport.test_connection()
    else:
        with pytest.raises(PermanentError):
            transport.test_connection()


def test_sync_mdn_missing_from_response_is_permanent(make_transport, status_server):
    transport = make_transport(url=f"{status_server}/status/204")
    with pytest.raises(PermanentError) as caught:
        transport.send(OutboundMessage("x.edi", PAYLOAD))
    assert "without the synchronous MDN" in str(caught.value)
