"""Helpers shared by the message modules: reading context, writer, parties, products."""

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from .. import model
from ..errors import EdiValidationError, Location
from .units import REC20_TO_X12, X12_TO_REC20

VERSIONS = {"D96A": ("D", "96A"), "D01B": ("D", "01B")}
#: EANCOM association assigned codes written in UNH S009 0057 (optional on read).
ASSOCIATION_CODES = {
    ("ORDERS", "D96A"): "EAN008",
    ("ORDERS", "D01B"): "EAN010",
    ("ORDRSP", "D96A"): "EAN005",
    ("ORDRSP", "D01B"): "EAN007",
    ("DESADV", "D96A"): "EAN005",
    ("DESADV", "D01B"): "EAN007",
    ("INVOIC", "D96A"): "EAN008",
    ("INVOIC", "D01B"): "EAN010",
    ("PRICAT", "D96A"): "EAN006",
    ("PRICAT", "D01B"): "EAN008",
}

ROLE_TO_NAD = {
    model.BUYER: "BY",
    model.SELLER: "SU",
    model.SHIP_TO: "DP",
    model.BILL_TO: "IV",
    model.SHIP_FROM: "SF",
    model.REMIT_TO: "PE",
}
NAD_TO_ROLE = {code: role for role, code in ROLE_TO_NAD.items()}
NAD_TO_ROLE["ST"] = model.SHIP_TO
SCHEME_TO_3055 = {
    model.GLN: "9",
    model.DUNS: "16",
    model.ASSIGNED_BY_BUYER: "92",
    model.ASSIGNED_BY_SELLER: "91",
    "": "",
}
AGENCY_TO_SCHEME = {code: scheme for scheme, code in SCHEME_TO_3055.items()}

GTIN_QUALIFIERS = ("SRV", "EN", "UP", "EU")
DATE_FORMATS = {"102": 8, "203": 12, "204": 14, "101": 6, "718": 17}


def gs1_check_digit_ok(digits):
    """True when the last digit is the GS1 mod-10 check digit of the others."""
    odd = sum(map(int, digits[-2::-2]))  # weight 3, starting next to the check digit
    even = sum(map(int, digits[-3::-2]))
    return (10 - (3 * odd + even) % 10) % 10 == int(digits[-1])


def valid_gtin(value):
    return (
        value.isascii()
        and value.isdigit()
        and len(value) in (8, 12, 13, 14)
        and gs1_check_digit_ok(value)
    )


def valid_gln(value):
    return (
        value.isascii()
        and value.isdigit()
        and len(value) == 13
        and gs1_check_digit_ok(value)
    )


def valid_sscc(value):
    return (
        value.isascii()
        and value.isdigit()
        and len(value) == 18
        and gs1_check_digit_ok(value)
    )


def chunks(text, size, count):
    """Split ``text`` into at most ``count`` pieces of ``size`` characters."""
    return [text[i : i + size] for i in range(0, min(len(text), size * count), size)]


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


#: Errors kept per message (the first ones are the useful ones).
MAX_ERRORS = 200


