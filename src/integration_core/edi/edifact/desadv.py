"""DESADV (despatch advice) <-> :class:`~integration_core.edi.model.ShipNotice`.

Layout (EANCOM style):

* BGM 351, DTM 137 / 11 (despatch) / 17 (estimated delivery),
  MEA AAX AAD (consignment gross weight), RFF ON + DTM 171 per order,
  RFF CN (carrier's reference = tracking number), NAD, TDT 20 (carrier in C040).
* CPS 1 = shipment level: LIN groups of unpacked items.
* CPS n (parent 1) per pack: PAC 1, PCI 33E + RFF ON (order) + GIN BJ (SSCC),
  then the LIN groups packed in it.
* Per item: LIN (sequential), PIA, IMD, QTY 12 (despatched), FTX ZZZ (UDI),
  RFF ON order:line (C506 1154:1156), PCI 36E + DTM 361 (expiry)
  + GIN BX (batch/lot) + GIN BN (serial numbers, 5 per GIN); past the 10
  GINs a PCI group may hold, another PCI 36E carries the rest.

Reading also accepts GIR with BX (batch) and BN (serial) identities,
DTM 36 (expiry date) in place of 361, and the expiry DTM directly in the LIN
group (as D96A allows) as well as in its PCI groups; two different expiry
dates for one line are an error (``conflicting_value``).
"""

from .. import model
from .common import (
    Writer,
    chunks,
    dates_by_qualifier,
    first_in_groups,
    line_quantity,
    read_parties,
    read_product,
    required_text,
    valid_sscc,
)
from .structures import structures

TYPE = "DESADV"
DOCUMENT = model.ShipNotice
#: DTM 2005 qualifiers read as a lot's expiry: 361 (best before, what we
#: write) and 36 (expiry date).
EXPIRY_QUALIFIERS = ("361", "36")
#: GIN groups a PCI group may hold (D.96A and D.01B); more go in further PCIs.
GINS_PER_PCI = 10


#: Directory structure per version (:mod:`.structures`).
STRUCTURES = structures(TYPE)


# ----------------------------------------------------------------- writing


def write(notice, w: Writer):
    w.add("BGM", "351", w.an(notice.number, 35, "number", required=True), "9")
    w.dtm("137", notice.ship_date, "ship_date")
    w.dtm("11", notice.ship_date, "ship_date")
    if notice.expected_delivery is not None:
        w.dtm("17", notice.expected_delivery, "expected_delivery")
    _write_weight(notice, w)
    for index, order in enumerate(notice.orders):
        field = f"orders[{index}]"
        w.add(
            "RFF",
            [
                "ON",
                w.an(order.order_number, 35, f"{field}.order_number", required=True),
            ],
        )
        if order.order_date is not None:
            w.dtm("171", order.order_date, f"{field}.order_date")
    numbers = [order.order_number for order in notice.orders]
    if len(set(numbers)) != len(numbers):
        w.fail("orders", "repeat an order_number", "one ShippedOrder per order")
    if notice.tracking_number:
        w.add("RFF", ["CN", w.an(notice.tracking_number, 35, "tracking_number")])
    w.parties(notice.parties)
    if notice.carrier:
        w.add("TDT", "20", "", "", "", [w.an(notice.carrier, 17, "carrier")])
    counter = [0]
    w.add("CPS", "1")
    for index, order in enumerate(notice.orders):
        for item_index, item in enumerate(order.items):
            _write_item(w, order, item, f"orders[{index}].items[{item_index}]", counter)
    pack_number = 1
    for index, order in enumerate(notice.orders):
        for pack_index, pack in enumerate(order.packs):
            pack_number += 1
            field = f"orders[{index}].packs[{pack_index}]"
            w.add("CPS", str(pack_number), "1")
            w.add("PAC", "1")
            if pack.sscc:
                if not valid_sscc(pack.sscc):
                    w.fail(
                        f"{field}.sscc",
                        f"{pack.sscc!r} is not an SSCC",
                        "18 digits with a valid GS1 check digit",
                    )
                w.add("PCI", "33E")
                w.add("RFF", ["ON", order.order_number])
                w.add("GIN", "BJ", pack.sscc)
            elif not pack.items:
                w.fail(field, "has neither an SSCC nor items")
            for item_index, item in enumerate(pack.items):
                _write_item(w, order, item, f"{field}.items[{item_index}]", counter)


