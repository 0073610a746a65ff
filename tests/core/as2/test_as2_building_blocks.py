"""MIME, CMS, MIC and header helpers on their own."""

import base64

import pytest
from asn1crypto import algos, cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from integration_core.as2 import (
    cms_compress,
    cms_envelope,
    cms_sign,
    headers,
    keys,
    mime,
)
from integration_core.as2.mic import compute_mic, parse_mic


@pytest.fixture(scope="module")
def pair(hospital):
    return (
        keys.load_private_key(hospital.key_pem),
        keys.load_certificate(hospital.cert_pem),
    )


# -- MIME ----------------------------------------------------------------------


def test_entity_serialises_exactly_and_parses_back():
    entity = mime.make_entity(
        [("Content-Type", "application/edi-x12"), ("X-A", "1")], b"a\nb\r\n"
    )
    raw = entity.to_bytes()
    assert raw == b"Content-Type: application/edi-x12\r\nX-A: 1\r\n\r\na\nb\r\n"
    parsed = mime.parse_entity(raw)
    assert parsed.headers == entity.headers and parsed.body == entity.body


def test_folded_headers_and_lf_line_ends_are_understood():
    raw = (
        b'Content-Type: multipart/signed;\n\tprotocol="application/pkcs7-signature";'
        b'\n boundary="b1"\n\nbody'
    )
    entity = mime.parse_entity(raw)
    assert entity.content_type == "multipart/signed"
    assert entity.param("boundary") == "b1"
    assert entity.body == b"body"


def test_header_injection_is_refused():
    with pytest.raises(ValueError):
        mime.make_entity([("Subject", "x\r\nBcc: evil")], b"")
    with pytest.raises(ValueError):
        mime.make_entity([("Bad Name", "x")], b"")


def test_non_header_line_is_refused():
    with pytest.raises(ValueError):
        mime.parse_entity(b"this is not a header\r\n\r\nbody")


def test_multipart_split_keeps_exact_part_bytes():
    parts = [b"Content-Type: text/plain\r\n\r\nline\r\n", b"X: y\r\n\r\n\x00\xff"]
    body = b"preamble\r\n" + mime.join_multipart(parts, "zz") + b"epilogue"
    assert mime.split_multipart(body, "zz") == parts


def test_multipart_split_accepts_bare_lf():
    body = b"--b\nA: 1\n\none\n--b\nB: 2\n\ntwo\n--b--\n"
    assert mime.split_multipart(body, "b") == [b"A: 1\n\none", b"B: 2\n\ntwo"]


def test_multipart_without_boundary_is_refused():
    with pytest.raises(ValueError):
        mime.split_multipart(b"no parts here", "b")


@pytest.mark.parametrize(
    "name", ["PO_42.x12", 'odd "quoted" name.edi', "Bestellung-Müller-β.edi"]
)
def test_filename_parameter_round_trips(name):
    entity = mime.make_entity(
        [("Content-Disposition", f"attachment; {mime.filename_param(name)}")], b""
    )
    assert mime.parse_entity(entity.to_bytes()).filename == name


def test_transfer_encodings_are_decoded():
    b64 = mime.make_entity(
        [("Content-Transfer-Encoding", "base64")], b"aGVs\r\nbG8=\r\n"
    )
    qp = mime.make_entity([("Content-Transfer-Encoding", "quoted-printable")], b"a=3Db")
    assert b64.decoded_body() == b"hello"
    assert qp.decoded_body() == b"a=b"
    with pytest.raises(ValueError):
        mime.make_entity(
            [("Content-Transfer-Encoding", "base64")], b"@@"
        ).decoded_body()


def test_canonicalize_turns_only_bare_lf_into_crlf():
    assert mime.canonicalize_line_ends(b"a\nb\r\nc\n") == b"a\r\nb\r\nc\r\n"


# -- CMS -----------------------------------------------------------------------


@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha384", "sha512"])
def test_detached_signature_verifies_and_names_its_digest(pair, digest):
    key, cert = pair
    signature = cms_sign.sign_detached(b"content", key, cert, digest)
    assert cms_sign.verify_detached(b"content", signature, cert).digest == digest
    with pytest.raises(cms_sign.DigestMismatch):
        cms_sign.verify_detached(b"Content", signature, cert)


def test_signature_structure_is_detached_with_our_certificate(pair):
    key, cert = pair
    info = cms.ContentInfo.load(cms_sign.sign_detached(b"x", key, cert))
    signed = info["content"]
    assert info["content_type"].native == "signed_data"
    assert signed["encap_content_info"]["content"].native is None
    assert signed["certificates"][0].chosen.dump() == cert.der
    attributes = {a["type"].native for a in signed["signer_infos"][0]["signed_attrs"]}
    assert {"content_type", "message_digest", "signing_time"} <= attributes


def test_forged_signature_bytes_fail(pair):
    key, cert = pair
    info = cms.ContentInfo.load(cms_sign.sign_detached(b"x", key, cert))
    signer = info["content"]["signer_infos"][0]
    raw = bytearray(signer["signature"].native)
    raw[10] ^= 0xFF
    signer["signature"] = bytes(raw)
    with pytest.raises(cms_sign.SignatureInvalid) as caught:
        cms_sign.verify_detached(b"x", info.dump(), cert)
    assert not isinstance(caught.value, cms_sign.DigestMismatch)


