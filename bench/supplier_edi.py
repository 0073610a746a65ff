"""Supplier EDI documents applied by ``supplier_edi`` against Odoo's own creates.

Runs inside a real Odoo 18 with ``supplier_edi`` installed and rolls
everything back at the end, so any database with the module will do::

    python bench/supplier_edi.py --odoo-src "$ODOO_SRC" -c odoo.conf -d DB

A generated distributor (a live X12 004010 profile on a connector with
``transport='none'``) sends files written with our own X12 writer; each file
goes through ``connector._edi_receive`` and its queued messages are run as
queue_job would run them (reading the file, the 997 sent back, the document
message, planning and writing). Side by side, on the same data, each case
starting from the same state (savepoints):

(1) an 856 ship notice of 1,000 items (500 order lines of lot-tracked
    products with expiry dates, two lots each, in 20 cartons) filling the
    order's receipt, beside the anchor: the ORM deleting the receipt's
    reserved move lines and creating the same 1,000 ``stock.move.line`` rows
    (and the 20 packages) in one ``create``;
(2) an 810 invoice of the 500 lines, once the receipt is validated, made
    into a matched draft bill, beside the anchor: ``account.move.create`` of
    the same bill, its lines from
    ``purchase.order.line._prepare_account_move_line()``;
(3) an 832 catalog of 20,000 prices for 20,000 products with barcodes,
    beside the anchor: ``product.supplierinfo.create`` of the same rows in
    one batch; then, unchanged, (c) the same catalog again in a new file
    (new interchange and set control numbers) and (d) the same prices under
    the next catalog number: neither may write a price.

It prints seconds, lines per second and SQL queries per 1,000 lines, the
ratio to the anchor and the goals of issue #9: (1) and (2) at most 1.5x
their anchor, (3) at most 1.2x, an unchanged catalog at most 10 % of the
anchor. A case passes only when its outcome is also right (the document
applied, the same rows as the anchor, a matched bill, no price row written
for an unchanged catalog).
"""

import argparse
import dataclasses
import datetime
import random
import sys
import time
from decimal import Decimal

from measuring import timed

