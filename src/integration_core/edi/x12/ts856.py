"""X12 856 Ship Notice/Manifest <-> :class:`~..model.ShipNotice`.

Hierarchy (BSN05 ``0001``): Shipment ``S`` / Order ``O`` / Pack ``P`` / Item
``I``; items may also hang directly under an order (unpacked) and packs under
a tare ``T`` (pallet), which the model does not keep.

* S: TD1 (gross weight ``G``), TD5 (SCAC, TD502 ``2``), REF*CN (tracking;
  ``2I`` and ``BM`` read too), DTM*011 shipped / DTM*017 expected delivery,
  N1 loop.
* O: PRF (order number, PRF04 order date).
* P: MAN*GM (SSCC-18).
* I: LIN (LIN01 order line; GTIN as UK/EN/UP/EO, vendor part VN/VP, buyer part
  BP/IN; LT lot and SN serial pairs read too), SN1 (quantity, unit), PID*F,
  REF*LT lot, REF*SE serial (one per serial; REF*SN read too),
  REF*ZZ*UDI*<udi> (the UDI in REF03, a trading-partner convention), DTM*036
  expiry.
"""

from .. import model
from .common import (
    element,
    first,
    fmt_date,
    fmt_decimal,
    product_pairs,
    qualified,
    qualified_date,
    read_description,
    read_parties,
    read_product,
    to_date,
    to_decimal,
    write_parties,
)
from .schema import V4010, V5010
from .ts850 import n1_loop
from .validate import UNBOUNDED, Loop, M, O

SET_ID = "856"
FUNCTIONAL_ID = "SH"
DOCUMENT = model.ShipNotice

INVALID_HIERARCHY = "invalid_hierarchy"
TRACKING_QUALIFIERS = ("CN", "2I", "BM")
UDI_QUALIFIER = ("ZZ", "UDI")
#: REF01 "SE" is X12's Serial Number; "SN" (Seal Number) is what some guides send.
SERIAL_QUALIFIERS = ("SE", "SN")

#: X12 856 004010 and 005010 (the segments this codec knows, in order):
#: heading BSN DTM; detail HL loop (mandatory, 200000) with LIN SN1 PRF PO4 PID
#: MEA TD1 TD5 REF PER MAN DTM FOB and the N1 loop; summary CTT.
STRUCTURE = Loop(
    SET_ID,
    1,
    [
        M("BSN"),
        O("DTM", 10),
        Loop(
            "hl",
            200000,
            [
                M("HL"),
                O("LIN"),
                O("SN1"),
                O("PRF"),
                O("PO4"),
                O("PID", 200),
                O("MEA", 40),
                O("TD1", 20),
                O("TD5", 12),
                O("REF", UNBOUNDED),
                O("PER", 3),
                O("MAN", UNBOUNDED),
                O("DTM", 10),
                O("FOB"),
                n1_loop(extra=(O("FOB"),)),
            ],
            required=True,
        ),
        O("CTT"),
    ],
)
STRUCTURES = {V4010: STRUCTURE, V5010: STRUCTURE}


