"""Retry policy: backoff growth, cap, jitter, Retry-After, budget, permanence."""

import dataclasses
import datetime
import email.utils
import math
import random

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from integration_core.errors import PERMANENT, TRANSIENT, PermanentError, TransientError
from integration_core.retry import RetryDecision, RetryPolicy, retry_after_seconds

NO_JITTER = RetryPolicy(jitter=0)


@st.composite
def policies(draw, jitter=None):
    base = draw(st.floats(0.001, 1e6, allow_nan=False, allow_infinity=False))
    cap = base * draw(st.floats(1, 1e6, allow_nan=False, allow_infinity=False))
    return RetryPolicy(
        max_attempts=draw(st.integers(1, 50)),
        backoff_base=base,
        backoff_factor=draw(st.floats(1, 100, allow_nan=False, allow_infinity=False)),
        backoff_cap=cap,
        jitter=draw(st.floats(0, 1)) if jitter is None else jitter,
    )


attempts = st.integers(1, 10**6)


def _http_error(url):
    response = requests.get(url, timeout=5)
    with pytest.raises(requests.HTTPError) as info:
        response.raise_for_status()
    return info.value


# --- validation --------------------------------------------------------------


def test_defaults():
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.backoff_base, policy.backoff_factor) == (
        5,
        30,
        2,
    )
    assert (policy.backoff_cap, policy.jitter) == (3600, 0.1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_attempts", 0),
        ("max_attempts", -3),
        ("max_attempts", 2.5),
        ("max_attempts", True),
        ("max_attempts", "5"),
        ("backoff_base", 0),
        ("backoff_base", -1.0),
        ("backoff_base", float("nan")),
        ("backoff_factor", 0.5),
        ("backoff_factor", float("inf")),
        ("backoff_cap", 10.0),  # below the default base of 30
        ("backoff_cap", float("inf")),
        ("jitter", -0.01),
        ("jitter", 1.5),
        ("jitter", float("nan")),
    ],
)
def test_invalid_values_are_refused_naming_field_and_value(field, value):
    with pytest.raises(ValueError) as info:
        RetryPolicy(**{field: value})
    assert field in str(info.value)
    assert repr(value) in str(info.value)


def test_boundary_values_are_accepted():
    policy = RetryPolicy(
        max_attempts=1, backoff_base=5, backoff_factor=1, backoff_cap=5, jitter=1
    )
    assert policy.delay(3, random.Random(1)) <= 5


def test_from_mapping_ignores_unknown_keys_and_none():
    values = {
        "id": 7,
        "name": "Supplier EDI",
        "max_attempts": 8,
        "backoff_base": 10.0,
        "backoff_cap": None,
        "display_name": "x",
    }
    policy = RetryPolicy.from_mapping(values)
    assert policy == RetryPolicy(max_attempts=8, backoff_base=10.0)


def test_from_mapping_validates():
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy.from_mapping({"max_attempts": 0})


# --- delay -------------------------------------------------------------------


