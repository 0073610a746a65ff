"""CMS CompressedData with zlib (RFC 3274), as AS2 compression uses (RFC 5402)."""

import zlib

from asn1crypto import cms

#: Largest content we inflate (a compressed "zip bomb" must not exhaust memory).
MAX_DECOMPRESSED_SIZE = 512 * 1024 * 1024


class DecompressionFailed(Exception):
    """The compressed-data entity cannot be decompressed."""


def compress(content):
    """Return the DER ``ContentInfo`` of ``content`` compressed with zlib."""
    compressed = cms.CompressedData(
        {
            "version": "v0",
            "compression_algorithm": {"algorithm": "zlib"},
            "encap_content_info": {
                "content_type": "data",
                "content": cms.ParsableOctetString(zlib.compress(content)),
            },
        }
    )
    return cms.ContentInfo(
        {"content_type": "compressed_data", "content": compressed}
    ).dump()


def decompress(der, max_size=MAX_DECOMPRESSED_SIZE):
    """Return the content of a CMS CompressedData.

    :raises DecompressionFailed: when ``der`` is not zlib CompressedData, or
        inflates beyond ``max_size`` bytes.
    """
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "compressed_data":
            raise DecompressionFailed(
                f"CMS content is {info['content_type'].native}, not compressed-data"
            )
        compressed = info["content"]
        algorithm = compressed["compression_algorithm"]["algorithm"].native
        if algorithm != "zlib":
            raise DecompressionFailed(f"unsupported compression {algorithm!r}")
        data = compressed["encap_content_info"]["content"].native
        inflater = zlib.decompressobj()
        content = inflater.decompress(data, max_size)
        if inflater.unconsumed_tail:
            raise DecompressionFailed(f"content inflates beyond {max_size} bytes")
        if not inflater.eof:
            raise DecompressionFailed("truncated zlib stream")
        return content
    except (ValueError, TypeError, KeyError, zlib.error) as exc:
        raise DecompressionFailed(f"cannot decompress: {exc}") from exc
