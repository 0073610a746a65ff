"""Watches: SLA share, silence, unanswered triggers, stuck limit and state."""

import datetime

import pytest

from integration_core.errors import TRANSIENT, classify_exception
from integration_core.monitoring.watches import (
    STUCK_FLOOR,
    StuckMessageError,
    is_stuck,
    silence,
    sla_breach,
    stuck_limit,
    unanswered,
)
from integration_core.retry import RetryPolicy

NOW = datetime.datetime(2026, 3, 2, 12, 0)
H = datetime.timedelta(hours=1)


# -- SLA ---------------------------------------------------------------------


def test_sla_fires_at_the_threshold():
    finding = sla_breach(10, 1, 10, 5)
    assert finding is not None
    assert finding.key == "sla"
    assert "1 of 10" in finding.note
    assert "10%" in finding.summary


def test_sla_below_threshold_is_quiet():
    assert sla_breach(11, 1, 10, 5) is None
    assert sla_breach(100, 0, 10, 5) is None


def test_sla_needs_min_messages():
    assert sla_breach(4, 4, 10, 5) is None
    assert sla_breach(5, 5, 10, 5) is not None
    assert sla_breach(0, 0, 10, 1) is None


def test_sla_custom_key():
    assert sla_breach(5, 5, 50, 1, key="x").key == "x"


@pytest.mark.parametrize(
    "args",
    [(5, 6, 10, 5), (-1, 0, 10, 5), (5, 1, 0, 5), (5, 1, 101, 5), (5, 1, 10, 0)],
)
def test_sla_rejects_nonsense(args):
    with pytest.raises(ValueError):
        sla_breach(*args)


# -- silence: every ----------------------------------------------------------


def test_silence_fires_after_the_gap():
    finding = silence(NOW - 27 * H, 26 * H, NOW, key="expectation:7", label="HR feed")
    assert finding.key == "expectation:7"
    assert "HR feed" in finding.summary
    assert "26 h" in finding.summary
    assert "27 h ago" in finding.note


def test_silence_quiet_within_the_gap():
    assert silence(NOW - 25 * H, 26 * H, NOW) is None
    assert silence(NOW - 26 * H, 26 * H, NOW) is None, "exactly the gap is allowed"


def test_silence_without_any_message_counts_from_since():
    assert silence(None, 26 * H, NOW, since=NOW - 2 * H) is None
    finding = silence(None, 26 * H, NOW, since=NOW - 30 * H)
    assert finding is not None
    assert "no message seen yet" in finding.note


def test_silence_without_anything_fires():
    assert silence(None, 26 * H, NOW) is not None


def test_silence_last_message_wins_over_since():
    # The expectation is new, but the last message is old: the feed is silent.
    assert silence(NOW - 27 * H, 26 * H, NOW, since=NOW - H) is not None


def test_silence_rejects_bad_gap():
    with pytest.raises(ValueError):
        silence(NOW, datetime.timedelta(0), NOW)
    with pytest.raises(ValueError):
        silence(NOW, 26, NOW)


# -- silence: reply ----------------------------------------------------------


def test_unanswered_trigger_fires_once_overdue():
    finding = unanswered([(1, NOW - 3 * H)], [], 2 * H, NOW, label="997 after 850")
    assert finding.subjects == (1,)
    assert "997 after 850" in finding.summary
    assert finding.key == "reply"


def test_trigger_still_in_its_window_is_not_reported():
    assert unanswered([(1, NOW - H)], [], 2 * H, NOW) is None


def test_reply_in_window_answers():
    assert unanswered([(1, NOW - 3 * H)], [NOW - 2 * H], 2 * H, NOW) is None
    # The window is inclusive at both ends.
    assert unanswered([(1, NOW - 3 * H)], [NOW - 3 * H], 2 * H, NOW) is None
    assert unanswered([(1, NOW - 3 * H)], [NOW - H], 2 * H, NOW) is None


