"""Odoo's stock scheduler with and without ``replenishment_router``, in one run.

Runs inside a real Odoo 18 with ``replenishment_router`` installed and rolls
everything back at the end, so any database with the module will do::

    python bench/replenishment_router.py --odoo-src "$ODOO_SRC" -c odoo.conf -d DB

In the main company it builds a generated care network: three warehouses,
"Bench Central" (bought from vendors), "Bench Pharmacy" and "Bench Clinic"
(each resupplied by Odoo's inter-warehouse routes from Central and from each
other), 1,000 storable products with a vendor (``seller_ids``, a delay) and
the Buy route, one automatic orderpoint per product and warehouse (3,000)
and stock set so that about a third of them are below their minimum (20 % in
Central, 40 % in Pharmacy and Clinic), while a donor holds exactly its
minimum (no surplus) or some stock beyond it (a surplus, smaller or larger
than the need). Then, each starting from the same state (a savepoint rolled
back after it, caches cleared), it times:

(a) the baseline: Odoo's own scheduler,
    ``procurement.group.run_scheduler(use_new_cursor=False, company_id=...)``
    with ``replenishment_router_disabled=True`` in the context: Odoo buys
    what each orderpoint lacks, as without the router;
(b) the router's full run: the same call with the router active, i.e. the
    decisions (inputs read in bulk, the engine), the transfers and purchase
    lines Odoo's rules create from them, and the ``replenishment.decision``
    records;
(c) the decisions alone: ``replenishment.router._simulate`` of the 3,000
    orderpoints (what the Simulate button computes), nothing written;
(d) for information, the Simulate button itself (the wizard and its lines).

The scheduler processes every automatic orderpoint of the company, then
tries to reserve every confirmed move of the company. When the database
holds other automatic orderpoints or moves waiting for stock (demo data, a
copy of production), they would be timed too and dilute both figures: the
bench then times ``orderpoints._procure_orderpoint_confirm(company_id=...)``
over the bench orderpoints only, which is what ``run_scheduler`` calls for
them (``--scope`` forces either; the line printed says which ran). On a
database without other orderpoints ``run_scheduler`` itself is timed, with
its reservation step and quant tasks. (The transfers' out moves are reserved
when Odoo confirms them, inside the procurement run, either way.)

It prints seconds and SQL queries of each, where the time goes (the
outermost calls of Odoo's ``qty_to_order`` computation, of
``procurement.group.run``, of the router's ``_plan`` with ``_read_inputs``
and the engine's ``decide()``, of ``_record`` with the decisions' create,
and of move reservation), the ratio of (b) to (a), and the goals of the
issue: (b) at most 1.0x (a); (c) under 2 s. ``_record`` flushes first, so
its figure includes writing Odoo's pending work; "less the router's own
code" is (b) without ``_plan`` and ``_record``. A goal passes only when the
outcome is also right: every orderpoint below its minimum is replenished
by both (nothing left to order after the run), the router writes one
decision per such orderpoint whose transfers and purchase add up to its
need, creates transfers out of donor warehouses and fewer purchase lines
than the baseline; the simulation decides the same orderpoints.
``--profile N`` adds a cProfile of one more router run.

Only PostgreSQL sequences advance (record ids, document numbers); nothing
else is left in the database.
"""

import argparse
import cProfile
import dataclasses
import io
import pstats
import random
import sys
import time

from measuring import timed

WAREHOUSES = (
    # key, name, code, share below minimum, share holding exactly its minimum
    ("central", "Bench Central", "BCEN", 0.2, 0.2),
    ("pharmacy", "Bench Pharmacy", "BPHA", 0.4, 0.3),
    ("clinic", "Bench Clinic", "BCLI", 0.4, 0.3),
)
# Who resupplies whom (Odoo's resupply routes; the router's donors).
RESUPPLY = {"pharmacy": ("central", "clinic"), "clinic": ("central", "pharmacy")}
# Handling cost of a unit, and of a shipment, per route (donor -> receiver).
ROUTE_COSTS = {"central": (0.2, 0.0), "peer": (0.5, 10.0)}
VENDORS = 10
DISABLED = "replenishment_router_disabled"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-src", required=True, help="Odoo 18 source checkout")
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "-n", "--products", type=int, default=1000, help="products per warehouse"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--runs",
        type=int,
        default=2,
        help="runs of each measurement, from the same state; the best is shown",
    )
    parser.add_argument(
        "--scope",
        choices=("auto", "scheduler", "orderpoints"),
        default="auto",
        help="time run_scheduler, or _procure_orderpoint_confirm of the bench "
        "orderpoints; auto: run_scheduler unless other data would be timed too",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile one router run and print its N costliest functions",
    )
    return parser.parse_args(argv)


