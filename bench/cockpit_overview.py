"""The integration cockpit's overview at hospital scale: roll-ups against the raw log.

Runs inside a real Odoo 18 with ``integration_audit`` installed, on a
database of its own (it COMMITS the generated messages, so that each size
builds on the previous one and the planner sees real statistics)::

    python bench/cockpit_overview.py --odoo-src "$ODOO_SRC" -c odoo.conf -d DB

It creates 20 bench connectors (codes ``bench_00`` ...; various
criticalities, system kinds and latency SLAs) and then, for each size of
``--sizes`` (100,000 and 2,000,000 messages by default), bulk-inserts
integration messages by SQL (``generate_series``) until the bench
connectors hold that many: 30 days of create dates, a realistic mix of
states (mostly done; failed, dead, resolved, cancelled; pending, queued and
running only in the last two hours), log-normal latencies with a tail past
the SLA, transient and permanent errors. These rows bypass the logging API
and have no audit chain: the bench measures figures, not logging.

For each size it times, each in its own transaction, committed:

(1) full build: the roll-ups dropped and ``_cron_update_rollups()`` run
    with no watermark, i.e. the whole log aggregated, a week at a time;
(2) incremental run: 5 minutes of traffic (500 new messages, 200 failed
    ones retried to done), then ``_cron_update_rollups()``;
(3) the overview as the web client loads it: ``get_views`` of the kanban,
    then ``integration.connector.web_search_read`` with the fields of the
    kanban, as a read-only integration user, for every connector;
(4) the anchor: the same figures (24 h messages and failures per state,
    SLA breaches, p95 from the latencies, retry queue, dead letters, last
    success) from the raw log with Odoo's standard ``_read_group``, i.e.
    what the overview would cost without roll-ups.

Seconds are server time (everything flushed) with the SQL queries counted,
best of ``--runs`` (the first run, with cold caches, is shown too). A size
passes when the overview takes under 1 s *and* its figures equal the
anchor's (messages, failures, retry queue, dead letters per connector).
"""

import argparse
import math
import sys
import time

from measuring import timed

CONNECTORS = 20
DAYS = 30
BENCH_LOGIN = "bench_cockpit_user"
# (criticality, system kind, latency SLA in seconds) cycled over the connectors.
PROFILES = (
    ("critical", "supplier", 30),
    ("high", "logistics", 60),
    ("medium", "hr", 120),
    ("low", "finance", 0),
    ("medium", "other", 60),
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-src", required=True, help="Odoo 18 source checkout")
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--sizes",
        default="100000,2000000",
        help="comma-separated message counts to reach, in increasing order",
    )
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args(argv)


# ----------------------------------------------------------------------
# Setup
# ----------------------------------------------------------------------


def ensure_connectors(env):
    Connector = env["integration.connector"].with_context(tracking_disable=True)
    connectors = Connector.search([("code", "=like", "bench_%")], order="code")
    missing = [
        index
        for index in range(CONNECTORS)
        if f"bench_{index:02d}" not in connectors.mapped("code")
    ]
    vals_list = []
    for index in missing:
        criticality, kind, sla = PROFILES[index % len(PROFILES)]
        vals_list.append(
            {
                "name": f"Bench connector {index:02d}",
                "code": f"bench_{index:02d}",
                "system_kind": kind,
                "criticality": criticality,
                "latency_sla": sla,
                "transport": "none",
            }
        )
    Connector.create(vals_list)
    return Connector.search([("code", "=like", "bench_%")], order="code")


def ensure_user(env):
    """An internal user with read-only integration rights (no manager group)."""
    groups = [
        env.ref("base.group_user").id,
        env.ref("integration_audit.group_integration_user").id,
    ]
    user = env["res.users"].search([("login", "=", BENCH_LOGIN)])
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create({"name": "Bench cockpit reader", "login": BENCH_LOGIN})
        )
    user.groups_id = [(6, 0, groups)]
    return user


def bench_message_count(env, connectors):
    env.cr.execute(
        "SELECT COUNT(*) FROM integration_message WHERE connector_id = ANY(%s)",
        [connectors.ids],
    )
    return env.cr.fetchone()[0]