HOSPITAL_ID = "BENCHHOSP"
SUPPLIER_ID = "BENCHSUPPLY"
GTIN_PREFIX = "0861234"  # 7-digit GS1 company prefix of the generated items
SHIP_DATE = datetime.date(2026, 12, 3)
INVOICE_DATE = datetime.date(2026, 12, 4)
CATALOG_DATE = datetime.date(2026, 12, 1)
PRICES_FROM = datetime.date(2027, 1, 1)
CATALOG_NUMBER = "CAT-2027-01"
RENUMBERED = "CAT-2027-02"  # next month's catalog, with the same prices


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-src", required=True, help="Odoo 18 source checkout")
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--order-lines",
        type=int,
        default=500,
        help="lines of the order, shipped by the 856 and invoiced by the 810",
    )
    parser.add_argument(
        "--lots", type=int, default=2, help="lots per order line in the 856"
    )
    parser.add_argument("--packs", type=int, default=20, help="cartons of the 856")
    parser.add_argument("--catalog-items", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument(
        "--runs",
        type=int,
        default=2,
        help="runs of each measurement, from the same state; the best is shown",
    )
    args = parser.parse_args(argv)
    if args.order_lines + args.catalog_items >= 100000:
        parser.error("the generated GTINs number at most 99,999 products")
    return args


# ----------------------------------------------------------------------
# Generated data
# ----------------------------------------------------------------------


def gtin13(number):
    from integration_core.supplier.gtin import gtin_check_digit  # noqa: PLC0415

    body = f"{GTIN_PREFIX}{number:05d}"
    return body + gtin_check_digit(body)


def sscc(number):
    from integration_core.supplier.gtin import gtin_check_digit  # noqa: PLC0415

    body = f"0{GTIN_PREFIX}{number:09d}"
    return body + gtin_check_digit(body)


def price(rng):
    return Decimal(rng.randrange(50, 50000)).scaleb(-2)


def interchange(profile, control, document, set_control):
    """The file a supplier sends us: ``document`` in an X12 004010 interchange."""
    from integration_core.edi import api as edi_api  # noqa: PLC0415
    from integration_core.edi import model as edi  # noqa: PLC0415

    document.control_number = set_control
    return edi_api.write(
        edi.Interchange(
            standard="X12",
            version="004010",
            sender=edi.Identity(profile.partner_identifier),
            receiver=edi.Identity(profile.our_identifier),
            control_number=str(control),
            prepared_at=datetime.datetime(2026, 12, 3, 9, 30),
            documents=[document],
            test=True,
        )
    ).encode()


def ship_notice(order, lots, packs):
    """An 856 shipping each line of ``order`` in ``lots`` lots and ``packs`` cartons."""
    from integration_core.edi import model as edi  # noqa: PLC0415

    items = []
    for index, line in enumerate(order.order_line):
        quantity = Decimal(int(line.product_qty) // lots)
        for lot in range(lots):
            items.append(
                edi.ShippedItem(
                    line_number=str(line.id),
                    product=edi.Product(
                        gtin="0" + line.product_id.barcode,
                        vendor_part=line.product_id.default_code,
                    ),
                    quantity=quantity,
                    unit="EA",
                    lot=f"L{index:05d}-{lot}",
                    expiry_date=datetime.date(2028, 1, 1)
                    + datetime.timedelta(days=index % 700),
                )
            )
    size = -(-len(items) // packs)
    return edi.ShipNotice(
        number="SH-BENCH-0001",
        ship_date=SHIP_DATE,
        parties=[],
        orders=[
            edi.ShippedOrder(
                order_number=order.name,
                packs=[
                    edi.Pack(sscc=sscc(number + 1), items=items[start : start + size])
                    for number, start in enumerate(range(0, len(items), size))
                ],
            )
        ],
        expected_delivery=SHIP_DATE + datetime.timedelta(days=2),
        carrier="UPSN",
        tracking_number="1Z999AA10123456784",
    )


def invoice(order):
    """An 810 invoicing every line of ``order`` as received, at its prices."""
    from integration_core.edi import model as edi  # noqa: PLC0415

    lines = [
        edi.InvoiceLine(
            line_number=str(line.id),
            product=edi.Product(
                gtin="0" + line.product_id.barcode,
                vendor_part=line.product_id.default_code,
            ),
            quantity=Decimal(format(line.qty_received, "g")),
            unit="EA",
            unit_price=Decimal(repr(line.price_unit)),
        )
        for line in order.order_line
    ]
    return edi.Invoice(
        number="INV-BENCH-0001",
        invoice_date=INVOICE_DATE,
        order_number=order.name,
        parties=[],
        lines=lines,
        total_amount=Decimal(repr(order.amount_total)).quantize(Decimal("0.01")),
        currency=order.currency_id.name,
        tax_amount=Decimal(repr(order.amount_tax)).quantize(Decimal("0.01")),
    )


def catalog(products, rng):
    from integration_core.edi import model as edi  # noqa: PLC0415

    return edi.PriceCatalog(
        number=CATALOG_NUMBER,
        issue_date=CATALOG_DATE,
        parties=[],
        currency="USD",
        items=[
            edi.CatalogItem(
                product=edi.Product(gtin="0" + barcode, vendor_part=code),
                unit="EA",
                unit_price=price(rng),
                effective_from=PRICES_FROM,
                minimum_quantity=Decimal(1),
            )
            for barcode, code in products
        ],
    )


# ----------------------------------------------------------------------
# Odoo records
# ----------------------------------------------------------------------


def setup_supplier(env):
    partner = env["res.partner"].create(
        {"name": "Bench Medical Distribution", "is_company": True}
    )
    connector = env["integration.connector"].create(
        {
            "name": "Bench supplier EDI",
            "code": "bench_supplier_edi",
            "system_kind": "supplier",
            "transport": "none",
            "partner_system": "BenchSupply",
            "retry_jitter": 0,
        }
    )
    profile = env["supplier.edi.profile"].create(
        {
            "name": "Bench X12",
            "partner_id": partner.id,
            "connector_id": connector.id,
            "standard": "X12",
            "version": "004010",
            "our_identifier": HOSPITAL_ID,
            "partner_identifier": SUPPLIER_ID,
            "receive_catalog": True,
        }
    )
    profile.state = "live"
    return partner, connector, profile


def create_products(env, numbers, **extra):
    """``product.product`` with a GTIN-13 barcode and a reference, in batches
    (without chatter messages: this is setup, not what is measured)."""
    Product = env["product.product"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    products = Product.browse()
    numbers = list(numbers)
    for start in range(0, len(numbers), 2000):
        products |= Product.create(
            [
                {
                    "name": f"Bench item {number}",
                    "barcode": gtin13(number),
                    "default_code": f"MS-{number:05d}",
                    **extra,
                }
                for number in numbers[start : start + 2000]
            ]
        )
    env.flush_all()
    return env["product.product"].browse(products.ids)


def confirmed_order(env, partner, products, lots, rng):
    from odoo import fields  # noqa: PLC0415

    order = env["purchase.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "product_qty": 10 * lots,
                        "price_unit": float(price(rng)),
                        "date_planned": datetime.datetime(2026, 12, 10, 10),
                    }
                )
                for product in products
            ],
        }
    )
    order.button_confirm()
    return order


