"""Build an outbound AS2 message; open and check an inbound one.

Outbound layering (RFC 4130, RFC 5402)::

    payload entity -> [compress] -> [sign] -> [compress, if after signing]
                   -> [encrypt] -> HTTP headers + body

Inbound, the layers are peeled in whatever order the sender used: decrypt,
decompress, verify, decompress.
"""

import dataclasses
import logging

from integration_core.as2 import (
    cms_compress,
    cms_envelope,
    cms_sign,
    headers,
    mime,
    smime,
)
from integration_core.as2.errors import (
    As2DecompressionError,
    As2DecryptionError,
    As2FormatError,
    As2InsufficientSecurity,
    As2IntegrityError,
    As2SignatureError,
    As2UnknownPartner,
)
from integration_core.as2.mic import Mic, compute_mic, compute_mics

_logger = logging.getLogger(__name__)
_MAX_LAYERS = 6


@dataclasses.dataclass(frozen=True)
class BuiltMessage:
    """An AS2 message ready to POST, and what we must remember to check its MDN.

    :param message_id: Message-ID without angle brackets.
    :param headers: HTTP headers, ``(name, value)`` pairs.
    :param mic: the MIC we expect back, computed with the partner's digest.
    :param mics: ``{digest: MIC}`` for every digest we can check.
    """

    message_id: str
    headers: list
    body: bytes
    mic: Mic
    mics: dict
    signed: bool
    encrypted: bool
    compressed: bool


def build_message(
    local,
    partner,
    content,
    *,
    filename=None,
    content_type="application/octet-stream",
    message_id=None,
):
    """Build the AS2 message carrying ``content`` from ``local`` to ``partner``.

    :param local: our :class:`~integration_core.as2.config.As2LocalConfig`.
    :param partner: the :class:`~integration_core.as2.config.As2PartnerConfig`.
    :param content: the payload bytes, sent unchanged (binary transfer).
    :param filename: the ``Content-Disposition`` file name the partner sees.
    :param message_id: a Message-ID to reuse (a resend), else a new one.
    """
    message_id = headers.strip_brackets(message_id) or headers.new_message_id(
        local.message_id_domain
    )
    entity = smime.payload_entity(content, content_type, filename)
    if partner.encrypt and not partner.sign:
        mic_source = entity.to_bytes()
    else:
        mic_source = content
    compress_first = partner.compress and (
        partner.compress_before_signing or not partner.sign
    )
    if compress_first:
        entity = smime.compressed_entity(entity.to_bytes())
    if partner.sign:
        mic_source = entity.to_bytes()
        entity = smime.signed_entity(mic_source, local.identity, partner.digest_name)
        if partner.compress and not compress_first:
            entity = smime.compressed_entity(entity.to_bytes())
    if partner.encrypt:
        entity = smime.enveloped_entity(
            entity.to_bytes(),
            partner.certificate,
            partner.cipher,
            partner.key_encryption,
        )
    http_headers = _as2_headers(local, partner, message_id, filename) + entity.headers
    return BuiltMessage(
        message_id=message_id,
        headers=http_headers,
        body=entity.body,
        mic=compute_mic(mic_source, partner.digest_name),
        mics=compute_mics(mic_source),
        signed=partner.sign,
        encrypted=partner.encrypt,
        compressed=partner.compress,
    )


def _as2_headers(local, partner, message_id, filename):
    result = [
        ("AS2-Version", headers.AS2_VERSION),
        ("AS2-From", headers.quote_as2_name(local.as2_name)),
        ("AS2-To", headers.quote_as2_name(partner.as2_name)),
        ("Message-ID", headers.bracket(message_id)),
        ("Subject", _header_safe(partner.subject or filename or "AS2 message")),
        ("Date", headers.http_date()),
        ("MIME-Version", "1.0"),
        ("User-Agent", local.user_agent),
    ]
    if partner.mdn_mode:
        result.append(
            (
                "Disposition-Notification-To",
                local.disposition_notification_to or local.as2_name,
            )
        )
        if partner.mdn_sign:
            result.append(
                (
                    "Disposition-Notification-Options",
                    headers.disposition_options(partner.digest_name),
                )
            )
        if partner.mdn_mode == "async":
            result.append(("Receipt-Delivery-Option", partner.mdn_url))
    return result