def read(root, ctx):
    """Return the :class:`~..model.ShipNotice` of a validated 856."""
    bsn_position, bsn = root["BSN"][0]
    levels = {}  # HL01 -> (level code, model object or None)
    shipment = None
    orders = []
    for instance in root["hl"]:
        position, hl = instance["HL"][0]
        hl_id, parent_id, level = hl[1:4]  # HL03 is mandatory: HL02 is there
        if hl_id in levels:
            _hierarchy_error(ctx, f"HL01 {hl_id!r} is used twice", position, 1)
            continue
        parent_level, parent = levels.get(parent_id, ("", None))
        if parent_id and not parent_level:
            _hierarchy_error(
                ctx, f"HL02 parent {parent_id!r} is not a previous HL", position, 2
            )
            continue
        if level == "S":
            if shipment is not None or parent_id:
                _hierarchy_error(
                    ctx, "only one top-level shipment HL is allowed", position, 3
                )
                continue
            shipment = instance
            levels[hl_id] = ("S", None)
        elif level == "O" and parent_level == "S":
            order = _read_order(ctx, instance, position)
            orders.append(order)
            levels[hl_id] = ("O", order)
        elif level == "T" and parent_level == "O":
            levels[hl_id] = ("T", parent)
        elif level == "P" and parent_level in ("O", "T"):
            _, sscc = qualified(instance, "MAN", "GM")
            pack = model.Pack(sscc=element(sscc, 2) if sscc else "")
            parent.packs.append(pack)
            levels[hl_id] = ("P", pack)
        elif level == "I" and parent_level in ("O", "P"):
            item = _read_item(ctx, instance, position)
            parent.items.append(item)
            levels[hl_id] = ("I", None)
        else:
            _hierarchy_error(
                ctx,
                f"HL03 level {level!r} cannot sit under {parent_level or 'nothing'!r}",
                position,
                3,
            )
    if shipment is None:
        ctx.error(
            "missing_segment",
            "the shipment level HL (HL03 S) is missing",
            bsn_position,
            "HL",
            expected="HL*1**S",
        )
        return None
    return _read_shipment(ctx, bsn, bsn_position, shipment, orders)


def _hierarchy_error(ctx, message, position, element_position):
    ctx.error(
        INVALID_HIERARCHY,
        message,
        position,
        "HL",
        element_position,
        "S > O > (T >) P > I",
    )


def _read_shipment(ctx, bsn, bsn_position, shipment, orders):
    weight = unit = carrier = tracking = ""
    for _, td1 in shipment.get("TD1", ()):
        if element(td1, 6) == "G" and element(td1, 7):
            weight, unit = td1[7], element(td1, 8)
            break
    for _, td5 in shipment.get("TD5", ()):
        if element(td5, 3):
            carrier = td5[3]
            break
    for qualifier in TRACKING_QUALIFIERS:
        _, ref = qualified(shipment, "REF", qualifier)
        if ref is not None and element(ref, 2):
            tracking = ref[2]
            break
    ship_date = qualified_date(ctx, shipment, "011") or to_date(
        ctx, bsn[3], bsn_position, "BSN", 3
    )
    expected = qualified_date(ctx, shipment, "017") or qualified_date(
        ctx, shipment, "067"
    )
    return model.ShipNotice(
        number=bsn[2],
        ship_date=ship_date,
        parties=read_parties(ctx, shipment.get("n1", ())),
        orders=orders,
        expected_delivery=expected,
        carrier=carrier,
        tracking_number=tracking,
        gross_weight=to_decimal(weight),
        weight_unit=unit,
    )


def _read_order(ctx, instance, position):
    prf_position, prf = first(instance, "PRF")
    if prf is None:
        ctx.error(
            "missing_segment",
            "order level HL without PRF",
            position,
            "PRF",
            expected="PRF",
        )
        return model.ShippedOrder("")
    return model.ShippedOrder(
        order_number=prf[1],
        order_date=to_date(ctx, element(prf, 4), prf_position, "PRF", 4),
    )


