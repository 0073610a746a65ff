"""Message Disposition Notifications (RFC 4130 section 7, RFC 3798).

An MDN is a ``multipart/report; report-type=disposition-notification`` with a
human-readable part and a ``message/disposition-notification`` part, wrapped
in ``multipart/signed`` when the sender asked for a signed receipt.
"""

import dataclasses
import re

from integration_core.as2 import cms_sign, headers, mime, smime
from integration_core.as2.errors import (
    As2FormatError,
    As2MdnError,
    As2MicMismatch,
    As2SignatureError,
)
from integration_core.as2.mic import Mic, parse_mic

PROCESSED = "processed"
_ACTION = "automatic-action/MDN-sent-automatically"
_SUCCESS_TEXT = "The AS2 message has been received and processed."
_FAILURE_TEXT = (
    "The AS2 message could not be processed. "
    "The disposition-notification report has the details."
)


def disposition_for(error=None, warning=None):
    """Return the disposition (after the action mode) for an outcome.

    ``processed``, ``processed/warning: <warning>`` or
    ``processed/error: <error.disposition_modifier>``.
    """
    if error is not None:
        return f"processed/error: {error.disposition_modifier}"
    if warning:
        return f"processed/warning: {warning}"
    return PROCESSED


@dataclasses.dataclass(frozen=True)
class BuiltMdn:
    """An MDN ready to send: HTTP headers and body."""

    message_id: str
    headers: list
    body: bytes


def build_mdn(
    local,
    *,
    original_message_id,
    partner_as2_name,
    disposition,
    mic=None,
    signed=False,
    digest_name="sha256",
    explanation=None,
):
    """Build an MDN from ``local`` about a message received from a partner.

    :param disposition: from :func:`disposition_for`.
    :param mic: the :class:`~integration_core.as2.mic.Mic` of the received
        message, or ``None`` when it could not be computed.
    :param signed: sign the MDN with our key (``digest_name``).
    :param explanation: extra sentence for the human-readable part.
    """
    report = _report_entity(local, original_message_id, disposition, mic, explanation)
    entity = report
    if signed:
        entity = smime.signed_entity(report.to_bytes(), local.identity, digest_name)
    message_id = headers.new_message_id(local.message_id_domain)
    http_headers = [
        ("AS2-Version", headers.AS2_VERSION),
        ("AS2-From", headers.quote_as2_name(local.as2_name)),
        ("AS2-To", headers.quote_as2_name(partner_as2_name)),
        ("Message-ID", headers.bracket(message_id)),
        ("Subject", "Message Disposition Notification"),
        ("Date", headers.http_date()),
        ("MIME-Version", "1.0"),
        ("Server", local.user_agent),
    ] + entity.headers
    return BuiltMdn(message_id=message_id, headers=http_headers, body=entity.body)


def _report_entity(local, original_message_id, disposition, mic, explanation):
    text = _SUCCESS_TEXT if disposition == PROCESSED else _FAILURE_TEXT
    if explanation:
        text = f"{text}\r\n{_one_line(explanation)}"
    human = mime.make_entity(
        [
            ("Content-Type", "text/plain; charset=us-ascii"),
            ("Content-Transfer-Encoding", "7bit"),
        ],
        text.encode("ascii", "replace") + mime.CRLF,
    )
    fields = [
        ("Reporting-UA", local.user_agent),
        ("Original-Recipient", f"rfc822; {local.as2_name}"),
        ("Final-Recipient", f"rfc822; {local.as2_name}"),
        ("Original-Message-ID", headers.bracket(original_message_id)),
        ("Disposition", f"{_ACTION}; {disposition}"),
    ]
    if mic is not None:
        fields.append(("Received-Content-MIC", mic.header_value()))
    notification = mime.make_entity(
        [
            ("Content-Type", "message/disposition-notification"),
            ("Content-Transfer-Encoding", "7bit"),
        ],
        b"".join(
            f"{name}: {value}".encode("ascii") + mime.CRLF for name, value in fields
        ),
    )
    boundary = mime.new_boundary()
    return mime.make_entity(
        [
            (
                "Content-Type",
                "multipart/report; report-type=disposition-notification; "
                f"boundary={mime.quote(boundary)}",
            )
        ],
        mime.join_multipart([human.to_bytes(), notification.to_bytes()], boundary),
    )


