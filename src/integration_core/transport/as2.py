"""AS2 (RFC 4130) transport: send over HTTP(S) with MDNs, receive through an endpoint.

Sending is :meth:`As2Transport.send`. Receiving is push-based: the partner
POSTs to *our* HTTP endpoint, which hands the request to
:meth:`As2Transport.handle_inbound` and writes back what it returns. In Odoo
that endpoint is an HTTP controller and the store is backed by the
integration log; here any :class:`~integration_core.as2.store.As2Store` works.
:meth:`~As2Transport.receive` then returns what ``handle_inbound`` stored.

Asynchronous MDNs travel the same way: the partner POSTs them to our endpoint
(``mdn_url``) and ``handle_inbound`` records the outcome, which
:meth:`~As2Transport.mdn_outcome` reports. The asynchronous MDNs *we* owe are
queued by ``handle_inbound`` and POSTed by :meth:`~As2Transport.deliver_mdns`,
which the endpoint calls after answering (or a scheduled job calls later).
"""

import logging

import requests

from integration_core import errors
from integration_core.as2 import errors as as2_errors
from integration_core.as2 import headers as as2_headers
from integration_core.as2 import mdn as as2_mdn
from integration_core.as2 import message as as2_message
from integration_core.as2 import store as as2_store
from integration_core.transport.base import InboundMessage, SendReceipt, Transport

_logger = logging.getLogger(__name__)
_EXCERPT = 300
#: Answers to OPTIONS that still prove an HTTP server listens at the URL.
_REACHABLE_STATUSES = frozenset({405, 501})


