# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
import re

import pytest

from integration_core.monitoring.openmetrics import (
    COUNTER,
    GAUGE,
    HISTOGRAM,
    OPENMETRICS,
    PROMETHEUS,
    MetricError,
    MetricFamily,
    negotiate,
    render,
)

PROMETHEUS_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,"
    "application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)

_SAMPLE_RE = re.compile(
    r"(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"
    r"(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)"
)
_LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\[\\"n])*)"(,|$)')
_UNESCAPE = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}


def parse(text, openmetrics):
    """A strict parser of the two formats; returns {family: (kind, help, samples)}.

    Refuses what a scraper would: a sample before its family's TYPE,
    interleaved families, a sample name foreign to its family, a missing or
    misplaced ``# EOF``, malformed labels or values.
    """
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    if openmetrics:
        assert lines[-1] == "# EOF", "OpenMetrics ends with # EOF"
        lines = lines[:-1]
    else:
        assert "# EOF" not in lines
    families = {}
    current = None
    for line in lines:
        assert line, "no blank line"
        if line.startswith("# HELP "):
            name, _sep, help_text = line[7:].partition(" ")
            assert name not in families, f"family {name} interleaved or repeated"
            families[name] = {"help": unescape(help_text), "kind": None, "samples": []}
            current = name
        elif line.startswith("# TYPE "):
            name, kind = line[7:].split(" ")
            assert name == current, "TYPE follows the family's HELP"
            families[name]["kind"] = kind
        else:
            assert current and families[current]["kind"], f"sample before TYPE: {line}"
            match = _SAMPLE_RE.fullmatch(line)
            assert match, f"malformed sample line {line!r}"
            sample_name = match["name"]
            allowed = _sample_names(current, families[current]["kind"], openmetrics)
            assert sample_name in allowed, f"{sample_name} outside family {current}"
            families[current]["samples"].append(
                (
                    sample_name,
                    parse_labels(match["labels"] or ""),
                    float(match["value"]),
                )
            )
    return families


def _sample_names(family, kind, openmetrics):
    if kind == "counter":
        return {family + "_total"} if openmetrics else {family}
    if kind == "histogram":
        return {family + "_bucket", family + "_sum", family + "_count"}
    return {family}


def parse_labels(text):
    labels = {}
    position = 0
    while position < len(text):
        match = _LABEL_RE.match(text, position)
        assert match, f"malformed labels {text!r}"
        value = re.sub(r"\\[\\\"n]", lambda m: _UNESCAPE[m.group()], match[2])
        assert match[1] not in labels, "label repeated"
        labels[match[1]] = value
        position = match.end()
    return labels


def unescape(text):
    return re.sub(r"\\[\\\"n]", lambda m: _UNESCAPE[m.group()], text)


def sample_families():
    messages = MetricFamily("integration_messages", GAUGE, "Messages by state.")
    messages.add({"connector": "hr", "state": "done"}, 3)
    messages.add({"connector": 'sup"plier\\x\nline', "state": "dead"}, 1)
    processed = MetricFamily("integration_processed", COUNTER, 'Processed "ever".')
    processed.add({"connector": "hr"}, 7)
    latency = MetricFamily(
        "integration_message_latency_seconds", HISTOGRAM, "Latency.\nSecond line."
    )
    latency.add_histogram({"connector": "hr"}, [0.1, 1, 2.5], [2, 0, 3, 1], 9.75)
    up = MetricFamily("integration_connector_up", GAUGE, "1 when up.")
    up.add({}, 1)
    return [messages, processed, latency, up]


def test_prometheus_text_exact():
    assert render(sample_families(), PROMETHEUS) == (
        "# HELP integration_messages Messages by state.\n"
        "# TYPE integration_messages gauge\n"
        'integration_messages{connector="hr",state="done"} 3\n'
        'integration_messages{connector="sup\\"plier\\\\x\\nline",state="dead"} 1\n'
        '# HELP integration_processed_total Processed "ever".\n'
        "# TYPE integration_processed_total counter\n"
        'integration_processed_total{connector="hr"} 7\n'
        "# HELP integration_message_latency_seconds Latency.\\nSecond line.\n"
        "# TYPE integration_message_latency_seconds histogram\n"
        'integration_message_latency_seconds_bucket{connector="hr",le="0.1"} 2\n'
        'integration_message_latency_seconds_bucket{connector="hr",le="1.0"} 2\n'
        'integration_message_latency_seconds_bucket{connector="hr",le="2.5"} 5\n'
        'integration_message_latency_seconds_bucket{connector="hr",le="+Inf"} 6\n'
        'integration_message_latency_seconds_sum{connector="hr"} 9.75\n'
        'integration_message_latency_seconds_count{connector="hr"} 6\n'
        "# HELP integration_connector_up 1 when up.\n"
        "# TYPE integration_connector_up gauge\n"
        "integration_connector_up 1\n"
    )


def test_openmetrics_text_names_counters_by_family_and_ends_with_eof():
    text = render(sample_families(), OPENMETRICS)
    assert "# TYPE integration_processed counter\n" in text
    assert 'integration_processed_total{connector="hr"} 7\n' in text
    assert '# HELP integration_processed Processed \\"ever\\".\n' in text
    assert text.endswith("integration_connector_up 1\n# EOF\n")


