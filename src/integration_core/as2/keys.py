"""Loading our key and the certificates, and making self-signed AS2 certificates.

AS2 partners usually exchange self-signed certificates: trust comes from
exchanging them out of band, so we pin the partner's certificate instead of
validating a chain.
"""

import dataclasses
import datetime

from asn1crypto import cms as asn1_cms
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


@dataclasses.dataclass(frozen=True)
class Certificate:
    """A certificate as ``cryptography`` (keys) and ``asn1crypto`` (CMS) see it."""

    crypto: x509.Certificate
    asn1: asn1_x509.Certificate

    @property
    def public_key(self):
        """The ``cryptography`` public key."""
        return self.crypto.public_key()

    @property
    def der(self):
        """DER encoding of the certificate."""
        return self.asn1.dump()

    def describe(self):
        """Return ``subject (serial N)`` for error messages."""
        return f"{self.asn1.subject.human_friendly} (serial {self.asn1.serial_number})"

    def issuer_and_serial(self):
        """Return the CMS ``IssuerAndSerialNumber`` naming this certificate."""
        tbs = self.asn1["tbs_certificate"]
        return asn1_cms.IssuerAndSerialNumber(
            {"issuer": tbs["issuer"], "serial_number": tbs["serial_number"]}
        )

    def matches(self, issuer_and_serial):
        """Tell whether a CMS ``IssuerAndSerialNumber`` names this certificate."""
        tbs = self.asn1["tbs_certificate"]
        return (
            issuer_and_serial["serial_number"].native == tbs["serial_number"].native
            and issuer_and_serial["issuer"].dump() == tbs["issuer"].dump()
        )


def load_certificate(data):
    """Load a PEM or DER certificate (``bytes`` or ``str``).

    :raises ValueError: when ``data`` holds no certificate.
    """
    if isinstance(data, str):
        data = data.encode("ascii")
    if asn1_pem.detect(data):
        _, _, data = asn1_pem.unarmor(data)
    try:
        crypto = x509.load_der_x509_certificate(data, default_backend())
    except ValueError as exc:
        raise ValueError(f"not a certificate: {exc}") from exc
    return Certificate(crypto=crypto, asn1=asn1_x509.Certificate.load(data))


def load_private_key(data, password=None):
    """Load a PEM (PKCS#8 or traditional) RSA private key, optionally encrypted.

    :raises ValueError: for a wrong password, a malformed or a non-RSA key.
    """
    if isinstance(data, str):
        data = data.encode("ascii")
    if isinstance(password, str):
        password = password.encode("utf-8")
    try:
        key = serialization.load_pem_private_key(
            data, password=password or None, backend=default_backend()
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"cannot load the private key: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("AS2 needs an RSA private key")
    return key


def key_matches_certificate(private_key, certificate):
    """Tell whether ``private_key`` is the key of ``certificate``."""
    ours = private_key.public_key().public_numbers()
    theirs = certificate.public_key.public_numbers()
    return ours == theirs


def generate_self_signed(common_name, *, days=730, key_size=2048):
    """Return ``(private_key_pem, certificate_pem)`` for a new self-signed RSA pair.

    The certificate allows signing and key encipherment, as AS2 needs.
    """
    key = rsa.generate_private_key(
        public_exponent=65537, key_size=key_size, backend=default_backend()
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)