# ----------------------------------------------------------------------
# Generated data
# ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Level:
    """One orderpoint of the plan: a product's rule and stock in a warehouse."""

    index: int
    warehouse: str
    minimum: int
    maximum: int
    on_hand: int

    @property
    def below(self):
        return self.on_hand < self.minimum


def network_plan(products, seed):
    """Per product: price, vendor delay, criticality, and one Level per warehouse.

    In each warehouse an orderpoint is below its minimum, or holds exactly
    its minimum (a donor without surplus), or holds more (a surplus from one
    unit to several times the maximum).
    """
    rng = random.Random(seed)
    items, levels = [], []
    for index in range(products):
        items.append(
            {
                "price": rng.randrange(100, 20000) / 100,
                "delay": rng.randrange(2, 15),
                "vendor": index % VENDORS,
                "criticality": "high" if rng.random() < 0.1 else "normal",
            }
        )
        for key, _name, _code, below, at_minimum in WAREHOUSES:
            minimum = rng.randrange(10, 60)
            maximum = minimum * rng.choice((2, 3, 4))
            draw = rng.random()
            if draw < below:
                on_hand = rng.randrange(0, minimum)
            elif draw < below + at_minimum:
                on_hand = minimum
            else:
                on_hand = minimum + rng.randrange(1, 3 * maximum)
            levels.append(Level(index, key, minimum, maximum, on_hand))
    return items, levels


# ----------------------------------------------------------------------
# Odoo records
# ----------------------------------------------------------------------


def quiet(env):
    return env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
        )
    )


def setup_network(env, company):
    """The three warehouses and their resupply routes, with handling costs."""
    from odoo import Command  # noqa: PLC0415

    env.user.groups_id |= env.ref("stock.group_stock_multi_warehouses")
    Warehouse = env["stock.warehouse"].with_company(company)
    warehouses = {}
    for key, name, code, _below, _at_minimum in WAREHOUSES:
        warehouses[key] = Warehouse.create(
            {"name": name, "code": code, "company_id": company.id}
        )
    for receiver, donors in RESUPPLY.items():
        warehouses[receiver].resupply_wh_ids = [
            Command.link(warehouses[donor].id) for donor in donors
        ]
    for receiver, donors in RESUPPLY.items():
        for donor in donors:
            route = env["stock.route"].search(
                [
                    ("supplied_wh_id", "=", warehouses[receiver].id),
                    ("supplier_wh_id", "=", warehouses[donor].id),
                ]
            )
            per_unit, per_transfer = ROUTE_COSTS[
                "central" if donor == "central" else "peer"
            ]
            route.write(
                {
                    "replenishment_cost_per_unit": per_unit,
                    "replenishment_cost_per_transfer": per_transfer,
                }
            )
    return warehouses


def create_products(env, items, vendors, category):
    from odoo import Command  # noqa: PLC0415

    buy = env.ref("purchase_stock.route_warehouse0_buy")
    Product = env["product.product"]
    products = Product.browse()
    for start in range(0, len(items), 500):
        products |= Product.create(
            [
                {
                    "name": f"Bench supply {index:05d}",
                    "default_code": f"RR-{index:05d}",
                    "is_storable": True,
                    "categ_id": category.id,
                    "standard_price": item["price"],
                    "supply_criticality": item["criticality"],
                    "route_ids": [Command.link(buy.id)],
                    "seller_ids": [
                        Command.create(
                            {
                                "partner_id": vendors[item["vendor"]].id,
                                "price": item["price"],
                                "delay": item["delay"],
                            }
                        )
                    ],
                }
                for index, item in enumerate(items[start : start + 500], start)
            ]
        )
    return products


