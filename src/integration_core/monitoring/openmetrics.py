# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Metrics as text for Prometheus: OpenMetrics 1.0.0 or the 0.0.4 text format.

A tiny renderer, so the suite needs no ``prometheus_client``: build metric
families (:class:`MetricFamily` with kind gauge, counter or histogram), add
one sample set per label set, and :func:`render` them in the format that
:func:`negotiate` picked from the scraper's ``Accept`` header.

The two formats differ in three places only: a counter's family is named
without ``_total`` in OpenMetrics (its samples end in ``_total``) and with it
in the 0.0.4 format; OpenMetrics escapes ``"`` in help texts; and an
OpenMetrics exposition ends with ``# EOF``. Names are checked when a family
is made and label sets when a sample is added, so a mistake fails where it
is written, not in the scraper.
"""

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping, Sequence

GAUGE = "gauge"
COUNTER = "counter"
HISTOGRAM = "histogram"
KINDS = (GAUGE, COUNTER, HISTOGRAM)

_METRIC_NAME_RE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_LABEL_NAME_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
# Suffixes the formats give a meaning to: a family may not end in one.
_RESERVED_SUFFIXES = ("_total", "_created", "_bucket", "_count", "_sum", "_info")
_RESERVED_LABELS = {HISTOGRAM: ("le",), GAUGE: (), COUNTER: ()}


@dataclasses.dataclass(frozen=True)
class ExpositionFormat:
    """A text format a scraper may ask for.

    :param name: ``openmetrics`` or ``prometheus``.
    :param content_type: the ``Content-Type`` of a response in this format.
    """

    name: str
    content_type: str

    @property
    def openmetrics(self) -> bool:
        return self.name == "openmetrics"


OPENMETRICS = ExpositionFormat(
    "openmetrics", "application/openmetrics-text; version=1.0.0; charset=utf-8"
)
PROMETHEUS = ExpositionFormat("prometheus", "text/plain; version=0.0.4; charset=utf-8")


class MetricError(ValueError):
    """A metric, label or value that the exposition formats cannot carry."""


@dataclasses.dataclass(frozen=True)
class Sample:
    """One line of an exposition: ``<family><suffix>{labels} value``."""

    suffix: str
    labels: tuple[tuple[str, str], ...]
    value: float | int


class MetricFamily:
    """A named metric of one kind and its samples, one set per label set.

    :param name: the family's name (``integration_messages``); a counter's
        name carries no ``_total``, the renderer adds it.
    :param kind: :data:`GAUGE`, :data:`COUNTER` or :data:`HISTOGRAM`.
    :param help: one line saying what the metric counts.
    :raises MetricError: for an invalid name or kind.
    """

    def __init__(self, name: str, kind: str, help: str):  # noqa: A002 - the format's word
        if kind not in KINDS:
            raise MetricError(f"metric kind {kind!r} is not one of {', '.join(KINDS)}")
        _check_metric_name(name)
        if name.endswith(_RESERVED_SUFFIXES):
            raise MetricError(
                f"metric name {name!r} ends in a suffix the formats reserve "
                f"({', '.join(_RESERVED_SUFFIXES)})"
            )
        self.name = name
        self.kind = kind
        self.help = help
        self.samples: list[Sample] = []
        self._label_sets: set[tuple[tuple[str, str], ...]] = set()

    def __repr__(self):
        return f"<MetricFamily {self.kind} {self.name}: {len(self.samples)} sample(s)>"

    def add(self, labels: Mapping[str, object], value: float | int) -> None:
        """Add the value of a gauge or a counter for one label set."""
        if self.kind == HISTOGRAM:
            raise MetricError(f"{self.name} is a histogram: use add_histogram")
        key = self._labels(labels)
        value = _number(self.name, value)
        if self.kind == COUNTER and not value >= 0:
            raise MetricError(f"counter {self.name} cannot be {value!r}")
        suffix = "_total" if self.kind == COUNTER else ""
        self.samples.append(Sample(suffix, key, value))

    def add_histogram(
        self,
        labels: Mapping[str, object],
        bounds: Sequence[float],
        counts: Sequence[int],
        total: float,
    ) -> None:
        """Add a histogram's buckets, sum and count for one label set.

        :param bounds: the buckets' upper bounds, increasing, without ``+Inf``.
        :param counts: observations per bucket, NOT cumulative, one more than
            ``bounds`` (the last one is the ``+Inf`` bucket's own share).
        :param total: the sum of the observed values.
        """
        if self.kind != HISTOGRAM:
            raise MetricError(f"{self.name} is a {self.kind}: use add")
        key = self._labels(labels)
        bounds = [float(_number(self.name, bound)) for bound in bounds]
        if any(not math.isfinite(bound) for bound in bounds):
            raise MetricError(
                f"{self.name}: bucket bounds must be finite (+Inf is implied)"
            )
        if any(low >= high for low, high in zip(bounds, bounds[1:], strict=False)):
            raise MetricError(f"{self.name}: bucket bounds must increase: {bounds}")
        if len(counts) != len(bounds) + 1:
            raise MetricError(
                f"{self.name}: {len(bounds)} bound(s) need {len(bounds) + 1} "
                f"counts (the last for +Inf), got {len(counts)}"
            )
        cumulative = 0
        for bound, count in zip([*bounds, math.inf], counts, strict=True):
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise MetricError(f"{self.name}: bucket count {count!r} is invalid")
            cumulative += count
            le = (("le", _format_value(bound, le=True)),)
            self.samples.append(Sample("_bucket", key + le, cumulative))
        self.samples.append(Sample("_sum", key, _number(self.name, total)))
        self.samples.append(Sample("_count", key, cumulative))

    def _labels(self, labels):
        items = []
        for name, value in labels.items():
            _check_label_name(name)
            if name in _RESERVED_LABELS[self.kind]:
                raise MetricError(f"{self.name}: label {name!r} is reserved")
            if value is None or isinstance(value, bool):
                raise MetricError(f"{self.name}: label {name}={value!r} is not text")
            items.append((name, str(value)))
        key = tuple(sorted(items))
        if key in self._label_sets:
            raise MetricError(f"{self.name}: label set {dict(key)} added twice")
        self._label_sets.add(key)
        return key


def negotiate(accept_header: str | None) -> ExpositionFormat:
    """Pick the format for an ``Accept`` header: the supported one it prefers.

    OpenMetrics when the header accepts ``application/openmetrics-text``
    (version 1.0.0, 0.0.1 or unversioned: the 1.0.0 text is served) with a
    quality at least that of ``text/plain`` or a wildcard; the 0.0.4 text
    format otherwise, and when there is no header at all.
    """
    best_openmetrics = best_text = -1.0
    for media_range in (accept_header or "").split(","):
        media_type, params = _media_range(media_range)
        quality = _quality(params.get("q"))
        if media_type == "application/openmetrics-text":
            if params.get("version", "1.0.0") in ("1.0.0", "0.0.1"):
                best_openmetrics = max(best_openmetrics, quality)
        elif media_type in ("text/plain", "text/*", "*/*"):
            if params.get("version", "0.0.4") == "0.0.4":
                best_text = max(best_text, quality)
    if best_openmetrics > 0 and best_openmetrics >= best_text:
        return OPENMETRICS
    return PROMETHEUS


def render(families: Iterable[MetricFamily], fmt: ExpositionFormat) -> str:
    """Return the exposition of ``families`` in ``fmt``, families in order.

    :raises MetricError: when two families share a name.
    """
    lines = []
    seen = set()
    for family in families:
        if family.name in seen:
            raise MetricError(f"metric family {family.name} rendered twice")
        seen.add(family.name)
        lines.extend(_family_lines(family, fmt))
    if fmt.openmetrics:
        lines.append("# EOF")
    return "\n".join(lines) + "\n"


def _family_lines(family, fmt):
    # The 0.0.4 format names a counter's family after its samples.
    name = family.name
    if family.kind == COUNTER and not fmt.openmetrics:
        name += "_total"
    yield f"# HELP {name} {_escape_help(family.help, fmt)}"
    yield f"# TYPE {name} {family.kind}"
    for sample in family.samples:
        labels = ",".join(
            f'{label}="{_escape_label(value)}"' for label, value in sample.labels
        )
        labels = "{" + labels + "}" if labels else ""
        value = _format_value(sample.value)
        yield f"{family.name}{sample.suffix}{labels} {value}"


def _escape_label(value):
    return value.replace("\\", r"\\").replace("\n", r"\n").replace('"', r"\"")


def _escape_help(text, fmt):
    text = text.replace("\\", r"\\").replace("\n", r"\n")
    return text.replace('"', r"\"") if fmt.openmetrics else text


def _format_value(value, le=False):
    if isinstance(value, int):
        return f"{value}.0" if le else str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(value)


def _number(metric, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MetricError(f"{metric}: value {value!r} is not a number")
    return value


def _check_metric_name(name):
    if not isinstance(name, str) or not _METRIC_NAME_RE.fullmatch(name):
        raise MetricError(f"metric name {name!r} must match [a-zA-Z_:][a-zA-Z0-9_:]*")


def _check_label_name(name):
    if not isinstance(name, str) or not _LABEL_NAME_RE.fullmatch(name):
        raise MetricError(f"label name {name!r} must match [a-zA-Z_][a-zA-Z0-9_]*")
    if name.startswith("__"):
        raise MetricError(f"label name {name!r} is reserved (it starts with __)")


def _media_range(media_range):
    media_type, *params = media_range.split(";")
    values = {}
    for param in params:
        key, _sep, value = param.partition("=")
        values[key.strip().lower()] = value.strip().strip('"')
    return media_type.strip().lower(), values


def _quality(value):
    if value is None:
        return 1.0
    try:
        quality = float(value)
    except ValueError:
        return 0.0
    return quality if 0.0 <= quality <= 1.0 else 0.0