def test_early_reply_does_not_answer():
    assert unanswered([(1, NOW - 5 * H)], [NOW - 6 * H], 2 * H, NOW).subjects == (1,)


def test_late_reply_answers_by_default_but_not_when_strict():
    assert unanswered([(1, NOW - 5 * H)], [NOW - H], 2 * H, NOW) is None
    strict = unanswered(
        [(1, NOW - 5 * H)], [NOW - H], 2 * H, NOW, late_replies_answer=False
    )
    assert strict.subjects == (1,)


def test_strict_windows_match_greedily():
    triggers = [(1, NOW - 10 * H), (2, NOW - 9 * H), (3, NOW - 8 * H)]
    replies = [NOW - 8.5 * H, NOW - 7 * H]
    # The reply 8.5 h ago answers trigger 1, the one 7 h ago trigger 2 (the
    # end of its window): trigger 3 is left without a reply.
    strict = unanswered(triggers, replies, 2 * H, NOW, late_replies_answer=False)
    assert strict.subjects == (3,)
    late = unanswered(triggers, replies, 2 * H, NOW)
    assert late.subjects == (3,)
    assert unanswered(triggers, [*replies, NOW], 2 * H, NOW) is None


def test_each_reply_answers_one_trigger_in_time_order():
    triggers = [(2, NOW - 4 * H), (1, NOW - 5 * H)]
    # One reply fits both windows: it answers the earlier trigger.
    finding = unanswered(triggers, [NOW - 3.5 * H], 2 * H, NOW)
    assert finding.subjects == (2,)
    assert "1 message(s)" in finding.summary
    assert unanswered(triggers, [NOW - 3.5 * H, NOW - 3 * H], 2 * H, NOW) is None


def test_trigger_waiting_for_its_reply_does_not_take_an_earlier_one():
    # Trigger 2 is still within its delay; the reply answers trigger 1.
    triggers = [(1, NOW - 5 * H), (2, NOW - H)]
    assert unanswered(triggers, [NOW - 0.5 * H], 2 * H, NOW) is None
    finding = unanswered(triggers, [], 2 * H, NOW)
    assert finding.subjects == (1,)


def test_unanswered_nothing_to_answer():
    assert unanswered([], [NOW], 2 * H, NOW) is None


# -- stuck -------------------------------------------------------------------


def test_stuck_limit_default_is_ten_timeouts_with_a_floor():
    assert stuck_limit(30, 0) == STUCK_FLOOR == datetime.timedelta(minutes=15)
    assert stuck_limit(300, 0) == datetime.timedelta(minutes=50)
    assert stuck_limit(0, 0) == STUCK_FLOOR
    assert stuck_limit(None) == STUCK_FLOOR


def test_stuck_limit_configured_wins():
    assert stuck_limit(300, 5) == datetime.timedelta(minutes=5)
    with pytest.raises(ValueError):
        stuck_limit(30, -1)


def test_is_stuck():
    limit = datetime.timedelta(minutes=15)
    assert is_stuck("queued", NOW - 16 * datetime.timedelta(minutes=1), NOW, limit)
    assert is_stuck("running", NOW - H, NOW, limit)
    assert not is_stuck("queued", NOW - datetime.timedelta(minutes=14), NOW, limit)
    assert not is_stuck("failed", NOW - 10 * H, NOW, limit)
    assert not is_stuck("done", NOW - 10 * H, NOW, limit)
    assert not is_stuck("queued", None, NOW, limit)


def test_stuck_error_is_transient_and_says_why():
    error = StuckMessageError("queued", NOW - H, datetime.timedelta(minutes=15))
    assert classify_exception(error) == TRANSIENT
    assert "queued" in str(error)
    assert "2026-03-02 11:00" in str(error)
    assert "15 min" in str(error)
    assert error.details["state"] == "queued"
    decision = RetryPolicy(max_attempts=3, jitter=0).decide(1, error)
    assert decision.retry
    assert not RetryPolicy(max_attempts=3, jitter=0).decide(3, error).retry