def run_queued(connector):
    """Run what queue_job would: the connector's queued messages, in order."""
    connector.env["integration.message"]._run_queued_now(connector)


def receive(connector, name, content):
    """Our path: the file arrives on the connector; its queued work is run."""
    from integration_core.transport.base import InboundMessage  # noqa: PLC0415

    message = connector._edi_receive(
        InboundMessage(
            name=name,
            content=content,
            reference=name,
            received_at=datetime.datetime.now(),
        )
    )
    run_queued(connector)
    return message


def last_document(env, profile, kind):
    return env["supplier.edi.document"].search(
        [("profile_id", "=", profile.id), ("document_type", "=", kind)],
        order="id desc",
        limit=1,
    )


def failures(env, connector):
    failed = env["integration.message"].search(
        [("connector_id", "=", connector.id), ("state", "in", ("failed", "dead"))]
    )
    return "; ".join(f"{m.name}: {m.error_message}" for m in failed)


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------


def measure(env, work, outcome, runs, keep=False):
    """The best of ``runs`` runs of ``work``: ``(seconds, queries, outcome)``.

    Every run starts from the same state (a savepoint rolled back after it;
    the last run is kept when ``keep``), so the runs after the first find
    Odoo's caches and our imports warm, as a long-running worker does,
    whichever side is measured first. ``outcome(result)`` checks each run,
    before its rollback; the last run's is returned.
    """
    best = None
    for run in range(runs):
        env.flush_all()
        env.cr.flush()
        with env.cr.savepoint(flush=False) as savepoint:
            seconds, queries, result = timed(env, work)
            found = outcome(result)
            env.flush_all()
            env.cr.flush()
            savepoint.close(rollback=not (keep and run == runs - 1))
        env.invalidate_all()
        if best is None or seconds < best[0]:
            best = (seconds, queries)
    return best[0], best[1], found


def fill_receipt_anchor(env, order, notice):
    """The anchor of (1): the ORM writes the notice's move lines itself."""
    moves = order.order_line.move_ids.filtered(
        lambda move: move.state not in ("done", "cancel")
    )
    by_line = {move.purchase_line_id.id: move for move in moves}
    packs = [pack for shipped in notice.orders for pack in shipped.packs]
    packages = env["stock.quant.package"].create(
        [{"name": pack.sscc} for pack in packs]
    )
    moves.move_line_ids.unlink()
    vals_list = []
    for pack, package in zip(packs, packages, strict=True):
        for item in pack.items:
            move = by_line[int(item.line_number)]
            vals_list.append(
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_id.uom_id.id,
                    "quantity": float(item.quantity),
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "company_id": move.company_id.id,
                    "lot_name": item.lot,
                    "expiration_date": datetime.datetime.combine(
                        item.expiry_date, datetime.time()
                    ),
                    "result_package_id": package.id,
                }
            )
    return env["stock.move.line"].create(vals_list)


