"""Our own AS2 (RFC 4130) implementation: MIME, CMS, MIC and MDN.

Built on ``asn1crypto`` (CMS structures) and ``cryptography`` (primitives),
and kept to APIs present in cryptography 3.4.8 so it runs with Odoo 18's pins.
The transport using it is :class:`integration_core.transport.as2.As2Transport`.

Modules, from the bottom up: :mod:`.algorithms`, :mod:`.keys`, :mod:`.mime`,
:mod:`.cms_sign`, :mod:`.cms_envelope`, :mod:`.cms_compress`, :mod:`.smime`,
:mod:`.mic`, :mod:`.headers`, :mod:`.message`, :mod:`.mdn`, :mod:`.store`.
"""

from integration_core.as2.config import As2LocalConfig, As2PartnerConfig
from integration_core.as2.errors import (
    As2ConfigError,
    As2DecompressionError,
    As2DecryptionError,
    As2Error,
    As2FormatError,
    As2InsufficientSecurity,
    As2IntegrityError,
    As2MdnError,
    As2MicMismatch,
    As2SignatureError,
    As2UnknownPartner,
)
from integration_core.as2.keys import generate_self_signed
from integration_core.as2.mdn import build_mdn, check_mdn, parse_mdn
from integration_core.as2.message import build_message, parse_message
from integration_core.as2.store import DirectoryStore, MemoryStore

__all__ = [
    "As2ConfigError",
    "As2DecompressionError",
    "As2DecryptionError",
    "As2Error",
    "As2FormatError",
    "As2InsufficientSecurity",
    "As2IntegrityError",
    "As2LocalConfig",
    "As2MdnError",
    "As2MicMismatch",
    "As2PartnerConfig",
    "As2SignatureError",
    "As2UnknownPartner",
    "DirectoryStore",
    "MemoryStore",
    "build_mdn",
    "build_message",
    "check_mdn",
    "generate_self_signed",
    "parse_mdn",
    "parse_message",
]