def test_delays_double_then_hit_the_cap():
    delays = [NO_JITTER.delay(attempt) for attempt in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


@pytest.mark.parametrize("attempt", [1075, 10**6, 10**100])
def test_huge_attempt_numbers_give_the_cap_without_overflow(attempt):
    assert NO_JITTER.delay(attempt) == 3600
    assert RetryPolicy(backoff_factor=1e300, backoff_cap=1e308).delay(attempt) <= 1e308


@pytest.mark.parametrize("attempt", [0, -1, 1.0, True, None])
def test_delay_refuses_bad_attempt_numbers(attempt):
    with pytest.raises(ValueError, match="attempt"):
        NO_JITTER.delay(attempt)


@given(policies(jitter=0), attempts)
def test_delays_never_shrink_and_stay_capped(policy, attempt):
    first, second = policy.delay(attempt), policy.delay(attempt + 1)
    assert policy.backoff_base <= first <= second <= policy.backoff_cap


@given(policies(), attempts, st.integers(0, 2**32))
def test_jitter_stays_within_its_fraction(policy, attempt, seed):
    raw = policy.backoff(attempt)
    delay = policy.delay(attempt, random.Random(seed))
    slack = 1e-9 * raw
    assert 0 <= delay <= policy.backoff_cap
    assert raw * (1 - policy.jitter) - slack <= delay
    assert delay <= min(policy.backoff_cap, raw * (1 + policy.jitter)) + slack


def test_jitter_spreads_both_ways_and_is_reproducible():
    policy = RetryPolicy(jitter=0.2)
    delays = [policy.delay(3, random.Random(seed)) for seed in range(200)]
    assert min(delays) < 120 < max(delays)
    assert min(delays) >= 96 and max(delays) <= 144
    assert policy.delay(3, random.Random(42)) == policy.delay(3, random.Random(42))


def test_jitter_never_exceeds_the_cap():
    policy = RetryPolicy(jitter=1.0)
    delays = [policy.delay(50, random.Random(seed)) for seed in range(200)]
    assert max(delays) == 3600  # clamped: the upper half of the jitter is cut
    assert min(delays) < 3600


# --- decide ------------------------------------------------------------------


def test_transient_error_is_retried_after_the_policy_delay():
    policy = RetryPolicy()
    decision = policy.decide(2, TransientError("partner down"), random.Random(7))
    assert decision.retry and decision.kind == TRANSIENT
    assert decision.delay == policy.delay(2, random.Random(7))
    assert decision.reason == (
        f"transient error, attempt 2 of 5, retry in {math.ceil(decision.delay)} s"
    )


@given(st.integers(1, 100), st.sampled_from([PermanentError("bad"), ValueError("x")]))
def test_permanent_errors_are_never_retried(attempt, exc):
    decision = RetryPolicy(max_attempts=100).decide(attempt, exc)
    assert decision == RetryDecision(
        False, None, PERMANENT, "permanent error: not retried"
    )


@pytest.mark.parametrize("attempt", [5, 6, 50])
def test_budget_is_exhausted_at_max_attempts(attempt):
    decision = RetryPolicy().decide(attempt, TransientError("partner down"))
    assert not decision.retry and decision.delay is None
    assert decision.kind == TRANSIENT
    assert decision.reason == f"retry budget exhausted after {attempt} attempts"


def test_last_attempt_before_the_budget_is_still_retried():
    assert RetryPolicy().decide(4, TransientError("partner down")).retry


def test_single_attempt_policy_never_retries():
    decision = RetryPolicy(max_attempts=1).decide(1, TimeoutError())
    assert not decision.retry


def test_retry_after_longer_than_backoff_wins():
    decision = NO_JITTER.decide(1, TransientError("busy", retry_after=500))
    assert decision.delay == 500
    assert "partner asked to wait 500 s" in decision.reason


def test_retry_after_shorter_than_backoff_is_ignored():
    decision = NO_JITTER.decide(3, TransientError("busy", retry_after=5))
    assert decision.delay == 120


def test_retry_after_is_still_capped():
    decision = NO_JITTER.decide(1, TransientError("busy", retry_after=86400))
    assert decision.delay == 3600


@given(policies(), st.integers(1, 49), st.floats(0, 1e9), st.integers(0, 2**32))
def test_retry_after_is_a_floor_under_the_cap(policy, attempt, asked, seed):
    policy = dataclasses.replace(policy, max_attempts=50)
    exc = TransientError("busy", retry_after=asked)
    decision = policy.decide(attempt, exc, random.Random(seed))
    assert decision.retry
    assert min(asked, policy.backoff_cap) <= decision.delay <= policy.backoff_cap
    assert decision.delay >= policy.delay(attempt, random.Random(seed))


# --- real HTTP and sockets ---------------------------------------------------


def test_http_429_retry_after_seconds_is_honoured(http_server):
    exc = _http_error(f"{http_server}/status/429?retry_after=120")
    decision = NO_JITTER.decide(1, exc)
    assert decision.retry and decision.delay == 120


def test_http_503_retry_after_date_is_honoured(http_server):
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=900
    )
    header = email.utils.format_datetime(later, usegmt=True).replace(" ", "%20")
    exc = _http_error(f"{http_server}/status/503?retry_after={header}")
    decision = NO_JITTER.decide(1, exc)
    assert decision.retry and 800 < decision.delay <= 900


def test_unreadable_retry_after_falls_back_to_backoff(http_server):
    exc = _http_error(f"{http_server}/status/503?retry_after=soon")
    assert NO_JITTER.decide(2, exc).delay == 60


def test_http_400_is_not_retried(http_server):
    exc = _http_error(f"{http_server}/status/400?retry_after=5")
    assert not RetryPolicy().decide(1, exc).retry


def test_refused_connection_is_retried(refusing_port):
    with pytest.raises(requests.ConnectionError) as info:
        requests.get(f"http://127.0.0.1:{refusing_port}/", timeout=2)
    assert NO_JITTER.decide(1, info.value) == RetryDecision(
        True, 30, TRANSIENT, "transient error, attempt 1 of 5, retry in 30 s"
    )


# --- retry_after_seconds -----------------------------------------------------

NOW = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (30, 30.0),
        (2.5, 2.5),
        ("45", 45.0),
        (" 45 ", 45.0),
        ("Fri, 01 Mar 2024 12:05:00 GMT", 300.0),
        ("Fri, 01 Mar 2024 11:00:00 GMT", 0.0),  # in the past: retry now
        (-5, 0.0),
        ("soon", None),
        ("²", None),
        ("", None),
        (True, None),
        (float("nan"), None),
        (None, None),
    ],
)
def test_retry_after_seconds_parses_numbers_and_dates(value, seconds):
    assert retry_after_seconds(TransientError("x", retry_after=value), NOW) == seconds


def test_retry_after_seconds_is_none_for_other_errors():
    assert retry_after_seconds(ValueError("x")) is None
    assert retry_after_seconds(PermanentError("x")) is None
