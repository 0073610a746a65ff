"""pytest plugin loaded by scripts/test (``-p hypothesis_ci``).

Registers and loads a Hypothesis profile without timing checks: on a busy
2-core CI machine the ``too_slow`` health check and per-example deadlines fail
at random, and timed assertions are not what the tests are about. The number
of examples and every other setting stay Hypothesis' defaults (or what each
test sets with ``@settings``).
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "scripts-test",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("scripts-test")
