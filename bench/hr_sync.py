"""HR sync against Odoo's own batch create of employees, in one database.

Runs inside a real Odoo 18 with ``hr_sync`` installed and rolls everything
back at the end, so any database will do::

    python bench/hr_sync.py --odoo-src "$ODOO_SRC" -c odoo.conf -d DB

On a generated hospital network (10,000 employees by default, about 300
departments in a tree, each with a head, 150 cost centers), written as a CSV
file and read back with the connector's file reader, it times side by side:

(a) the anchor: ``hr.employee.create`` of the same number of employees in one
    batch, as Odoo does it (rolled back before the rest);
(b) our initial sync of the file: cost centers, departments, employees,
    managers, one integration message per record with its field changes;
(c) the same sync again, nothing changed;
(d) the same sync with 1 % of the employees changed.

It prints seconds, records per second and SQL queries per 1,000 employees.
The goals (issue #8): (b) no slower than (a); (c) at most 5 s and at most 50
queries per 1,000 employees; (d) at most 10 s.
"""

import argparse
import csv
import io
import json
import random
import sys

from measuring import timed

MAPPING = {
    "employee": {
        "external_id": "id",
        "name": "name",
        "work_email": {"path": "email", "transforms": ["trim", "lower"]},
        "job_title": "title",
        "department_id": "dept",
        "department_name": "dept_name",
        "parent_department_id": "parent",
        "department_cost_center_code": "dept_cc",
        "cost_center_code": "cc",
        "manager_id": "manager",
        "manages_department": {"path": "head", "transforms": ["bool"]},
    }
}
COLUMNS = [
    "id",
    "name",
    "email",
    "title",
    "dept",
    "dept_name",
    "parent",
    "dept_cc",
    "cc",
    "manager",
    "head",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--odoo-src", required=True, help="Odoo 18 source checkout")
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--employees", type=int, default=10000)
    parser.add_argument("--departments", type=int, default=300)
    parser.add_argument("--cost-centers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=8)
    return parser.parse_args(argv)


def network(employees, departments, cost_centers, seed):
    """Rows of a hospital network: department heads first in no particular
    order, every employee managed by their department's head, heads by the
    head of the parent department."""
    rng = random.Random(seed)
    tree = []
    for number in range(departments):
        parent = tree[rng.randrange(len(tree))]["code"] if tree else ""
        tree.append(
            {
                "code": f"D{number:04d}",
                "name": f"Ward {number}",
                "parent": parent,
                "cc": f"CC{number % cost_centers:04d}",
            }
        )
    heads = {
        department["code"]: f"E{index:06d}" for index, department in enumerate(tree)
    }
    rows = []
    for index in range(employees):
        department = tree[index] if index < departments else rng.choice(tree)
        is_head = index < departments
        manager = (
            heads.get(department["parent"], "")
            if is_head
            else heads[department["code"]]
        )
        rows.append(
            {
                "id": f"E{index:06d}",
                "name": f"Employee {index}",
                "email": f"e{index}@bench.example",
                "title": "Head of ward"
                if is_head
                else rng.choice(["Nurse", "Doctor", "Clerk"]),
                "dept": department["code"],
                "dept_name": department["name"],
                "parent": department["parent"],
                "dept_cc": department["cc"],
                "cc": department["cc"],
                "manager": manager,
                "head": "yes" if is_head else "no",
            }
        )
    rng.shuffle(rows)
    return rows


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def anchor(env, rows, company):
    """Odoo's own batch create, rolled back afterwards."""
    employees = env["hr.employee"].with_company(company)
    env.flush_all()
    with env.cr.savepoint(flush=False) as savepoint:
        seconds, queries, _records = timed(
            env,
            lambda: employees.create(
                [
                    {
                        "name": row["name"],
                        "work_email": row["email"],
                        "job_title": row["title"],
                        "company_id": company.id,
                    }
                    for row in rows
                ]
            ),
        )
        savepoint.close(rollback=True)
    env.invalidate_all()
    return seconds, queries


def sync(env, connector, content):
    from integration_core.hr.sources import read_file  # noqa: PLC0415

    def work():
        feed = read_file(content, "hospital_network.csv")
        return connector._hr_sync(dry_run=False, feed=feed, initiator="cron")

    return timed(env, work)


def report(label, seconds, queries, count, goal=""):
    per_second = count / seconds if seconds else float("inf")
    print(
        f"{label:44} {seconds:8.2f} s {per_second:9.0f} employees/s "
        f"{queries / count * 1000:9.1f} queries/1000 {goal}"
    )


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, args.odoo_src)
    import odoo  # noqa: PLC0415 - Odoo is not a dependency of the repository

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    rows = network(args.employees, args.departments, args.cost_centers, args.seed)
    content = to_csv(rows)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env["res.company"].create(
            {"name": "Bench Network", "hr_entity_code": "BENCH"}
        )
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        connector = env["integration.connector"].create(
            {
                "name": "Bench HR file",
                "code": "bench_hr_file",
                "company_id": company.id,
                "system_kind": "hr",
                "transport": "none",
                "hr_source": "file",
            }
        )
        connector.hr_mapping_spec = json.dumps(MAPPING)
        a_seconds, a_queries = anchor(env, rows, company)
        b_seconds, b_queries, b_run = sync(env, connector, content)
        c_seconds, c_queries, c_run = sync(env, connector, content)
        changed = [dict(row) for row in rows]
        for row in changed[: max(1, len(changed) // 100)]:
            row["title"] = "Charge " + row["title"]
        d_seconds, d_queries, d_run = sync(env, connector, to_csv(changed))
        counts = {
            "created": b_run.created_count,
            "failed": b_run.failed_count,
            "unchanged": c_run.unchanged_count,
            "updated": d_run.updated_count,
        }
        cr.rollback()
    count = args.employees
    print(
        f"{count} employees, {args.departments} departments, "
        f"{args.cost_centers} cost centers (seed {args.seed})"
    )
    report("(a) hr.employee.create, one batch (anchor)", a_seconds, a_queries, count)
    report(
        "(b) initial sync",
        b_seconds,
        b_queries,
        count,
        f"{b_seconds / a_seconds:5.2f}x the anchor (goal <= 1x); "
        f"created {counts['created']}, failed {counts['failed']}",
    )
    report(
        "(c) same sync again",
        c_seconds,
        c_queries,
        count,
        f"(goal <= 5 s, <= 50 queries/1000); unchanged {counts['unchanged']}",
    )
    report(
        "(d) 1 % changed",
        d_seconds,
        d_queries,
        count,
        f"(goal <= 10 s); updated {counts['updated']}",
    )


if __name__ == "__main__":
    main()
