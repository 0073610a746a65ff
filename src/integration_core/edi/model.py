"""Typed business documents exchanged with suppliers, whatever the EDI standard.

The X12 and EDIFACT codecs both read into and write from these dataclasses, so
an Odoo addon maps its records once and can talk to either kind of partner.

Conventions:

* Quantities and amounts are :class:`~decimal.Decimal`, never float.
* Units of measure use the X12 code list (``EA``, ``BX``, ``CA``, ``PK``...);
  the EDIFACT codec translates to and from UN/ECE Recommendation 20.
* Empty optional text is ``""``, an unknown date is ``None``.
* :class:`Address`, :class:`Party` and :class:`Product` are immutable values:
  readers hand out one shared object per distinct value (see
  :class:`SharedValues`), so a file that names the same hospital or glove
  box ten thousand times holds it once. Use :func:`dataclasses.replace` to
  derive a changed copy.
* ``control_number`` is the transaction set's own control number (X12 ST02,
  EDIFACT UNH 0062). Writers assign one when it is empty; readers fill it in.
"""

import dataclasses
import datetime
from decimal import Decimal

# Party roles, standard-neutral. Codecs map them to N101 / NAD 3035 codes.
BUYER = "buyer"
SELLER = "seller"
SHIP_TO = "ship_to"
BILL_TO = "bill_to"
SHIP_FROM = "ship_from"
REMIT_TO = "remit_to"
PARTY_ROLES = (BUYER, SELLER, SHIP_TO, BILL_TO, SHIP_FROM, REMIT_TO)

# Party identifier schemes, standard-neutral.
GLN = "gln"  # GS1 Global Location Number (X12 N103 "UL", EDIFACT 3055 "9")
DUNS = "duns"  # D-U-N-S number (X12 "1", EDIFACT "16")
ASSIGNED_BY_BUYER = "buyer_assigned"  # X12 "92", EDIFACT "92"
ASSIGNED_BY_SELLER = "seller_assigned"  # X12 "91", EDIFACT "91"


@dataclasses.dataclass(frozen=True)
class Address:
    street: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2


@dataclasses.dataclass(frozen=True)
class Party:
    role: str
    name: str = ""
    identifier: str = ""
    identifier_scheme: str = ""  # GLN, DUNS, ASSIGNED_BY_BUYER, ASSIGNED_BY_SELLER
    address: Address | None = None


@dataclasses.dataclass(frozen=True)
class Product:
    """How both sides name one trade item: any of the identifiers may be empty."""

    gtin: str = ""  # GTIN-8/12/13/14, digits only
    vendor_part: str = ""  # supplier's catalogue number
    buyer_part: str = ""  # our internal reference
    description: str = ""


class SharedValues:
    """Hands out one shared instance of an immutable ``value_class`` per value.

    Calling the table with the class's fields returns the instance made the
    first time those fields were seen. Readers build the same parties,
    addresses and products over and over in a large file; sharing them saves
    memory and the garbage collector's time. The table starts over when it
    holds ``size`` values, which bounds its memory; two threads that miss
    the same value at once only build two equal instances.
    """

    __slots__ = ("value_class", "size", "values")

    def __init__(self, value_class, size=4096):
        self.value_class = value_class
        self.size = size
        self.values = {}

    def __call__(self, *fields):
        value = self.values.get(fields)
        if value is None:
            if len(self.values) >= self.size:
                self.values.clear()
            value = self.values[fields] = self.value_class(*fields)
        return value


shared_address = SharedValues(Address)
shared_party = SharedValues(Party)
shared_product = SharedValues(Product)


# --------------------------------------------------------------------------
# Purchase order (X12 850, EDIFACT ORDERS)
# --------------------------------------------------------------------------

ORDER_ORIGINAL = "original"
ORDER_REPLACE = "replace"
ORDER_CANCEL = "cancel"


@dataclasses.dataclass
class OrderLine:
    line_number: str
    product: Product
    quantity: Decimal
    unit: str
    unit_price: Decimal | None = None
    requested_delivery: datetime.date | None = None


@dataclasses.dataclass
class PurchaseOrder:
    number: str
    order_date: datetime.date
    parties: list[Party]
    lines: list[OrderLine]
    purpose: str = ORDER_ORIGINAL
    currency: str = ""  # ISO 4217
    requested_delivery: datetime.date | None = None
    contract_number: str = ""
    note: str = ""
    control_number: str = ""


