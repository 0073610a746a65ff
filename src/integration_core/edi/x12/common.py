"""Pieces every X12 transaction set shares: value conversions, the segment
writer, parties (N1/N3/N4) and product identifiers (PO1/LIN/IT1 pairs).
"""

import datetime
from decimal import Decimal, InvalidOperation

from .. import model
from ..errors import EdiValidationError, Location
from . import schema

# --------------------------------------------------------------------------
# Code lists
# --------------------------------------------------------------------------

ROLE_TO_CODE = {
    model.BUYER: "BY",
    model.SELLER: "SE",
    model.SHIP_TO: "ST",
    model.BILL_TO: "BT",
    model.SHIP_FROM: "SF",
    model.REMIT_TO: "RI",
}
CODE_TO_ROLE = {
    "BY": model.BUYER,
    "OB": model.BUYER,
    "SE": model.SELLER,
    "VN": model.SELLER,
    "SU": model.SELLER,
    "ST": model.SHIP_TO,
    "BT": model.BILL_TO,
    "SF": model.SHIP_FROM,
    "RI": model.REMIT_TO,
    "RE": model.REMIT_TO,
}
SCHEME_TO_CODE = {
    model.GLN: "UL",
    model.DUNS: "1",
    model.ASSIGNED_BY_BUYER: "92",
    model.ASSIGNED_BY_SELLER: "91",
    "": "ZZ",
}
CODE_TO_SCHEME = {
    "UL": model.GLN,
    "1": model.DUNS,
    "9": model.DUNS,
    "92": model.ASSIGNED_BY_BUYER,
    "91": model.ASSIGNED_BY_SELLER,
    "ZZ": "",
}
#: Other N103 qualifiers (e.g. "21" HIN, "11" DEA) keep their code: "x12:<code>".
OTHER_SCHEME_PREFIX = "x12:"

#: GTIN length -> product ID qualifier (UK GTIN-14, EN EAN-13, UP UPC-A, EO EAN-8).
GTIN_QUALIFIERS = {14: "UK", 13: "EN", 12: "UP", 8: "EO"}
GTIN_CODES = frozenset({"UK", "EN", "UP", "EO", "UA", "UI"})
VENDOR_PART_CODES = frozenset({"VN", "VP", "VC", "VA"})
BUYER_PART_CODES = frozenset({"IN", "BP", "PI"})

INVALID_VALUE = "invalid_value"

# --------------------------------------------------------------------------
# Reading helpers
# --------------------------------------------------------------------------

_DATE_CACHE = {}


def element(elements, position):
    """Return element ``position`` (1-based) of a split segment, or ``""``."""
    return elements[position] if position < len(elements) else ""


def to_date(ctx, value, position, segment_id, element_position):
    """Return the CCYYMMDD ``value`` as a date (``None`` when empty or invalid)."""
    if not value:
        return None
    date = _DATE_CACHE.get(value)
    if date is not None:
        return date
    try:
        date = datetime.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        ctx.error(
            schema.INVALID_DATE,
            f"{segment_id}{element_position:02d} {value!r} is not a calendar date",
            position,
            segment_id,
            element_position,
            "CCYYMMDD",
        )
        return None
    if len(_DATE_CACHE) < 20000:
        _DATE_CACHE[value] = date
    return date


def to_decimal(value):
    """Return an R value as a Decimal (``None`` when empty); it passed the regex."""
    return Decimal(value) if value else None


def to_cents(value):
    """Return an N2 value (implied two decimals) as a Decimal amount."""
    return Decimal(int(value)).scaleb(-2) if value else None


def first(instance, segment_id):
    """Return ``(position, elements)`` of the first ``segment_id`` in ``instance``."""
    entries = instance.get(segment_id)
    return entries[0] if entries else (None, None)


def qualified(instance, segment_id, qualifier):
    """Return the first ``(position, elements)`` whose element 1 is ``qualifier``."""
    for entry in instance.get(segment_id, ()):
        if len(entry[1]) > 1 and entry[1][1] == qualifier:
            return entry
    return None, None


def qualified_date(ctx, instance, qualifier):
    """Return the date of the first DTM with DTM01 ``qualifier``.

    The date is DTM02, or DTM06 when DTM05 (date time period format) is
    ``D8`` (CCYYMMDD): both are the standard's ways to give one date.
    """
    position, elements = qualified(instance, "DTM", qualifier)
    if elements is None:
        return None
    if not element(elements, 2) and element(elements, 5) == "D8":
        return to_date(ctx, element(elements, 6), position, "DTM", 6)
    return to_date(ctx, element(elements, 2), position, "DTM", 2)


