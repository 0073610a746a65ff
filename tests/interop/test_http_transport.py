"""HttpTransport against a real HTTP(S) partner API on 127.0.0.1 (see conftest.py)."""

import datetime
import hashlib
import time

import pytest
import requests
from servers.http_partner import PartnerServer, server_tls_context

from integration_core.errors import IntegrationError, PermanentError, TransientError
from integration_core.transport.base import OutboundMessage
from integration_core.transport.http import EXCERPT_CHARS, HttpTransport

EDI = OutboundMessage(
    "ORDERS_1.edi", b"UNA:+.? 'UNB+UNOC:3+A+B'", "application/edifact"
)


def transport(partner, path="/open/messages", **options):
    options.setdefault("timeout", (2, 5))
    return HttpTransport(partner.url(path), **options)


def posts_to(partner, path):
    return [
        r for r in partner.state.requests if r["method"] == "POST" and r["path"] == path
    ]


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def test_send_delivers_body_type_and_name(http_partner):
    with transport(http_partner) as http:
        receipt = http.send(EDI)
    (received,) = http_partner.state.received
    assert received["body"] == EDI.content
    assert received["content_type"] == "application/edifact"
    assert received["name"] == "ORDERS_1.edi"
    assert receipt.reference == received["id"]
    assert receipt.details["status"] == 201
    assert received["id"] in receipt.details["body_excerpt"]


def test_reference_falls_back_to_location_then_content_hash(http_partner):
    with transport(http_partner, "/open/messages?ref=location") as http:
        by_location = http.send(EDI)
    with transport(http_partner, "/open/messages?ref=none") as http:
        by_hash = http.send(EDI)
    first, _second = http_partner.state.received
    assert by_location.reference == f"/open/messages/{first['id']}"
    assert by_hash.reference == "sha256:" + hashlib.sha256(EDI.content).hexdigest()


def test_put_method_and_extra_headers(http_partner):
    with transport(http_partner, method="put", headers={"X-Tenant": "lab-7"}) as http:
        http.send(EDI)
    assert http_partner.state.received[0]["method"] == "PUT"
    assert http_partner.state.requests[0]["headers"]["X-Tenant"] == "lab-7"


def test_non_ascii_name_is_percent_encoded(http_partner):
    with transport(http_partner) as http:
        http.send(OutboundMessage("Bestellung_Müller.edi", b"x"))
    assert http_partner.state.received[0]["name"] == "Bestellung_M%C3%BCller.edi"


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------


def test_basic_auth(http_partner):
    state = http_partner.state
    auth = ("basic", state.basic_user, state.basic_password)
    with transport(http_partner, "/basic/messages", auth=auth) as http:
        http.send(EDI)
    assert len(state.received) == 1
    wrong = ("basic", state.basic_user, "guess")
    with transport(http_partner, "/basic/messages", auth=wrong) as http:
        with pytest.raises(PermanentError, match="HTTP 401") as caught:
            http.send(EDI)
    assert caught.value.details["status"] == 401
    assert len(state.received) == 1


def test_api_key(http_partner):
    state = http_partner.state
    auth = ("api_key", state.api_key_header, state.api_key)
    with transport(http_partner, "/apikey/messages", auth=auth) as http:
        http.send(EDI)
    with transport(http_partner, "/apikey/messages") as http:
        with pytest.raises(PermanentError, match="401"):
            http.send(EDI)
    assert len(state.received) == 1


def test_bearer_token(http_partner):
    state = http_partner.state
    with transport(
        http_partner, "/bearer/messages", auth=("bearer", state.bearer_token)
    ) as http:
        http.send(EDI)
    assert len(state.received) == 1


def oauth(partner, client_auth=None, secret=None):
    state = partner.state
    auth = (
        "oauth2_client_credentials",
        partner.url("/oauth/token"),
        state.client_id,
        secret or state.client_secret,
        "orders.write",
    )
    if client_auth:
        auth += (client_auth,)
    return transport(partner, "/oauth/messages", auth=auth)


@pytest.mark.parametrize("client_auth", [None, "basic", "body"])
def test_oauth2_token_is_fetched_once_and_reused(http_partner, client_auth):
    with oauth(http_partner, client_auth) as http:
        http.send(EDI)
        http.send(EDI)
    (token_request,) = http_partner.state.token_requests
    assert token_request["form"]["scope"] == "orders.write"
    assert token_request["basic"] is (client_auth != "body")
    assert len(http_partner.state.received) == 2