def _write_weight(notice, w):
    if notice.gross_weight is None and not notice.weight_unit:
        return
    if notice.gross_weight is None or not notice.weight_unit:
        w.fail("gross_weight", "and weight_unit must be given together")
    w.add(
        "MEA",
        "AAX",
        "AAD",
        [
            w.unit(notice.weight_unit, "weight_unit"),
            w.number(notice.gross_weight, "gross_weight", 18),
        ],
    )


def _write_item(w, order, item, field, counter):
    counter[0] += 1
    w.an(item.line_number, 6, f"{field}.line_number", required=True)
    w.lin(str(counter[0]), item.product, field)
    w.qty("12", item.quantity, item.unit, field)
    if item.udi:
        w.free_text("ZZZ", item.udi, f"{field}.udi")
    w.add("RFF", ["ON", order.order_number, item.line_number])
    if item.lot or item.expiry_date is not None or item.serial_numbers:
        gins = []
        if item.lot:
            gins.append(("BX", w.an(item.lot, 35, f"{field}.lot")))
        for index, serial in enumerate(item.serial_numbers):
            w.an(serial, 35, f"{field}.serial_numbers[{index}]", required=True)
        for group in chunks(item.serial_numbers, 5, len(item.serial_numbers) or 1):
            gins.append(("BN", *group))
        for start in range(0, max(len(gins), 1), GINS_PER_PCI):
            w.add("PCI", "36E")
            if start == 0 and item.expiry_date is not None:
                w.dtm("361", item.expiry_date, f"{field}.expiry_date")
            for gin in gins[start : start + GINS_PER_PCI]:
                w.add("GIN", *gin)


# ----------------------------------------------------------------- reading


def read(root, r):
    bgm = root.first("BGM")
    r.code(bgm, 1, 1, {"351": True}, "document name (1001)")
    number = required_text(r, bgm, 2, "despatch advice number")
    dates = dates_by_qualifier(root.all("DTM"))
    ship_date = r.date(r.require(dates.get("11") or dates.get("137"), "DTM", bgm))
    orders, tracking = {}, ""
    for group in root.group_list("RFF"):
        rff = group.first("RFF")
        if rff.get(0, 0) == "ON":
            order_date = r.date(dates_by_qualifier(group.all("DTM")).get("171"))
            orders.setdefault(
                rff.get(0, 1), model.ShippedOrder(rff.get(0, 1), order_date)
            )
        elif rff.get(0, 0) == "CN":
            tracking = rff.get(0, 1)
    weight, weight_unit = _read_weight(r, root)
    tdt = first_in_groups(root, "TDT", "TDT")
    for cps in root.group_list("CPS"):
        _read_level(r, cps, orders)
    return model.ShipNotice(
        number=number,
        ship_date=ship_date,
        parties=read_parties(r, root),
        orders=list(orders.values()),
        expected_delivery=r.date(dates.get("17") or dates.get("132")),
        carrier=tdt.get(4, 0) if tdt else "",
        tracking_number=tracking,
        gross_weight=weight,
        weight_unit=weight_unit,
    )


def _read_weight(r, root):
    for mea in root.all("MEA"):
        if mea.get(1, 0) in ("AAD", "G"):
            return r.decimal(mea, 3, 2), r.unit(mea, 3, 1)
    return None, ""