def qualified_value(instance, qualifier, segment_id="REF"):
    position, elements = qualified(instance, segment_id, qualifier)
    return "" if elements is None else element(elements, 2)


def read_parties(ctx, instances):
    """Return the :class:`~..model.Party` list of N1 loop instances.

    Parties whose N101 role the model does not know (e.g. ``MF``) are skipped.
    """
    parties = []
    for instance in instances:
        n1 = (*instance["N1"][0][1], "", "", "")  # padded: N102-N104 may be absent
        role = CODE_TO_ROLE.get(n1[1])
        if role is None:
            continue
        qualifier = n1[3]
        scheme = CODE_TO_SCHEME.get(qualifier)
        if scheme is None:
            scheme = OTHER_SCHEME_PREFIX + qualifier
        address = None
        n3 = instance.get("N3")
        n4 = instance.get("N4")
        if n3 is not None or n4 is not None:
            n3 = (*n3[0][1], "", "") if n3 else ("N3", "", "")
            n4 = (*n4[0][1], "", "", "", "") if n4 else ("N4", "", "", "", "")
            address = model.shared_address(n3[1], n3[2], n4[1], n4[2], n4[3], n4[4])
        parties.append(
            model.shared_party(role, n1[2], n1[4], scheme if qualifier else "", address)
        )
    return parties


def read_pairs(elements, start):
    """Yield ``(qualifier, value)`` pairs from element ``start`` on."""
    for index in range(start, len(elements) - 1, 2):
        qualifier = elements[index]
        if qualifier:
            yield qualifier, elements[index + 1]


#: Product ID qualifier -> index in (GTIN, vendor part, buyer part).
_PRODUCT_ID_KINDS = {
    **dict.fromkeys(GTIN_CODES, 0),
    **dict.fromkeys(VENDOR_PART_CODES, 1),
    **dict.fromkeys(BUYER_PART_CODES, 2),
}


def read_product(ctx, elements, start, position, description=""):
    """Return the :class:`~..model.Product` named by the ID pairs from ``start``.

    The first pair of each kind wins (GTIN, vendor part, buyer part); a
    trailing qualifier without its value is ignored.
    """
    ids = ["", "", ""]
    gtin_index = 0
    kinds = _PRODUCT_ID_KINDS
    for index in range(start, len(elements) - 1, 2):
        kind = kinds.get(elements[index])
        if kind is not None and not ids[kind]:
            ids[kind] = elements[index + 1]
            if not kind:
                gtin_index = index + 1
    gtin = ids[0]
    if gtin and not (gtin.isdigit() and gtin.isascii()):
        ctx.error(
            INVALID_VALUE,
            f"GTIN {gtin!r} is not all digits",
            position,
            elements[0],
            gtin_index,
            "digits",
        )
    return model.shared_product(gtin, ids[1], ids[2], description)


def read_description(instance):
    """Return PID05 of the first PID (free-form description) in ``instance``."""
    entries = instance.get("PID")
    if not entries:
        loops = instance.get("pid")
        if not loops:
            return ""
        entries = loops[0]["PID"]
    return element(entries[0][1], 5)


# --------------------------------------------------------------------------
# Writing helpers
# --------------------------------------------------------------------------


def fmt_date(date):
    return "" if date is None else f"{date.year:04d}{date.month:02d}{date.day:02d}"


def fmt_decimal(value):
    """Return an R value: plain notation, no exponent."""
    if value is None:
        return ""
    if type(value) is not Decimal:
        value = Decimal(str(value))
    return format(value, "f")


def fmt_cents(value, writer, what):
    """Return an N2 value (amount in cents) or raise for sub-cent amounts."""
    if value is None:
        return ""
    value = value if type(value) is Decimal else Decimal(str(value))
    try:
        cents = value.scaleb(2)
        whole = cents.to_integral_value()
    except InvalidOperation:
        whole = cents = None
    if cents is None or cents != whole:
        writer.fail(
            f"{what} {value} has more than two decimals", INVALID_VALUE, "cents"
        )
    return str(int(whole))


def product_pairs(product, writer, where):
    """Return the qualifier/ID values naming ``product``: GTIN, vendor, buyer part."""
    values = []
    if product.gtin:
        qualifier = GTIN_QUALIFIERS.get(len(product.gtin))
        if qualifier is None or not (product.gtin.isdigit() and product.gtin.isascii()):
            writer.fail(
                f"{where}: GTIN {product.gtin!r} is not 8, 12, 13 or 14 digits",
                INVALID_VALUE,
                "a GTIN-8, -12, -13 or -14",
            )
        values += (qualifier, product.gtin)
    if product.vendor_part:
        values += ("VN", product.vendor_part)
    if product.buyer_part:
        values += ("IN", product.buyer_part)
    return values