# --------------------------------------------------------------------------
# Purchase order acknowledgement (X12 855, EDIFACT ORDRSP)
# --------------------------------------------------------------------------

ACK_ACCEPTED = "accepted"
ACK_ACCEPTED_WITH_CHANGES = "accepted_with_changes"
ACK_REJECTED = "rejected"

LINE_ACCEPTED = "accepted"
LINE_CHANGED = "changed"  # quantity, price or date differs from the order
LINE_BACKORDERED = "backordered"
LINE_REJECTED = "rejected"


@dataclasses.dataclass
class AckLine:
    line_number: str  # the order line it answers
    product: Product
    status: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None = None
    scheduled_delivery: datetime.date | None = None


@dataclasses.dataclass
class PurchaseOrderAck:
    number: str  # the supplier's acknowledgement reference
    ack_date: datetime.date
    order_number: str
    order_date: datetime.date | None
    status: str
    parties: list[Party]
    lines: list[AckLine]
    control_number: str = ""


# --------------------------------------------------------------------------
# Ship notice (X12 856, EDIFACT DESADV): shipment / order / pack / item
# --------------------------------------------------------------------------


@dataclasses.dataclass
class ShippedItem:
    line_number: str  # the order line it fulfils
    product: Product
    quantity: Decimal
    unit: str
    lot: str = ""
    expiry_date: datetime.date | None = None
    serial_numbers: list[str] = dataclasses.field(default_factory=list)
    udi: str = ""  # unique device identifier (GS1 element string) when present


@dataclasses.dataclass
class Pack:
    sscc: str = ""  # 18-digit serial shipping container code
    items: list[ShippedItem] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ShippedOrder:
    order_number: str
    order_date: datetime.date | None = None
    packs: list[Pack] = dataclasses.field(default_factory=list)
    items: list[ShippedItem] = dataclasses.field(default_factory=list)  # unpacked


@dataclasses.dataclass
class ShipNotice:
    number: str  # shipment identification
    ship_date: datetime.date
    parties: list[Party]
    orders: list[ShippedOrder]
    expected_delivery: datetime.date | None = None
    carrier: str = ""  # SCAC / carrier code
    tracking_number: str = ""
    gross_weight: Decimal | None = None
    weight_unit: str = ""  # X12 units: LB, KG
    control_number: str = ""


# --------------------------------------------------------------------------
# Invoice (X12 810, EDIFACT INVOIC)
# --------------------------------------------------------------------------


ALLOWANCE = "allowance"
CHARGE = "charge"

# Standard-neutral kinds of allowance or charge; codecs map the standards'
# codes (X12 SAC02, EDIFACT 7161) to these and keep the original in ``code``.
KIND_FREIGHT = "freight"  # X12 D240, EDIFACT FC
KIND_DISCOUNT = "discount"  # X12 C310, EDIFACT DI
KIND_OTHER = "other"


@dataclasses.dataclass
class AllowanceCharge:
    """A discount (allowance) or a surcharge (charge), on a line or the whole invoice.

    ``amount`` is always positive: ``indicator`` says whether it lowers
    (:data:`ALLOWANCE`) or raises (:data:`CHARGE`) the total.
    """

    indicator: str  # ALLOWANCE or CHARGE
    amount: Decimal
    kind: str = KIND_OTHER
    code: str = ""  # the standard's own code (X12 SAC02, EDIFACT ALC 7161)
    description: str = ""
    percent: Decimal | None = None  # when expressed as a percentage
    base_amount: Decimal | None = None  # the amount the percentage applies to


@dataclasses.dataclass
class Tax:
    """One tax on a line or the invoice (X12 TXI, EDIFACT TAX + MOA)."""

    tax_type: str = ""  # X12 TXI01 ("ST", "VA"...), EDIFACT 5153 ("VAT", "GST"...)
    amount: Decimal | None = None
    percent: Decimal | None = None


# What an invoice document is (X12 BIG07, EDIFACT BGM 1001).
INVOICE = "invoice"  # X12 BIG07 absent or "DI", EDIFACT 380
CREDIT_NOTE = "credit_note"  # X12 BIG07 "CR", EDIFACT 381
DEBIT_NOTE = "debit_note"  # X12 BIG07 "DR", EDIFACT 383
INVOICE_KINDS = (INVOICE, CREDIT_NOTE, DEBIT_NOTE)


