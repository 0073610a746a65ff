"""What the Odoo benchmarks share: timing work with its SQL queries."""

import time


def timed(env, work):
    """Seconds and SQL queries of ``work()``, everything flushed."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    result = work()
    env.flush_all()
    env.cr.flush()
    return time.perf_counter() - started, env.cr.sql_log_count - queries, result
