"""GS1 Global Trade Item Numbers: check digits, validity, one canonical form.

A GTIN is 8, 12, 13 or 14 digits, the last a GS1 mod-10 check digit. The
same trade item can be written in any length with leading zeros:
``00312345678906`` (GTIN-14), ``0312345678906`` (EAN-13) and
``312345678906`` (UPC-A) are one item. :func:`normalize_gtin` gives the
14-digit form, so barcodes from Odoo and codes from EDI documents compare
equal. The same check digit protects SSCCs (18 digits) and GLNs (13).
"""

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of ``body`` (the digits before it).

    From the right, digits are weighted 3, 1, 3, 1...; the check digit brings
    the weighted sum to a multiple of ten. Works for every GS1 key (GTIN,
    GLN, SSCC), whatever its length.

    :raises ValueError: when ``body`` is empty or holds anything but digits.
    """
    if not isinstance(body, str) or not body or not (body.isascii() and body.isdigit()):
        raise ValueError(f"a GS1 check digit needs digits only, got {body!r}")
    total = sum(
        int(digit) * (3 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(body))
    )
    return str(-total % 10)


def _compact(code):
    if not isinstance(code, str):
        return ""
    return "".join(code.split())


def has_valid_check_digit(code: str) -> bool:
    """``True`` when ``code`` is at least two digits ending in its check digit.

    Spaces are ignored. Use it for SSCCs and GLNs; for GTINs, use
    :func:`is_valid_gtin`, which also checks the length.
    """
    code = _compact(code)
    if len(code) < 2 or not (code.isascii() and code.isdigit()):
        return False
    return gtin_check_digit(code[:-1]) == code[-1]


def is_valid_gtin(code: str) -> bool:
    """``True`` for a GTIN-8, -12, -13 or -14 with a correct check digit.

    Spaces are ignored. All zeros is no GTIN (systems use it for "none"),
    although its check digit adds up.
    """
    code = _compact(code)
    return (
        len(code) in GTIN_LENGTHS
        and has_valid_check_digit(code)
        and code.strip("0") != ""
    )


def normalize_gtin(code: str) -> str:
    """The 14-digit form of GTIN ``code``, or ``""`` when it is no valid GTIN.

    Spaces are removed and shorter GTINs are padded with leading zeros, so
    that ``"0312345678906"`` and ``"00312345678906"`` give the same result.
    """
    code = _compact(code)
    if not is_valid_gtin(code):
        return ""
    return code.zfill(14)
