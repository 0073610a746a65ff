# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who hears about an alert, and when.

An alert has a criticality of its own (a module may raise a critical
shortage on a medium connector) and concerns a connector that has one too.
:func:`route` turns both into a :class:`Route`: the channel that carries the
notification, the effective criticality and a sentence saying why.

Rules:

* the effective criticality is the more severe of the two (:func:`more_severe`);
* the channel is the company's policy for that criticality
  (:data:`DEFAULT_POLICIES` when it sets none);
* an alert about a critical connector is never batched: when the policy says
  ``digest`` or ``dashboard`` it goes to the connector's owner at once
  (``owner``) instead.

Channels (:data:`CHANNELS`):

* ``oncall``: at once, an activity and an email for every member of the
  on-call group, and a JSON POST to the company's alert webhook;
* ``owner``: at once, an activity and an email for the connector's owner;
* ``digest``: nothing now; listed in the owner's daily digest email;
* ``dashboard``: nothing sent; the alert is shown in the Alerts menu only.
"""

import dataclasses
from collections.abc import Mapping

#: Criticalities, most severe first.
CRITICALITIES = ("critical", "high", "medium", "low")

ONCALL = "oncall"
OWNER = "owner"
DIGEST = "digest"
DASHBOARD = "dashboard"
#: Notification channels, loudest first.
CHANNELS = (ONCALL, OWNER, DIGEST, DASHBOARD)
#: Channels that send nothing at once.
BATCHED_CHANNELS = (DIGEST, DASHBOARD)
#: Channels that notify people at once.
IMMEDIATE_CHANNELS = (ONCALL, OWNER)

#: The policy of a company that configured none.
DEFAULT_POLICIES = {
    "critical": ONCALL,
    "high": OWNER,
    "medium": DIGEST,
    "low": DASHBOARD,
}

_RANK = {criticality: rank for rank, criticality in enumerate(CRITICALITIES)}


@dataclasses.dataclass(frozen=True)
class Route:
    """How an alert is notified.

    :param channel: one of :data:`CHANNELS`.
    :param criticality: the effective criticality, one of :data:`CRITICALITIES`.
    :param reason: one sentence for the alert's chatter.
    """

    channel: str
    criticality: str
    reason: str

    @property
    def immediate(self):
        """``True`` when the channel notifies people at once."""
        return self.channel in IMMEDIATE_CHANNELS


def _check_criticality(name, value):
    if value not in _RANK:
        raise ValueError(
            f"{name} must be one of {', '.join(CRITICALITIES)}, not {value!r}"
        )


def severity_rank(criticality):
    """0 for ``critical`` up to 3 for ``low``: sorts the most severe first."""
    _check_criticality("criticality", criticality)
    return _RANK[criticality]


def more_severe(first, second):
    """The more severe of two criticalities (``first`` when they are equal)."""
    return first if severity_rank(first) <= severity_rank(second) else second


def route(alert_criticality, connector_criticality, policies=None):
    """Return the :class:`Route` of an alert.

    :param alert_criticality: the criticality the alert was raised with.
    :param connector_criticality: the criticality of its connector.
    :param policies: channel per criticality (missing ones take
        :data:`DEFAULT_POLICIES`).
    """
    effective = more_severe(alert_criticality, connector_criticality)
    merged = {**DEFAULT_POLICIES, **{k: v for k, v in (policies or {}).items() if v}}
    _check_policies(merged)
    channel = merged[effective]
    if connector_criticality == "critical" and channel in BATCHED_CHANNELS:
        return Route(
            OWNER,
            effective,
            f"The policy for {effective} alerts is {channel}, but alerts about a "
            "critical connector are never batched: its owner is notified at once.",
        )
    if alert_criticality != connector_criticality:
        source = (
            f"Raised {alert_criticality} on a {connector_criticality} connector, "
            f"so {effective}"
        )
    else:
        source = f"A {effective} alert"
    return Route(
        channel,
        effective,
        f"{source}: the {effective} policy is {channel} "
        f"({_CHANNEL_SENTENCES[channel]}).",
    )


def _check_policies(policies: Mapping[str, str]):
    for criticality, channel in policies.items():
        _check_criticality("policy key", criticality)
        if channel not in CHANNELS:
            raise ValueError(
                f"the {criticality} policy must be one of {', '.join(CHANNELS)}, "
                f"not {channel!r}"
            )


_CHANNEL_SENTENCES = {
    ONCALL: "the on-call group and the webhook are notified at once",
    OWNER: "the connector's owner is notified at once",
    DIGEST: "listed in the owner's daily digest",
    DASHBOARD: "shown on the dashboard only",
}