# Each row draws its connector, age, state and latency from random(); the
# states of the last two hours include messages still open.
INSERT_MESSAGES = """
WITH draws AS (
    SELECT g,
           (%(connectors)s)[1 + floor(random() * %(connector_count)s)::int]
               AS connector_id,
           random() AS age_draw,
           random() AS state_draw,
           -- log-normal latency: exp(7 + 1.3 * N(0, 1)) ms, median about 1.1 s
           exp(7 + 1.3 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
               AS latency
      FROM generate_series(%(first)s, %(last)s) g
), rows AS (
    SELECT d.*,
           %(now)s - d.age_draw * %(days)s * interval '1 day' AS created,
           d.age_draw * %(days)s * 24 < 2 AS recent
      FROM draws d
), stated AS (
    SELECT r.*,
           CASE
             WHEN r.recent AND r.state_draw < 0.02 THEN 'pending'
             WHEN r.recent AND r.state_draw < 0.04 THEN 'queued'
             WHEN r.recent AND r.state_draw < 0.05 THEN 'running'
             WHEN r.state_draw < 0.92 THEN 'done'
             WHEN r.state_draw < 0.95 THEN 'failed'
             WHEN r.state_draw < 0.97 THEN 'dead'
             WHEN r.state_draw < 0.99 THEN 'resolved'
             ELSE 'cancelled'
           END AS state
      FROM rows r
)
INSERT INTO integration_message (
    name, correlation_id, idempotency_key, business_key, connector_id,
    company_id, operation, direction, initiator_type, state, attempt_count,
    replay_count, started_at, finished_at, latency_ms, error_kind, error_class,
    error_message, next_retry_at, create_uid, create_date, write_uid, write_date
)
SELECT 'bench/' || s.g, md5(s.g::text), 'bench-' || s.g, 'bench-' || s.g,
       s.connector_id, c.company_id, 'bench_exchange',
       CASE WHEN s.g %% 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'cron',
       s.state,
       CASE WHEN s.state IN ('pending', 'queued') THEN 0 ELSE 1 END, 0,
       CASE WHEN s.state IN ('pending', 'queued') THEN NULL ELSE s.created END,
       CASE WHEN s.state IN ('done', 'dead')
            THEN s.created + s.latency * interval '1 millisecond' END,
       CASE WHEN s.state IN ('done', 'dead') THEN LEAST(s.latency, 2e9)::int END,
       CASE WHEN s.state IN ('failed') THEN 'transient'
            WHEN s.state IN ('dead', 'resolved') THEN 'permanent' END,
       CASE WHEN s.state = 'failed' THEN 'integration_core.errors.TransientError'
            WHEN s.state IN ('dead', 'resolved')
            THEN 'integration_core.errors.PermanentError' END,
       CASE WHEN s.state IN ('failed', 'dead', 'resolved') THEN 'bench error' END,
       CASE WHEN s.state = 'failed' THEN %(now)s + interval '5 minutes' END,
       1, s.created, 1,
       CASE WHEN s.state IN ('done', 'dead')
            THEN s.created + s.latency * interval '1 millisecond'
            ELSE s.created END
  FROM stated s
  JOIN integration_connector c ON c.id = s.connector_id
"""


def insert_messages(env, connectors, first, last, now, days=DAYS):
    """Messages number ``first`` to ``last`` (inclusive), created over the
    ``days`` before ``now``, by SQL, in 250k chunks."""
    chunk = 250_000
    for start in range(first, last + 1, chunk):
        end = min(last, start + chunk - 1)
        # Reproducible draws: the seed depends on the first message number.
        env.cr.execute("SELECT setseed(%s)", [(start % 1000) / 1000])
        env.cr.execute(
            INSERT_MESSAGES,
            {
                "connectors": connectors.ids,
                "connector_count": len(connectors),
                "first": start,
                "last": end,
                "now": now,
                "days": days,
            },
        )
        env.cr.commit()  # each chunk stands on its own: a bench database
        print(f"  inserted messages {start:,} to {end:,}", flush=True)


def simulate_five_minutes(env, connectors, next_number, now):
    """500 new messages and 200 failed ones retried to done, written now."""
    five_minutes = 5 / (24 * 60)
    insert_messages(env, connectors, next_number, next_number + 499, now, five_minutes)
    env.cr.execute(
        """UPDATE integration_message
              SET state = 'done', finished_at = %(now)s, write_date = %(now)s,
                  latency_ms = LEAST(EXTRACT(EPOCH FROM %(now)s - create_date) * 1000,
                                     2e9)::int,
                  next_retry_at = NULL
            WHERE id IN (SELECT id FROM integration_message
                          WHERE state = 'failed' AND connector_id = ANY(%(ids)s)
                          ORDER BY id LIMIT 200)""",
        {"now": now, "ids": connectors.ids},
    )
    env.cr.commit()
    return next_number + 500


# ----------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------


