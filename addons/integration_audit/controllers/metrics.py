# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``/integration/metrics``: the cockpit's figures for Prometheus.

A scrape must carry ``Authorization: Bearer <token>``, the metrics token an
administrator generated in Settings (kept encrypted in the vault); anything
else gets a 401. The database is the request's (a single database, or one
chosen by ``dbfilter``).

Every series is labelled ``connector`` (code), ``company`` (name),
``system_kind`` and ``connector_criticality``. Freshness:

* live, from the log through its partial index on open states: messages in
  the states pending, queued, running, failed and dead, failures by error
  kind, the retry queue depth, dead letters; open alerts and the connectors'
  state (active, neutralized) are live too;
* as of the last roll-up (``integration_rollup_age_seconds`` says how old):
  messages done, cancelled and resolved (since the roll-ups began: the
  retention job removes messages, not their roll-ups), the latency
  histogram, and health (from the last 24 hours' roll-ups).

Every figure is read in bulk (grouped reads), whatever the connector count.
"""

import datetime
import hmac
import logging

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import UserError
from odoo.http import request

from integration_core.monitoring import health as health_assessment
from integration_core.monitoring.latency import BUCKETS_MS
from integration_core.monitoring.openmetrics import (
    GAUGE,
    HISTOGRAM,
    MetricFamily,
    negotiate,
    render,
)

from ..models.integration_connector import HEALTH_WINDOW
from ..models.integration_message import STATES

_logger = logging.getLogger(__name__)

# The log's partial index covers exactly these: counted live.
LIVE_STATES = ("pending", "queued", "running", "failed", "dead")
ERROR_KINDS = ("transient", "permanent")
CRITICALITIES = ("critical", "high", "medium", "low")
# Roll-ups are read from their beginning for the all-time figures.
EPOCH = datetime.datetime(1970, 1, 1)


class IntegrationMetricsController(http.Controller):
    @http.route(
        "/integration/metrics",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def integration_metrics(self, **_kwargs):
        env = request.env(user=SUPERUSER_ID)
        refusal = _refusal(env, request.httprequest.headers.get("Authorization"))
        if refusal:
            return refusal
        fmt = negotiate(request.httprequest.headers.get("Accept"))
        body = render(collect(env), fmt)
        return request.make_response(
            body,
            headers=[
                ("Content-Type", fmt.content_type),
                ("Cache-Control", "no-store"),
                ("Vary", "Accept, Authorization"),
            ],
        )


def _refusal(env, authorization):
    """The 401 (or 503) response for this ``Authorization`` header, or ``None``."""
    try:
        token = env["integration.secret"]._metrics_token()
    except UserError as error:
        _logger.warning(
            "Metrics scrape refused: the metrics token cannot be read: %s", error
        )
        return _text_response(
            "The metrics token cannot be read (see the server log).\n", 503
        )
    if not token:
        return _unauthorized(
            "No metrics token is configured: an administrator generates one in "
            "Settings > Integrations > Metrics for Prometheus.\n"
        )
    scheme, _sep, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return _unauthorized("A bearer token is required.\n")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        _logger.warning(
            "Metrics scrape refused: wrong bearer token from %s",
            request.httprequest.remote_addr,
        )
        return _unauthorized("The bearer token is not valid.\n", error="invalid_token")
    return None


def _unauthorized(message, error=None):
    challenge = 'Bearer realm="integration_metrics"'
    if error:
        challenge += f', error="{error}"'
    return _text_response(message, 401, [("WWW-Authenticate", challenge)])


def _text_response(message, status, headers=()):
    return request.make_response(
        message,
        headers=[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Cache-Control", "no-store"),
            *headers,
        ],
        status=status,
    )


def collect(env):
    """The metric families of every connector of the database, in bulk reads.

    ``env`` must be allowed to read every company's connectors, messages,
    roll-ups and alerts (the endpoint uses the superuser once authenticated).
    """
    connectors = env["integration.connector"].with_context(active_test=False).search([])
    labels = {
        connector.id: {
            "connector": connector.code,
            "company": connector.company_id.name,
            "system_kind": connector.system_kind,
            "connector_criticality": connector.criticality,
        }
        for connector in connectors
    }
    live = _live_counts(env)
    rollups = env["integration.message.rollup"]
    all_time = rollups._figures(connectors, EPOCH)
    recent = rollups._figures(connectors, fields.Datetime.now() - HEALTH_WINDOW)
    alerts = _open_alerts(env)

    messages = MetricFamily(
        "integration_messages",
        GAUGE,
        "Messages in each state. Open states (pending, queued, running, failed, "
        "dead) are live; done, cancelled and resolved as of the last roll-up.",
    )
    failures = MetricFamily(
        "integration_failures",
        GAUGE,
        "Failed (retry scheduled) and dead messages by the kind of their last "
        "error, live.",
    )
    latency = MetricFamily(
        "integration_message_latency_seconds",
        HISTOGRAM,
        "Seconds from a message's creation to its outcome (done or dead), as of "
        "the last roll-up.",
    )
    retry_depth = MetricFamily(
        "integration_retry_queue_depth",
        GAUGE,
        "Messages that failed and wait for a scheduled retry, live.",
    )
    dead_letters = MetricFamily(
        "integration_dead_letters", GAUGE, "Dead letters waiting for a person, live."
    )
    open_alerts = MetricFamily(
        "integration_alerts_open",
        GAUGE,
        "Alerts not resolved (open or acknowledged) by alert criticality, live.",
    )
    health = MetricFamily(
        "integration_connector_health",
        GAUGE,
        "1 for the connector's health state over the last 24 hours of roll-ups "
        "(ok, degraded, down, unknown), 0 for the others.",
    )
    up = MetricFamily(
        "integration_connector_up",
        GAUGE,
        "1 when the connector is active, not neutralized and not down.",
    )
    bounds = [bound / 1000 for bound in BUCKETS_MS]
    for connector in connectors:
        base = labels[connector.id]
        counts = live.get(connector.id, {})
        figures = all_time[connector.id]
        for state, _label in STATES:
            value = (
                sum(count for (s, _k), count in counts.items() if s == state)
                if state in LIVE_STATES
                else figures["states"][state]
            )
            messages.add({**base, "state": state}, value)
        for kind in ERROR_KINDS:
            failed = sum(
                count
                for (state, error_kind), count in counts.items()
                if state in ("failed", "dead") and error_kind == kind
            )
            failures.add({**base, "kind": kind}, failed)
        latency.add_histogram(
            base,
            bounds,
            figures["latency_buckets"],
            figures["latency_sum_ms"] / 1000,
        )
        retry_depth.add(base, sum(c for (s, _k), c in counts.items() if s == "failed"))
        dead_letters.add(base, sum(c for (s, _k), c in counts.items() if s == "dead"))
        for criticality in CRITICALITIES:
            open_alerts.add(
                {**base, "criticality": criticality},
                alerts.get((connector.id, criticality), 0),
            )
        state = connector._assess(recent[connector.id]).state
        for candidate in health_assessment.STATES:
            health.add({**base, "state": candidate}, int(candidate == state))
        is_up = (
            connector.active
            and not connector.neutralized
            and state != health_assessment.DOWN
        )
        up.add(base, int(is_up))
    return [
        messages,
        failures,
        latency,
        retry_depth,
        dead_letters,
        open_alerts,
        health,
        up,
        _rollup_age(env),
    ]


def _live_counts(env):
    """``{connector_id: {(state, error_kind): count}}`` of the open states."""
    groups = env["integration.message"]._read_group(
        [("state", "in", LIVE_STATES)],
        ["connector_id", "state", "error_kind"],
        ["__count"],
    )
    counts = {}
    for connector, state, error_kind, count in groups:
        counts.setdefault(connector.id, {})[(state, error_kind)] = count
    return counts


def _open_alerts(env):
    groups = env["integration.alert"]._read_group(
        [("state", "!=", "resolved")], ["connector_id", "criticality"], ["__count"]
    )
    return {
        (connector.id, criticality): count for connector, criticality, count in groups
    }


def _rollup_age(env):
    family = MetricFamily(
        "integration_rollup_age_seconds",
        GAUGE,
        "Seconds since the roll-ups last read the log: the age of the figures "
        "that are not live.",
    )
    watermark = env["integration.message.rollup"]._watermark()
    if watermark:
        age = (fields.Datetime.now() - watermark).total_seconds()
        family.add({}, max(0.0, age))
    return family
