"""Configuration of our AS2 station and of one trading partner."""

import dataclasses
import functools

from cryptography.hazmat.primitives.asymmetric import rsa

from integration_core.as2 import algorithms, keys
from integration_core.as2.cms_envelope import KEY_ENCRYPTIONS
from integration_core.as2.errors import As2ConfigError

MDN_MODES = (None, "sync", "async")


def check_as2_name(name, role):
    """Check an AS2 name: 1 to 128 printable ASCII characters (RFC 4130 6.2).

    :raises As2ConfigError: otherwise.
    """
    if not isinstance(name, str) or not 1 <= len(name) <= 128:
        raise As2ConfigError(f"{role} AS2 name must have 1 to 128 characters")
    if not all(32 <= ord(char) < 127 for char in name):
        raise As2ConfigError(f"{role} AS2 name {name!r} must be printable ASCII")


@dataclasses.dataclass(frozen=True)
class LoadedIdentity:
    """Our private key and certificate, loaded and checked to belong together."""

    private_key: rsa.RSAPrivateKey
    certificate: keys.Certificate


@dataclasses.dataclass(frozen=True)
class As2LocalConfig:
    """Our side of every partnership (``AS2-From`` when we send).

    :param as2_name: our AS2 identifier.
    :param private_key_pem: our RSA private key (PEM), used to sign and decrypt.
    :param certificate_pem: the certificate of that key, given to partners.
    :param private_key_password: password of an encrypted PEM key.
    :param message_id_domain: right-hand side of the Message-IDs we generate.
    :param disposition_notification_to: value of ``Disposition-Notification-To``
        (AS2 ignores it, but it must be present to request an MDN).
    :param user_agent: ``User-Agent`` / ``Reporting-UA`` we announce.
    """

    as2_name: str
    private_key_pem: bytes | str
    certificate_pem: bytes | str
    private_key_password: str | None = None
    message_id_domain: str = "integration-core.as2"
    disposition_notification_to: str | None = None
    user_agent: str = "integration-core AS2"

    def __post_init__(self):
        check_as2_name(self.as2_name, "our")

    @property
    def identity(self):
        """Our key and certificate, loaded once per distinct PEM content.

        :raises As2ConfigError: for an unreadable key or certificate, or a key
            that is not the certificate's.
        """
        return _load_identity(
            _as_bytes(self.private_key_pem),
            self.private_key_password,
            _as_bytes(self.certificate_pem),
            self.as2_name,
        )


def _as_bytes(value):
    return value.encode("ascii") if isinstance(value, str) else bytes(value)


@functools.lru_cache(maxsize=32)
def _load_identity(private_key_pem, password, certificate_pem, as2_name):
    """Load and check a key pair (cached: recent cryptography validates RSA
    keys on load, which costs tens of milliseconds)."""
    try:
        private_key = keys.load_private_key(private_key_pem, password)
        certificate = keys.load_certificate(certificate_pem)
    except ValueError as exc:
        raise As2ConfigError(f"our AS2 identity {as2_name!r}: {exc}") from exc
    if not keys.key_matches_certificate(private_key, certificate):
        raise As2ConfigError(
            f"our AS2 private key does not belong to certificate "
            f"{certificate.describe()}"
        )
    return LoadedIdentity(private_key=private_key, certificate=certificate)


@dataclasses.dataclass(frozen=True)
class As2PartnerConfig:
    """One trading partner (``AS2-To`` when we send) and how we talk to it.

    :param as2_name: the partner's AS2 identifier.
    :param url: the partner's AS2 endpoint.
    :param certificate_pem: the partner's certificate: we encrypt for it and
        verify its signatures (messages and MDNs) with it.
    :param sign: sign outbound messages with ``digest`` (``sha1`` for old
        partners, ``sha256`` default, ``sha384``, ``sha512``).
    :param encrypt: encrypt outbound messages with ``cipher`` (``aes_128_cbc``
        default, ``aes_192_cbc``, ``aes_256_cbc``, ``des_ede3_cbc``).
    :param key_encryption: ``rsaes_pkcs1v15`` (default) or ``rsaes_oaep``.
    :param compress: compress outbound payloads (RFC 5402), before signing
        (``compress_before_signing``, the common choice) or after.
    :param mdn_mode: ``None`` (no receipt), ``"sync"`` (in the HTTP response)
        or ``"async"`` (POSTed later to ``mdn_url``, our endpoint).
    :param mdn_sign: ask for a signed MDN, and refuse an unsigned one.
    :param require_signed: refuse inbound messages that are not signed.
    :param require_encrypted: refuse inbound messages that are not encrypted.
    :param timeout: HTTP timeout in seconds (connect and read).
    :param verify_tls: ``requests``' ``verify``: ``True``, ``False`` or a CA path.
    :param subject: ``Subject`` header; ``None`` uses the file name.
    """

    as2_name: str
    url: str
    certificate_pem: bytes | str
    sign: bool = True
    digest: str = "sha256"
    encrypt: bool = True
    cipher: str = "aes_128_cbc"
    key_encryption: str = "rsaes_pkcs1v15"
    compress: bool = False
    compress_before_signing: bool = True
    mdn_mode: str | None = "sync"
    mdn_url: str | None = None
    mdn_sign: bool = True
    require_signed: bool = True
    require_encrypted: bool = False
    timeout: float = 60.0
    verify_tls: bool | str = True
    subject: str | None = None

    def __post_init__(self):
        check_as2_name(self.as2_name, "partner")
        self._check_choice("digest", self.digest, algorithms.is_supported_digest)
        self._check_choice("cipher", self.cipher, _is_cipher)
        self._check_choice(
            "key_encryption", self.key_encryption, KEY_ENCRYPTIONS.__contains__
        )
        self._check_choice("mdn_mode", self.mdn_mode, MDN_MODES.__contains__)
        if self.mdn_mode == "async" and not self.mdn_url:
            raise As2ConfigError(
                f"partner {self.as2_name!r}: async MDN needs mdn_url (our endpoint)"
            )
        if not self.url.lower().startswith(("http://", "https://")):
            raise As2ConfigError(f"partner {self.as2_name!r}: url must be HTTP(S)")
        if not self.timeout or self.timeout <= 0:
            raise As2ConfigError(f"partner {self.as2_name!r}: timeout must be > 0")

    def _check_choice(self, field, value, accepted):
        if not accepted(value):
            raise As2ConfigError(
                f"partner {self.as2_name!r}: unsupported {field} {value!r}"
            )

    @property
    def digest_name(self):
        """The normalized digest key (``sha256``)."""
        return algorithms.normalize_digest(self.digest)

    @functools.cached_property
    def certificate(self):
        """The partner's loaded :class:`~integration_core.as2.keys.Certificate`.

        :raises As2ConfigError: when the certificate cannot be read.
        """
        try:
            return keys.load_certificate(self.certificate_pem)
        except ValueError as exc:
            raise As2ConfigError(
                f"partner {self.as2_name!r} certificate: {exc}"
            ) from exc


def _is_cipher(name):
    return name in algorithms.CIPHER_NAMES
