# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses

import pytest

from integration_core.monitoring import alert_policy
from integration_core.monitoring.alert_policy import (
    DEFAULT_POLICIES,
    Route,
    more_severe,
    route,
    severity_rank,
)


def test_severity_order_critical_high_medium_low():
    ranked = sorted(["low", "critical", "medium", "high"], key=severity_rank)
    assert ranked == ["critical", "high", "medium", "low"]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("critical", "low", "critical"),
        ("low", "critical", "critical"),
        ("high", "medium", "high"),
        ("medium", "high", "high"),
        ("low", "low", "low"),
    ],
)
def test_more_severe(first, second, expected):
    assert more_severe(first, second) == expected


def test_unknown_criticality_is_refused():
    with pytest.raises(ValueError, match="urgent"):
        more_severe("urgent", "low")
    with pytest.raises(ValueError, match="urgent"):
        route("urgent", "low")


def test_defaults():
    assert DEFAULT_POLICIES == {
        "critical": "oncall",
        "high": "owner",
        "medium": "digest",
        "low": "dashboard",
    }


@pytest.mark.parametrize(
    ("criticality", "channel"),
    [
        ("critical", "oncall"),
        ("high", "owner"),
        ("medium", "digest"),
        ("low", "dashboard"),
    ],
)
def test_default_channel_per_criticality(criticality, channel):
    result = route(
        criticality, criticality if criticality != "critical" else "critical"
    )
    assert result.channel == channel
    assert result.criticality == criticality


def test_more_severe_alert_wins_over_connector():
    result = route("critical", "medium")
    assert result == Route(result.channel, "critical", result.reason)
    assert result.channel == "oncall"
    assert "critical on a medium connector" in result.reason


def test_more_severe_connector_wins_over_alert():
    result = route("low", "high")
    assert result.criticality == "high"
    assert result.channel == "owner"


def test_critical_connector_is_never_batched():
    for channel in ("digest", "dashboard"):
        policies = {"critical": channel}
        result = route("medium", "critical", policies)
        assert result.criticality == "critical"
        assert result.channel == "owner", channel
        assert "never batched" in result.reason
        assert result.immediate


def test_critical_alert_on_low_connector_follows_the_policy_even_if_batched():
    # Only critical *connectors* are protected from batching.
    result = route("critical", "low", {"critical": "digest"})
    assert result.channel == "digest"
    assert not result.immediate


def test_policies_override_defaults_and_missing_ones_default():
    result = route("medium", "low", {"medium": "owner"})
    assert result.channel == "owner"
    assert route("high", "low", {"medium": "owner"}).channel == "owner"
    assert route("low", "low", {"low": False}).channel == "dashboard"


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="pager"):
        route("high", "high", {"high": "pager"})


def test_immediate_channels():
    assert route("critical", "critical").immediate
    assert route("high", "low").immediate
    assert not route("medium", "low").immediate
    assert not route("low", "low").immediate


def test_route_is_frozen_and_reason_is_one_sentence():
    result = route("medium", "medium")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.channel = "oncall"
    assert result.reason.endswith(".")
    assert result.reason.count(". ") == 0
    assert "digest" in result.reason


def test_channels_are_listed():
    assert alert_policy.CHANNELS == ("oncall", "owner", "digest", "dashboard")
