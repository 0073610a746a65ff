# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytest

from integration_core.monitoring.health import (
    COLORS,
    DEGRADED,
    DOWN,
    OK,
    STATES,
    UNKNOWN,
    assess,
    should_alert,
)


def test_no_traffic_is_unknown_grey_and_counts_as_up():
    health = assess(0, 0, 0, 0)
    assert health.state == UNKNOWN
    assert health.color == "grey"
    assert health.up and health.uptime == 100.0
    assert "No message" in health.reason


def test_failing_without_any_success_is_down():
    health = assess(total=3, succeeded=0, failing=2, slow=0)
    assert health.state == DOWN
    assert health.color == "red"
    assert not health.up and health.uptime == 0.0
    assert health.reason == "2 failing message(s), none succeeded."


def test_some_failures_beside_successes_is_degraded():
    health = assess(total=5, succeeded=4, failing=1)
    assert health.state == DEGRADED
    assert health.color == "orange"
    assert health.uptime == 100.0
    assert health.reason == "1 failing and 0 slow message(s) of 5."


def test_slow_messages_alone_degrade():
    health = assess(total=5, succeeded=5, failing=0, slow=2)
    assert health.state == DEGRADED
    assert "2 slow" in health.reason


def test_all_fine_is_ok_green():
    health = assess(total=7, succeeded=7, failing=0, slow=0)
    assert health.state == OK
    assert health.color == "green"
    assert health.reason == "7 message(s), all fine."


def test_messages_still_in_flight_are_ok_when_nothing_fails():
    # Pending or queued messages are neither a success nor a failure.
    assert assess(total=3, succeeded=0, failing=0).state == OK


def test_every_state_has_a_colour():
    assert set(COLORS) == set(STATES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, 0, 0), "total"),
        ((1, 0, 0, -2), "slow"),
        ((2, 2, 1, 0), "exceed"),
    ],
)
def test_impossible_counts_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        assess(*args)


@pytest.mark.parametrize(
    ("health", "criticality", "alert"),
    [
        (assess(2, 0, 2), "low", True),
        (assess(2, 0, 2), "critical", True),
        (assess(2, 1, 1), "critical", True),
        (assess(2, 1, 1), "high", True),
        (assess(2, 1, 1), "medium", False),
        (assess(2, 1, 1), "low", False),
        (assess(2, 2, 0), "critical", False),
        (assess(0, 0, 0), "critical", False),
    ],
)
def test_should_alert_when_down_or_degraded_and_important(health, criticality, alert):
    assert should_alert(health, criticality) is alert