class Reader:
    """Collects located errors and warnings while one message is mapped.

    Element and component arguments are 1-based EDIFACT positions. Warnings
    never reject the message.
    """

    def __init__(self, location, version):
        self.location = location
        self.version = version
        self.errors = []
        self.warnings = []

    def warn(self, code, message, seg, expected=""):
        """Record a warning about segment ``seg`` (bounded like errors)."""
        if len(self.warnings) >= MAX_ERRORS:
            return
        location = dataclasses.replace(
            self.location, segment_position=seg.pos, segment_id=seg.tag
        )
        self.warnings.append(
            EdiValidationError(message, location=location, code=code, expected=expected)
        )

    def error(
        self,
        code,
        message,
        seg=None,
        element=None,
        component=None,
        expected="",
        segment_id=None,
    ):
        if len(self.errors) >= MAX_ERRORS:
            return  # the message is rejected anyway; keep memory bounded
        if segment_id is None:
            segment_id = seg.tag if seg is not None else ""
        location = dataclasses.replace(
            self.location,
            segment_position=seg.pos if seg is not None else None,
            segment_id=segment_id,
            element_position=element,
            component_position=component,
        )
        self.errors.append(
            EdiValidationError(message, location=location, code=code, expected=expected)
        )

    def require(self, seg, tag, anchor):
        """Report a missing segment ``tag`` (noticed at ``anchor``) and return None."""
        if seg is None:
            location = dataclasses.replace(
                self.location,
                segment_position=anchor.pos if anchor is not None else None,
                segment_id=tag,
            )
            self.errors.append(
                EdiValidationError(
                    f"required segment {tag} is missing",
                    location=location,
                    code="missing_segment",
                    expected=f"segment {tag}",
                )
            )
        return seg

    def code(self, seg, element, component, allowed, what):
        value = seg.get(element - 1, component - 1)
        if value not in allowed:
            self.error(
                "invalid_code",
                f"{what} code {value!r} is not supported",
                seg,
                element,
                component,
                "one of " + ", ".join(sorted(k for k in allowed if k)),
            )
            return None
        return allowed[value]

    def decimal(self, seg, element, component=1, required=True):
        value = seg.get(element - 1, component - 1)
        if not value:
            if required:
                self.error(
                    "missing_element", "a number is required", seg, element, component
                )
            return None
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(
                "invalid_number", f"{value!r} is not a number", seg, element, component
            )
            return None
        return number

    def unit(self, seg, element, component):
        value = seg.get(element - 1, component - 1)
        unit = REC20_TO_X12.get(value)
        if unit is None:
            self.error(
                "invalid_unit",
                f"unit of measure {value!r} is not in the supported Rec. 20 table",
                seg,
                element,
                component,
                "a UN/ECE Rec. 20 code such as EA, BX, CS, PK, CT",
            )
            return ""
        return unit

    def date(self, seg):
        """Return the date of a DTM segment (formats 102, 203, 204, 101, 718)."""
        if seg is None:
            return None
        value, fmt = seg.get(0, 1), seg.get(0, 2) or "102"
        size = DATE_FORMATS.get(fmt)
        if size is None:
            self.error(
                "invalid_code", f"date format {fmt!r}", seg, 1, 3, "102, 203 or 204"
            )
            return None
        try:
            if len(value) != size or not value.replace("-", "").isdigit():
                raise ValueError(value)
            if fmt == "101":
                year = int(value[:2])
                return datetime.date(
                    2000 + year if year < 69 else 1900 + year,
                    int(value[2:4]),
                    int(value[4:6]),
                )
            return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            self.error(
                "invalid_date", f"{value!r} is not a date in format {fmt}", seg, 1, 2
            )
            return None

    def gtin(self, seg, element, component):
        value = seg.get(element - 1, component - 1)
        if not valid_gtin(value):
            self.error(
                "invalid_gtin",
                f"{value!r} is not a GTIN",
                seg,
                element,
                component,
                "8, 12, 13 or 14 digits with a valid GS1 check digit",
            )
            return ""
        return value


def dates_by_qualifier(segments):
    """Map DTM 2005 qualifier -> first DTM segment with it."""
    found = {}
    for seg in segments:
        found.setdefault(seg.get(0, 0), seg)
    return found


def refs_by_qualifier(node, group_name="RFF"):
    """Map RFF 1153 -> (RFF segment, group node) for the RFF groups of ``node``."""
    found = {}
    for group in node.group_list(group_name):
        seg = group.first("RFF")
        found.setdefault(seg.get(0, 0), (seg, group))
    return found


def read_parties(reader, node, group_name="NAD"):
    parties = []
    for group in node.group_list(group_name):
        seg = group.first("NAD")
        role = reader.code(seg, 1, 1, NAD_TO_ROLE, "party qualifier (3035)")
        scheme = reader.code(seg, 2, 3, AGENCY_TO_SCHEME, "code list agency (3055)")
        if role is None or scheme is None:
            continue
        identifier = seg.get(1, 0)
        if scheme == model.GLN and identifier and not valid_gln(identifier):
            reader.error(
                "invalid_gln",
                f"{identifier!r} is not a GLN",
                seg,
                2,
                1,
                "13 digits with a valid GS1 check digit",
            )
        name = "".join(seg.get(3, index) for index in range(5))
        address = None
        fields = (
            seg.get(4, 0),
            seg.get(4, 1),
            seg.get(5, 0),
            seg.get(6, 0),
            seg.get(7, 0),
            seg.get(8, 0),
        )
        if any(fields):
            address = model.shared_address(*fields)
        parties.append(
            model.shared_party(
                role, name, identifier, scheme if identifier else "", address
            )
        )
    return parties


