"""S/MIME entities of AS2: compressed, signed (multipart/signed) and enveloped.

Each builder takes the exact bytes of the inner MIME entity and returns the
outer :class:`~integration_core.as2.mime.MimeEntity`. Inner entities travel
with ``Content-Transfer-Encoding: binary`` (AS2 runs over HTTP, RFC 4130
section 5.2), so their bytes are never altered in transit.
"""

import base64

from asn1crypto import cms

from integration_core.as2 import algorithms, cms_compress, cms_envelope, cms_sign, mime

PKCS7_MIME = ("application/pkcs7-mime", "application/x-pkcs7-mime")
PKCS7_SIGNATURE = ("application/pkcs7-signature", "application/x-pkcs7-signature")


def payload_entity(content, content_type, filename=None):
    """Return the MIME entity carrying the business payload unchanged."""
    headers = [
        ("Content-Type", content_type),
        ("Content-Transfer-Encoding", "binary"),
    ]
    if filename:
        headers.append(
            ("Content-Disposition", f"attachment; {mime.filename_param(filename)}")
        )
    return mime.make_entity(headers, content)


def compressed_entity(inner):
    """Return an ``application/pkcs7-mime; smime-type=compressed-data`` entity."""
    return mime.make_entity(
        [
            (
                "Content-Type",
                "application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z",
            ),
            ("Content-Transfer-Encoding", "binary"),
            ("Content-Disposition", "attachment; filename=smime.p7z"),
        ],
        cms_compress.compress(inner),
    )


def enveloped_entity(inner, certificate, cipher_name, key_encryption=None):
    """Return an ``application/pkcs7-mime; smime-type=enveloped-data`` entity."""
    return mime.make_entity(
        [
            (
                "Content-Type",
                "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m",
            ),
            ("Content-Transfer-Encoding", "binary"),
            ("Content-Disposition", "attachment; filename=smime.p7m"),
        ],
        cms_envelope.encrypt(inner, certificate, cipher_name, key_encryption),
    )


def signed_entity(inner, identity, digest_name):
    """Return a ``multipart/signed`` entity: ``inner`` and its detached signature.

    :param inner: exact bytes of the signed entity (headers and content).
    :param identity: our :class:`~integration_core.as2.config.LoadedIdentity`.
    """
    signature = cms_sign.sign_detached(
        inner, identity.private_key, identity.certificate, digest_name
    )
    signature_part = mime.make_entity(
        [
            (
                "Content-Type",
                "application/pkcs7-signature; name=smime.p7s; smime-type=signed-data",
            ),
            ("Content-Transfer-Encoding", "base64"),
            ("Content-Disposition", "attachment; filename=smime.p7s"),
        ],
        _base64_lines(signature),
    )
    boundary = mime.new_boundary()
    micalg = algorithms.digest_label(digest_name)
    content_type = (
        'multipart/signed; protocol="application/pkcs7-signature"; '
        f"micalg={micalg}; boundary={mime.quote(boundary)}"
    )
    body = mime.join_multipart([inner, signature_part.to_bytes()], boundary)
    return mime.make_entity([("Content-Type", content_type)], body)


def _base64_lines(data):
    encoded = base64.b64encode(data)
    lines = [encoded[index : index + 76] for index in range(0, len(encoded), 76)]
    return mime.CRLF.join(lines) + mime.CRLF


def split_signed(entity):
    """Return ``(signed_bytes, signature_der)`` of a ``multipart/signed`` entity.

    :raises ValueError: when the entity does not have that structure.
    """
    boundary = entity.param("boundary")
    if not boundary:
        raise ValueError("multipart/signed without boundary")
    parts = mime.split_multipart(entity.body, boundary)
    if len(parts) != 2:
        raise ValueError(f"multipart/signed has {len(parts)} parts instead of 2")
    signature_part = mime.parse_entity(parts[1])
    if signature_part.content_type not in PKCS7_SIGNATURE:
        raise ValueError(f"signature part is {signature_part.content_type}")
    return parts[0], signature_part.decoded_body()


def verify_signed(signed_bytes, signature_der, certificate):
    """Verify ``signed_bytes`` as sent, then in canonical CRLF form.

    Some senders sign the canonical form but transmit bare LFs.

    :returns: ``(verified_bytes, VerifiedSignature)``.
    :raises cms_sign.SignatureInvalid: when neither form verifies.
    """
    try:
        return signed_bytes, cms_sign.verify_detached(
            signed_bytes, signature_der, certificate
        )
    except cms_sign.SignatureInvalid:
        canonical = mime.canonicalize_line_ends(signed_bytes)
        if canonical == signed_bytes:
            raise
        try:
            return canonical, cms_sign.verify_detached(
                canonical, signature_der, certificate
            )
        except cms_sign.SignatureInvalid:
            pass
        raise


def cms_content_type(der):
    """Return the CMS content type (``enveloped_data``...) of DER bytes, or ``None``."""
    try:
        return cms.ContentInfo.load(der)["content_type"].native
    except (ValueError, TypeError, KeyError):
        return None
