"""Message Integrity Check (RFC 4130 section 7.3.1).

The MIC is the base64 digest of:

- the signed MIME entity (headers and content, canonical) for a signed message
  - when compressed before signing, that entity is the compressed-data one;
- the decrypted (and decompressed) payload MIME entity, headers and content,
  for an encrypted but unsigned message;
- the payload content alone for a message neither signed nor encrypted.

The receiver echoes it in the MDN's ``Received-Content-MIC`` field, which the
sender compares with the value it remembered.
"""

import base64
import dataclasses

from integration_core.as2 import algorithms
from integration_core.as2.cms_sign import digest


@dataclasses.dataclass(frozen=True)
class Mic:
    """A MIC: base64 value and the digest that produced it.

    :param algorithm: our normalized digest key (``sha256``) when supported,
        else the label as received.
    """

    value: str
    algorithm: str

    def header_value(self):
        """Return ``"<base64>, <digest>"`` as written in ``Received-Content-MIC``."""
        label = self.algorithm
        if algorithms.is_supported_digest(label):
            label = algorithms.digest_label(label)
        return f"{self.value}, {label}"


def compute_mic(data, digest_name):
    """Return the :class:`Mic` of ``data`` with ``digest_name``."""
    key = algorithms.normalize_digest(digest_name)
    value = base64.b64encode(digest(data, key)).decode("ascii")
    return Mic(value=value, algorithm=key)


def compute_mics(data, digest_names=algorithms.MIC_DIGESTS):
    """Return ``{digest: base64 MIC}`` of ``data`` for each digest."""
    return {name: compute_mic(data, name).value for name in digest_names}


def parse_mic(header_value):
    """Parse a ``Received-Content-MIC`` value; ``None`` when empty.

    :raises ValueError: when the value has no ``, <digest>`` part.
    """
    if not header_value or not header_value.strip():
        return None
    value, comma, label = header_value.strip().rpartition(",")
    if not comma or not value.strip():
        raise ValueError(f"malformed Received-Content-MIC {header_value!r}")
    label = label.strip()
    if algorithms.is_supported_digest(label):
        label = algorithms.normalize_digest(label)
    return Mic(value=value.strip(), algorithm=label)
