"""CMS EnvelopedData (``smime-type=enveloped-data``) with RSA key transport.

The content key is random, encrypted for the partner certificate with RSA
PKCS#1 v1.5 (or OAEP); the content is AES-CBC or 3DES-CBC with PKCS#7
padding. Built with asn1crypto, primitives from cryptography's hazmat API
(all present in cryptography 3.4.8).
"""

import os

from asn1crypto import algos, cms
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from integration_core.as2 import algorithms

KEY_ENCRYPTIONS = ("rsaes_pkcs1v15", "rsaes_oaep")


class DecryptionFailed(Exception):
    """The envelope cannot be opened with our key."""


def encrypt(content, certificate, cipher_name="aes_128_cbc", key_encryption=None):
    """Return the DER ``ContentInfo`` of ``content`` enveloped for ``certificate``.

    :param cipher_name: ``aes_128_cbc``, ``aes_192_cbc``, ``aes_256_cbc`` or
        ``des_ede3_cbc``.
    :param key_encryption: ``rsaes_pkcs1v15`` (default) or ``rsaes_oaep``
        (SHA-1 / MGF1-SHA-1, the CMS default parameters).
    """
    key_encryption = key_encryption or "rsaes_pkcs1v15"
    if key_encryption not in KEY_ENCRYPTIONS:
        raise ValueError(f"unsupported key encryption {key_encryption!r}")
    cipher = algorithms.cipher_by_name(cipher_name)
    key = os.urandom(cipher.key_size)
    iv = os.urandom(cipher.block_size)
    recipient = cms.KeyTransRecipientInfo(
        {
            "version": "v0",
            "rid": cms.RecipientIdentifier(
                {"issuer_and_serial_number": certificate.issuer_and_serial()}
            ),
            "key_encryption_algorithm": {"algorithm": key_encryption},
            "encrypted_key": certificate.public_key.encrypt(
                key, _rsa_padding(key_encryption)
            ),
        }
    )
    enveloped = cms.EnvelopedData(
        {
            "version": "v0",
            "recipient_infos": [cms.RecipientInfo({"ktri": recipient})],
            "encrypted_content_info": {
                "content_type": "data",
                "content_encryption_algorithm": algos.EncryptionAlgorithm(
                    {"algorithm": cipher.asn1_name, "parameters": iv}
                ),
                "encrypted_content": _cbc_encrypt(cipher, key, iv, content),
            },
        }
    )
    return cms.ContentInfo(
        {"content_type": "enveloped_data", "content": enveloped}
    ).dump()


def decrypt(der, private_key, certificate):
    """Open an EnvelopedData with our key; return ``(content, cipher_name)``.

    The recipient naming ``certificate`` is tried first, then any other RSA
    recipient (a renewed certificate may keep the same key).

    :raises DecryptionFailed: for anything that prevents decryption.
    """
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "enveloped_data":
            raise DecryptionFailed(f"CMS content is {info['content_type'].native}")
        enveloped = info["content"]
        recipients = [
            choice.chosen
            for choice in enveloped["recipient_infos"]
            if choice.name == "ktri"
        ]
        encrypted_info = enveloped["encrypted_content_info"]
        algorithm = encrypted_info["content_encryption_algorithm"]
        encrypted_content = encrypted_info["encrypted_content"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise DecryptionFailed(f"not a CMS EnvelopedData: {exc}") from exc
    cipher = algorithms.cipher_by_asn1_name(algorithm["algorithm"].native)
    if cipher is None:
        raise DecryptionFailed(
            f"unsupported content encryption {algorithm['algorithm'].native!r}"
        )
    key = _recover_key(recipients, private_key, certificate, cipher)
    content = _cbc_decrypt(cipher, key, algorithm.encryption_iv, encrypted_content)
    return content, cipher.name


def _recover_key(recipients, private_key, certificate, cipher):
    if not recipients:
        raise DecryptionFailed("no RSA key-transport recipient in the envelope")
    ours = [r for r in recipients if _names_certificate(r, certificate)]
    others = [r for r in recipients if r not in ours]
    for recipient in ours + others:
        scheme = recipient["key_encryption_algorithm"]["algorithm"].native
        if scheme not in KEY_ENCRYPTIONS:
            continue
        try:
            key = private_key.decrypt(
                recipient["encrypted_key"].native,
                _rsa_padding(scheme, recipient["key_encryption_algorithm"]),
            )
        except ValueError:
            continue
        if len(key) == cipher.key_size:
            return key
    if not ours:
        raise DecryptionFailed(
            f"the message is not encrypted for our certificate "
            f"{certificate.describe()} and our key does not open it"
        )
    raise DecryptionFailed("our private key does not open the content key")


def _names_certificate(recipient, certificate):
    rid = recipient["rid"]
    return rid.name == "issuer_and_serial_number" and certificate.matches(rid.chosen)


def _rsa_padding(scheme, algorithm=None):
    if scheme == "rsaes_pkcs1v15":
        return padding.PKCS1v15()
    hash_name = "sha1"
    if algorithm is not None and algorithm["parameters"].native:
        hash_name = algorithm["parameters"]["hash_algorithm"]["algorithm"].native
    digest = algorithms.hash_algorithm(hash_name)
    return padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)


def _cbc_encrypt(cipher, key, iv, content):
    padder = symmetric_padding.PKCS7(cipher.block_size * 8).padder()
    padded = padder.update(content) + padder.finalize()
    encryptor = Cipher(
        cipher.factory(key), modes.CBC(iv), backend=default_backend()
    ).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def _cbc_decrypt(cipher, key, iv, encrypted):
    if not iv or len(iv) != cipher.block_size:
        raise DecryptionFailed("the content encryption IV is missing or invalid")
    if not encrypted or len(encrypted) % cipher.block_size:
        raise DecryptionFailed("the encrypted content is truncated")
    decryptor = Cipher(
        cipher.factory(key), modes.CBC(iv), backend=default_backend()
    ).decryptor()
    padded = decryptor.update(encrypted) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(cipher.block_size * 8).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise DecryptionFailed("wrong key or corrupted content (bad padding)") from None