def write_parties(writer, parties):
    """Write one N1 loop (N1, N3, N4) per party."""
    for party in parties:
        code = ROLE_TO_CODE.get(party.role)
        if code is None:
            writer.fail(
                f"party role {party.role!r} is unknown",
                INVALID_VALUE,
                ", ".join(model.PARTY_ROLES),
            )
        qualifier = ""
        if party.identifier:
            scheme = party.identifier_scheme
            qualifier = SCHEME_TO_CODE.get(scheme)
            if qualifier is None and scheme.startswith(OTHER_SCHEME_PREFIX):
                qualifier = scheme[len(OTHER_SCHEME_PREFIX) :]
            if not qualifier:
                writer.fail(
                    f"party {party.role}: identifier scheme {scheme!r} is unknown",
                    INVALID_VALUE,
                    "gln, duns, buyer_assigned, seller_assigned or x12:<code>",
                )
        where = f"party {party.role}"
        writer.seg("N1", code, party.name, qualifier, party.identifier, where=where)
        address = party.address
        if address is not None:
            if address.street or address.street2:
                writer.seg("N3", address.street, address.street2, where=where)
            if address.city or address.state or address.postal_code or address.country:
                writer.seg(
                    "N4",
                    address.city,
                    address.state,
                    address.postal_code,
                    address.country,
                    where=where,
                )


class SegmentWriter:
    """Builds one transaction set's segments, validating each as it is written.

    A value that breaks its element's spec, or holds a delimiter, raises
    :class:`EdiValidationError` naming the document, the element and what
    was expected.
    """

    def __init__(self, specs, delimiters, label, location):
        self.specs = specs
        self.element = delimiters.element
        self.forbidden = tuple(
            char
            for char in (delimiters.segment, delimiters.repetition, delimiters.suffix)
            if char
        )
        self.component = delimiters.component
        self.label = label
        self.location = location  # Location with the set's control numbers
        self.segments = []
        self.prepared_at = None  # the interchange's timestamp, for BSN04 and the like
        self.version = schema.V4010  # the interchange's version: some sets differ

    def seg(self, segment_id, *values, where=""):
        """Append one segment; trailing empty elements are dropped."""
        count = len(values)
        while count and not values[count - 1]:
            count -= 1
        try:
            text = self.element.join((segment_id, *values[:count]))
        except TypeError:
            self._invalid(segment_id, values, where)
        spec = self.specs[segment_id]
        if (
            not spec.matches(text, count)
            or text.count(self.element) != count
            or any(char in text for char in self.forbidden)
            or (self.component in text and segment_id not in _COMPOSITE_SEGMENTS)
        ):
            self._invalid(segment_id, values[:count], where)
        self.segments.append(text)

    def fail(self, message, code, expected="", segment_id="", element_position=None):
        raise EdiValidationError(
            f"{self.label}: {message}",
            location=dataclasses_replace(
                self.location,
                segment_position=len(self.segments) + 1,
                segment_id=segment_id,
                element_position=element_position,
            ),
            code=code,
            expected=expected,
        )

    def _invalid(self, segment_id, values, where):
        prefix = f"{where}: " if where else ""
        for position, value in enumerate(values, 1):
            if not isinstance(value, str):
                self.fail(
                    f"{prefix}{segment_id}{position:02d} is a {type(value).__name__}",
                    INVALID_VALUE,
                    "text",
                    segment_id,
                    position,
                )
            delimiters = (self.element, *self.forbidden)
            if segment_id not in _COMPOSITE_SEGMENTS:
                delimiters += (self.component,)
            if any(char in value for char in delimiters):
                self.fail(
                    f"{prefix}{segment_id}{position:02d} {value[:40]!r}"
                    " holds a delimiter",
                    schema.INVALID_CHARACTER,
                    "no delimiter characters",
                    segment_id,
                    position,
                )
        spec = self.specs[segment_id]
        problems = spec.check((segment_id, *values)) or [
            schema.Problem(schema.INVALID_CHARACTER, None, f"{segment_id} is invalid")
        ]
        problem = problems[0]
        self.fail(
            prefix + problem.message,
            problem.code,
            problem.expected,
            segment_id,
            problem.element_position,
        )


_COMPOSITE_SEGMENTS = frozenset({"CTP", "MEA", "AK4", "IK4", "CTX"})


def dataclasses_replace(location, **changes):
    fields = {
        "interchange_control": location.interchange_control,
        "group_control": location.group_control,
        "set_control": location.set_control,
        "set_type": location.set_type,
        **changes,
    }
    return Location(**fields)