def _one_line(text):
    return " ".join(str(text).split())


@dataclasses.dataclass(frozen=True)
class MdnReport:
    """A received MDN, parsed (and its signature verified when signed).

    :param disposition: the text after the action mode, e.g.
        ``processed/error: decryption-failed``.
    :param status: ``processed`` or ``failed``.
    :param modifier: ``error``, ``warning``, ``failure`` or ``None``.
    :param detail: the text after ``:`` (``decryption-failed``), or ``""``.
    """

    message_id: str
    original_message_id: str
    disposition: str
    status: str
    modifier: str | None
    detail: str
    mic: Mic | None
    signed: bool
    signature_digest: str | None
    text: str

    @property
    def succeeded(self):
        """``processed``, possibly with a warning."""
        return self.status == PROCESSED and self.modifier in (None, "warning")


def is_mdn(http_headers, body):
    """Tell whether an inbound HTTP request carries an MDN (not a message)."""
    entity = mime.make_entity(headers.Headers(http_headers).content_headers(), body)
    if entity.content_type == "multipart/report":
        return True
    if entity.content_type != "multipart/signed":
        return False
    try:
        signed_bytes, _ = smime.split_signed(entity)
        return mime.parse_entity(signed_bytes).content_type == "multipart/report"
    except ValueError:
        return False


def parse_mdn(
    http_headers, body, certificate, *, partner=None, message_id=None, verify=True
):
    """Parse an MDN; verify its signature with ``certificate`` when signed.

    :param certificate: the partner's pinned certificate.
    :param message_id: the Message-ID we expect the MDN to answer, named in
        errors.
    :param verify: ``False`` only to find out which message an MDN that
        failed verification refers to; the report then has ``signed=False``.
    :raises As2SignatureError: when a signed MDN does not verify.
    :raises As2FormatError: when the MDN is malformed.
    """
    found = headers.Headers(http_headers)
    mdn_id = headers.strip_brackets(found.get("Message-ID"))
    entity = mime.make_entity(found.content_headers(), body)
    signed, digest_name = False, None
    context = {"partner": partner, "message_id": message_id}
    try:
        if entity.content_type == "multipart/signed":
            signed_bytes, signature = smime.split_signed(entity)
            if verify:
                signed_bytes, verified = _verify(
                    signed_bytes, signature, certificate, context
                )
                signed, digest_name = True, verified.digest
            entity = mime.parse_entity(signed_bytes)
        fields, text = _report_fields(entity)
    except ValueError as exc:
        raise As2FormatError(f"malformed MDN: {exc}", **context) from exc
    return _report(mdn_id, fields, text, signed, digest_name, partner)


def _verify(signed_bytes, signature, certificate, context):
    try:
        return smime.verify_signed(signed_bytes, signature, certificate)
    except (cms_sign.SignatureInvalid, ValueError) as exc:
        raise As2SignatureError(
            f"the MDN signature does not verify: {exc}", **context
        ) from exc


def _report_fields(entity):
    if entity.content_type != "multipart/report":
        raise ValueError(f"expected multipart/report, got {entity.content_type}")
    fields, text = None, ""
    for raw in mime.split_multipart(entity.body, entity.param("boundary") or ""):
        part = mime.parse_entity(raw)
        if part.content_type == "message/disposition-notification":
            fields = _parse_fields(part.decoded_body())
        elif part.content_type.startswith("text/"):
            text = part.decoded_body().decode("utf-8", "replace").strip()
    if fields is None:
        raise ValueError("no message/disposition-notification part")
    return fields, text


def _parse_fields(data):
    block = data.strip(b"\r\n")
    entity = mime.parse_entity(block + b"\r\n\r\n")
    return {name.lower(): value for name, value in entity.headers}