@dataclasses.dataclass
class InvoiceLine:
    line_number: str  # the order line invoiced
    product: Product
    quantity: Decimal
    unit: str
    unit_price: Decimal
    allowances_charges: list[AllowanceCharge] = dataclasses.field(default_factory=list)
    taxes: list[Tax] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Invoice:
    number: str
    invoice_date: datetime.date
    order_number: str
    parties: list[Party]
    lines: list[InvoiceLine]
    total_amount: Decimal
    currency: str = ""
    tax_amount: Decimal | None = None
    payment_terms_days: int | None = None
    order_date: datetime.date | None = None
    control_number: str = ""
    # Invoice-level allowances and charges (freight, discounts) and taxes.
    allowances_charges: list[AllowanceCharge] = dataclasses.field(default_factory=list)
    taxes: list[Tax] = dataclasses.field(default_factory=list)
    kind: str = INVOICE  # INVOICE, CREDIT_NOTE or DEBIT_NOTE


# --------------------------------------------------------------------------
# Price catalog with contract prices (X12 832, EDIFACT PRICAT)
# --------------------------------------------------------------------------


@dataclasses.dataclass
class CatalogItem:
    product: Product
    unit: str
    unit_price: Decimal
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    minimum_quantity: Decimal | None = None


@dataclasses.dataclass
class PriceCatalog:
    number: str  # catalogue / price list reference
    issue_date: datetime.date
    parties: list[Party]
    items: list[CatalogItem]
    contract_number: str = ""
    currency: str = ""
    control_number: str = ""


# --------------------------------------------------------------------------
# Functional acknowledgement (X12 997 / 999, EDIFACT CONTRL)
# --------------------------------------------------------------------------

FA_ACCEPTED = "accepted"
FA_ACCEPTED_WITH_ERRORS = "accepted_with_errors"
FA_REJECTED = "rejected"


@dataclasses.dataclass
class AckError:
    """One syntax error reported back to the sender."""

    code: str  # the standard's error code (X12 AK304/AK403, EDIFACT 0085)
    segment_id: str = ""
    segment_position: int | None = None  # 1-based within the transaction set
    element_position: int | None = None  # 1-based within the segment
    component_position: int | None = None


@dataclasses.dataclass
class SetAck:
    set_type: str  # "850", "ORDERS"...
    control_number: str
    status: str  # FA_ACCEPTED, FA_ACCEPTED_WITH_ERRORS, FA_REJECTED
    errors: list[AckError] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class FunctionalAck:
    """Acknowledges one functional group (X12) or one interchange (EDIFACT)."""

    acknowledged_control_number: str  # GS06 or UNB 0020 of what is answered
    functional_id: str  # X12 GS01 ("PO", "SH"...); EDIFACT: the message type
    status: str
    sets: list[SetAck]
    received_count: int
    accepted_count: int
    control_number: str = ""
    # Errors about the acknowledged interchange / group itself rather than one
    # set (EDIFACT UCI 0085, X12 AK905): at most one for EDIFACT.
    errors: list[AckError] = dataclasses.field(default_factory=list)


DOCUMENT_TYPES = (
    PurchaseOrder,
    PurchaseOrderAck,
    ShipNotice,
    Invoice,
    PriceCatalog,
    FunctionalAck,
)


# --------------------------------------------------------------------------
# Envelopes
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Identity:
    """An interchange sender or receiver (X12 ISA05/06, EDIFACT UNB S002)."""

    identifier: str
    qualifier: str = "ZZ"  # X12 ISA05 codes; EDIFACT 0007 codes (e.g. "14" GLN)


@dataclasses.dataclass
class Interchange:
    """One envelope: X12 ISA...IEA or EDIFACT UNB...UNZ.

    Writers group ``documents`` into functional groups by type (X12); readers
    return them in file order.
    """

    standard: str  # "X12" or "EDIFACT"
    version: str  # "004010", "005010", "D96A", "D01B"
    sender: Identity
    receiver: Identity
    control_number: str
    prepared_at: datetime.datetime
    documents: list = dataclasses.field(default_factory=list)
    test: bool = False
    ack_requested: bool = False
