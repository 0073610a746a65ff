# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Operations monitoring rules, without Odoo.

What the cockpit of ``integration_audit`` decides is plain Python here:
latency percentiles from histogram buckets and connector health
(``latency``, ``health``), which notification an alert gets
(``alert_policy``), when a watch fires (``watches``), when a certificate
expires (``certificates``) and the OpenMetrics text the metrics endpoint
serves (``openmetrics``).
"""
