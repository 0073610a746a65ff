"""The small part of MIME that AS2 needs, on bytes, with exact canonical output.

Signatures and MICs cover the exact bytes of a MIME entity, so we build
entities ourselves (``Name: value`` headers, CRLF line ends, no folding) and,
when parsing, keep each part's raw bytes. Parameter parsing (quoted strings,
RFC 2231) is delegated to the standard library.
"""

import base64
import binascii
import dataclasses
import email.message
import email.utils
import re
import secrets

CRLF = b"\r\n"
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LINE_BREAK = re.compile(r"\r?\n")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


@dataclasses.dataclass
class MimeEntity:
    """A MIME entity: ordered headers and the raw (still transfer-encoded) body."""

    headers: list
    body: bytes

    def get(self, name, default=None):
        """Return the first value of header ``name`` (case-insensitive)."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return default

    @property
    def content_type(self):
        """The lower-case ``type/subtype`` (``text/plain`` when absent)."""
        return _parsed("Content-Type", self.get("Content-Type")).get_content_type()

    def param(self, name, header="Content-Type"):
        """Return parameter ``name`` of ``header`` (RFC 2231 decoded), or ``None``."""
        value = self.get(header)
        if value is None:
            return None
        found = _parsed(header, value).get_param(name, header=header)
        if found is None:
            return None
        return email.utils.collapse_rfc2231_value(found)

    @property
    def filename(self):
        """The ``Content-Disposition`` file name, or ``None``."""
        value = self.get("Content-Disposition")
        if value is None:
            return None
        return _parsed("Content-Disposition", value).get_filename()

    def decoded_body(self):
        """Return the body with its ``Content-Transfer-Encoding`` undone."""
        encoding = (self.get("Content-Transfer-Encoding") or "binary").strip().lower()
        if encoding == "base64":
            try:
                return base64.b64decode(re.sub(rb"\s+", b"", self.body), validate=True)
            except binascii.Error as exc:
                raise ValueError(f"invalid base64 body: {exc}") from exc
        if encoding == "quoted-printable":
            return binascii.a2b_qp(self.body)
        return self.body

    def to_bytes(self):
        """Serialise as ``Name: value`` CRLF lines, a blank line and the body."""
        head = b"".join(
            f"{name}: {value}".encode() + CRLF for name, value in self.headers
        )
        return head + CRLF + self.body


def _parsed(header, value):
    """Let the standard library parse one header's parameters."""
    holder = email.message.Message()
    if value is not None:
        holder[header] = value
    return holder


def make_entity(headers, body):
    """Build a :class:`MimeEntity`, refusing header values that could inject lines.

    :raises ValueError: when a header name or value contains CR or LF.
    """
    for name, value in headers:
        if not _TOKEN.match(name) or "\r" in value or "\n" in value:
            raise ValueError(f"invalid MIME header {name!r}: {value!r}")
    return MimeEntity(headers=list(headers), body=body)


def parse_entity(raw):
    """Parse ``raw`` bytes into a :class:`MimeEntity` (headers unfolded).

    An entity starting with an empty line has no headers.

    :raises ValueError: when the header block is not ``Name: value`` lines.
    """
    if raw.startswith(b"\r\n") or raw.startswith(b"\n"):
        return MimeEntity(headers=[], body=raw[2 if raw[:1] == b"\r" else 1 :])
    match = _HEADER_END.search(raw)
    if match:
        block, body = raw[: match.start()], raw[match.end() :]
    else:
        block, body = raw, b""
    return MimeEntity(headers=_parse_header_block(block), body=body)


def _parse_header_block(block):
    headers = []
    for line in _LINE_BREAK.split(block.decode("utf-8", "surrogateescape")):
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if not colon or not _TOKEN.match(name.strip()):
            raise ValueError(f"not a MIME header line: {line[:80]!r}")
        headers.append((name.strip(), value.strip()))
    return headers


def split_multipart(body, boundary):
    """Return the raw bytes of each part of a multipart ``body``.

    Each part excludes the line break that precedes the next delimiter
    (RFC 2046 section 5.1.1), so it is exactly what a signature covers.

    :raises ValueError: when the boundary never occurs.
    """
    delimiter = re.compile(
        rb"(?:\r?\n|\A)--"
        + re.escape(boundary.encode("utf-8"))
        + rb"(--)?[ \t]*(\r?\n|\Z)"
    )
    parts, start = [], None
    for match in delimiter.finditer(body):
        if start is not None:
            parts.append(body[start : match.start()])
        if match.group(1):
            break
        start = match.end()
    if not parts:
        raise ValueError(f"no part delimited by boundary {boundary!r}")
    return parts


def join_multipart(parts, boundary):
    """Return a multipart body made of ``parts`` (raw entity bytes)."""
    marker = b"--" + boundary.encode("ascii")
    chunks = [marker + CRLF + part + CRLF for part in parts]
    return b"".join(chunks) + marker + b"--" + CRLF


def new_boundary():
    """Return a fresh random boundary."""
    return f"----=_Part_{secrets.token_hex(16)}"


def quote(value):
    """Return ``value`` as a MIME quoted-string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def filename_param(name):
    """Return the ``filename`` parameter for ``name`` (RFC 2231 when not ASCII)."""
    if all(32 <= ord(char) < 127 for char in name):
        return f"filename={quote(name)}"
    return f"filename*={email.utils.encode_rfc2231(name, 'utf-8')}"


def canonicalize_line_ends(data):
    """Turn every bare LF into CRLF (MIME canonical form)."""
    return _BARE_LF.sub(b"\r\n", data)
