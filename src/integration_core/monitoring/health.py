# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Connector health: one state from a window's message counts.

:func:`assess` turns what a connector exchanged over a window (24 hours in
the cockpit) into a :class:`Health`: ``unknown`` without traffic, ``down``
when messages fail and none succeeds, ``degraded`` when some fail or are
slower than the latency SLA, ``ok`` otherwise. The state comes with its
reason, a colour for the overview card, whether it counts as up for the
uptime figure, and :func:`should_alert` says whether a health check raises
an alert for a connector of a given criticality.

Uptime: ``down`` is the only state counted as down. ``degraded`` still
exchanges messages; ``unknown`` (no traffic) is no evidence of an outage,
and missing traffic is the silence watch's business, so both count as up.
"""

import dataclasses

OK = "ok"
DEGRADED = "degraded"
DOWN = "down"
UNKNOWN = "unknown"
STATES = (OK, DEGRADED, DOWN, UNKNOWN)

#: The overview card's colour per state.
COLORS = {OK: "green", DEGRADED: "orange", DOWN: "red", UNKNOWN: "grey"}

#: Criticalities whose connectors alert when merely degraded.
ALERT_WHEN_DEGRADED = ("critical", "high")


@dataclasses.dataclass(frozen=True)
class Health:
    """A connector's health over a window.

    :param state: one of :data:`STATES`.
    :param reason: one sentence for the log and the card.
    :param total: messages in the window.
    :param succeeded: of which done or resolved.
    :param failing: of which failed (retry scheduled) or dead.
    :param slow: of which slower than the latency SLA.
    """

    state: str
    reason: str
    total: int = 0
    succeeded: int = 0
    failing: int = 0
    slow: int = 0

    @property
    def color(self) -> str:
        """``green``, ``orange``, ``red`` or ``grey``."""
        return COLORS[self.state]

    @property
    def up(self) -> bool:
        """Counts as up for uptime: every state but ``down``."""
        return self.state != DOWN

    @property
    def uptime(self) -> float:
        """100.0 when up, 0.0 when down: averaged, the uptime percentage."""
        return 100.0 if self.up else 0.0


def assess(total: int, succeeded: int, failing: int, slow: int = 0) -> Health:
    """Health of a connector from its message counts over a window.

    :param total: messages created in the window, whatever their state.
    :param succeeded: of which done or resolved.
    :param failing: of which failed (retry scheduled) or dead.
    :param slow: of which slower than the connector's latency SLA (0 when it
        has none).
    """
    for name, value in (
        ("total", total),
        ("succeeded", succeeded),
        ("failing", failing),
        ("slow", slow),
    ):
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value!r}")
    if succeeded + failing > total:
        raise ValueError(
            f"succeeded ({succeeded}) and failing ({failing}) exceed total ({total})"
        )
    counts = {"total": total, "succeeded": succeeded, "failing": failing, "slow": slow}
    if not total:
        return Health(UNKNOWN, "No message in the window.", **counts)
    if failing and not succeeded:
        return Health(DOWN, f"{failing} failing message(s), none succeeded.", **counts)
    if failing or slow:
        return Health(
            DEGRADED,
            f"{failing} failing and {slow} slow message(s) of {total}.",
            **counts,
        )
    return Health(OK, f"{total} message(s), all fine.", **counts)


def should_alert(health: Health, criticality: str) -> bool:
    """Whether a health check raises an alert for this connector.

    A connector that is down always alerts; a degraded one only when it is
    critical or high (see :data:`ALERT_WHEN_DEGRADED`).
    """
    if health.state == DOWN:
        return True
    return health.state == DEGRADED and criticality in ALERT_WHEN_DEGRADED
