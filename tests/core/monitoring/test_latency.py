# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
import random

import pytest

from integration_core.monitoring.latency import (
    BUCKET_COUNT,
    BUCKET_LABELS,
    BUCKETS_MS,
    bucket_index,
    cumulative,
    histogram,
    percentile,
)


def test_buckets_are_the_agreed_bounds_plus_inf():
    assert BUCKETS_MS == (100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000)
    assert BUCKET_COUNT == 11
    assert BUCKET_LABELS[0] == "100"
    assert BUCKET_LABELS[-1] == "+Inf"


@pytest.mark.parametrize(
    ("ms", "index"),
    [
        (0, 0),
        (-5, 0),
        (100, 0),
        (100.5, 1),
        (101, 1),
        (250, 1),
        (999, 3),
        (1000, 3),
        (300000, 9),
        (300001, 10),
        (10**9, 10),
    ],
)
def test_bucket_index_puts_a_bound_in_its_own_bucket(ms, index):
    assert bucket_index(ms) == index


def test_bucket_index_refuses_what_is_not_a_latency():
    with pytest.raises(ValueError):
        bucket_index(None)
    with pytest.raises(ValueError):
        bucket_index(math.nan)


def test_histogram_and_cumulative():
    counts = histogram([50, 100, 120, 700, 400000])
    assert counts == [2, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]
    assert cumulative(counts) == [2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5]


def test_percentile_of_no_data_is_none():
    assert percentile([0] * BUCKET_COUNT, 0.95) is None


def test_percentile_interpolates_inside_the_bucket():
    # 10 latencies in (100, 250]: the median is half way through the bucket.
    counts = [0] * BUCKET_COUNT
    counts[1] = 10
    assert percentile(counts, 0.5) == pytest.approx(175.0)
    assert percentile(counts, 1.0) == pytest.approx(250.0)
    assert percentile(counts, 0.0) == pytest.approx(100.0)


def test_percentile_first_bucket_starts_at_zero():
    counts = [0] * BUCKET_COUNT
    counts[0] = 4
    assert percentile(counts, 0.5) == pytest.approx(50.0)


def test_percentile_across_buckets_like_histogram_quantile():
    # 90 fast (<= 100 ms), 10 in (1000, 2500]: p95 is half way in the latter.
    counts = [0] * BUCKET_COUNT
    counts[0] = 90
    counts[4] = 10
    assert percentile(counts, 0.95) == pytest.approx(1000 + 1500 * 0.5)
    assert percentile(counts, 0.9) == pytest.approx(100.0)


def test_percentile_in_the_inf_bucket_is_the_last_bound():
    counts = [0] * BUCKET_COUNT
    counts[-1] = 3
    assert percentile(counts, 0.99) == 300000.0


def test_percentile_estimate_stays_in_the_true_values_bucket():
    rng = random.Random(4)
    latencies = [rng.lognormvariate(7, 1.5) for _ in range(5000)]
    counts = histogram(latencies)
    for q in (0.5, 0.9, 0.95, 0.99):
        exact = sorted(latencies)[math.ceil(q * len(latencies)) - 1]
        estimate = percentile(counts, q)
        index = bucket_index(exact)
        lower = BUCKETS_MS[index - 1] if index else 0
        upper = BUCKETS_MS[index] if index < len(BUCKETS_MS) else math.inf
        assert lower <= estimate <= upper, (q, exact, estimate)


@pytest.mark.parametrize("q", [-0.1, 1.1, math.nan])
def test_percentile_refuses_a_q_out_of_range(q):
    with pytest.raises(ValueError):
        percentile([1] + [0] * (BUCKET_COUNT - 1), q)


def test_counts_must_match_the_buckets():
    with pytest.raises(ValueError, match="11 bucket counts"):
        percentile([1, 2, 3], 0.5)
    with pytest.raises(ValueError, match="negative"):
        cumulative([-1] + [0] * (BUCKET_COUNT - 1))