def test_rsa_pss_signature_is_verified(pair):
    """Some partners sign with RSASSA-PSS; we verify it (we sign PKCS#1 v1.5)."""
    key, cert = pair
    info = cms.ContentInfo.load(cms_sign.sign_detached(b"pss", key, cert))
    signer = info["content"]["signer_infos"][0]
    signed_attrs = cms.CMSAttributes.load(signer["signed_attrs"].untag().dump())
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    signer["signature"] = key.sign(signed_attrs.dump(), pss, hashes.SHA256())
    signer["signature_algorithm"] = algos.SignedDigestAlgorithm(
        {
            "algorithm": "rsassa_pss",
            "parameters": {
                "hash_algorithm": {"algorithm": "sha256"},
                "mask_gen_algorithm": {
                    "algorithm": "mgf1",
                    "parameters": {"algorithm": "sha256"},
                },
                "salt_length": 32,
            },
        }
    )
    assert cms_sign.verify_detached(b"pss", info.dump(), cert).digest == "sha256"


@pytest.mark.parametrize(
    "cipher", ["aes_128_cbc", "aes_192_cbc", "aes_256_cbc", "des_ede3_cbc"]
)
@pytest.mark.parametrize("key_encryption", ["rsaes_pkcs1v15", "rsaes_oaep"])
def test_envelope_round_trip(pair, cipher, key_encryption):
    key, cert = pair
    content = bytes(range(256)) * 3
    der = cms_envelope.encrypt(content, cert, cipher, key_encryption)
    assert cms_envelope.decrypt(der, key, cert) == (content, cipher)
    info = cms.ContentInfo.load(der)
    recipient = info["content"]["recipient_infos"][0].chosen
    assert cert.matches(recipient["rid"].chosen)


def test_envelope_with_other_key_fails(pair, impostor):
    _, cert = pair
    der = cms_envelope.encrypt(b"secret", cert)
    other_key = keys.load_private_key(impostor.key_pem)
    with pytest.raises(cms_envelope.DecryptionFailed):
        cms_envelope.decrypt(der, other_key, cert)


def test_envelope_rejects_non_cms(pair):
    key, cert = pair
    with pytest.raises(cms_envelope.DecryptionFailed):
        cms_envelope.decrypt(b"\x00\x01garbage", key, cert)


def test_compression_round_trip_and_garbage():
    data = b"EDI " * 1000
    der = cms_compress.compress(data)
    assert len(der) < len(data) // 5
    assert cms_compress.decompress(der) == data
    with pytest.raises(cms_compress.DecompressionFailed):
        cms_compress.decompress(b"\x30\x00")


def test_decompression_is_bounded():
    der = cms_compress.compress(b"\0" * 100_000)
    with pytest.raises(cms_compress.DecompressionFailed) as caught:
        cms_compress.decompress(der, max_size=10_000)
    assert "beyond 10000 bytes" in str(caught.value)


def test_long_signed_attributes_length_encoding():
    contents = b"\x00" * 300
    encoded = cms_sign._der_set(contents)
    assert encoded[:4] == b"\x31\x82\x01\x2c"


# -- keys, MIC, headers -------------------------------------------------------


def test_password_protected_key_loads(pair):
    key, cert = pair
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"s3cret"),
    )
    loaded = keys.load_private_key(pem, "s3cret")
    assert keys.key_matches_certificate(loaded, cert)
    with pytest.raises(ValueError):
        keys.load_private_key(pem, "wrong")


def test_generated_certificate_is_usable_for_as2():
    key_pem, cert_pem = keys.generate_self_signed("LAB-01", days=10)
    key = keys.load_private_key(key_pem)
    cert = keys.load_certificate(cert_pem)
    assert keys.key_matches_certificate(key, cert)
    assert "LAB-01" in cert.describe()


def test_mic_format_and_parse():
    mic = compute_mic(b"abc", "sha-256")
    expected = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    assert mic.value == expected and mic.algorithm == "sha256"
    assert mic.header_value() == f"{expected}, sha-256"
    assert parse_mic(f"{expected}, SHA256") == mic
    assert parse_mic(" ") is None
    with pytest.raises(ValueError):
        parse_mic("no-algorithm")
    assert base64.b64decode(mic.value)


def test_disposition_options_parse():
    options = headers.parse_disposition_options(
        "signed-receipt-protocol=optional, pkcs7-signature; "
        "signed-receipt-micalg=optional, sha-256, sha1"
    )
    assert options == {
        "signed-receipt-protocol": ["pkcs7-signature"],
        "signed-receipt-micalg": ["sha-256", "sha1"],
    }


def test_mdn_request_skips_unsupported_digests():
    request = headers.parse_mdn_request(
        headers.Headers(
            {
                "Disposition-Notification-To": "x@example",
                "Disposition-Notification-Options": (
                    "signed-receipt-protocol=required, pkcs7-signature; "
                    "signed-receipt-micalg=required, md5, sha-512"
                ),
            }
        )
    )
    assert request.signed and request.micalgs == ("sha512",)
    assert request.async_url is None


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("HOSPITAL", "HOSPITAL"), ("Central Lab", '"Central Lab"'), ('a"b', '"a\\"b"')],
)
def test_as2_name_quoting(name, quoted):
    assert headers.quote_as2_name(name) == quoted
    assert headers.unquote_as2_name(quoted) == name