def setup_data(env, company, products_count, seed):
    """Warehouses, vendors, products, orderpoints and stock; returns a dict."""
    env = quiet(env)
    items, levels = network_plan(products_count, seed)
    warehouses = setup_network(env, company)
    vendors = env["res.partner"].create(
        [
            {"name": f"Bench Vendor {number}", "is_company": True}
            for number in range(VENDORS)
        ]
    )
    category = env["product.category"].create({"name": "Bench medical supplies"})
    products = create_products(env, items, vendors, category)
    orderpoints = env["stock.warehouse.orderpoint"].create(
        [
            {
                "warehouse_id": warehouses[level.warehouse].id,
                "location_id": warehouses[level.warehouse].lot_stock_id.id,
                "product_id": products[level.index].id,
                "product_min_qty": level.minimum,
                "product_max_qty": level.maximum,
                "trigger": "auto",
                "company_id": company.id,
            }
            for level in levels
        ]
    )
    # Stock as plain quants, without inventory moves (a plain create).
    env["stock.quant"].create(
        [
            {
                "product_id": products[level.index].id,
                "location_id": warehouses[level.warehouse].lot_stock_id.id,
                "quantity": level.on_hand,
            }
            for level in levels
            if level.on_hand
        ]
    )
    env.flush_all()
    env.invalidate_all()
    below = orderpoints.browse(
        [
            orderpoint.id
            for orderpoint, level in zip(orderpoints, levels, strict=True)
            if level.below
        ]
    )
    return {
        "warehouses": warehouses,
        "products": products,
        "orderpoints": orderpoints.browse(orderpoints.ids),
        "below": below,
        "levels": levels,
    }


def other_work(env, company, orderpoints):
    """What run_scheduler would process besides the bench: (orderpoints, moves)."""
    Group = env["procurement.group"]
    others = env["stock.warehouse.orderpoint"].search_count(
        Group._get_orderpoint_domain(company_id=company.id)
        + [("id", "not in", orderpoints.ids)]
    )
    moves = env["stock.move"].search_count(
        Group._get_moves_to_assign_domain(company.id)
    )
    return others, moves


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------


class Phases:
    """Seconds and SQL queries spent in some methods while it is active.

    Wraps model methods on the registry's classes (and module functions),
    counting only the outermost call of each (Odoo's procurement ``run``
    calls itself for chained rules), and restores them on exit.
    """

    def __init__(self, env, model_methods, functions=()):
        self.env = env
        self.targets = [
            (label, type(env[model]), name) for label, model, name in model_methods
        ]
        self.targets += list(functions)
        self.figures = {label: [0.0, 0, 0] for label, _owner, _name in self.targets}
        self.saved = []

    def _wrap(self, label, original):
        figures = self.figures[label]
        depth = [0]
        cr = self.env.cr

        def wrapper(*args, **kwargs):
            if depth[0]:
                return original(*args, **kwargs)
            depth[0] += 1
            queries = cr.sql_log_count
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                figures[0] += time.perf_counter() - started
                figures[1] += cr.sql_log_count - queries
                figures[2] += 1

        return wrapper

    def __enter__(self):
        for label, owner, name in self.targets:
            had = name in vars(owner)
            original = getattr(owner, name)
            self.saved.append((owner, name, had, vars(owner).get(name)))
            setattr(owner, name, self._wrap(label, original))
        return self

    def __exit__(self, *exc):
        for owner, name, had, original in reversed(self.saved):
            if had:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
        self.saved = []

    def reset(self):
        for figures in self.figures.values():
            figures[:] = [0.0, 0, 0]

    def snapshot(self):
        return {label: tuple(figures) for label, figures in self.figures.items()}