def _read_item(ctx, instance, position):
    lins = instance.get("LIN")
    sn1s = instance.get("SN1")
    if lins is None or sn1s is None:
        missing = "LIN" if lins is None else "SN1"
        ctx.error(
            "missing_segment",
            f"item level HL without {missing}",
            position,
            missing,
            expected=missing,
        )
        return model.ShippedItem("", model.Product(), None, "")
    lin_position, lin = lins[0]
    sn1 = sn1s[0][1]
    lot = udi = ""
    serials = []
    for index in range(2, len(lin) - 1, 2):  # lot and serial pairs in the LIN
        if lin[index] == "LT" and not lot:
            lot = lin[index + 1]
        elif lin[index] == "SN":
            serials.append(lin[index + 1])
    for _, ref in instance.get("REF", ()):
        qualifier, value = ref[1], ref[2]  # REF needs REF02 or REF03: both there
        if qualifier == "LT" and not lot:
            lot = value
        elif qualifier in SERIAL_QUALIFIERS and value:
            serials.append(value)
        elif (qualifier, value) == UDI_QUALIFIER and not udi:
            udi = element(ref, 3)
    return model.ShippedItem(
        line_number=lin[1] or sn1[1],  # LIN03 and SN103 are mandatory
        product=read_product(ctx, lin, 2, lin_position, read_description(instance)),
        quantity=to_decimal(sn1[2]),
        unit=sn1[3],
        lot=lot,
        expiry_date=qualified_date(ctx, instance, "036"),
        serial_numbers=serials,
        udi=udi,
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write(document, writer):
    """Write the segments of ``document`` between ST and SE."""
    stamp = writer.prepared_at
    time = f"{stamp.hour:02d}{stamp.minute:02d}" if stamp else "0000"
    writer.seg("BSN", "00", document.number, fmt_date(document.ship_date), time, "0001")
    counter = _Counter(writer)
    shipment = counter.open("", "S", bool(document.orders))
    _write_shipment(document, writer)
    for order in document.orders:
        where = f"order {order.order_number}"
        order_id = counter.open(shipment, "O", bool(order.packs or order.items))
        writer.seg(
            "PRF", order.order_number, "", "", fmt_date(order.order_date), where=where
        )
        for pack in order.packs:
            pack_id = counter.open(order_id, "P", bool(pack.items))
            if pack.sscc:
                writer.seg("MAN", "GM", pack.sscc, where=f"{where} pack")
            for item in pack.items:
                _write_item(writer, counter, pack_id, item)
        for item in order.items:
            _write_item(writer, counter, order_id, item)
    writer.seg("CTT", str(counter.count))


class _Counter:
    def __init__(self, writer):
        self.writer = writer
        self.count = 0

    def open(self, parent, level, has_children):
        self.count += 1
        hl_id = str(self.count)
        self.writer.seg("HL", hl_id, parent, level, "1" if has_children else "0")
        return hl_id


def _write_shipment(document, writer):
    if document.gross_weight is not None or document.weight_unit:
        packs = sum(len(order.packs) for order in document.orders) or 1
        writer.seg(
            "TD1",
            "CTN25",
            str(packs),
            "",
            "",
            "",
            "G",
            fmt_decimal(document.gross_weight),
            document.weight_unit,
            where="gross_weight",
        )
    if document.carrier:
        writer.seg("TD5", "", "2", document.carrier, where="carrier")
    if document.tracking_number:
        writer.seg("REF", "CN", document.tracking_number, where="tracking_number")
    writer.seg("DTM", "011", fmt_date(document.ship_date), where="ship_date")
    if document.expected_delivery:
        writer.seg("DTM", "017", fmt_date(document.expected_delivery))
    write_parties(writer, document.parties)


def _write_item(writer, counter, parent, item):
    where = f"item line {item.line_number}"
    counter.open(parent, "I", False)
    writer.seg(
        "LIN",
        item.line_number,
        *product_pairs(item.product, writer, where),
        where=where,
    )
    if item.quantity is None:
        writer.fail(f"{where}: quantity is missing", "missing_element", "a quantity")
    writer.seg("SN1", "", fmt_decimal(item.quantity), item.unit, where=where)
    if item.product.description:
        writer.seg("PID", "F", "", "", "", item.product.description, where=where)
    if item.lot:
        writer.seg("REF", "LT", item.lot, where=f"{where} lot")
    for serial in item.serial_numbers:
        writer.seg("REF", "SE", serial, where=f"{where} serial number")
    if item.udi:
        writer.seg("REF", *UDI_QUALIFIER, item.udi, where=f"{where} udi")
    if item.expiry_date:
        writer.seg("DTM", "036", fmt_date(item.expiry_date), where=where)