def _read_level(r, cps, orders):
    pac = next(iter(cps.group_list("PAC")), None)
    items = [_read_item(r, group, orders) for group in cps.group_list("LIN")]
    if pac is None:
        for order_number, item in items:
            _order(r, orders, order_number, cps.first("CPS")).items.append(item)
        return
    sscc, order_number = "", ""
    for pci in pac.group_list("PCI"):
        for gin in _gins(pci):
            if gin.get(0) in ("BJ", "AW") and not sscc:
                sscc = gin.get(1, 0)
                if not valid_sscc(sscc):
                    r.error(
                        "invalid_sscc",
                        f"{sscc!r} is not an SSCC",
                        gin,
                        2,
                        1,
                        "18 digits with a valid GS1 check digit",
                    )
        rff = pci.first("RFF")
        if rff is not None and rff.get(0, 0) == "ON":
            order_number = rff.get(0, 1)
    if not order_number and items:
        order_number = items[0][0]
    pack = model.Pack(sscc=sscc, items=[item for _, item in items])
    _order(r, orders, order_number, cps.first("CPS")).packs.append(pack)


def _order(r, orders, order_number, anchor):
    if not order_number:
        if len(orders) == 1:
            return next(iter(orders.values()))
        r.error(
            "missing_segment",
            "cannot tell which order this belongs to",
            anchor,
            expected="RFF ON with the order number",
            segment_id="RFF",
        )
        order_number = ""
    if order_number not in orders:
        orders[order_number] = model.ShippedOrder(order_number)
    return orders[order_number]


def _read_item(r, group, orders):
    lin = group.first("LIN")
    quantity, unit, _ = line_quantity(r, group, ("12",), lin)
    order_number, line_number = "", lin.get(0)
    for rff_group in group.group_list("RFF"):
        rff = rff_group.first("RFF")
        if rff.get(0, 0) == "ON":
            order_number = rff.get(0, 1)
            line_number = rff.get(0, 2) or line_number
    item = model.ShippedItem(
        line_number=line_number,
        product=read_product(r, lin, group),
        quantity=quantity,
        unit=unit,
    )
    for ftx in group.all("FTX"):
        if ftx.get(0) == "ZZZ":
            item.udi = "".join(ftx.get(3, index) for index in range(5))
    _read_batch(r, group, item)
    return order_number, item


def _read_batch(r, group, item):
    item.expiry_date = _read_expiry(r, group)
    gins = []
    for pci in group.group_list("PCI"):
        gins.extend(_gins(pci))
    gins.extend(group.all("GIN"))
    for gin in gins:
        kind = gin.get(0)
        values = [gin.get(index, 0) for index in range(1, len(gin.els))]
        if kind == "BX" and values and not item.lot:
            item.lot = values[0]
        elif kind == "BN":
            item.serial_numbers.extend(value for value in values if value)
    for gir in group.all("GIR"):
        for index in range(1, len(gir.els)):
            number, kind = gir.get(index, 0), gir.get(index, 1)
            if kind == "BX" and not item.lot:
                item.lot = number
            elif kind == "BN" and number:
                item.serial_numbers.append(number)


def _gins(pci):
    """GIN segments of a PCI group: each heads a GIN group of its own."""
    return [gin_group.first("GIN") for gin_group in pci.group_list("GIN")]


def _read_expiry(r, group):
    """Return the expiry date of a LIN group, or None.

    DTM 36 / 361 may sit directly in the LIN group (D96A) or in its PCI
    groups (EANCOM). Both places are read; different dates for one line are
    reported rather than one of them silently kept.
    """
    dtms = [seg for seg in group.all("DTM") if seg.get(0, 0) in EXPIRY_QUALIFIERS]
    for pci in group.group_list("PCI"):
        dtms += [seg for seg in pci.all("DTM") if seg.get(0, 0) in EXPIRY_QUALIFIERS]
    expiry, first = None, None
    for dtm in dtms:
        value = r.date(dtm)
        if value is None:
            continue
        if expiry is None:
            expiry, first = value, dtm
        elif value != expiry:
            r.error(
                "conflicting_value",
                f"expiry date {value.isoformat()} contradicts "
                f"{expiry.isoformat()} (segment {first.pos}) for the same line",
                dtm,
                1,
                2,
                "one expiry date per line (DTM 36 or 361)",
            )
    return expiry