def move_line_rows(order):
    lines = order.picking_ids.move_line_ids
    return sorted(
        (
            line.move_id.id,
            line.product_id.id,
            line.quantity,
            line.lot_name or "",
            str(line.expiration_date),
            line.result_package_id.name or "",
        )
        for line in lines
    )


def bill_anchor(env, order):
    """The anchor of (2): Odoo's create of the same draft bill."""
    from odoo import fields  # noqa: PLC0415

    return env["account.move"].create(
        {
            "move_type": "in_invoice",
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
            "currency_id": order.currency_id.id,
            "invoice_date": INVOICE_DATE,
            "ref": "INV-BENCH-0001",
            "invoice_origin": order.name,
            "fiscal_position_id": order.fiscal_position_id.id,
            "invoice_payment_term_id": order.payment_term_id.id,
            "invoice_line_ids": [
                fields.Command.create(line._prepare_account_move_line())
                for line in order.order_line
            ],
        }
    )


def bill_rows(bill):
    return (
        round(bill.amount_total, 2),
        sorted(
            (
                line.purchase_line_id.id,
                line.quantity,
                round(line.price_unit, 6),
                tuple(line.tax_ids.ids),
            )
            for line in bill.invoice_line_ids
        ),
    )


def price_rows(env, partner, products):
    infos = env["product.supplierinfo"].search(
        [("partner_id", "=", partner.id), ("product_id", "in", products.ids)]
    )
    return sorted(
        (
            info.product_id.id,
            info.min_qty,
            info.price,
            str(info.date_start),
            str(info.date_end),
            info.product_code or "",
            info.currency_id.id,
        )
        for info in infos
    )


def row_versions(env, partner):
    """The partner's prices with their row versions: any write changes a ctid."""
    env.flush_all()
    env.cr.execute(
        "SELECT id, ctid::text FROM product_supplierinfo WHERE partner_id = %s "
        "ORDER BY id",
        [partner.id],
    )
    return env.cr.fetchall()


# ----------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------


def case_ship_notice(env, connector, profile, order, notice, runs):
    content = interchange(profile, 101, notice, "0001")
    anchor_rows = []

    def anchor_outcome(lines):
        anchor_rows[:] = move_line_rows(order)
        return len(lines)

    a = measure(
        env, lambda: fill_receipt_anchor(env, order, notice), anchor_outcome, runs
    )

    def outcome(_message):
        document = last_document(env, profile, "ship_notice")
        rows = move_line_rows(order)
        ok = document.state == "applied" and rows == anchor_rows
        note = f"document {document.state or 'missing'}, {len(rows)} move lines" + (
            ", the anchor's rows" if rows == anchor_rows else ", NOT the anchor's"
        )
        if document.state != "applied":
            note += f" ({failures(env, connector)})"
        return ok, note

    b = measure(
        env, lambda: receive(connector, "bench_856.x12", content), outcome, runs
    )
    return a, b


def validate_receipt(env, order, notice):
    """Setup of (2): the receipt filled as noticed, validated at the dock."""
    fill_receipt_anchor(env, order, notice)
    picking = order.picking_ids.filtered(lambda picking: picking.state != "done")
    result = picking.with_context(
        skip_backorder=True, picking_ids_not_to_backorder=[]
    ).button_validate()
    if result is not True:
        raise RuntimeError(f"the bench receipt was not validated: {result}")
    env.flush_all()
    env.invalidate_all()


def case_invoice(env, connector, profile, order, runs):
    content = interchange(profile, 102, invoice(order), "0001")
    anchor_rows = []

    def anchor_outcome(bill):
        anchor_rows[:] = [bill_rows(bill)]
        return len(bill.invoice_line_ids)

    a = measure(env, lambda: bill_anchor(env, order), anchor_outcome, runs)

    def outcome(_message):
        document = last_document(env, profile, "invoice")
        bill = document.bill_id
        if not bill:
            return False, f"no bill ({failures(env, connector)})"
        same = bill_rows(bill) == anchor_rows[0]
        ok = (
            document.state == "applied"
            and bill.state == "draft"
            and bill.edi_match_state == "matched"
            and same
        )
        note = (
            f"{bill.state} bill of {len(bill.invoice_line_ids)} lines, "
            f"{bill.edi_match_state}"
            + (", the anchor's lines" if same else ", NOT the anchor's lines")
        )
        return ok, note

    b = measure(
        env, lambda: receive(connector, "bench_810.x12", content), outcome, runs
    )
    return a, b