@pytest.mark.parametrize("fmt", [OPENMETRICS, PROMETHEUS])
def test_output_parses_back(fmt):
    families = parse(render(sample_families(), fmt), fmt.openmetrics)
    counter = (
        "integration_processed" if fmt.openmetrics else "integration_processed_total"
    )
    assert families[counter]["kind"] == "counter"
    messages = families["integration_messages"]["samples"]
    assert messages[1] == (
        "integration_messages",
        {"connector": 'sup"plier\\x\nline', "state": "dead"},
        1.0,
    )
    latency = families["integration_message_latency_seconds"]
    assert latency["help"] == "Latency.\nSecond line."
    buckets = [
        (labels["le"], value)
        for name, labels, value in latency["samples"]
        if name.endswith("_bucket")
    ]
    assert buckets == [("0.1", 2), ("1.0", 2), ("2.5", 5), ("+Inf", 6)]
    values = {name: value for name, _labels, value in latency["samples"]}
    assert values["integration_message_latency_seconds_count"] == 6
    assert values["integration_message_latency_seconds_sum"] == 9.75


def test_special_values():
    gauge = MetricFamily("x_ratio", GAUGE, "r")
    gauge.add({"k": "nan"}, math.nan)
    gauge.add({"k": "inf"}, math.inf)
    gauge.add({"k": "neg"}, -math.inf)
    gauge.add({"k": "float"}, 0.25)
    text = render([gauge], PROMETHEUS)
    assert 'x_ratio{k="nan"} NaN\n' in text
    assert 'x_ratio{k="inf"} +Inf\n' in text
    assert 'x_ratio{k="neg"} -Inf\n' in text
    assert 'x_ratio{k="float"} 0.25\n' in text


def test_empty_exposition():
    assert render([], OPENMETRICS) == "# EOF\n"
    assert render([], PROMETHEUS) == "\n"


def test_family_without_samples_still_declares_itself():
    text = render([MetricFamily("integration_dead_letters", GAUGE, "d")], OPENMETRICS)
    assert parse(text, True)["integration_dead_letters"]["samples"] == []


@pytest.mark.parametrize(
    "name", ["", "1abc", "a-b", "a b", "é", "integration_x_total", "x_bucket", None]
)
def test_invalid_metric_names_are_refused(name):
    with pytest.raises(MetricError):
        MetricFamily(name, GAUGE, "h")


def test_unknown_kind_is_refused():
    with pytest.raises(MetricError, match="kind"):
        MetricFamily("x", "summary", "h")


@pytest.mark.parametrize("label", ["", "1a", "a-b", "__name", "a:b"])
def test_invalid_label_names_are_refused(label):
    with pytest.raises(MetricError):
        MetricFamily("x", GAUGE, "h").add({label: "v"}, 1)


def test_reserved_and_duplicate_labels_are_refused():
    histogram = MetricFamily("h_seconds", HISTOGRAM, "h")
    with pytest.raises(MetricError, match="reserved"):
        histogram.add_histogram({"le": "1"}, [1], [0, 0], 0)
    gauge = MetricFamily("g", GAUGE, "h")
    gauge.add({"a": "1"}, 1)
    with pytest.raises(MetricError, match="twice"):
        gauge.add({"a": "1"}, 2)
    with pytest.raises(MetricError, match="not text"):
        gauge.add({"a": None}, 2)


def test_invalid_values_are_refused():
    counter = MetricFamily("c", COUNTER, "h")
    with pytest.raises(MetricError):
        counter.add({}, -1)
    with pytest.raises(MetricError):
        counter.add({"a": "1"}, "3")
    with pytest.raises(MetricError):
        counter.add({"a": "2"}, True)
    with pytest.raises(MetricError, match="use add_histogram"):
        MetricFamily("h", HISTOGRAM, "h").add({}, 1)
    with pytest.raises(MetricError, match="use add"):
        counter.add_histogram({}, [1], [0, 0], 0)


@pytest.mark.parametrize(
    ("bounds", "counts"),
    [
        ([1, 1], [0, 0, 0]),
        ([2, 1], [0, 0, 0]),
        ([1, math.inf], [0, 0, 0]),
        ([1], [0]),
        ([1], [0, -1]),
        ([1], [0, 1.5]),
    ],
)
def test_invalid_histograms_are_refused(bounds, counts):
    with pytest.raises(MetricError):
        MetricFamily("h_seconds", HISTOGRAM, "h").add_histogram({}, bounds, counts, 0)


def test_two_families_with_one_name_are_refused():
    with pytest.raises(MetricError, match="twice"):
        render(
            [MetricFamily("g", GAUGE, "h"), MetricFamily("g", GAUGE, "h")], PROMETHEUS
        )


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, PROMETHEUS),
        ("", PROMETHEUS),
        ("*/*", PROMETHEUS),
        ("text/plain", PROMETHEUS),
        ("text/plain;version=0.0.4", PROMETHEUS),
        (PROMETHEUS_ACCEPT, OPENMETRICS),
        ("application/openmetrics-text", OPENMETRICS),
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", OPENMETRICS),
        ("application/openmetrics-text;version=0.0.1", OPENMETRICS),
        ("application/openmetrics-text;version=2.0.0, text/plain", PROMETHEUS),
        ("text/plain;q=1, application/openmetrics-text;q=0.5", PROMETHEUS),
        ("application/openmetrics-text;q=0", PROMETHEUS),
        ("Application/OpenMetrics-Text ; q=0.9, */*;q=0.1", OPENMETRICS),
        ("application/openmetrics-text;q=bogus", PROMETHEUS),
    ],
)
def test_negotiate(accept, expected):
    assert negotiate(accept) == expected


def test_content_types():
    assert OPENMETRICS.content_type == (
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    )
    assert PROMETHEUS.content_type == "text/plain; version=0.0.4; charset=utf-8"
