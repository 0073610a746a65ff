"""Detached CMS (PKCS#7) signatures built with asn1crypto, signed with cryptography.

``sign_detached`` produces the ``application/pkcs7-signature`` content of a
``multipart/signed`` entity (RFC 5751): SignedData without encapsulated
content, our certificate, one SignerInfo with the usual signed attributes.
``verify_detached`` checks such a signature against the *pinned* partner
certificate, never against the certificate the signer embedded.
"""

import dataclasses
import datetime

from asn1crypto import algos, cms
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from integration_core.as2 import algorithms


class SignatureInvalid(Exception):
    """The signature does not verify with the given certificate."""


class DigestMismatch(SignatureInvalid):
    """The content's digest differs from the signed ``message-digest`` attribute."""


@dataclasses.dataclass(frozen=True)
class VerifiedSignature:
    """What a successful verification learned: the digest the signer used."""

    digest: str


def digest(data, digest_name):
    """Return the raw digest of ``data`` with ``digest_name``."""
    hasher = hashes.Hash(algorithms.hash_algorithm(digest_name))
    hasher.update(data)
    return hasher.finalize()


def sign_detached(content, private_key, certificate, digest_name="sha256"):
    """Return the DER ``ContentInfo`` of a detached signature over ``content``.

    :param content: the exact bytes signed (a canonical MIME entity).
    :param private_key: our ``cryptography`` RSA private key.
    :param certificate: our :class:`~integration_core.as2.keys.Certificate`.
    :param digest_name: ``sha1``, ``sha256``, ``sha384`` or ``sha512``.
    """
    digest_name = algorithms.normalize_digest(digest_name)
    attributes = _signed_attributes(digest(content, digest_name))
    signature = private_key.sign(
        attributes.dump(), padding.PKCS1v15(), algorithms.hash_algorithm(digest_name)
    )
    digest_algorithm = algos.DigestAlgorithm({"algorithm": digest_name})
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {"issuer_and_serial_number": certificate.issuer_and_serial()}
            ),
            "digest_algorithm": digest_algorithm,
            "signed_attrs": attributes,
            "signature_algorithm": algos.SignedDigestAlgorithm(
                {"algorithm": "rsassa_pkcs1v15"}
            ),
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [digest_algorithm],
            "encap_content_info": {"content_type": "data"},
            "certificates": [cms.CertificateChoices({"certificate": certificate.asn1})],
            "signer_infos": [signer],
        }
    )
    return cms.ContentInfo(
        {"content_type": "signed_data", "content": signed_data}
    ).dump()


def _signed_attributes(message_digest):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute(
                {"type": "signing_time", "values": [cms.Time({"utc_time": now})]}
            ),
            cms.CMSAttribute({"type": "message_digest", "values": [message_digest]}),
        ]
    )


def verify_detached(content, signature_der, certificate):
    """Verify a detached CMS signature over ``content`` with ``certificate``.

    :returns: a :class:`VerifiedSignature` naming the digest used.
    :raises DigestMismatch: when ``content`` was altered after signing.
    :raises SignatureInvalid: when no signer verifies with ``certificate``.
    :raises ValueError: when ``signature_der`` is not a CMS SignedData.
    """
    signer_infos = _load_signer_infos(signature_der)
    failure = None
    for signer in signer_infos:
        try:
            return _verify_signer(content, signer, certificate)
        except SignatureInvalid as exc:
            failure = exc
    if failure is None:
        raise SignatureInvalid("the signature holds no signer")
    raise failure


def _load_signer_infos(signature_der):
    try:
        info = cms.ContentInfo.load(signature_der)
        if info["content_type"].native != "signed_data":
            raise ValueError(f"CMS content is {info['content_type'].native}")
        return list(info["content"]["signer_infos"])
    except (ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"not a CMS SignedData: {exc}") from exc


def _verify_signer(content, signer, certificate):
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if not algorithms.is_supported_digest(digest_name):
        raise SignatureInvalid(f"unsupported digest algorithm {digest_name!r}")
    digest_name = algorithms.normalize_digest(digest_name)
    signed_attrs = signer["signed_attrs"]
    if signed_attrs.native:
        expected = _attribute(signed_attrs, "message_digest")
        if expected != digest(content, digest_name):
            raise DigestMismatch("the content does not match the signed digest")
        # The signature covers the attributes re-encoded as a SET OF (tag 0x31).
        signed_bytes = _der_set(signed_attrs.contents)
    else:
        signed_bytes = content
    _check_rsa_signature(signer, certificate, signed_bytes, digest_name)
    return VerifiedSignature(digest=digest_name)


def _attribute(signed_attrs, name):
    for attribute in signed_attrs:
        if attribute["type"].native == name:
            return attribute["values"][0].native
    raise SignatureInvalid(f"signed attribute {name!r} is missing")


def _der_set(contents):
    length = len(contents)
    if length < 0x80:
        encoded_length = bytes([length])
    else:
        size = length.to_bytes((length.bit_length() + 7) // 8, "big")
        encoded_length = bytes([0x80 | len(size)]) + size
    return b"\x31" + encoded_length + contents


def _check_rsa_signature(signer, certificate, signed_bytes, digest_name):
    algorithm = signer["signature_algorithm"]
    scheme = algorithm.signature_algo
    if scheme == "rsassa_pkcs1v15":
        pad = padding.PKCS1v15()
    elif scheme == "rsassa_pss":
        pad, digest_name = _pss_padding(algorithm["parameters"])
    else:
        raise SignatureInvalid(f"unsupported signature algorithm {scheme!r}")
    try:
        certificate.public_key.verify(
            signer["signature"].native,
            signed_bytes,
            pad,
            algorithms.hash_algorithm(digest_name),
        )
    except InvalidSignature:
        raise SignatureInvalid(
            f"the signature does not verify with certificate {certificate.describe()}"
        ) from None


def _pss_padding(parameters):
    hash_name = parameters["hash_algorithm"]["algorithm"].native
    mgf_hash = parameters["mask_gen_algorithm"]["parameters"]["algorithm"].native
    return (
        padding.PSS(
            mgf=padding.MGF1(algorithms.hash_algorithm(mgf_hash)),
            salt_length=parameters["salt_length"].native,
        ),
        hash_name,
    )


def signer_identifiers(signature_der):
    """Return ``(issuer, serial)`` of each signer, for error messages."""
    found = []
    for signer in _load_signer_infos(signature_der):
        sid = signer["sid"]
        if sid.name == "issuer_and_serial_number":
            found.append(
                (
                    sid.chosen["issuer"].human_friendly,
                    sid.chosen["serial_number"].native,
                )
            )
    return found
