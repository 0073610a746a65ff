"""Check that a database neutralized by ``odoo-bin neutralize`` talks to nobody.

Usage: check_neutralized.py ODOO_CONF DATABASE

Run with Odoo's Python, Odoo importable (PYTHONPATH=<odoo source>), on a
copy of a database that ``odoo-bin neutralize`` just neutralized. It checks
that every connector is inactive and marked neutralized and that no
integration job is left to run; then it plays the part of an administrator
who re-enables everything on the staging copy: it points every connector at
a TCP listener on 127.0.0.1 (HTTP, AS2, SOAP and SFTP alike) and schedules it
every minute, runs every scheduled action of our modules, every queued
integration message and every connector's connection test, and checks that
nothing connected (on a database that is not neutralized, the same run
connects). Everything it did is rolled back; the exit
code is 0 when the copy sent nothing.
"""

import datetime
import socket
import sys
import threading

ADDONS = ("integration_audit", "hr_sync", "supplier_edi", "replenishment_router")


class ConnectionCounter:
    """A TCP listener on 127.0.0.1 that counts connections and closes them."""

    def __init__(self):
        self.connections = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


def run_refusal_allowed(env, what, method):
    """Run ``method``; a neutralized connector refusing to work is fine."""
    try:
        with env.cr.savepoint():
            method()
    except Exception as error:  # noqa: BLE001 - a refusal is reported, not fatal
        print(f"{what}: refused ({type(error).__name__}: {error})")


def check(env, counter):
    """Return the list of problems found on the neutralized database."""
    problems = []
    connectors = env["integration.connector"].with_context(active_test=False)
    connectors = connectors.search([])
    if not connectors:
        problems.append("no connector in the database: nothing was checked")
    for connector in connectors:
        if connector.active or not connector.neutralized:
            problems.append(
                f"connector {connector.code} (company {connector.company_id.name}): "
                f"active={connector.active} neutralized={connector.neutralized}"
            )
    open_jobs = env["queue.job"].search_count(
        [
            ("model_name", "=", "integration.message"),
            ("state", "in", ("wait_dependencies", "pending", "enqueued")),
        ]
    )
    if open_jobs:
        problems.append(f"{open_jobs} integration job(s) still waiting to run")

    # An administrator re-enables everything on the copy.
    address = f"http://127.0.0.1:{counter.port}/"
    connectors.write(
        {
            "active": True,
            "endpoint": address,
            "schedule_interval_number": 1,
            "schedule_interval_type": "minutes",
            "last_run_at": False,
        }
    )
    for connector in connectors.filtered(lambda c: c.transport == "sftp"):
        connector.write({"endpoint": "127.0.0.1", "sftp_port": counter.port})
    Message = env["integration.message"]
    before = dict(Message._read_group([], ["state"], ["__count"]))
    crons = env["ir.cron"].with_context(active_test=False).search([])
    ours = crons.filtered(
        lambda cron: cron.get_external_id()[cron.id].split(".")[0] in ADDONS
    )
    if not ours:
        problems.append("no scheduled action of our modules found")
    for cron in ours:
        run_refusal_allowed(env, cron.name, cron.method_direct_trigger)
    run_refusal_allowed(env, "queued messages", Message._run_queued_now)
    for connector in connectors:
        run_refusal_allowed(
            env, f"test connection of {connector.code}", connector._test_connection
        )
    if counter.connections:
        problems.append(
            f"{counter.connections} connection(s) reached a partner address after "
            "the crons and the queued messages ran"
        )
    after = dict(Message._read_group([], ["state"], ["__count"]))
    if after.get("done", 0) > before.get("done", 0):
        problems.append(
            f"{after['done'] - before.get('done', 0)} message(s) were processed"
        )
    print(
        f"checked {len(connectors)} connector(s), ran {len(ours)} scheduled "
        f"action(s) and the queued messages at {datetime.datetime.now():%H:%M:%S}; "
        f"connections to partners: {counter.connections}"
    )
    return problems


def main(conf, database):
    import odoo  # noqa: PLC0415 - Odoo is only importable when run by scripts/test
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "-d", database])
    counter = ConnectionCounter()
    try:
        with Registry(database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            problems = check(env, counter)
            cr.rollback()
    finally:
        counter.close()
    for problem in problems:
        print(f"NOT NEUTRALIZED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
