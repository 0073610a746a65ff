# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Connector health history: one row per active connector per health check.

``integration.connector._cron_check_health`` writes them from the hourly
roll-ups. ``uptime`` is 100 when the connector was up at the check and 0
when it was down (see :mod:`integration_core.monitoring.health`: degraded
and no-traffic count as up), so its average over a day is the day's uptime
percentage.
"""

from odoo import api, fields, models

from integration_core.monitoring.health import STATES

HEALTH_STATES = [
    ("ok", "Healthy"),
    ("degraded", "Degraded"),
    ("down", "Down"),
    ("unknown", "No recent traffic"),
]
assert [state for state, _label in HEALTH_STATES] == list(STATES)


class IntegrationHealthCheck(models.Model):
    _name = "integration.health.check"
    _description = "Integration Connector Health Check"
    _order = "checked_at desc, id desc"
    _rec_name = "connector_id"

    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="connector_id.company_id", store=True, index=True
    )
    criticality = fields.Selection(related="connector_id.criticality")
    checked_at = fields.Datetime(required=True, index=True)
    state = fields.Selection(HEALTH_STATES, required=True)
    note = fields.Char()
    uptime = fields.Float(
        string="Uptime (%)",
        aggregator="avg",
        help="100 when the connector was up at this check, 0 when down; "
        "averaged, the uptime percentage.",
    )
    messages = fields.Integer(
        string="Messages (24 h)", aggregator="avg", help="Over the 24 hours checked."
    )
    failure_rate = fields.Float(
        string="Failure Rate (%)",
        aggregator="avg",
        help="Failed and dead messages among the 24 hours' messages.",
    )
    p95_ms = fields.Float(
        string="p95 Latency (ms)",
        aggregator="avg",
        help="95th percentile latency over the 24 hours, estimated from the "
        "roll-ups' histogram buckets.",
    )

    @api.model
    def _record(self, connectors, checked_at, figures, healths):
        """Store one check per connector; ``figures``/``healths`` by connector id."""
        vals_list = []
        for connector in connectors:
            figure = figures[connector.id]
            health = healths[connector.id]
            vals_list.append(
                {
                    "connector_id": connector.id,
                    "checked_at": checked_at,
                    "state": health.state,
                    "note": connector._health_note(health),
                    "uptime": health.uptime,
                    "messages": figure["messages"],
                    "failure_rate": connector._failure_rate(figure),
                    "p95_ms": connector._p95(figure) or 0.0,
                }
            )
        return self.sudo().create(vals_list)