def read_product(reader, lin, node):
    """Build a Product from a LIN group (LIN C212, PIA SA/IN, IMD)."""
    gtin = vendor_part = buyer_part = description = ""
    if lin.get(2, 0):
        if lin.get(2, 1) not in GTIN_QUALIFIERS:
            reader.error(
                "invalid_code",
                f"item number type {lin.get(2, 1)!r}",
                lin,
                3,
                2,
                "SRV or EN (GTIN)",
            )
        else:
            gtin = reader.gtin(lin, 3, 1)
    for pia in node.all("PIA"):
        for element in range(1, 6):
            number, kind = pia.get(element, 0), pia.get(element, 1)
            if not number:
                continue
            if kind == "SA":
                vendor_part = number
            elif kind in ("IN", "BP"):
                buyer_part = number
            elif kind in GTIN_QUALIFIERS and not gtin:
                gtin = reader.gtin(pia, element + 1, 1)
    imd = node.first("IMD")
    if imd is not None:
        description = imd.get(2, 3) + imd.get(2, 4)
    return model.shared_product(gtin, vendor_part, buyer_part, description)


def line_quantity(reader, node, qualifiers, anchor):
    """Return ``(quantity, unit, seg)`` of the first QTY with one of ``qualifiers``."""
    for wanted in qualifiers:
        for seg in node.all("QTY"):
            if seg.get(0, 0) == wanted:
                quantity = reader.decimal(seg, 1, 2)
                unit = reader.unit(seg, 1, 3) if seg.get(0, 2) else "EA"
                return quantity, unit, seg
    reader.require(None, "QTY", anchor)
    return None, "", None


def price_of(reader, node, group_name="PRI", qualifiers=("AAA", "AAB")):
    for wanted in qualifiers:
        for group in node.group_list(group_name):
            seg = group.first("PRI")
            if seg.get(0, 0) == wanted:
                return reader.decimal(seg, 1, 2), seg, group
    return None, None, None


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