def kanban_spec(env):
    """The fields of the overview kanban, as the web client asks for them."""
    from lxml import etree  # noqa: PLC0415

    # The web client loads the action as /web/action/load does (sudo).
    action = env.ref("integration_audit.integration_connector_action_overview").sudo()
    views = env["integration.connector"].get_views([(action.view_id.id, "kanban")])
    arch = etree.fromstring(views["views"]["kanban"]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        field = env["integration.connector"]._fields[name]
        spec[name] = (
            {"fields": {"display_name": {}}} if field.type == "many2one" else {}
        )
    return spec


def load_overview(env):
    """What opening the overview runs on the server: views, then the records."""
    Connector = env["integration.connector"]
    action = env.ref("integration_audit.integration_connector_action_overview").sudo()
    Connector.get_views([(action.view_id.id, "kanban"), (False, "search")])
    spec = kanban_spec(env)
    return Connector.web_search_read([], spec, limit=80)


def anchor_figures(env, connectors):
    """The overview's figures from the raw log with Odoo's ``_read_group``."""
    from odoo import fields  # noqa: PLC0415

    from integration_core.monitoring.latency import histogram, percentile  # noqa: PLC0415

    Message = env["integration.message"]
    now = fields.Datetime.now()
    since = (now - _hours(24)).replace(minute=0, second=0, microsecond=0)
    domain = [("connector_id", "in", connectors.ids), ("create_date", ">=", since)]
    figures = {
        connector.id: {"messages": 0, "failing": 0, "latencies": []}
        for connector in connectors
    }
    for connector, state, count in Message._read_group(
        domain, ["connector_id", "state"], ["__count"]
    ):
        figures[connector.id]["messages"] += count
        if state in ("failed", "dead"):
            figures[connector.id]["failing"] += count
    for connector, latencies in Message._read_group(
        domain + [("latency_ms", "!=", False)],
        ["connector_id"],
        ["latency_ms:array_agg"],
    ):
        figures[connector.id]["latencies"] = latencies
    for connector, state, count in Message._read_group(
        [("connector_id", "in", connectors.ids), ("state", "in", ("failed", "dead"))],
        ["connector_id", "state"],
        ["__count"],
    ):
        figures[connector.id][state] = count
    for connector, last in Message._read_group(
        [("connector_id", "in", connectors.ids), ("state", "=", "done")],
        ["connector_id"],
        ["finished_at:max"],
    ):
        figures[connector.id]["last_success"] = last
    for connector in connectors:
        figure = figures[connector.id]
        sla = connector.latency_sla * 1000
        figure["breaches"] = (
            sum(1 for ms in figure["latencies"] if ms > sla) if sla else 0
        )
        figure["p95"] = percentile(histogram(figure["latencies"]), 0.95)
    return figures


def _hours(hours):
    import datetime  # noqa: PLC0415

    return datetime.timedelta(hours=hours)


def best_of(env, runs, work):
    results = [timed(env, work) for _run in range(runs)]
    best = min(results, key=lambda result: result[0])
    return results[0], best


def measure_size(registry, odoo, args, connectors_ids, size, state):
    """Insert up to ``size`` bench messages, then time (1) to (4)."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    row = {"size": size}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        connectors = env["integration.connector"].browse(connectors_ids)
        have = bench_message_count(env, connectors)
        now = cr.now()
        if have < size:
            print(f"inserting {size - have:,} messages ...", flush=True)
            started = time.perf_counter()
            insert_messages(
                env, connectors, state["next"], state["next"] + size - have - 1, now
            )
            state["next"] += size - have
            row["insert_s"] = time.perf_counter() - started
        cr.execute("ANALYZE integration_message")
        cr.commit()
        env.cr.execute("SELECT COUNT(*) FROM integration_message")
        row["log_rows"] = env.cr.fetchone()[0]
        row["bench_rows"] = bench_message_count(env, connectors)

    # (1) full build
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Rollup = env["integration.message.rollup"]
        env.cr.execute("DELETE FROM integration_message_rollup")
        env["ir.config_parameter"].set_param(
            "integration_audit.rollup_watermark", False
        )
        seconds, queries, written = timed(env, Rollup._cron_update_rollups)
        row["build"] = (seconds, queries, written)
        cr.commit()
        cr.execute("ANALYZE integration_message_rollup")
        cr.commit()

    # (2) incremental run after 5 minutes of traffic
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        connectors = env["integration.connector"].browse(connectors_ids)
        state["next"] = simulate_five_minutes(env, connectors, state["next"], cr.now())
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        seconds, queries, written = timed(
            env, env["integration.message.rollup"]._cron_update_rollups
        )
        row["incremental"] = (seconds, queries, written)
        cr.commit()

    # (3) the overview as the web client loads it, as a read-only user
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = ensure_user(env)
        cr.commit()
        user_env = api.Environment(cr, user.id, {"lang": "en_US", "tz": "UTC"})
        registry.clear_cache()  # the first run starts cold
        cold, best = best_of(user_env, args.runs, lambda: load_overview(user_env))
        row["overview_cold"], row["overview"] = cold, best
        overview = {record["id"]: record for record in best[2]["records"]}

        # (4) the anchor, over the same connectors as the superuser reads them
        connectors = env["integration.connector"].search([])
        cold, best = best_of(env, args.runs, lambda: anchor_figures(env, connectors))
        row["anchor_cold"], row["anchor"] = cold, best
        anchor = best[2]
        mismatches = []
        for connector_id, figure in anchor.items():
            shown = overview.get(connector_id)
            if shown is None:
                continue
            rate = (
                100.0 * figure["failing"] / figure["messages"]
                if figure["messages"]
                else 0
            )
            checks = (
                ("messages", shown["overview_message_count"], figure["messages"]),
                ("retry queue", shown["retry_queue_count"], figure.get("failed", 0)),
                ("dead letters", shown["dead_letter_count"], figure.get("dead", 0)),
            )
            for label, got, want in checks:
                if got != want:
                    mismatches.append(f"{connector_id} {label}: {got} != {want}")
            if not math.isclose(shown["overview_failure_rate"], rate, abs_tol=1e-6):
                mismatches.append(f"{connector_id} failure rate")
        row["mismatches"] = mismatches
        row["p95_sample"] = [
            (overview[cid]["overview_p95_ms"], anchor[cid]["p95"])
            for cid in connectors_ids[:3]
            if cid in overview
        ]
        cr.rollback()
    return row


def print_row(row):
    print()
    print(
        f"== {row['bench_rows']:,} bench messages ({row['log_rows']:,} in the log)"
        + (f", inserted in {row['insert_s']:.1f} s" if "insert_s" in row else "")
    )
    print(f"{'figure':48} {'seconds':>9} {'queries':>8}  note")
    seconds, queries, written = row["build"]
    print(
        f"{'(1) full roll-up build':48} {seconds:9.3f} {queries:8}  {written:,} buckets"
    )
    seconds, queries, written = row["incremental"]
    print(
        f"{'(2) incremental run (5 min of traffic)':48} {seconds:9.3f} {queries:8}"
        f"  {written:,} buckets"
    )
    for key, label in (
        ("overview", "(3) overview (get_views + web_search_read)"),
        ("anchor", "(4) anchor: _read_group over the raw log"),
    ):
        cold_s, cold_q, _result = row[f"{key}_cold"]
        best_s, best_q, _result = row[key]
        print(
            f"{label:48} {best_s:9.3f} {best_q:8}  "
            f"first run {cold_s:.3f} s, {cold_q} queries"
        )
    overview_s = row["overview"][0]
    verdict = "PASS" if overview_s < 1 and not row["mismatches"] else "MISS"
    print(
        f"goal: overview < 1 s at this size: {overview_s:.3f} s, "
        f"{row['anchor'][0] / overview_s:.0f}x faster than the anchor; "
        f"figures equal the anchor's: {'NO' if row['mismatches'] else 'yes'} "
        f"-> {verdict}"
    )
    for mismatch in row["mismatches"][:10]:
        print(f"   mismatch: {mismatch}")
    for shown, exact in row["p95_sample"]:
        print(
            f"   p95 from roll-up buckets {shown:,.0f} ms, "
            f"same estimate from the raw latencies {exact or 0:,.0f} ms"
        )
    return verdict


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, args.odoo_src)
    import odoo  # noqa: PLC0415 - Odoo is not a dependency of the repository

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        connectors = ensure_connectors(env)
        cr.execute(
            "SELECT COALESCE(MAX(substring(idempotency_key from 7)::bigint), 0) "
            "FROM integration_message WHERE idempotency_key LIKE 'bench-%%'"
        )
        state = {"next": cr.fetchone()[0] + 1}
        connectors_ids = connectors.ids
        cr.commit()
    verdicts = []
    for size in (int(value) for value in args.sizes.split(",")):
        row = measure_size(registry, odoo, args, connectors_ids, size, state)
        verdicts.append((size, print_row(row)))
    print()
    for size, verdict in verdicts:
        print(f"overview < 1 s at {size:,} messages: {verdict}")


if __name__ == "__main__":
    main()