def test_oauth2_token_is_renewed_before_it_expires(http_partner):
    http_partner.state.token_ttl = 1.0
    with oauth(http_partner) as http:
        http.send(EDI)
        time.sleep(1.0)
        http.send(EDI)
    assert len(http_partner.state.token_requests) == 2
    # renewed ahead of expiry: the partner never had to answer 401
    assert len(posts_to(http_partner, "/oauth/messages")) == 2


def test_oauth2_token_refused_with_401_is_renewed_once(http_partner):
    with oauth(http_partner) as http:
        http.send(EDI)
        http_partner.state.revoke_tokens()
        http.send(EDI)
    assert len(http_partner.state.token_requests) == 2
    assert len(posts_to(http_partner, "/oauth/messages")) == 3  # one 401 + retry
    assert len(http_partner.state.received) == 2


def test_oauth2_persistent_401_is_permanent_after_one_renewal(http_partner):
    http_partner.state.token_ttl = 0.0  # every token is dead on arrival
    with oauth(http_partner) as http:
        with pytest.raises(PermanentError, match="HTTP 401"):
            http.send(EDI)
    assert len(http_partner.state.token_requests) == 2
    assert len(posts_to(http_partner, "/oauth/messages")) == 2


def test_oauth2_invalid_client_is_permanent(http_partner):
    with oauth(http_partner, secret="wrong") as http:
        with pytest.raises(PermanentError, match="invalid_client") as caught:
            http.send(EDI)
    assert "token" in str(caught.value)
    assert http_partner.state.received == []


def test_unknown_auth_kind_is_refused():
    with pytest.raises(PermanentError, match="Unknown HTTP authentication"):
        HttpTransport("http://127.0.0.1:1/", auth=("kerberos", "x"))
    with pytest.raises(PermanentError, match="takes 2 values"):
        HttpTransport("http://127.0.0.1:1/", auth=("basic", "only-user"))


# ---------------------------------------------------------------------------
# Error statuses
# ---------------------------------------------------------------------------


def test_429_with_retry_after_seconds(http_partner):
    with transport(http_partner, "/status/429?retry_after=7") as http:
        with pytest.raises(TransientError, match="HTTP 429") as caught:
            http.send(EDI)
    assert caught.value.retry_after == 7
    assert caught.value.details["status"] == 429


def test_503_with_retry_after_http_date(http_partner):
    with transport(http_partner, "/status/503?retry_after_date=30") as http:
        with pytest.raises(TransientError, match="HTTP 503") as caught:
            http.send(EDI)
    assert 27 <= caught.value.retry_after <= 31


def test_503_without_retry_after(http_partner):
    with transport(http_partner, "/status/503") as http:
        with pytest.raises(TransientError) as caught:
            http.send(EDI)
    assert caught.value.retry_after is None


def test_400_is_permanent_with_status_and_body_excerpt(http_partner):
    with transport(http_partner, "/status/400") as http:
        with pytest.raises(PermanentError) as caught:
            http.send(EDI)
    error = caught.value
    assert "HTTP 400" in str(error) and "partner says 400" in str(error)
    assert len(str(error)) < 600
    assert error.details["body_excerpt"].startswith("partner says 400")
    assert len(error.details["body_excerpt"]) == EXCERPT_CHARS


def test_error_body_in_an_unknown_charset(http_partner):
    with transport(http_partner, "/status/422?charset=x-martian") as http:
        with pytest.raises(PermanentError, match="HTTP 422.*partner says 422"):
            http.send(EDI)


def test_unsupported_url_is_permanent():
    with HttpTransport("ftp://127.0.0.1/upload", timeout=(1, 1)) as http:
        with pytest.raises(PermanentError):
            http.send(EDI)


def test_oauth2_token_endpoint_down_is_transient(http_partner):
    auth = ("oauth2_client_credentials", http_partner.url("/status/503"), "a", "b", "")
    with transport(http_partner, "/oauth/messages", auth=auth) as http:
        with pytest.raises(TransientError, match="Fetching an OAuth2 token: HTTP 503"):
            http.send(EDI)
    assert http_partner.state.received == []