class Writer:
    """Collects ``(tag, elements)`` for one message and checks values on the way."""

    def __init__(self, document, version, interchange=None, location=None):
        self.interchange = interchange
        self.location = location or Location()
        number = getattr(document, "number", "") or getattr(
            document, "acknowledged_control_number", ""
        )
        self.label = f"{type(document).__name__} {number}".strip()
        self.version = version
        self.segments = []

    def add(self, tag, *elements):
        self.segments.append((tag, list(elements)))

    def fail(self, field, message, expected=""):
        raise EdiValidationError(
            f"{self.label}: {field} {message}",
            location=self.location,
            code="unwritable_value",
            expected=expected,
        )

    def an(self, value, size, field, required=False):
        if not isinstance(value, str):
            self.fail(field, f"is {type(value).__name__}, not text", "a str")
        if required and not value:
            self.fail(field, "is empty", f"1 to {size} characters")
        if len(value) > size:
            self.fail(field, f"is {len(value)} characters long", f"at most {size}")
        return value

    def long_text(self, value, size, count, field):
        self.an(value, size * count, field)
        return chunks(value, size, count)

    def number(self, value, field, digits=15):
        if not isinstance(value, Decimal) or not value.is_finite():
            self.fail(field, f"is {value!r}", "a finite Decimal")
        text = format(value, "f")
        if sum(ch.isdigit() for ch in text) > digits:
            self.fail(field, f"{text} has too many digits", f"at most {digits}")
        return text

    def date(self, value, field):
        if not isinstance(value, datetime.date):
            self.fail(field, f"is {value!r}", "a date")
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"

    def dtm(self, qualifier, value, field):
        self.add("DTM", [qualifier, self.date(value, field), "102"])

    def unit(self, value, field):
        code = X12_TO_REC20.get(value)
        if code is None:
            self.fail(
                field,
                f"unit {value!r} has no UN/ECE Rec. 20 translation",
                "one of " + ", ".join(sorted(X12_TO_REC20)),
            )
        return code

    def gtin(self, value, field):
        if value and not valid_gtin(value):
            self.fail(
                field,
                f"{value!r} is not a GTIN",
                "8, 12, 13 or 14 digits with a valid check digit",
            )
        return value

    def parties(self, parties):
        for index, party in enumerate(parties):
            self.party(party, f"parties[{index}]")

    def party(self, party, field):
        role = ROLE_TO_NAD.get(party.role)
        if role is None:
            self.fail(
                f"{field}.role", f"{party.role!r} is unknown", str(model.PARTY_ROLES)
            )
        if party.identifier_scheme not in SCHEME_TO_3055:
            self.fail(
                f"{field}.identifier_scheme", f"{party.identifier_scheme!r} is unknown"
            )
        ident = self.an(party.identifier, 35, f"{field}.identifier")
        if party.identifier_scheme and not ident:
            self.fail(f"{field}.identifier", "is empty but a scheme is set")
        if party.identifier_scheme == model.GLN and not valid_gln(ident):
            self.fail(f"{field}.identifier", f"{ident!r} is not a GLN", "13 digits")
        id_element = (
            [ident, "", SCHEME_TO_3055[party.identifier_scheme]] if ident else ""
        )
        name = self.long_text(party.name, 35, 5, f"{field}.name")
        address = party.address
        elements = [role, id_element, "", name]
        if address is not None:
            postal = 17 if self.version == "D01B" else 9
            elements += [
                [
                    self.an(address.street, 35, f"{field}.address.street"),
                    self.an(address.street2, 35, f"{field}.address.street2"),
                ],
                self.an(address.city, 35, f"{field}.address.city"),
                self.an(address.state, 9, f"{field}.address.state"),
                self.an(address.postal_code, postal, f"{field}.address.postal_code"),
                self.an(address.country, 3, f"{field}.address.country"),
            ]
            if address.street2 and not address.street:
                self.fail(f"{field}.address.street2", "is set without street")
            if not any(
                (
                    address.street,
                    address.street2,
                    address.city,
                    address.state,
                    address.postal_code,
                    address.country,
                )
            ):
                self.fail(f"{field}.address", "is empty", "None or at least one field")
        self.add("NAD", *elements)

    def lin(self, number, product, field, action=""):
        self.an(number, 6, f"{field}.line_number", required=True)
        if self.version == "D96A" and not (number.isascii() and number.isdigit()):
            self.fail(
                f"{field}.line_number",
                f"{number!r} is not a number (D.96A LIN 1082 is n..6)",
                "1 to 6 digits",
            )
        gtin = self.gtin(product.gtin, f"{field}.product.gtin")
        qualifier = "SRV" if self.version == "D01B" else "EN"
        self.add("LIN", number, action, [gtin, qualifier] if gtin else "")
        ids = []
        if product.vendor_part:
            ids.append(
                [self.an(product.vendor_part, 35, f"{field}.product.vendor_part"), "SA"]
            )
        if product.buyer_part:
            ids.append(
                [self.an(product.buyer_part, 35, f"{field}.product.buyer_part"), "IN"]
            )
        if ids:
            self.add("PIA", "1", *ids)
        if product.description:
            size = 256 if self.version == "D01B" else 35
            parts = self.long_text(
                product.description, size, 2, f"{field}.product.description"
            )
            self.add("IMD", "F", "", ["", "", "", *parts])

    def qty(self, qualifier, quantity, unit, field):
        self.add(
            "QTY",
            [
                qualifier,
                self.number(quantity, f"{field}.quantity"),
                self.unit(unit, f"{field}.unit"),
            ],
        )

    def pri(self, qualifier, price, field, unit=None):
        value = self.number(price, field)
        if unit is None:
            self.add("PRI", [qualifier, value])
        else:
            self.add("PRI", [qualifier, value, "", "", "1", unit])

    def free_text(self, qualifier, text, field):
        size = 512 if self.version == "D01B" else 70
        self.add("FTX", qualifier, "", "", self.long_text(text, size, 5, field))


def currency(w, value):
    """Check an ISO 4217 currency code for writing."""
    if not (
        len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()
    ):
        w.fail("currency", f"{value!r} is not an ISO 4217 code", "3 capital letters")
    return value


def required_text(r, seg, element, what, component=1):
    value = seg.get(element - 1, component - 1)
    if not value:
        r.error("missing_element", f"{what} is missing", seg, element, component)
    return value


def first_in_groups(node, group_name, tag):
    for group in node.group_list(group_name):
        return group.first(tag)
    return None


def read_note(node, qualifier):
    for seg in node.all("FTX"):
        if seg.get(0) == qualifier:
            return "".join(seg.get(3, index) for index in range(5))
    return ""


def check_line_count(r, root, count):
    for cnt in root.all("CNT"):
        if cnt.get(0, 0) == "2" and cnt.get(0, 1) != str(count):
            r.error(
                "bad_count",
                f"CNT 2 says {cnt.get(0, 1)!r} lines, found {count}",
                cnt,
                1,
                2,
                str(count),
            )
