"""Names of the digests and ciphers AS2 uses, and their primitives.

AS2 spells digest names several ways (``sha1``, ``sha-256``, ``SHA256``):
:func:`normalize_digest` maps them all to one key. We *write* RFC 5751 names
for SHA-2 (``sha-256``) and RFC 4130's ``sha1``.
"""

import dataclasses

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import algorithms as cipher_algorithms

try:  # cryptography >= 43 moved TripleDES; the old name is gone in 48.
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # cryptography 3.4.8 (Odoo 18's pin)
    TripleDES = cipher_algorithms.TripleDES

_DIGESTS = {
    "sha1": (hashes.SHA1, "sha1"),
    "sha224": (hashes.SHA224, "sha-224"),
    "sha256": (hashes.SHA256, "sha-256"),
    "sha384": (hashes.SHA384, "sha-384"),
    "sha512": (hashes.SHA512, "sha-512"),
}

#: Digests whose MIC we remember for every sent message, so any MDN can be checked.
MIC_DIGESTS = ("sha1", "sha256", "sha384", "sha512")


def normalize_digest(name):
    """Return the key (``sha1``, ``sha256``...) for any spelling of a digest name.

    :raises ValueError: for an unknown or unsupported digest (md5 included).
    """
    key = (name or "").strip().lower().replace("-", "").replace("_", "")
    if key not in _DIGESTS:
        raise ValueError(f"unsupported digest algorithm {name!r}")
    return key


def is_supported_digest(name):
    """Tell whether :func:`normalize_digest` accepts ``name``."""
    try:
        normalize_digest(name)
    except ValueError:
        return False
    return True


def digest_label(name):
    """Return the name we write in ``micalg`` and ``Received-Content-MIC``."""
    return _DIGESTS[normalize_digest(name)][1]


def hash_algorithm(name):
    """Return a fresh ``cryptography`` hash object for ``name``."""
    return _DIGESTS[normalize_digest(name)][0]()


@dataclasses.dataclass(frozen=True)
class Cipher:
    """A content-encryption algorithm: our name, the CMS name, the primitive."""

    name: str
    asn1_name: str
    key_size: int
    block_size: int
    factory: type


_CIPHERS = (
    Cipher("aes_128_cbc", "aes128_cbc", 16, 16, cipher_algorithms.AES),
    Cipher("aes_192_cbc", "aes192_cbc", 24, 16, cipher_algorithms.AES),
    Cipher("aes_256_cbc", "aes256_cbc", 32, 16, cipher_algorithms.AES),
    Cipher("des_ede3_cbc", "tripledes_3key", 24, 8, TripleDES),
)
_BY_NAME = {cipher.name: cipher for cipher in _CIPHERS}
_BY_ASN1 = {cipher.asn1_name: cipher for cipher in _CIPHERS}

#: Our names of the content-encryption algorithms we support.
CIPHER_NAMES = tuple(_BY_NAME)


def cipher_by_name(name):
    """Return the :class:`Cipher` called ``name`` (``aes_128_cbc``...).

    :raises ValueError: for an unsupported cipher.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unsupported cipher {name!r}; use one of {', '.join(CIPHER_NAMES)}"
        ) from None


def cipher_by_asn1_name(asn1_name):
    """Return the :class:`Cipher` for asn1crypto's algorithm name, or ``None``."""
    return _BY_ASN1.get(asn1_name)