def test_redirect_is_not_followed(http_partner):
    with transport(http_partner, "/redirect") as http:
        with pytest.raises(PermanentError, match="redirects to /open/messages"):
            http.send(EDI)
    assert http_partner.state.received == []
    assert [r["path"] for r in http_partner.state.requests] == ["/redirect"]


def test_slow_partner_times_out_transiently(http_partner):
    with transport(http_partner, "/slow?delay=1.5", timeout=(2, 0.3)) as http:
        started = time.monotonic()
        with pytest.raises(TransientError, match="no answer"):
            http.send(EDI)
    assert time.monotonic() - started < 1.4


def test_nothing_listening_is_transient():
    server = PartnerServer().start()
    url = server.url("/open/messages")
    server.stop()  # the port is now closed
    with HttpTransport(url, timeout=(2, 2)) as http:
        with pytest.raises(TransientError, match="cannot connect"):
            http.send(EDI)
        with pytest.raises(TransientError):
            http.test_connection()


# ---------------------------------------------------------------------------
# HTTPS
# ---------------------------------------------------------------------------


def test_https_with_the_partner_ca(https_partner, test_pki):
    with transport(https_partner, verify=test_pki.ca_cert) as http:
        http.send(EDI)
    assert len(https_partner.state.received) == 1


def test_https_self_signed_rejected_by_default_trust(https_partner):
    with transport(https_partner, verify=True) as http:
        with pytest.raises(PermanentError, match="TLS failure"):
            http.send(EDI)
    assert https_partner.state.received == []


@pytest.mark.filterwarnings("ignore:Certificate for 127.0.0.1 has no")
def test_https_certificate_for_another_name_is_rejected(test_pki):
    """A certificate from the trusted CA, but not issued for 127.0.0.1."""
    context = server_tls_context(test_pki.client_cert, test_pki.client_key)
    server = PartnerServer(context).start()
    try:
        with transport(server, verify=test_pki.ca_cert) as http:
            with pytest.raises(PermanentError, match="TLS failure") as caught:
                http.send(EDI)
        assert "127.0.0.1" in str(caught.value)
        assert server.state.received == []
    finally:
        server.stop()


def test_mutual_tls_with_client_certificate(mtls_partner, test_pki):
    cert = (test_pki.client_cert, test_pki.client_key)
    with transport(mtls_partner, verify=test_pki.ca_cert, client_cert=cert) as http:
        http.send(EDI)
    assert len(mtls_partner.state.received) == 1
    with transport(mtls_partner, verify=test_pki.ca_cert) as http:
        # TLS 1.3 reports the missing certificate after the handshake: usually
        # an alert (PermanentError), a reset connection if the server is quick.
        with pytest.raises(IntegrationError):
            http.send(EDI)
    assert len(mtls_partner.state.received) == 1


# ---------------------------------------------------------------------------
# Inbox
# ---------------------------------------------------------------------------


def inbox_transport(partner, path="/open/inbox", **options):
    return transport(partner, inbox_url=partner.url(path), **options)


def test_receive_and_acknowledge(http_partner):
    state = http_partner.state
    first = state.add_inbox(
        "INVOIC_1.edi", b"UNA first", "2024-05-01T10:00:00Z", sender="LAB-7"
    )
    second = state.add_inbox("INVOIC_2.edi", b"\x00binary\xff")
    with inbox_transport(http_partner) as http:
        one, two = http.receive()
        assert (one.name, one.content, one.reference) == (
            "INVOIC_1.edi",
            b"UNA first",
            first,
        )
        assert one.received_at == datetime.datetime(
            2024, 5, 1, 10, tzinfo=datetime.timezone.utc
        )
        assert one.metadata["sender"] == "LAB-7"
        assert two.content == b"\x00binary\xff"
        assert two.received_at.tzinfo is not None

        http.acknowledge(one, processed=True)
        assert [m.reference for m in http.receive()] == [second]  # redelivered
        http.acknowledge(two, processed=False, reason="unknown GLN")
        assert http.receive() == []
    assert state.acks == [
        {"id": first, "processed": True, "reason": ""},
        {"id": second, "processed": False, "reason": "unknown GLN"},
    ]


