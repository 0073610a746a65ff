# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""When a watch fires: SLA breaches, silence, unanswered messages, stuck messages.

Each watch is a pure function of figures the caller read from the
integration log; it returns a :class:`Finding` (the problem, with a key that
stays the same while the problem lasts, so that raising it again only counts
another occurrence of the open alert) or ``None`` when all is well, which
lets the caller resolve the alert.

Datetimes may be naive (UTC, as Odoo stores them) or aware, but the
arguments of one call must all be of the same kind.
"""

import dataclasses
import datetime
import math

from integration_core.errors import TransientError

#: The stuck limit when a connector sets none: this many times its timeout...
STUCK_TIMEOUT_FACTOR = 10
#: ...but never less than this: a queue busy for a few minutes is not stuck.
STUCK_FLOOR = datetime.timedelta(minutes=15)
#: States a message leaves by itself unless something hangs.
STUCK_STATES = ("queued", "running")


@dataclasses.dataclass(frozen=True)
class Finding:
    """A problem a watch found.

    :param key: what identifies the problem while it lasts (the alert key).
    :param summary: one line for the alert list.
    :param note: the details: figures, thresholds, what to look at.
    :param subjects: ids of the records concerned (overdue triggers...), if any.
    """

    key: str
    summary: str
    note: str
    subjects: tuple = ()


class StuckMessageError(TransientError):
    """A message stayed queued or running longer than its connector allows.

    Transient, so the connector's retry policy decides: the message is tried
    again later, or goes to the dead letters once its attempts are spent.
    """

    def __init__(self, state, since, limit):
        self.state = state
        self.since = since
        self.limit = limit
        super().__init__(
            f"stuck in state {state} since {_stamp(since)}, longer than the "
            f"{_duration(limit)} limit: failed by the stuck-message watchdog",
            details={
                "state": state,
                "since": since.isoformat(),
                "limit_seconds": limit.total_seconds(),
            },
        )


def sla_breach(total, breaches, threshold_pct, min_messages, *, key="sla"):
    """Fire when too many of the recent messages were slower than the SLA.

    :param total: messages finished in the window.
    :param breaches: how many of them were slower than the latency SLA.
    :param threshold_pct: share of breaches (0-100) that fires the watch.
    :param min_messages: fewer messages than this never fire: two slow
        messages out of three say little.
    """
    if total < 0 or breaches < 0 or breaches > total:
        raise ValueError(
            f"breaches must be between 0 and total, got {breaches!r} of {total!r}"
        )
    if not 0 < threshold_pct <= 100:
        raise ValueError(
            f"threshold_pct must be above 0 and at most 100, got {threshold_pct!r}"
        )
    if min_messages < 1:
        raise ValueError(f"min_messages must be at least 1, got {min_messages!r}")
    if total < min_messages:
        return None
    share = breaches * 100.0 / total
    if share < threshold_pct:
        return None
    return Finding(
        key=key,
        summary=f"{_pct(share)} of messages slower than the latency SLA",
        note=(
            f"{breaches} of {total} finished messages breached the latency SLA "
            f"({_pct(share)}, alert threshold {_pct(threshold_pct)})."
        ),
    )


def silence(last_seen_at, max_gap, now, *, since=None, key="silence", label=None):
    """Fire when no message was seen for longer than ``max_gap``.

    :param last_seen_at: when the last expected message was logged, or
        ``None`` when there was none.
    :param max_gap: the longest allowed gap (``timedelta``).
    :param since: when watching started (the expectation's creation): with
        no message at all, the gap is counted from there; ``None`` fires at
        once when nothing was ever seen.
    :param label: what is expected, for the texts (e.g. "nightly HR feed").
    """
    _check_gap("max_gap", max_gap)
    reference = last_seen_at if last_seen_at is not None else since
    if reference is not None and now - reference <= max_gap:
        return None
    what = label or "expected traffic"
    if last_seen_at is None:
        seen = "no message seen yet"
        if since is not None:
            seen += f" (watched since {_stamp(since)})"
    else:
        seen = (
            f"last message {_stamp(last_seen_at)}, {_duration(now - last_seen_at)} ago"
        )
    return Finding(
        key=key,
        summary=f"Silence: {what} missing for more than {_duration(max_gap)}",
        note=f"{what}: at least one message every {_duration(max_gap)} is "
        f"expected; {seen}.",
    )


def unanswered(
    triggers, replies, within, now, *, late_replies_answer=True, key="reply", label=None
):
    """Fire when a trigger message is overdue: no reply within ``within``.

    Matching rule: triggers are taken in time order, and each one takes the
    earliest reply not used yet that was logged at or after it; a reply
    answers one trigger only. (Replies rarely say which message they answer
    at this level; first come, first answered is what an operator counting
    by hand would do, and it answers the most triggers possible.)

    A trigger is overdue when ``at + within`` has passed and it has no
    reply. With ``late_replies_answer`` (the default) a reply logged after
    the delay still answers its trigger, so a late 997 clears the alert its
    lateness raised; with ``False`` only replies in ``[at, at + within]``
    count, and a late reply leaves the trigger overdue for good.

    :param triggers: ``(id, at)`` pairs of the messages that expect a reply.
    :param replies: the times replies were logged.
    :param within: how long a reply may take (``timedelta``).
    :param label: what is expected, for the texts (e.g. "997 after 850").
    """
    _check_gap("within", within)
    overdue = _overdue(triggers, replies, within, now, late_replies_answer)
    if not overdue:
        return None
    what = label or "reply"
    oldest = min(at for _id, at in overdue)
    return Finding(
        key=key,
        summary=f"{what}: {len(overdue)} message(s) without a reply after "
        f"{_duration(within)}",
        note=(
            f"{what}: a reply is expected within {_duration(within)} of each "
            f"trigger; {len(overdue)} trigger(s) got none, the oldest logged "
            f"{_stamp(oldest)}."
        ),
        subjects=tuple(trigger_id for trigger_id, _at in overdue),
    )


def _overdue(triggers, replies, within, now, late_replies_answer):
    pending = sorted(replies)
    overdue = []
    start = 0
    for trigger_id, at in sorted(
        triggers, key=lambda trigger: (trigger[1], trigger[0])
    ):
        # Replies before this trigger can answer no later one either.
        while start < len(pending) and pending[start] < at:
            start += 1
        answered = start < len(pending) and (
            late_replies_answer or pending[start] <= at + within
        )
        if answered:
            start += 1
        elif at + within < now:
            overdue.append((trigger_id, at))
    return overdue


def stuck_limit(timeout_s, configured_minutes=0):
    """How long a message may stay queued or running (``timedelta``).

    A configured number of minutes wins; 0 means the default:
    :data:`STUCK_TIMEOUT_FACTOR` times the connector's timeout (one attempt
    and its retries at the transport level fit many times over), but at
    least :data:`STUCK_FLOOR`. With the default 30 s timeout: 15 minutes;
    with a 5-minute timeout: 50 minutes.
    """
    if configured_minutes < 0:
        raise ValueError(
            f"configured_minutes must not be negative, got {configured_minutes!r}"
        )
    if configured_minutes:
        return datetime.timedelta(minutes=configured_minutes)
    if timeout_s is None or timeout_s <= 0 or not math.isfinite(timeout_s):
        return STUCK_FLOOR
    return max(
        STUCK_FLOOR, datetime.timedelta(seconds=STUCK_TIMEOUT_FACTOR * timeout_s)
    )


def is_stuck(state, since, now, limit):
    """``True`` when a message in ``state`` since ``since`` overstayed ``limit``.

    Only :data:`STUCK_STATES` can be stuck: a failed message waits for its
    retry on purpose, and final states are final.
    """
    if state not in STUCK_STATES or since is None:
        return False
    return now - since > limit


def _check_gap(name, value):
    if not isinstance(value, datetime.timedelta) or value <= datetime.timedelta(0):
        raise ValueError(f"{name} must be a positive timedelta, got {value!r}")


def _pct(value):
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def _stamp(when):
    suffix = "" if when.tzinfo else " UTC"
    return when.strftime("%Y-%m-%d %H:%M") + suffix


def _duration(delta):
    """A short human duration: 26 h, 2 h 30 min, 15 min, 45 s, 3 days 2 h."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes, _rest = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 72:
        days, hours = divmod(hours, 24)
        return f"{days} days" + (f" {hours} h" if hours else "")
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" + (f" {minutes} min" if minutes else "")
