"""AS2 HTTP headers: names, Message-IDs and the MDN request headers."""

import dataclasses
import email.utils
import re
import secrets

from integration_core.as2 import algorithms

AS2_VERSION = "1.2"
#: MIME headers that describe the HTTP body (the outermost MIME entity).
CONTENT_HEADERS = ("Content-Type", "Content-Transfer-Encoding", "Content-Disposition")
_NEEDS_QUOTES = re.compile(r'[\s"\\()<>@,;:/\[\]?=]')


class Headers:
    """Case-insensitive read access to HTTP headers (a mapping or pairs)."""

    def __init__(self, headers):
        items = headers.items() if hasattr(headers, "items") else headers
        self._items = [(str(name), str(value)) for name, value in items]

    def get(self, name, default=None):
        """Return the first value of ``name``, or ``default``."""
        wanted = name.lower()
        for key, value in self._items:
            if key.lower() == wanted:
                return value.strip()
        return default

    def __contains__(self, name):
        return self.get(name) is not None

    def items(self):
        """Return the ``(name, value)`` pairs, in order."""
        return list(self._items)

    def content_headers(self):
        """Return the MIME headers describing the body, as ``(name, value)`` pairs."""
        return [(name, self.get(name)) for name in CONTENT_HEADERS if name in self]


def quote_as2_name(name):
    """Return ``name`` as written in ``AS2-From`` / ``AS2-To`` (quoted if needed)."""
    if _NEEDS_QUOTES.search(name):
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return name


def unquote_as2_name(value):
    """Return the AS2 name from an ``AS2-From`` / ``AS2-To`` value."""
    value = (value or "").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def new_message_id(domain):
    """Return a fresh Message-ID (without angle brackets)."""
    return f"{secrets.token_hex(16)}@{domain}"


def bracket(message_id):
    """Return ``<message_id>``."""
    return f"<{strip_brackets(message_id)}>"


def strip_brackets(message_id):
    """Return a Message-ID without its angle brackets and spaces."""
    return (message_id or "").strip().lstrip("<").rstrip(">").strip()


def http_date():
    """Return the current date in RFC 5322 form."""
    return email.utils.formatdate(usegmt=True)


@dataclasses.dataclass(frozen=True)
class MdnRequest:
    """What the sender asked for in ``Disposition-Notification-*`` headers.

    :param signed: a signed receipt (``signed-receipt-protocol`` pkcs7) is wanted.
    :param micalgs: supported MIC digests the sender accepts, preferred first.
    :param async_url: where to POST the MDN (``Receipt-Delivery-Option``), or
        ``None`` for a synchronous MDN in the HTTP response.
    """

    signed: bool
    micalgs: tuple
    async_url: str | None = None


def parse_mdn_request(headers):
    """Return the :class:`MdnRequest` of an inbound message, or ``None``."""
    if "Disposition-Notification-To" not in headers:
        return None
    options = parse_disposition_options(
        headers.get("Disposition-Notification-Options", "")
    )
    protocols = [value.lower() for value in options.get("signed-receipt-protocol", [])]
    micalgs = tuple(
        algorithms.normalize_digest(name)
        for name in options.get("signed-receipt-micalg", [])
        if algorithms.is_supported_digest(name)
    )
    return MdnRequest(
        signed="pkcs7-signature" in protocols,
        micalgs=micalgs,
        async_url=headers.get("Receipt-Delivery-Option") or None,
    )


def parse_disposition_options(value):
    """Parse ``Disposition-Notification-Options`` into ``{name: [values]}``.

    ``signed-receipt-protocol=optional, pkcs7-signature;
    signed-receipt-micalg=optional, sha-256, sha1`` gives
    ``{"signed-receipt-protocol": ["pkcs7-signature"],
    "signed-receipt-micalg": ["sha-256", "sha1"]}`` (importance dropped).
    """
    options = {}
    for item in value.split(";"):
        name, equals, rest = item.partition("=")
        if not equals:
            continue
        values = [part.strip() for part in rest.split(",") if part.strip()]
        if values and values[0].lower() in ("required", "optional"):
            values = values[1:]
        options[name.strip().lower()] = values
    return options


def disposition_options(digest_name):
    """Return our ``Disposition-Notification-Options`` asking for a signed MDN."""
    return (
        "signed-receipt-protocol=optional, pkcs7-signature; "
        f"signed-receipt-micalg=optional, {algorithms.digest_label(digest_name)}"
    )
