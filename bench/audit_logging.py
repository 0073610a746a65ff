"""Cost of the integration log against the business writes it records.

Runs inside a real Odoo 18 with ``integration_audit`` installed and rolls
everything back at the end, so any database will do::

    python bench/audit_logging.py --odoo-src "$ODOO_SRC" -c odoo.conf -d DB

It writes 5 fields on each of N partners twice: once plainly (the business
writes alone), once through the logging API (a message opened, the 5 changes
recorded with old and new values, the message closed, its hash-chain entries
appended). It prints the time per message of both and the overhead. The goal
(issue #2) is an overhead of at most 10 %.
"""

import argparse
import statistics
import sys
import time


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-src", required=True, help="Odoo 18 source checkout")
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=6, help="runs of each variant")
    return parser.parse_args(argv)


def make_partners(env, count):
    return env["res.partner"].create(
        [{"name": f"Bench contact {number}"} for number in range(count)]
    )


def values(number, run):
    return {
        "phone": f"+1 555 {run:02d}{number:05d}",
        "email": f"bench{number}.{run}@example.com",
        "street": f"{number} Hospital Road",
        "city": f"City {run}",
        "comment": f"run {run}",
    }


def business_only(env, partners, run):
    started = time.perf_counter()
    for number, partner in enumerate(partners):
        partner.write(values(number, run))
        env.flush_all()
    return time.perf_counter() - started


def with_logging(env, connector, partners, run):
    """The synchronous shortcut: one message per write, applied once, done."""
    messages = env["integration.message"]
    started = time.perf_counter()
    for number, partner in enumerate(partners):
        messages._log_apply(
            connector,
            "update_contact",
            partner,
            values(number, run),
            idempotency_key=f"bench-{run}-{number}",
            initiator="partner",
        )
        env.flush_all()
    env.cr.flush()  # the queued log rows are written in bulk here
    return time.perf_counter() - started


def with_logging_steps(env, connector, partners, run):
    """The general API: open, write and record the changes, then close."""
    messages = env["integration.message"]
    started = time.perf_counter()
    for number, partner in enumerate(partners):
        message = messages._log_open(
            connector,
            "update_contact",
            direction="inbound",
            idempotency_key=f"bench-steps-{run}-{number}",
            record=partner,
            initiator="partner",
        )
        message._log_write(partner, values(number, run))
        message._log_done()
        env.flush_all()
    env.cr.flush()
    return time.perf_counter() - started


def run_bench(env, count, runs):
    """Time the three variants ``runs`` times each; return their timings.

    Every write lands in the same transaction, so each pass meets more row
    versions of the same partners than the one before: the order of the
    variants rotates from one round to the next so that none always pays
    for that.
    """
    connector = env["integration.connector"].create(
        {"name": "Bench", "code": "bench_audit", "transport": "none"}
    )
    partners = make_partners(env, count)
    env.flush_all()
    variants = {
        "plain": business_only,
        "apply": lambda env, partners, run: with_logging(env, connector, partners, run),
        "steps": lambda env, partners, run: with_logging_steps(
            env, connector, partners, run
        ),
    }
    timings = {name: [] for name in variants}
    names = list(variants)
    for run in range(runs):
        for offset, name in enumerate(names[run % 3 :] + names[: run % 3]):
            env.invalidate_all()
            timings[name].append(variants[name](env, partners, run * 3 + offset))
    return timings


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, args.odoo_src)
    import odoo  # noqa: PLC0415 - Odoo is not a dependency of the repository

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        timings = run_bench(env, args.messages, args.runs)
        cr.rollback()
    plain = timings["plain"]
    print(
        f"messages: {args.messages}, 5 field changes each, {args.runs} runs "
        "(best and median)"
    )
    print(
        f"{'business writes only':31}: {per_message(min(plain), args):8.3f} / "
        f"{per_message(statistics.median(plain), args):8.3f} ms/message"
    )
    for name, label in (
        ("apply", "logged, _log_apply (one call)"),
        ("steps", "logged, _log_open/_write/_done"),
    ):
        seconds = timings[name]
        best = (min(seconds) - min(plain)) / min(plain) * 100
        median = (
            (statistics.median(seconds) - statistics.median(plain))
            / statistics.median(plain)
            * 100
        )
        print(
            f"{label:31}: {per_message(min(seconds), args):8.3f} / "
            f"{per_message(statistics.median(seconds), args):8.3f} ms/message, "
            f"overhead {best:5.1f} % / {median:5.1f} % (goal: at most 10 %)"
        )


def per_message(seconds, args):
    return seconds / args.messages * 1000


if __name__ == "__main__":
    main()