def _header_safe(text):
    return " ".join(str(text).split()).encode("ascii", "replace").decode("ascii")


@dataclasses.dataclass(frozen=True)
class ReceivedMessage:
    """An inbound AS2 message, opened and verified.

    :param mic: the MIC to return in the MDN.
    :param mdn_request: what the sender asked for, ``None`` for no MDN.
    """

    message_id: str
    as2_from: str
    as2_to: str
    payload: bytes
    filename: str | None
    content_type: str
    signed: bool
    encrypted: bool
    compressed: bool
    cipher: str | None
    signature_digest: str | None
    mic: Mic
    mdn_request: headers.MdnRequest | None


@dataclasses.dataclass
class _Layers:
    """What peeling the S/MIME layers found."""

    encrypted: bool = False
    compressed: bool = False
    signed: bool = False
    cipher: str | None = None
    signature_digest: str | None = None
    signed_bytes: bytes | None = None


@dataclasses.dataclass(frozen=True)
class InboundContext:
    """The AS2 envelope of an inbound message, read before opening it."""

    message_id: str
    as2_from: str
    as2_to: str
    mdn_request: headers.MdnRequest | None


def read_context(http_headers):
    """Return the :class:`InboundContext` of inbound HTTP headers."""
    found = headers.Headers(http_headers)
    return InboundContext(
        message_id=headers.strip_brackets(found.get("Message-ID")),
        as2_from=headers.unquote_as2_name(found.get("AS2-From")),
        as2_to=headers.unquote_as2_name(found.get("AS2-To")),
        mdn_request=headers.parse_mdn_request(found),
    )


def parse_message(http_headers, body, local, partner):
    """Open an inbound AS2 message from ``partner`` to ``local``.

    :raises As2Error: a subclass naming the failure, the partner and the
        Message-ID; its ``disposition_modifier`` is what the MDN reports.
    """
    context = read_context(http_headers)
    if not context.message_id:
        raise As2FormatError("the message has no Message-ID", partner=partner.as2_name)
    _check_names(context, local, partner)
    found = headers.Headers(http_headers)
    entity = mime.make_entity(found.content_headers(), body)
    opener = _Opener(local, partner, context)
    payload_entity, payload_raw, layers = opener.peel(entity, None)
    opener.check_policy(layers)
    try:
        payload = payload_entity.decoded_body()
    except ValueError as exc:
        raise opener.error(As2FormatError, f"payload cannot be decoded: {exc}") from exc
    return ReceivedMessage(
        message_id=context.message_id,
        as2_from=context.as2_from,
        as2_to=context.as2_to,
        payload=payload,
        filename=payload_entity.filename,
        content_type=payload_entity.content_type,
        signed=layers.signed,
        encrypted=layers.encrypted,
        compressed=layers.compressed,
        cipher=layers.cipher,
        signature_digest=layers.signature_digest,
        mic=_received_mic(context.mdn_request, layers, payload_raw, payload),
        mdn_request=context.mdn_request,
    )


def _check_names(context, local, partner):
    if context.as2_from != partner.as2_name or context.as2_to != local.as2_name:
        raise As2UnknownPartner(
            f"AS2-From {context.as2_from!r} / AS2-To {context.as2_to!r} do not match "
            f"the partnership {partner.as2_name!r} -> {local.as2_name!r}",
            partner=context.as2_from or partner.as2_name,
            message_id=context.message_id,
        )


def _received_mic(mdn_request, layers, payload_raw, payload):
    """Compute the MIC of RFC 4130 7.3.1 for the MDN."""
    preferred = mdn_request.micalgs[0] if mdn_request and mdn_request.micalgs else None
    if layers.signed:
        return compute_mic(layers.signed_bytes, preferred or layers.signature_digest)
    source = payload_raw if layers.encrypted and payload_raw is not None else payload
    return compute_mic(source, preferred or "sha256")