def case_catalog(env, connector, profile, partner, products, document, runs):
    first = interchange(profile, 103, document, "0001")
    again = interchange(profile, 104, document, "0002")
    renumbered = interchange(
        profile, 105, dataclasses.replace(document, number=RENUMBERED), "0003"
    )
    templates = {product.id: product.product_tmpl_id.id for product in products}
    by_barcode = {product.barcode: product.id for product in products}
    company = profile.company_id
    usd = env.ref("base.USD").id
    anchor_rows = []

    def anchor():
        return env["product.supplierinfo"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "product_id": by_barcode[item.product.gtin[1:]],
                    "product_tmpl_id": templates[by_barcode[item.product.gtin[1:]]],
                    "min_qty": float(item.minimum_quantity),
                    "price": float(item.unit_price),
                    "date_start": item.effective_from,
                    "product_code": item.product.vendor_part,
                    "currency_id": usd,
                }
                for item in document.items
            ]
        )

    def anchor_outcome(infos):
        anchor_rows[:] = price_rows(env, partner, products)
        return len(infos)

    a = measure(env, anchor, anchor_outcome, runs)

    def outcome_first(_message):
        applied = last_document(env, profile, "catalog")
        rows = price_rows(env, partner, products)
        ok = applied.state == "applied" and rows == anchor_rows
        note = f"document {applied.state or 'missing'}: {applied.result_note}; " + (
            "the anchor's rows" if rows == anchor_rows else "NOT the anchor's rows"
        )
        if applied.state != "applied":
            note += f" ({failures(env, connector)})"
        return ok, note

    b = measure(
        env,
        lambda: receive(connector, "bench_832.x12", first),
        outcome_first,
        runs,
        keep=True,
    )
    before = row_versions(env, partner)
    last = last_document(env, profile, "catalog").id

    def outcome_unchanged(message):
        """Nothing written: the catalog is recognised, or applied as unchanged."""
        new = env["supplier.edi.document"].search(
            [("profile_id", "=", profile.id), ("id", ">", last)]
        )
        new = new.filtered(lambda document: document.document_type == "catalog")
        untouched = row_versions(env, partner) == before
        if new:
            ok = new.state == "applied" and untouched
            note = f"document {new.state}: {new.result_note}"
        else:
            ok = message.state == "done" and untouched
            note = "recognised as the catalog applied before: not applied again"
        note += "; no price row written" if untouched else "; PRICE ROWS WRITTEN"
        problems = failures(env, connector)
        return ok and not problems, note + (f" ({problems})" if problems else "")

    c = measure(
        env,
        lambda: receive(connector, "bench_832b.x12", again),
        outcome_unchanged,
        runs,
    )
    d = measure(
        env,
        lambda: receive(connector, "bench_832c.x12", renumbered),
        outcome_unchanged,
        runs,
    )
    return a, b, c, d


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def report(label, seconds, queries, count, unit, note=""):
    per_second = count / seconds if seconds else float("inf")
    print(
        f"  {label:52} {seconds:8.2f} s {per_second:9.0f} {unit}/s "
        f"{queries / count * 1000:9.1f} queries/1000 {unit} {note}".rstrip()
    )


