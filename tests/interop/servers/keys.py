"""SSH key pairs and X.509 certificates generated with ``cryptography`` for tests."""

import dataclasses
import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID


@dataclasses.dataclass(frozen=True)
class SshKeyPair:
    """A private key as text and its ``"type base64"`` public key line."""

    private_text: str
    public_line: str


def _openssh_public_line(private_key):
    return (
        private_key.public_key()
        .public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
        .decode("ascii")
    )


def ed25519_key_pair(passphrase=None):
    """Ed25519 in the OpenSSH private key format, optionally encrypted (bcrypt)."""
    key = ed25519.Ed25519PrivateKey.generate()
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    text = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        encryption,
    ).decode("ascii")
    return SshKeyPair(text, _openssh_public_line(key))


def rsa_key_pair(passphrase=None, bits=2048):
    """RSA as a traditional PEM (``BEGIN RSA PRIVATE KEY``), optionally encrypted."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    text = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        encryption,
    ).decode("ascii")
    return SshKeyPair(text, _openssh_public_line(key))


def ecdsa_key_pair():
    """ECDSA P-256 as a traditional PEM (``BEGIN EC PRIVATE KEY``)."""
    key = ec.generate_private_key(ec.SECP256R1())
    text = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode("ascii")
    return SshKeyPair(text, _openssh_public_line(key))


# ---------------------------------------------------------------------------
# X.509 for HTTPS
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CertificateFiles:
    """PEM files of a test PKI written to a folder."""

    ca_cert: str
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, ca, san=None):
    now = datetime.datetime.utcnow()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(san), critical=False
        )
    return builder.sign(signing_key, hashes.SHA256())


def _write_pem(path, data):
    path.write_bytes(data)
    return str(path)


def _key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


def make_test_pki(folder):
    """Write a CA, a server cert for 127.0.0.1/localhost and a client cert."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Integration test CA")
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate(
        _name("127.0.0.1"),
        ca_name,
        server_key.public_key(),
        ca_key,
        ca=False,
        san=[
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ],
    )
    client_key = ec.generate_private_key(ec.SECP256R1())
    client_cert = _certificate(
        _name("integration-client"), ca_name, client_key.public_key(), ca_key, ca=False
    )
    pem = serialization.Encoding.PEM
    return CertificateFiles(
        ca_cert=_write_pem(folder / "ca.pem", ca_cert.public_bytes(pem)),
        server_cert=_write_pem(folder / "server.pem", server_cert.public_bytes(pem)),
        server_key=_write_pem(folder / "server.key", _key_pem(server_key)),
        client_cert=_write_pem(folder / "client.pem", client_cert.public_bytes(pem)),
        client_key=_write_pem(folder / "client.key", _key_pem(client_key)),
    )
