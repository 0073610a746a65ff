"""Typed AS2 failures, each naming the partner and the message concerned.

Every AS2 error is permanent: resending the same bytes to the same partner
with the same certificates fails the same way. HTTP transport failures are
classified separately by :mod:`integration_core.transport.as2`.

Errors raised while *receiving* carry the RFC 4130 disposition modifier
(``authentication-failed``, ``decryption-failed``...) we report back to the
sender in the MDN.
"""

from integration_core.errors import PermanentError

#: Disposition modifiers of RFC 4130 section 7.4.3 (and RFC 3798).
AUTHENTICATION_FAILED = "authentication-failed"
DECRYPTION_FAILED = "decryption-failed"
INTEGRITY_CHECK_FAILED = "integrity-check-failed"
DECOMPRESSION_FAILED = "decompression-failed"
INSUFFICIENT_SECURITY = "insufficient-message-security"
UNKNOWN_PARTNER = "unknown-trading-partner"
UNEXPECTED_ERROR = "unexpected-processing-error"


class As2Error(PermanentError):
    """Base of every AS2 failure.

    :param message: what went wrong, for a person reading the integration log.
    :param partner: AS2 name of the trading partner involved, if known.
    :param message_id: AS2 Message-ID (without angle brackets), if known.
    """

    #: RFC 4130 disposition modifier reported in an MDN for this failure.
    disposition_modifier = UNEXPECTED_ERROR

    def __init__(self, message, *, partner=None, message_id=None, details=None):
        context = []
        if partner:
            context.append(f"partner {partner!r}")
        if message_id:
            context.append(f"message {message_id!r}")
        text = f"AS2 {', '.join(context)}: {message}" if context else message
        merged = {"partner": partner, "message_id": message_id}
        merged.update(details or {})
        super().__init__(text, details=merged)
        self.reason = message
        self.partner = partner
        self.message_id = message_id


class As2ConfigError(As2Error):
    """Our configuration cannot work (bad key, unsupported algorithm...)."""


class As2FormatError(As2Error):
    """The message or MDN is not well-formed MIME / CMS."""


class As2SignatureError(As2Error):
    """A signature does not verify with the partner's certificate, or is missing."""

    disposition_modifier = AUTHENTICATION_FAILED


class As2IntegrityError(As2SignatureError):
    """The signed content does not match the digest the signer computed."""

    disposition_modifier = INTEGRITY_CHECK_FAILED


class As2DecryptionError(As2Error):
    """An enveloped message cannot be decrypted with our key."""

    disposition_modifier = DECRYPTION_FAILED


class As2DecompressionError(As2Error):
    """A compressed-data entity cannot be decompressed."""

    disposition_modifier = DECOMPRESSION_FAILED


class As2InsufficientSecurity(As2Error):
    """The partner sent unsigned/unencrypted content where we require it."""

    disposition_modifier = INSUFFICIENT_SECURITY


class As2UnknownPartner(As2Error):
    """AS2-From / AS2-To do not name the partnership we serve."""

    disposition_modifier = UNKNOWN_PARTNER


class As2MdnError(As2Error):
    """The MDN is missing, malformed, unrelated, or reports a failure."""


class As2MicMismatch(As2MdnError):
    """The MIC the partner computed differs from the one we computed when sending."""