def phases(env):
    from odoo.addons.replenishment_router.models import (  # noqa: PLC0415
        replenishment_router as router_module,
    )

    return Phases(
        env,
        [
            ("qty_to_order (Odoo, per orderpoint)", "stock.warehouse.orderpoint",
             "_compute_qty_to_order_computed"),
            ("procurement.group.run", "procurement.group", "run"),
            ("router._plan", "replenishment.router", "_plan"),
            ("router._read_inputs", "replenishment.router", "_read_inputs"),
            ("router._procurements_for", "replenishment.router", "_procurements_for"),
            ("router._record", "replenishment.router", "_record"),
            ("router._created_documents", "replenishment.router",
             "_created_documents"),
            ("router._decision_values", "replenishment.router", "_decision_values"),
            ("router._inputs_json", "replenishment.router", "_inputs_json"),
            ("replenishment.decision.create", "replenishment.decision", "create"),
            ("picking._replenishment_notify_logistics", "stock.picking",
             "_replenishment_notify_logistics"),
            ("stock.move._action_assign", "stock.move", "_action_assign"),
        ],
        [("engine decide()", router_module, "decide")],
    )  # fmt: skip


def measure(env, work, outcome, runs, spy=None):
    """The best of ``runs`` runs of ``work``: ``(seconds, queries, outcome, phases)``.

    Every run starts from the same state (a savepoint rolled back after it,
    caches cleared), so the runs after the first find Odoo's caches and our
    imports warm, as a long-running worker does, whichever side is measured
    first. ``outcome(result)`` checks each run before its rollback; the last
    run's is returned, with the phases of the best run when ``spy`` is given.
    """
    best = None
    found = None
    for _run in range(runs):
        env.flush_all()
        env.cr.flush()
        if spy:
            spy.reset()
        with env.cr.savepoint(flush=False) as savepoint:
            seconds, queries, result = timed(env, work)
            figures = spy.snapshot() if spy else {}
            found = outcome(result)
            env.flush_all()
            env.cr.flush()
            savepoint.close(rollback=True)
        env.invalidate_all()
        if best is None or seconds < best[0]:
            best = (seconds, queries, figures)
    return best[0], best[1], found, best[2]


