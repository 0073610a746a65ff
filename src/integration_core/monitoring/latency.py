# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Latency histograms: fixed buckets, and percentiles estimated from them.

The cockpit never keeps every latency: the hourly roll-ups count messages
per latency bucket, like a Prometheus histogram. :data:`BUCKETS_MS` are the
buckets' upper bounds in milliseconds; a last, unbounded bucket (``+Inf``)
follows them. Counts are *per bucket* (not cumulative): bucket ``i`` counts
the latencies above bound ``i - 1`` and at most bound ``i``.

:func:`percentile` is an *estimate*: it finds the bucket holding the
q-quantile and interpolates linearly inside it, as Prometheus'
``histogram_quantile`` does. Its error is at most the width of that bucket.
"""

import math
from collections.abc import Sequence

#: Upper bounds of the finite buckets, in milliseconds (``le`` in Prometheus).
BUCKETS_MS = (100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000)
#: Number of buckets, the unbounded one included.
BUCKET_COUNT = len(BUCKETS_MS) + 1
#: Label of each bucket as Prometheus writes it: ``"100"`` ... ``"+Inf"``.
BUCKET_LABELS = tuple(str(bound) for bound in BUCKETS_MS) + ("+Inf",)


def bucket_index(ms: float) -> int:
    """Index of the bucket that counts a latency of ``ms`` milliseconds.

    A latency equal to a bound falls into that bound's bucket (``le``);
    anything above the last bound falls into the ``+Inf`` bucket, index
    ``len(BUCKETS_MS)``. Negative latencies (clock skew) count as 0.
    """
    if ms is None or (isinstance(ms, float) and math.isnan(ms)):
        raise ValueError("a latency must be a number")
    for index, bound in enumerate(BUCKETS_MS):
        if ms <= bound:
            return index
    return len(BUCKETS_MS)


def histogram(latencies_ms) -> list[int]:
    """Per-bucket counts of ``latencies_ms`` (for tests and small samples)."""
    counts = [0] * BUCKET_COUNT
    for ms in latencies_ms:
        counts[bucket_index(ms)] += 1
    return counts


def cumulative(bucket_counts: Sequence[int]) -> list[int]:
    """Per-bucket counts turned into Prometheus' cumulative ``le`` counts."""
    _check_counts(bucket_counts)
    running, result = 0, []
    for count in bucket_counts:
        running += count
        result.append(running)
    return result


def percentile(bucket_counts: Sequence[int], q: float) -> float | None:
    """Estimate the ``q``-quantile (0 <= q <= 1) in milliseconds.

    :param bucket_counts: per-bucket counts, one per bucket of
        :data:`BUCKETS_MS` plus the ``+Inf`` one.
    :returns: ``None`` when the histogram is empty. Otherwise the bucket
        where the cumulative count first reaches ``q * total`` is found and
        the value interpolated linearly between its lower and upper bound
        (the first bucket starts at 0). When that is the ``+Inf`` bucket,
        its lower bound (the last finite bound) is returned: nothing more
        is known. An estimate, exact only to the bucket.
    """
    _check_counts(bucket_counts)
    if not 0 <= q <= 1 or (isinstance(q, float) and math.isnan(q)):
        raise ValueError(f"q must be between 0 and 1, not {q!r}")
    total = sum(bucket_counts)
    if not total:
        return None
    rank = q * total
    below = 0
    for index, count in enumerate(bucket_counts):
        if count and below + count >= rank:
            if index == len(BUCKETS_MS):
                return float(BUCKETS_MS[-1])
            lower = BUCKETS_MS[index - 1] if index else 0
            upper = BUCKETS_MS[index]
            return lower + (upper - lower) * (rank - below) / count
        below += count
    # Unreachable: the last non-empty bucket reaches the total.
    raise AssertionError("percentile: no bucket reached the rank")


def _check_counts(bucket_counts):
    if len(bucket_counts) != BUCKET_COUNT:
        raise ValueError(
            f"expected {BUCKET_COUNT} bucket counts (the last one +Inf), "
            f"got {len(bucket_counts)}"
        )
    if any(count < 0 for count in bucket_counts):
        raise ValueError("bucket counts must not be negative")