def test_inbox_with_authentication_and_query_string(http_partner):
    state = http_partner.state
    message_id = state.add_inbox("a.edi", b"a")
    with inbox_transport(
        http_partner,
        "/bearer/inbox?tenant=7",
        auth=("bearer", state.bearer_token),
    ) as http:
        (message,) = http.receive()
        http.acknowledge(message, processed=True)
    assert state.acks[0]["id"] == message_id
    assert state.requests[-1]["path"] == f"/bearer/inbox/{message_id}/ack"


def test_acknowledging_an_unknown_message_is_permanent(http_partner):
    http_partner.state.add_inbox("a.edi", b"a")
    with inbox_transport(http_partner) as http:
        (message,) = http.receive()
        http.acknowledge(message, processed=True)
        with pytest.raises(PermanentError, match="HTTP 404"):
            http.acknowledge(message, processed=True)


def test_without_inbox_url(http_partner):
    with transport(http_partner) as http:
        assert http.receive() == []
        http_partner.state.add_inbox("a.edi", b"a")
        message = HttpTransport(
            http_partner.url("/x"), inbox_url=http_partner.url("/open/inbox")
        ).receive()[0]
        with pytest.raises(PermanentError, match="no inbox URL"):
            http.acknowledge(message, processed=True)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<html>maintenance</html>", "did not return JSON"),
        (b'{"messages": []}', "expected a JSON list"),
        (b'[{"id": "7", "name": "a"}]', "lacks content_base64"),
        (b'[{"id": "7", "name": "a", "content_base64": "@@@"}]', "'7'.*not base64"),
        (
            b'[{"id": 7, "name": "a", "content_base64": "YQ==", "received_at": "x"}]',
            "not an ISO 8601",
        ),
        (b'["just a string"]', "not a JSON object"),
    ],
)
def test_inbox_contract_violations_are_permanent(http_partner, body, problem):
    http_partner.state.raw_inbox_body = body
    with inbox_transport(http_partner, "/raw-inbox") as http:
        with pytest.raises(PermanentError, match=problem):
            http.receive()


def test_inbox_server_error_is_transient(http_partner):
    with inbox_transport(http_partner, "/status/502") as http:
        with pytest.raises(TransientError, match="HTTP 502"):
            http.receive()


# ---------------------------------------------------------------------------
# test_connection
# ---------------------------------------------------------------------------


def test_connection_to_post_only_endpoint(http_partner):
    """HEAD on a POST-only API answers 405: the server is there, that is enough."""
    with transport(http_partner) as http:
        note = http.test_connection()
    assert note.startswith(f"HTTP 405 from {http_partner.url('/open/messages')} in ")
    assert note.endswith(" ms")


def test_connection_with_get_and_inbox(http_partner):
    http_partner.state.add_inbox("a.edi", b"a")
    with transport(
        http_partner,
        "/open/inbox",
        inbox_url=http_partner.url("/open/inbox"),
        test_method="GET",
    ) as http:
        note = http.test_connection()
    assert note.startswith("HTTP 200 from ")
    assert note.endswith("; 1 message(s) waiting in the inbox")


def test_connection_checks_oauth2_credentials(http_partner):
    with oauth(http_partner) as http:
        assert http.test_connection().startswith("HTTP 405")
    with oauth(http_partner, secret="wrong") as http:
        with pytest.raises(PermanentError, match="invalid_client"):
            http.test_connection()


def test_connection_with_refused_credentials(http_partner):
    with transport(http_partner, "/basic/messages", auth=("basic", "x", "y")) as http:
        with pytest.raises(PermanentError, match="refused the credentials"):
            http.test_connection()


def test_connection_to_wrong_url(http_partner):
    with transport(http_partner, "/no/such/endpoint") as http:
        with pytest.raises(PermanentError, match="does not exist"):
            http.test_connection()


def test_connection_to_failing_server(http_partner):
    with transport(http_partner, "/status/503?retry_after=3") as http:
        with pytest.raises(TransientError) as caught:
            http.test_connection()
    assert caught.value.retry_after == 3


def test_borrowed_session_is_not_closed(http_partner):
    session = requests.Session()
    with transport(http_partner, session=session) as http:
        http.send(EDI)
    assert session.get(http_partner.url("/open/inbox"), timeout=5).status_code == 200
    session.close()