class As2Transport(Transport):
    """AS2 exchange with one trading partner.

    :param partner: the :class:`~integration_core.as2.config.As2PartnerConfig`.
    :param local: our :class:`~integration_core.as2.config.As2LocalConfig`.
    :param store: an :class:`~integration_core.as2.store.As2Store`; a new
        :class:`~integration_core.as2.store.MemoryStore` when omitted.
    :param session: a ``requests.Session`` to reuse (closed by us only if we
        created it).
    """

    def __init__(self, partner, local, store=None, session=None):
        self.partner = partner
        self.local = local
        self.store = store if store is not None else as2_store.MemoryStore()
        self._own_session = session is None
        self._session = session or requests.Session()

    # -- sending ---------------------------------------------------------

    def send(self, message):
        """POST ``message`` to the partner; check the synchronous MDN if any.

        :returns: a :class:`SendReceipt` whose ``reference`` is the Message-ID;
            ``details["mdn"]`` is ``"processed"``, ``"pending"`` (async) or
            ``None`` (no MDN requested).
        :raises TransientError: partner unreachable, timeout, HTTP 5xx/429.
        :raises PermanentError: HTTP 4xx, TLS failure, or an
            :class:`~integration_core.as2.errors.As2Error` about the MDN.
        """
        built = as2_message.build_message(
            self.local,
            self.partner,
            message.content,
            filename=message.name,
            content_type=message.content_type,
        )
        if self.partner.mdn_mode == "async":
            self.store.save_outbound(self._outbound_record(built))
        try:
            response = self._post(self.partner.url, built.headers, built.body, built)
        except errors.IntegrationError:
            if self.partner.mdn_mode == "async":
                self.store.discard_outbound(built.message_id)
            raise
        details = {
            "http_status": response.status_code,
            "mic": built.mic.value,
            "mic_algorithm": built.mic.algorithm,
            "signed": built.signed,
            "encrypted": built.encrypted,
            "compressed": built.compressed,
        }
        if self.partner.mdn_mode == "sync":
            details.update(self._sync_mdn(response, built))
        else:
            details["mdn"] = "pending" if self.partner.mdn_mode == "async" else None
        _logger.info(
            "AS2 message %s sent to %s (MDN %s)",
            built.message_id,
            self.partner.as2_name,
            details["mdn"],
        )
        return SendReceipt(reference=built.message_id, details=details)

    def _outbound_record(self, built):
        return as2_store.OutboundRecord(
            message_id=built.message_id,
            partner=self.partner.as2_name,
            mics=built.mics,
            mic_algorithm=built.mic.algorithm,
            signed=built.signed,
            mdn_signed=self.partner.mdn_sign,
            sent_at=as2_store.utc_now().isoformat(),
        )

    def _expectation(self, message_id, mics, signed):
        return as2_mdn.Expectation(
            message_id=message_id,
            partner=self.partner.as2_name,
            mics=mics,
            signed=signed,
            mdn_signed=self.partner.mdn_sign,
        )

    def _sync_mdn(self, response, built):
        if not response.content:
            raise as2_errors.As2MdnError(
                f"HTTP {response.status_code} without the synchronous MDN requested",
                partner=self.partner.as2_name,
                message_id=built.message_id,
            )
        report = as2_mdn.parse_mdn(
            response.headers.items(),
            response.content,
            self.partner.certificate,
            partner=self.partner.as2_name,
            message_id=built.message_id,
        )
        return as2_mdn.check_mdn(
            report, self._expectation(built.message_id, built.mics, built.signed)
        )

    def _post(self, url, http_headers, body, built=None):
        what = f"AS2 message {built.message_id}" if built else "AS2 MDN"
        try:
            response = self._session.post(
                url,
                data=body,
                headers=dict(http_headers),
                timeout=self.partner.timeout,
                verify=self.partner.verify_tls,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            where = f"{what} to {self.partner.as2_name} at {url}"
            raise _request_error(exc, where) from exc
        _raise_for_status(response, f"{what} to {self.partner.as2_name} at {url}")
        return response

    def mdn_outcome(self, message_id):
        """Return the receipt of a message sent with an asynchronous MDN.

        :returns: a :class:`SendReceipt`, ``details["mdn"] == "pending"``
            while the MDN has not arrived.
        :raises As2Error: the failure the MDN revealed (same class as a
            synchronous MDN would raise).
        """
        record = self.store.get_outbound(message_id)
        if record is None:
            raise as2_errors.As2MdnError(
                "no asynchronous MDN is expected for this message",
                partner=self.partner.as2_name,
                message_id=message_id,
            )
        if record.state == as2_store.FAILED:
            error_class = getattr(as2_errors, record.error_type or "", None)
            if not isinstance(error_class, type) or not issubclass(
                error_class, as2_errors.As2Error
            ):
                error_class = as2_errors.As2MdnError
            raise error_class(
                record.error, partner=record.partner, message_id=message_id
            )
        details = dict(record.details) if record.details else {"mdn": "pending"}
        return SendReceipt(reference=message_id, details=details)

    # -- receiving -------------------------------------------------------

    def handle_inbound(self, http_headers, body):
        """Process one HTTP POST from the partner: a message or an async MDN.

        :param http_headers: the request headers (mapping or pairs).
        :param body: the raw request body.
        :returns: ``(status, response_headers, response_body, inbound)``:
            what the endpoint must answer, and the stored
            :class:`InboundMessage` (``None`` for an MDN or a failure).
        """
        if as2_mdn.is_mdn(http_headers, body):
            return self._handle_async_mdn(http_headers, body)
        context = as2_message.read_context(http_headers)
        if not context.as2_from or not context.as2_to:
            return _text_response(400, "AS2-From and AS2-To headers are required")
        received, failure = self._open(http_headers, body, context)
        inbound, warning = None, None
        if received is not None:
            inbound = self._to_inbound(received)
            if not self.store.add_inbound(inbound):
                warning, inbound = "duplicate-document", None
                _logger.warning(
                    "AS2 duplicate message %s from %s not stored again",
                    received.message_id,
                    self.partner.as2_name,
                )
        status, response_headers, response_body = self._answer(
            context, received, failure, warning
        )
        return status, response_headers, response_body, inbound

    def _open(self, http_headers, body, context):
        try:
            received = as2_message.parse_message(
                http_headers, body, self.local, self.partner
            )
        except as2_errors.As2Error as exc:
            _logger.warning("AS2 inbound message refused: %s", exc)
            return None, exc
        except Exception:  # report unknown bugs as RFC 4130 says, then log
            _logger.exception(
                "AS2 message %s from %s: unexpected failure",
                context.message_id,
                context.as2_from,
            )
            return None, as2_errors.As2Error(
                # The MDN goes to the partner: the details stay in our log.
                "unexpected processing error",
                partner=context.as2_from,
                message_id=context.message_id,
            )
        _logger.info(
            "AS2 message %s received from %s (%d bytes)",
            received.message_id,
            received.as2_from,
            len(received.payload),
        )
        return received, None

    def _to_inbound(self, received):
        return InboundMessage(
            name=received.filename or f"{received.message_id}.bin",
            content=received.payload,
            reference=received.message_id,
            received_at=as2_store.utc_now(),
            metadata={
                "as2_from": received.as2_from,
                "as2_to": received.as2_to,
                "filename": received.filename,
                "content_type": received.content_type,
                "signed": received.signed,
                "encrypted": received.encrypted,
                "compressed": received.compressed,
                "cipher": received.cipher,
                "signature_digest": received.signature_digest,
                "mic": received.mic.value,
                "mic_algorithm": received.mic.algorithm,
            },
        )

    def _answer(self, context, received, failure, warning):
        """Return ``(status, headers, body)``: the MDN, or a plain HTTP answer."""
        request = context.mdn_request
        if request is None:
            if failure is None:
                return 200, {}, b""
            return _text_response(400, str(failure))[:3]
        built = as2_mdn.build_mdn(
            self.local,
            original_message_id=context.message_id,
            partner_as2_name=context.as2_from,
            disposition=as2_mdn.disposition_for(failure, warning),
            mic=received.mic if received is not None else None,
            signed=request.signed,
            digest_name=self._mdn_digest(request, received),
            explanation=failure.reason if failure is not None else None,
        )
        if request.async_url:
            self.store.queue_mdn(
                as2_store.QueuedMdn(
                    mdn_id=built.message_id,
                    partner=self.partner.as2_name,
                    original_message_id=context.message_id,
                    url=request.async_url,
                    headers=built.headers,
                    body=built.body,
                )
            )
            return 200, {}, b""
        return 200, dict(built.headers), built.body

    def _mdn_digest(self, request, received):
        if request.micalgs:
            return request.micalgs[0]
        if received is not None and received.signature_digest:
            return received.signature_digest
        return self.partner.digest_name

    def _handle_async_mdn(self, http_headers, body):
        context = as2_message.read_context(http_headers)
        if context.as2_from != self.partner.as2_name:
            return _text_response(
                400, f"MDN from unexpected AS2-From {context.as2_from!r}"
            )
        try:
            report = as2_mdn.parse_mdn(
                http_headers,
                body,
                self.partner.certificate,
                partner=self.partner.as2_name,
            )
        except as2_errors.As2SignatureError as exc:
            return self._record_mdn_failure(
                self._unverified_original_id(http_headers, body), exc
            )
        except as2_errors.As2Error as exc:
            _logger.warning("AS2 asynchronous MDN refused: %s", exc)
            return _text_response(400, str(exc))
        record = self.store.get_outbound(report.original_message_id)
        if record is None or record.partner != self.partner.as2_name:
            return _text_response(
                400, f"no message {report.original_message_id!r} awaits an MDN"
            )
        expectation = self._expectation(record.message_id, record.mics, record.signed)
        try:
            record.details = as2_mdn.check_mdn(report, expectation)
        except as2_errors.As2Error as exc:
            return self._record_mdn_failure(record.message_id, exc)
        record.state = as2_store.PROCESSED
        self.store.save_outbound(record)
        _logger.info("AS2 asynchronous MDN for %s: processed", record.message_id)
        return 200, {}, b"", None

    def _unverified_original_id(self, http_headers, body):
        """The Original-Message-ID of an MDN whose signature failed, or ``None``."""
        try:
            report = as2_mdn.parse_mdn(
                http_headers, body, None, partner=self.partner.as2_name, verify=False
            )
        except as2_errors.As2Error:
            return None
        return report.original_message_id

    def _record_mdn_failure(self, message_id, error):
        record = self.store.get_outbound(message_id) if message_id else None
        if record is None or record.partner != self.partner.as2_name:
            _logger.warning("AS2 asynchronous MDN refused: %s", error)
            return _text_response(400, str(error))
        record.state = as2_store.FAILED
        record.error_type = type(error).__name__
        record.error = error.reason
        self.store.save_outbound(record)
        _logger.warning("AS2 asynchronous MDN for %s: %s", message_id, error)
        return 200, {}, b"", None

    def deliver_mdns(self):
        """POST the asynchronous MDNs queued for this partner.

        :returns: ``(delivered, failed)`` counts; failed ones stay queued with
            their error, for the next call.
        """
        delivered = failed = 0
        for queued in self.store.queued_mdns(self.partner.as2_name):
            try:
                self._post(queued.url, queued.headers, queued.body)
            except errors.IntegrationError as exc:
                queued.attempts += 1
                queued.last_error = str(exc)
                self.store.update_mdn(queued)
                failed += 1
                _logger.warning(
                    "AS2 MDN for %s not delivered (attempt %d): %s",
                    queued.original_message_id,
                    queued.attempts,
                    exc,
                )
                continue
            self.store.remove_mdn(queued.mdn_id)
            delivered += 1
        return delivered, failed

    def receive(self):
        """Return the stored inbound messages of this partner not acknowledged yet."""
        return self.store.pending_inbound(self.partner.as2_name)

    def acknowledge(self, message, processed, reason=""):
        """Mark an inbound message handed over (or failed) in the store."""
        self.store.mark_inbound(message.reference, processed, reason)

    # -- housekeeping ----------------------------------------------------

    def test_connection(self):
        """Send an HTTP OPTIONS to the partner URL; return a short note.

        An answer of 2xx, 3xx, 405 or 501 proves an HTTP server listens there
        (AS2 servers accept only POST). Other answers are classified.
        """
        url = self.partner.url
        where = f"AS2 partner {self.partner.as2_name} at {url}"
        try:
            response = self._session.options(
                url,
                timeout=self.partner.timeout,
                verify=self.partner.verify_tls,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            raise _request_error(exc, where) from exc
        status = response.status_code
        if status not in _REACHABLE_STATUSES and not 300 <= status < 400:
            _raise_for_status(response, where)
        return f"{where} answered OPTIONS with HTTP {response.status_code}"

    def close(self):
        """Close the HTTP session if we created it. Safe to call twice."""
        if self._own_session and self._session is not None:
            self._session.close()
            self._session = None


def read_as2_names(http_headers):
    """Return ``(as2_from, as2_to)`` of an inbound request, to pick the partnership.

    An endpoint serving several partners calls this first, then the
    :meth:`As2Transport.handle_inbound` of the matching transport.
    """
    found = as2_headers.Headers(http_headers)
    return (
        as2_headers.unquote_as2_name(found.get("AS2-From")),
        as2_headers.unquote_as2_name(found.get("AS2-To")),
    )


def _text_response(status, text):
    """Return a ``handle_inbound`` answer with a plain-text body and no message."""
    headers = {"Content-Type": "text/plain; charset=utf-8"}
    return status, headers, text.encode("utf-8"), None


def _request_error(exc, where):
    """Turn a ``requests`` exception into our transient/permanent error."""
    if isinstance(exc, requests.exceptions.SSLError):
        return errors.PermanentError(f"{where}: TLS failure: {exc}")
    if isinstance(
        exc, (requests.exceptions.Timeout, requests.exceptions.ConnectionError)
    ):
        return errors.TransientError(f"{where}: {type(exc).__name__}: {exc}")
    return errors.PermanentError(f"{where}: {type(exc).__name__}: {exc}")


def _raise_for_status(response, where):
    status = response.status_code
    if 200 <= status < 300:
        return
    excerpt = response.text[:_EXCERPT].strip()
    text = f"{where}: HTTP {status}" + (f": {excerpt}" if excerpt else "")
    details = {"http_status": status}
    if errors.classify_http_status(status) == errors.TRANSIENT:
        raise errors.TransientError(
            text, retry_after=_retry_after(response), details=details
        )
    raise errors.PermanentError(text, details=details)


def _retry_after(response):
    value = response.headers.get("Retry-After", "")
    return int(value) if value.strip().isdigit() else None
