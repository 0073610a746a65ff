"""When to retry a failed integration message, and how long to wait first.

A :class:`RetryPolicy` turns "attempt *n* failed with this exception" into a
:class:`RetryDecision`: retry or not, after how many seconds, and a sentence
for the integration log. Permanent errors are never retried; transient ones
are retried with capped exponential backoff and jitter until the attempt
budget is spent. A partner's ``Retry-After`` is honoured.
"""

import dataclasses
import datetime
import email.utils
import logging
import math
import random
from collections.abc import Mapping
from typing import Any

from integration_core.errors import (
    PERMANENT,
    TRANSIENT,
    TransientError,
    classify_exception,
)

_logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class RetryDecision:
    """What to do after a failed attempt.

    :param retry: ``True`` when the message should be tried again.
    :param delay: seconds to wait before the next attempt, ``None`` when
        ``retry`` is ``False``.
    :param kind: :data:`~integration_core.errors.TRANSIENT` or
        :data:`~integration_core.errors.PERMANENT`.
    :param reason: one sentence for the integration log.
    """

    retry: bool
    delay: float | None
    kind: str
    reason: str


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter and an attempt budget.

    :param max_attempts: attempts in total, the first one included.
    :param backoff_base: seconds to wait after the first failure.
    :param backoff_factor: each further failure multiplies the wait by this.
    :param backoff_cap: the wait never exceeds this many seconds.
    :param jitter: the wait is moved by up to this fraction either way, so
        that messages failing together do not retry together.
    """

    max_attempts: int = 5
    backoff_base: float = 30.0
    backoff_factor: float = 2.0
    backoff_cap: float = 3600.0
    jitter: float = 0.1

    def __post_init__(self):
        _check_int("max_attempts", self.max_attempts, minimum=1)
        _check_number("backoff_base", self.backoff_base)
        if self.backoff_base <= 0:
            _invalid("backoff_base", self.backoff_base, "must be greater than 0")
        _check_number("backoff_factor", self.backoff_factor)
        if self.backoff_factor < 1:
            _invalid("backoff_factor", self.backoff_factor, "must be at least 1")
        _check_number("backoff_cap", self.backoff_cap)
        if self.backoff_cap < self.backoff_base:
            _invalid(
                "backoff_cap",
                self.backoff_cap,
                f"must be at least backoff_base ({self.backoff_base!r})",
            )
        _check_number("jitter", self.jitter)
        if not 0 <= self.jitter <= 1:
            _invalid("jitter", self.jitter, "must be between 0 and 1")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "RetryPolicy":
        """Build a policy from a mapping such as an Odoo record's values.

        Keys that are not policy fields are ignored; missing keys and keys
        whose value is ``None`` keep their default.
        """
        names = {field.name for field in dataclasses.fields(cls)}
        known = {
            name: value
            for name, value in values.items()
            if name in names and value is not None
        }
        return cls(**known)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt``, before jitter."""
        _check_attempt(attempt)
        steps = attempt - 1
        if self.backoff_factor == 1 or steps == 0:
            return min(self.backoff_cap, self.backoff_base)
        # Compare exponents instead of computing factor ** steps, which
        # overflows for large attempt numbers.
        log_cap_ratio = math.log(self.backoff_cap / self.backoff_base)
        if steps * math.log(self.backoff_factor) >= log_cap_ratio:
            return self.backoff_cap
        return min(self.backoff_cap, self.backoff_base * self.backoff_factor**steps)

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        ``min(cap, base * factor ** (attempt - 1))``, moved by a uniform
        random fraction in ``[-jitter, +jitter]``, clamped to ``[0, cap]``.

        :param rng: the random source, for reproducible tests; defaults to
            the :mod:`random` module.
        """
        wait = self.backoff(attempt)
        if self.jitter:
            source = rng if rng is not None else random
            wait *= 1 + source.uniform(-self.jitter, self.jitter)
        return min(self.backoff_cap, max(0.0, wait))

    def decide(
        self, attempt: int, exc: BaseException, rng: random.Random | None = None
    ) -> RetryDecision:
        """Decide what to do after attempt number ``attempt`` raised ``exc``.

        Permanent errors are not retried; neither is anything once
        ``attempt`` reaches :attr:`max_attempts`. Otherwise the wait is
        :meth:`delay`, raised to the partner's ``Retry-After`` when that is
        longer, and never above :attr:`backoff_cap`.
        """
        _check_attempt(attempt)
        kind = classify_exception(exc)
        if kind != TRANSIENT:
            return RetryDecision(False, None, PERMANENT, "permanent error: not retried")
        if attempt >= self.max_attempts:
            return RetryDecision(
                False,
                None,
                TRANSIENT,
                f"retry budget exhausted after {attempt} attempts",
            )
        wait = self.delay(attempt, rng)
        reason = (
            f"transient error, attempt {attempt} of {self.max_attempts}, "
            f"retry in {math.ceil(wait)} s"
        )
        asked = retry_after_seconds(exc)
        if asked is not None and asked > wait:
            wait = min(self.backoff_cap, asked)
            reason = (
                f"transient error, attempt {attempt} of {self.max_attempts}, "
                f"retry in {math.ceil(wait)} s "
                f"(partner asked to wait {math.ceil(asked)} s)"
            )
        _logger.debug("retry decision for %s: %s", type(exc).__name__, reason)
        return RetryDecision(True, wait, TRANSIENT, reason)


def retry_after_seconds(
    exc: BaseException, now: datetime.datetime | None = None
) -> float | None:
    """Seconds the partner asked us to wait before retrying, or ``None``.

    Read from :attr:`TransientError.retry_after` when set, else from the
    ``Retry-After`` header of a ``response`` attached to the exception (as
    ``requests.HTTPError`` carries). Both numbers of seconds and HTTP dates
    are understood; unreadable or negative values count as no wish.

    :param now: the current time for HTTP dates (aware); defaults to now.
    """
    value = exc.retry_after if isinstance(exc, TransientError) else None
    if value is None:
        value = _response_retry_after(exc)
    return parse_retry_after(value, now)


def _response_retry_after(exc):
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None or not hasattr(headers, "get"):
        return None
    return headers.get("Retry-After")


def parse_retry_after(value, now=None):
    """Seconds to wait from a ``Retry-After`` value, or ``None``.

    ``value`` is a header text (a number of seconds or an HTTP date) or a
    number; missing, unreadable or non-finite values give ``None``, and a
    time in the past gives 0.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_retry_after_text(value.strip(), now)
    else:
        return None
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _parse_retry_after_text(text, now):
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        _logger.debug("unreadable Retry-After value %r ignored", text)
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return (when - now).total_seconds()


def _check_attempt(attempt):
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError(f"attempt must be an integer of at least 1, got {attempt!r}")


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        _invalid(name, value, "must be an integer")
    if value < minimum:
        _invalid(name, value, f"must be at least {minimum}")


def _check_number(name, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        _invalid(name, value, "must be a number")
    if not math.isfinite(value):
        _invalid(name, value, "must be finite")


def _invalid(name, value, rule):
    raise ValueError(f"RetryPolicy.{name} {rule}, got {value!r}")
