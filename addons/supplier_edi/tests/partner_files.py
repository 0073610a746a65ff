# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Files as a supplier writes them, by hand, segment by segment.

The X12 files are written here as text (not by our own writer), the way a
distributor's EDI system sends them; envelopes and counts are computed.
"""

import datetime

STAMP = datetime.datetime(2026, 12, 3, 9, 30)


def x12(sender, receiver, control, functional_id, sets, version="004010"):
    """An X12 interchange: ``sets`` is a list of ``(set id, [segment, ...])``."""
    date6, date8, time4 = (
        STAMP.strftime("%y%m%d"),
        STAMP.strftime("%Y%m%d"),
        STAMP.strftime("%H%M"),
    )
    isa12 = "00401" if version.startswith("00401") else "00501"
    isa11 = "U" if isa12 == "00401" else "^"
    segments = [
        f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}"
        f"*{date6}*{time4}*{isa11}*{isa12}*{control:09d}*0*T*>",
        f"GS*{functional_id}*{sender}*{receiver}*{date8}*{time4}*{control}*X*{version}",
    ]
    for number, (set_id, body) in enumerate(sets, 1):
        st_control = f"{number:04d}"
        segments.append(f"ST*{set_id}*{st_control}")
        segments.extend(body)
        segments.append(f"SE*{len(body) + 2}*{st_control}")
    segments.append(f"GE*{len(sets)}*{control}")
    segments.append(f"IEA*1*{control:09d}")
    return ("~\n".join(segments) + "~\n").encode()


def x12_997(sender, receiver, control, set_controls, status="A"):
    body = ["AK1*PO*1"]
    for set_control in set_controls:
        body += [f"AK2*850*{set_control}", f"AK5*{status}"]
    count = len(set_controls)
    accepted = count if status == "A" else 0
    body.append(f"AK9*{'A' if status == 'A' else 'R'}*{count}*{count}*{accepted}")
    return x12(sender, receiver, control, "FA", [("997", body)])


def x12_855(sender, receiver, control, order, ack_number, lines):
    """``lines``: ``(line id, qty, price, vendor code, ACK code, ack qty, date)``."""
    body = [f"BAK*00*AC*{order}*20261203****{ack_number}*20261203"]
    for line_id, qty, price, code, status, ack_qty, date in lines:
        body.append(f"PO1*{line_id}*{qty}*EA*{price}*PE*VN*{code}")
        ack = f"ACK*{status}*{ack_qty}*EA"
        if date:
            ack += f"*017*{date}"
        body.append(ack)
    body.append(f"CTT*{len(lines)}")
    return x12(sender, receiver, control, "PR", [("855", body)])


def x12_856(sender, receiver, control, shipment, order, packs):
    """``packs``: ``(sscc, [(line id, gtin, vendor code, qty, unit, lot, expiry)])``."""
    body = [
        f"BSN*00*{shipment}*20261203*0930*0001",
        "HL*1**S*1",
        "TD1*CTN25*2****G*38.6*LB",
        "TD5**2*UPSN",
        "REF*CN*1Z999AA10123456784",
        "DTM*011*20261203",
        "DTM*017*20261205",
        "HL*2*1*O*1",
        f"PRF*{order}***20261201",
    ]
    hl = 2
    for sscc, items in packs:
        hl += 1
        pack_hl = hl
        body.append(f"HL*{pack_hl}*2*P*1")
        if sscc:
            body.append(f"MAN*GM*{sscc}")
        for line_id, gtin, code, qty, unit, lot, expiry in items:
            hl += 1
            lin = f"LIN*{line_id}"
            if gtin:
                lin += f"*UK*{gtin}"
            if code:
                lin += f"*VN*{code}"
            body += [f"HL*{hl}*{pack_hl}*I*0", lin, f"SN1**{qty}*{unit}"]
            if lot:
                body.append(f"REF*LT*{lot}")
            if expiry:
                body.append(f"DTM*036*{expiry}")
    body.append(f"CTT*{hl}")
    return x12(sender, receiver, control, "SH", [("856", body)])


def x12_810(
    sender, receiver, control, number, order, lines, total_cents, tax=None, kind=""
):
    """``lines``: ``(line id, qty, unit, price, vendor code)``; total in cents.

    ``kind``: BIG07, e.g. ``CR`` for a credit memo.
    """
    big = f"BIG*20261204*{number}*20261201*{order}" + (f"***{kind}" if kind else "")
    body = [big, "CUR*SE*USD"]
    for line_id, qty, unit, price, code in lines:
        body.append(f"IT1*{line_id}*{qty}*{unit}*{price}*PE*VN*{code}")
    body.append(f"TDS*{total_cents}")
    if tax is not None:
        body.append(f"TXI*TX*{tax}")
    body.append(f"CTT*{len(lines)}")
    return x12(sender, receiver, control, "IN", [("810", body)])