def verdict(anchor_seconds, ours_seconds, goal, outcome):
    ok, _note = outcome
    ratio = ours_seconds / anchor_seconds if anchor_seconds else float("inf")
    passed = ratio <= goal and ok
    return ratio, "PASS" if passed else ("MISS" if ok else "MISS (wrong outcome)")


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, args.odoo_src)
    import odoo  # noqa: PLC0415 - Odoo is not a dependency of the repository

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    rng = random.Random(args.seed)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        partner, connector, profile = setup_supplier(env)
        env.user.groups_id |= env.ref("stock.group_production_lot")
        stocked = create_products(
            env,
            range(1, args.order_lines + 1),
            is_storable=True,
            tracking="lot",
            use_expiration_date=True,
            purchase_method="receive",
        )
        env["product.supplierinfo"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_id": product.id,
                    "product_code": product.default_code,
                    "price": 1.0,
                    "min_qty": 1,
                }
                for product in stocked
            ]
        )
        order = confirmed_order(env, partner, stocked, args.lots, rng)
        run_queued(connector)  # the 850 goes out
        notice = ship_notice(order, args.lots, args.packs)
        first = args.order_lines + 1
        catalog_products = create_products(
            env, range(first, first + args.catalog_items)
        )
        env.invalidate_all()
        catalog_document = catalog(
            [(p.barcode, p.default_code) for p in catalog_products], rng
        )
        setup_seconds = time.perf_counter() - started

        ship = case_ship_notice(env, connector, profile, order, notice, args.runs)
        validate_receipt(env, order, notice)
        bill = case_invoice(env, connector, profile, order, args.runs)
        prices = case_catalog(
            env,
            connector,
            profile,
            partner,
            catalog_products,
            catalog_document,
            args.runs,
        )
        cr.rollback()

    items = sum(len(pack.items) for shipped in notice.orders for pack in shipped.packs)
    lines, count = args.order_lines, args.catalog_items
    print(
        f"One order of {lines} lines of lot-tracked "
        f"products with expiry dates; 856 of {items} items ({args.lots} lots a "
        f"line, {args.packs} cartons); 810 of {lines} lines; 832 of {count} "
        f"prices (seed {args.seed}; setup {setup_seconds:.0f} s, not timed)"
    )
    print("(1) 856 ship notice into the receipt")
    report(
        "(a) unlink reserved + stock.move.line.create (anchor)",
        *ship[0][:2],
        items,
        "lines",
    )
    report("(b) ours: _edi_receive + queued jobs", *ship[1][:2], items, "lines")
    print(f"      {ship[1][2][1]}")
    print("(2) 810 invoice into a matched draft bill")
    report("(a) account.move.create (anchor)", *bill[0][:2], lines, "lines")
    report("(b) ours: _edi_receive + queued jobs", *bill[1][:2], lines, "lines")
    print(f"      {bill[1][2][1]}")
    print("(3) 832 price catalog")
    report("(a) product.supplierinfo.create (anchor)", *prices[0][:2], count, "prices")
    report("(b) ours: first catalog", *prices[1][:2], count, "prices")
    print(f"      {prices[1][2][1]}")
    report(
        "(c) ours: the same catalog again, new file", *prices[2][:2], count, "prices"
    )
    print(f"      {prices[2][2][1]}")
    report("(d) ours: same prices, new catalog number", *prices[3][:2], count, "prices")
    print(f"      {prices[3][2][1]}")

    rows = [
        (f"856, {items} items", ship[0][0], ship[1][0], 1.5, ship[1][2]),
        (f"810, {lines} lines", bill[0][0], bill[1][0], 1.5, bill[1][2]),
        (f"832 first, {count} prices", prices[0][0], prices[1][0], 1.2, prices[1][2]),
        (f"832 same again, {count}", prices[0][0], prices[2][0], 0.1, prices[2][2]),
        (f"832 new number, {count}", prices[0][0], prices[3][0], 0.1, prices[3][2]),
    ]
    print()
    print(
        f"{'case (issue #9)':32} {'anchor':>9} {'ours':>9} {'ratio':>7} "
        f"{'goal':>8}  result"
    )
    for label, anchor_seconds, ours_seconds, goal, outcome in rows:
        ratio, result = verdict(anchor_seconds, ours_seconds, goal, outcome)
        print(
            f"{label:32} {anchor_seconds:7.2f} s {ours_seconds:7.2f} s "
            f"{ratio:6.2f}x {'<= ' + format(goal, 'g') + 'x':>8}  {result}"
        )


if __name__ == "__main__":
    main()