class _Opener:
    """Peels the S/MIME layers of one inbound message."""

    def __init__(self, local, partner, context):
        self.local = local
        self.partner = partner
        self.context = context

    def error(self, cls, text):
        """Return an ``cls`` error naming this message."""
        return cls(
            text, partner=self.partner.as2_name, message_id=self.context.message_id
        )

    def peel(self, entity, raw):
        """Return ``(payload_entity, payload_raw_bytes, layers)``."""
        layers = _Layers()
        for _ in range(_MAX_LAYERS):
            if entity.content_type in smime.PKCS7_MIME:
                entity, raw = self._open_pkcs7(entity, layers)
            elif entity.content_type == "multipart/signed":
                entity, raw = self._verify(entity, layers)
            else:
                return entity, raw, layers
        raise self.error(As2FormatError, "too many nested S/MIME layers")

    def _open_pkcs7(self, entity, layers):
        try:
            der = entity.decoded_body()
        except ValueError as exc:
            raise self.error(As2FormatError, f"bad S/MIME body: {exc}") from exc
        kind = smime.cms_content_type(der)
        if kind == "enveloped_data" and not layers.encrypted:
            return self._decrypt(der, layers)
        if kind == "compressed_data" and not layers.compressed:
            return self._decompress(der, layers)
        raise self.error(
            As2FormatError, f"unexpected S/MIME content {kind or 'not CMS'!r}"
        )

    def _decrypt(self, der, layers):
        identity = self.local.identity
        try:
            content, layers.cipher = cms_envelope.decrypt(
                der, identity.private_key, identity.certificate
            )
        except cms_envelope.DecryptionFailed as exc:
            raise self.error(As2DecryptionError, f"cannot decrypt: {exc}") from exc
        layers.encrypted = True
        try:
            return mime.parse_entity(content), content
        except ValueError as exc:
            raise self.error(
                As2DecryptionError, f"decrypted content is not MIME (wrong key?): {exc}"
            ) from exc

    def _decompress(self, der, layers):
        try:
            content = cms_compress.decompress(der)
            layers.compressed = True
            return mime.parse_entity(content), content
        except (cms_compress.DecompressionFailed, ValueError) as exc:
            raise self.error(As2DecompressionError, str(exc)) from exc

    def _verify(self, entity, layers):
        if layers.signed:
            raise self.error(As2FormatError, "nested multipart/signed")
        try:
            signed_bytes, signature = smime.split_signed(entity)
        except ValueError as exc:
            raise self.error(As2FormatError, f"bad multipart/signed: {exc}") from exc
        certificate = self.partner.certificate
        try:
            verified, result = smime.verify_signed(signed_bytes, signature, certificate)
        except cms_sign.DigestMismatch as exc:
            raise self.error(
                As2IntegrityError, f"signed content was altered: {exc}"
            ) from exc
        except cms_sign.SignatureInvalid as exc:
            raise self.error(
                As2SignatureError, _signature_failure(exc, signature)
            ) from exc
        except ValueError as exc:
            raise self.error(As2SignatureError, f"unreadable signature: {exc}") from exc
        layers.signed = True
        layers.signature_digest = result.digest
        layers.signed_bytes = verified
        try:
            return mime.parse_entity(verified), verified
        except ValueError as exc:
            raise self.error(As2FormatError, f"signed content: {exc}") from exc

    def check_policy(self, layers):
        """Refuse what the partnership requires but the message lacks."""
        if self.partner.require_encrypted and not layers.encrypted:
            raise self.error(As2InsufficientSecurity, "the message is not encrypted")
        if self.partner.require_signed and not layers.signed:
            raise self.error(As2InsufficientSecurity, "the message is not signed")


def _signature_failure(exc, signature):
    try:
        signers = cms_sign.signer_identifiers(signature)
    except ValueError:
        signers = []
    named = ", ".join(f"{issuer} (serial {serial})" for issuer, serial in signers)
    return f"{exc}; signed by {named or 'an unnamed signer'}"