def profile(env, work, top):
    """cProfile of one run of ``work`` (rolled back): the costliest functions."""
    env.flush_all()
    profiler = cProfile.Profile()
    with env.cr.savepoint(flush=False) as savepoint:
        env.invalidate_all()
        profiler.enable()
        work()
        env.flush_all()
        profiler.disable()
        savepoint.close(rollback=True)
    env.invalidate_all()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    out.write("\n--- ours (replenishment_router, integration_core), by cumtime ---\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats("replenishment", top)
    return out.getvalue()


# ----------------------------------------------------------------------
# Outcome
# ----------------------------------------------------------------------


def max_ids(env):
    env.flush_all()
    found = {}
    for table in ("purchase_order_line", "stock_move", "stock_picking"):
        env.cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        found[table] = env.cr.fetchone()[0]
    return found


def created(env, before, data):
    """What a run created: purchase lines, transfers, and what is left to order."""
    env.flush_all()
    env.invalidate_all()
    lines = env["purchase.order.line"].search(
        [("id", ">", before["purchase_order_line"])]
    )
    pickings = env["stock.picking"].search([("id", ">", before["stock_picking"])])
    moves = env["stock.move"].search([("id", ">", before["stock_move"])])
    # a transfer leaves a donor's stock for the transit location; its receipt
    # (transit to the receiver's stock) is the other move of the chain
    out = moves.filtered(
        lambda move: (
            move.location_id.usage == "internal"
            and move.location_dest_id.usage == "transit"
        )
    )
    below = data["below"].with_context(active_test=False)
    left = below.filtered(lambda orderpoint: orderpoint.qty_to_order > 0)
    return {
        "purchase_lines": len(lines),
        "purchase_qty": sum(lines.mapped("product_qty")),
        "orders": len(lines.order_id),
        "pickings": len(pickings),
        "transfers": len(out),
        "reserved": len(out.filtered(lambda move: move.state == "assigned")),
        "moves": len(moves),
        "left": len(left),
    }


def baseline_outcome(env, before, data, seen):
    def outcome(_result):
        found = created(env, before, data)
        seen.update(found)
        ok = found["left"] == 0 and found["purchase_lines"] > 0
        note = (
            f"{found['purchase_lines']} purchase lines on {found['orders']} RFQs, "
            f"{found['pickings']} pickings; {len(data['below'])} orderpoints "
            f"below minimum, {found['left']} still to order"
        )
        return ok, note, found

    return outcome


def router_outcome(env, before, data, baseline):
    def outcome(_result):
        found = created(env, before, data)
        decisions = env["replenishment.decision"].search(
            [("orderpoint_id", "in", data["orderpoints"].ids)]
        )
        below = set(data["below"].ids)
        decided = set(decisions.orderpoint_id.ids)
        unbalanced = decisions.filtered(
            lambda d: abs(d.transfer_qty + d.buy_qty - d.need_qty) > 1e-6
        )
        kinds = {
            kind: len(decisions.filtered(lambda d, k=kind: d.kind == k))
            for kind in ("transfer", "split", "buy")
        }
        fewer = found["purchase_lines"] < baseline.get("purchase_lines", 0)
        ok = (
            found["left"] == 0
            and decided == below
            and len(decisions) == len(below)
            and not unbalanced
            and found["transfers"] > 0
            and fewer
        )
        note = (
            f"{len(decisions)} decisions ({kinds['transfer']} transfer, "
            f"{kinds['split']} split, {kinds['buy']} buy) for {len(below)} "
            f"orderpoints below minimum"
            + ("" if decided == below else ", NOT the same orderpoints")
            + (f", {len(unbalanced)} not adding up to the need" if unbalanced else "")
            + f"; {found['transfers']} transfer moves out of donors "
            f"({found['reserved']} reserved; {found['pickings']} pickings, "
            f"{found['moves']} moves in all); "
            f"{found['purchase_lines']} purchase lines on {found['orders']} RFQs "
            f"({'fewer than' if fewer else 'NOT fewer than'} the baseline's "
            f"{baseline.get('purchase_lines', '?')}); {found['left']} still to order"
        )
        return ok, note, found

    return outcome


def simulate_outcome(data):
    def outcome(result):
        decisions, _inputs = result
        decided = {decision.key for decision in decisions}
        below = set(data["below"].ids)
        transfers = sum(1 for decision in decisions if decision.transfers)
        ok = decided == below
        note = (
            f"{len(decisions)} decisions, {transfers} with transfers, for "
            f"{len(below)} orderpoints below minimum"
            + ("" if ok else ", NOT the same orderpoints")
        )
        return ok, note, None

    return outcome


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def report(label, seconds, queries, count, note=""):
    print(
        f"  {label:50} {seconds:8.2f} s {queries:8d} queries "
        f"{queries / count * 1000:8.0f}/1000 orderpoints {note}".rstrip()
    )


def report_phases(title, figures, total):
    print(f"  where the time goes, {title}:")
    for label, (seconds, queries, calls) in figures.items():
        if not calls:
            continue
        share = seconds / total * 100 if total else 0.0
        print(
            f"    {label:42} {seconds:7.2f} s {share:5.1f} % {queries:7d} queries "
            f"{calls:6d} calls"
        )


def breakdown(figures, total):
    """Derived figures: Odoo's procurement work apart from the router's."""
    run = figures["procurement.group.run"][0]
    plan = figures["router._plan"][0]
    record = figures["router._record"][0]
    return {
        "router's own code (_plan + _record)": plan + record,
        "Odoo's rules inside run (run - _plan - _record)": run - plan - record,
        "outside run (qty_to_order, dates, reservation...)": total - run,
    }


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, args.odoo_src)
    import odoo  # noqa: PLC0415 - Odoo is not a dependency of the repository

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        started = time.perf_counter()
        data = setup_data(env, company, args.products, args.seed)
        setup_seconds = time.perf_counter() - started
        orderpoints = data["orderpoints"]
        other_orderpoints, waiting_moves = other_work(env, company, orderpoints)
        scope = args.scope
        if scope == "auto":
            polluted = other_orderpoints or waiting_moves
            scope = "orderpoints" if polluted else "scheduler"

        def run(disabled):
            def work():
                context = {DISABLED: True} if disabled else {}
                if scope == "scheduler":
                    group = env["procurement.group"].with_context(**context)
                    return group.run_scheduler(
                        use_new_cursor=False, company_id=company.id
                    )
                return (
                    orderpoints.with_context(**context)
                    .sudo()
                    ._procure_orderpoint_confirm(
                        company_id=company, raise_user_error=False
                    )
                )

            return work

        before = max_ids(env)
        spy = phases(env)
        with spy:
            seen = {}
            a = measure(
                env, run(True), baseline_outcome(env, before, data, seen), args.runs,
                spy,
            )  # fmt: skip
            b = measure(
                env, run(False), router_outcome(env, before, data, seen), args.runs,
                spy,
            )  # fmt: skip
            Router = env["replenishment.router"]
            c = measure(
                env, lambda: Router._simulate(orderpoints), simulate_outcome(data),
                args.runs, spy,
            )  # fmt: skip
        d = measure(
            env,
            lambda: orderpoints.action_replenishment_simulate(),
            lambda action: (True, "", None),
            args.runs,
        )
        profiled = profile(env, run(False), args.profile) if args.profile else ""
        cr.rollback()

    count = len(orderpoints)
    below = len(data["below"])
    print(
        f"{len(data['warehouses'])} warehouses x {args.products} products: "
        f"{count} automatic orderpoints, {below} below minimum "
        f"(seed {args.seed}; setup {setup_seconds:.0f} s, not timed; "
        f"best of {args.runs} runs)"
    )
    if scope == "scheduler":
        print(
            "  timed: procurement.group.run_scheduler(use_new_cursor=False, "
            "company_id) - no other automatic orderpoint or waiting move"
        )
    else:
        print(
            f"  timed: bench orderpoints._procure_orderpoint_confirm(company_id) - "
            f"the company also has {other_orderpoints} other automatic "
            f"orderpoints and {waiting_moves} moves waiting for stock"
        )
    report("(a) baseline: Odoo's scheduler, router disabled", *a[:2], count)
    print(f"      {a[2][1]}")
    report_phases("(a)", a[3], a[0])
    report("(b) router: decisions, transfers, purchases", *b[:2], count)
    print(f"      {b[2][1]}")
    report_phases("(b)", b[3], b[0])
    for label, seconds in breakdown(b[3], b[0]).items():
        print(f"    = {label:50} {seconds:7.2f} s")
    report("(c) decisions alone: _simulate", *c[:2], count)
    print(f"      {c[2][1]}")
    report_phases("(c)", c[3], c[0])
    report("(d) Simulate button (wizard with its lines)", *d[:2], count)

    rows = [
        ("router full run vs scheduler", a[0], b[0], "<= 1.0x", b[0] / a[0] <= 1.0,
         b[2][0]),
        ("decisions alone (_simulate)", None, c[0], "< 2 s", c[0] < 2.0, c[2][0]),
    ]  # fmt: skip
    print()
    print(f"{'goal':32} {'baseline':>9} {'ours':>9} {'ratio':>7} {'goal':>8}  result")
    for label, anchor, ours, goal, met, ok in rows:
        ratio = f"{ours / anchor:6.2f}x" if anchor else f"{'':7}"
        anchor_text = f"{anchor:7.2f} s" if anchor else f"{'':9}"
        result = "PASS" if met and ok else ("MISS" if ok else "MISS (wrong outcome)")
        print(f"{label:32} {anchor_text} {ours:7.2f} s {ratio} {goal:>8}  {result}")
    own = breakdown(b[3], b[0])["router's own code (_plan + _record)"]
    print(
        f"(b) less the router's own code: {b[0] - own:.2f} s, "
        f"{(b[0] - own) / a[0]:.2f}x the baseline (Odoo's work for the "
        f"transfers and purchases decided); (c) less Odoo's qty_to_order: "
        f"{c[0] - c[3]['qty_to_order (Odoo, per orderpoint)'][0]:.2f} s"
    )
    if profiled:
        print()
        print(f"cProfile of one router run (top {args.profile}):")
        print(profiled)


if __name__ == "__main__":
    main()