_DISPOSITION = re.compile(
    r"^\s*(?P<status>[\w-]+)\s*(?:/\s*(?P<modifier>[\w-]+))?\s*(?::\s*(?P<detail>.*))?$"
)


def _report(message_id, fields, text, signed, digest_name, partner):
    original = headers.strip_brackets(fields.get("original-message-id"))
    disposition = fields.get("disposition", "")
    outcome = disposition.rpartition(";")[2].strip()
    match = _DISPOSITION.match(outcome)
    if not original or not match:
        raise As2MdnError(
            f"MDN {message_id!r} lacks Original-Message-ID or a valid Disposition "
            f"({disposition!r})",
            partner=partner,
            message_id=original or None,
        )
    try:
        mic = parse_mic(fields.get("received-content-mic"))
    except ValueError as exc:
        raise As2FormatError(str(exc), partner=partner, message_id=original) from exc
    modifier = match.group("modifier")
    return MdnReport(
        message_id=message_id,
        original_message_id=original,
        disposition=outcome,
        status=match.group("status").lower(),
        modifier=modifier.lower() if modifier else None,
        detail=(match.group("detail") or "").strip(),
        mic=mic,
        signed=signed,
        signature_digest=digest_name,
        text=text,
    )


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What we remembered about a sent message, to judge its MDN.

    :param mics: ``{digest: base64 MIC}`` computed when sending.
    :param signed: the message was signed (a MIC is then mandatory).
    :param mdn_signed: we asked for a signed MDN (an unsigned one is refused).
    """

    message_id: str
    partner: str
    mics: dict
    signed: bool
    mdn_signed: bool


def check_mdn(report, expected):
    """Judge ``report`` against ``expected``; return the receipt details.

    :raises As2SignatureError: when a signed MDN was asked for but not given.
    :raises As2MdnError: for another message's MDN or a failed disposition.
    :raises As2MicMismatch: when the partner's MIC is not ours.
    """
    partner, message_id = expected.partner, expected.message_id
    if report.original_message_id != message_id:
        raise As2MdnError(
            f"the MDN answers message {report.original_message_id!r}",
            partner=partner,
            message_id=message_id,
        )
    if expected.mdn_signed and not report.signed:
        raise As2SignatureError(
            "the MDN is not signed though a signed MDN was requested",
            partner=partner,
            message_id=message_id,
        )
    if not report.succeeded:
        raise As2MdnError(
            f"the partner reports {report.disposition!r}"
            + (f" ({report.text})" if report.text else ""),
            partner=partner,
            message_id=message_id,
            details={"disposition": report.disposition},
        )
    mic_verified = _check_mic(report, expected)
    return {
        "mdn": PROCESSED,
        "disposition": report.disposition,
        "warning": report.detail if report.modifier == "warning" else None,
        "mic": report.mic.value if report.mic else None,
        "mic_algorithm": report.mic.algorithm if report.mic else None,
        "mic_verified": mic_verified,
        "mdn_signed": report.signed,
        "mdn_message_id": report.message_id,
    }


def _check_mic(report, expected):
    partner, message_id = expected.partner, expected.message_id
    if report.mic is None:
        if expected.signed:
            raise As2MicMismatch(
                "the MDN of a signed message has no Received-Content-MIC",
                partner=partner,
                message_id=message_id,
            )
        return False
    ours = expected.mics.get(report.mic.algorithm)
    if ours is None:
        raise As2MicMismatch(
            f"the MDN's MIC uses digest {report.mic.algorithm!r} we cannot check",
            partner=partner,
            message_id=message_id,
        )
    if ours != report.mic.value:
        raise As2MicMismatch(
            f"the partner computed MIC {report.mic.value} ({report.mic.algorithm}) "
            f"but we sent {ours}: the message was altered or canonicalized "
            f"differently",
            partner=partner,
            message_id=message_id,
            details={"mic": report.mic.value, "expected_mic": ours},
        )
    return True
