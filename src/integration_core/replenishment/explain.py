# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A replenishment decision in words a hospital supply manager reads.

:func:`explain` writes one paragraph per need::

    Need 40 BX. Clinic B can spare 25 (keeps 30 for its own 10-day need),
    arrives tomorrow: transfer 25. Central Store cannot spare any (has 80,
    keeps 120 for its own 14-day need). Buy 15 from Contract Supplier
    (7 days). Critical: out of stock now, escalated.

Each donor's sentence is its name followed by its :attr:`~.model.Candidate.note`
(:func:`candidate_note`); donors not needed because the need is already
covered share one sentence. Days are rounded up: 0 is "today", 1
"tomorrow", else "in n days".
"""

import math

from .model import (
    CRITICAL,
    NEED_COVERED,
    NO_SURPLUS,
    SHORT_DATED,
    TOO_EXPENSIVE,
    TOO_LATE,
    USED,
    Candidate,
    DonorStock,
    Need,
)

_TOLERANCE = 1e-6


def format_quantity(value: float) -> str:
    """A quantity without trailing zeros: ``25``, ``2.5``."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _day_count(days: float) -> int:
    return max(0, math.ceil(round(days, 6)))


def format_when(days: float) -> str:
    """When something happens: ``today``, ``tomorrow``, ``in 3 days``."""
    count = _day_count(days)
    if count == 0:
        return "today"
    if count == 1:
        return "tomorrow"
    return f"in {count} days"


def format_duration(days: float) -> str:
    """How long something takes: ``same day``, ``1 day``, ``7 days``."""
    count = _day_count(days)
    if count == 0:
        return "same day"
    return "1 day" if count == 1 else f"{count} days"


def _join_names(names):
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def keeps_phrase(stock: DonorStock | None, kept: float) -> str:
    """Why a donor keeps ``kept``: ``keeps 30 for its own 10-day need``,
    ``keeps its minimum of 50``; empty when it keeps nothing."""
    if stock is None or kept <= _TOLERANCE:
        return ""
    quantity = format_quantity(kept)
    demand = max(0.0, stock.daily_demand)
    safety_days = max(0.0, stock.safety_days)
    if demand > 0 and demand * max(0.0, stock.lead_days) >= stock.minimum:
        days = _day_count(max(0.0, stock.lead_days) + safety_days)
        return f"keeps {quantity} for its own {days}-day need"
    if demand > 0 and safety_days > 0:
        safety = format_duration(safety_days)
        return f"keeps {quantity}: its minimum and {safety} of safety stock"
    return f"keeps its minimum of {quantity}"


def _expiry_limit(need: Need, arrival_days: float) -> str:
    """Which lots the receiver refuses: ``within 30 days``, ``before it
    arrives``."""
    if not need.accept_short_dated and need.min_shelf_days >= arrival_days:
        return f"within {_day_count(need.min_shelf_days)} days"
    return "before it arrives"


def _spare_phrase(candidate, need, stock):
    """``can spare 25 (keeps 30 for its own 10-day need)``."""
    details = [keeps_phrase(stock, candidate.keeps)]
    refused = candidate.surplus - candidate.sendable
    if refused > _TOLERANCE:
        limit = _expiry_limit(need, candidate.arrival_days)
        details.append(f"{format_quantity(refused)} more expire {limit}")
    details = "; ".join(detail for detail in details if detail)
    spare = f"can spare {format_quantity(candidate.sendable)}"
    return f"{spare} ({details})" if details else spare


def _used_note(candidate, need, stock):
    note = (
        f"{_spare_phrase(candidate, need, stock)}, arrives "
        f"{format_when(candidate.arrival_days)}: transfer "
        f"{format_quantity(candidate.quantity)}"
    )
    at_risk = min(candidate.quantity, candidate.at_risk)
    if at_risk > _TOLERANCE:
        note += f" ({format_quantity(at_risk)} would expire there before use)"
    return note


def _no_surplus_note(candidate, stock):
    if stock is None or stock.on_hand <= _TOLERANCE:
        return "has none in stock"
    if candidate.available <= _TOLERANCE:
        return "has none available (its stock is already promised)"
    details = [f"has {format_quantity(candidate.available)}"]
    details.append(keeps_phrase(stock, candidate.keeps))
    return f"cannot spare any ({', '.join(detail for detail in details if detail)})"


def _too_late_note(candidate, need, stockout_days):
    note = (
        f"can spare {format_quantity(candidate.sendable)} but would arrive "
        f"{format_when(candidate.arrival_days)}, later than buying "
        f"({format_duration(need.purchase_days)})"
    )
    if stockout_days is not None and stockout_days > 0:
        note += f" and after the stock-out ({format_when(stockout_days)})"
    return note


def candidate_note(
    candidate: Candidate,
    *,
    need: Need,
    stock: DonorStock | None,
    stockout_days: float | None,
    costs_equal: bool = False,
) -> str:
    """Why ``candidate`` was used or not, to follow its name in a sentence.

    :param stock: the donor's stock as the need found it, ``None`` when it
        has no entry.
    :param costs_equal: the transfer costs as much as buying (used when it
        is too expensive).
    """
    reason = candidate.reason
    if reason == USED:
        return _used_note(candidate, need, stock)
    if reason == NO_SURPLUS:
        return _no_surplus_note(candidate, stock)
    if reason == SHORT_DATED:
        return (
            f"can spare {format_quantity(candidate.surplus)}, but only short-dated "
            f"stock (expires {_expiry_limit(need, candidate.arrival_days)})"
        )
    if reason == TOO_LATE:
        return _too_late_note(candidate, need, stockout_days)
    if reason == TOO_EXPENSIVE:
        compared = "as much as" if costs_equal else "more than"
        return (
            f"can spare {format_quantity(candidate.sendable)}, but the transfer "
            f"costs {compared} buying"
        )
    if reason == NEED_COVERED:
        return "is not needed, the need is covered"
    return reason


def _buy_sentence(need, buy_quantity, transferred):
    if buy_quantity <= _TOLERANCE:
        return ""
    if need.purchase_days is None:
        if transferred > _TOLERANCE:
            rest = format_quantity(buy_quantity)
            return f"The remaining {rest} cannot be bought: no vendor."
        return "Cannot be bought: no vendor."
    supplier = f" from {need.supplier_name}" if need.supplier_name else ""
    return (
        f"Buy {format_quantity(buy_quantity)}{supplier} "
        f"({format_duration(need.purchase_days)})."
    )


def _critical_sentence(need, stockout_days, escalated):
    if need.criticality != CRITICAL:
        return ""
    if not escalated:
        return (
            "Critical item."
            if stockout_days is None
            else ("Critical item, sourced before the stock-out.")
        )
    if stockout_days is None:
        return "Critical: cannot be sourced, escalated."
    if stockout_days <= 0:
        return "Critical: out of stock now, escalated."
    return f"Critical: stock-out expected {format_when(stockout_days)}, escalated."


def explain(
    need: Need,
    candidates: tuple[Candidate, ...],
    *,
    buy_quantity: float,
    stockout_days: float | None,
    escalated: bool,
) -> str:
    """The decision on ``need`` as one paragraph.

    :param candidates: the donors considered, in ranking order, with their
        notes.
    """
    sentences = [f"Need {format_quantity(need.quantity)} {need.uom_name}."]
    covered = []
    for candidate in candidates:
        if candidate.reason == NEED_COVERED:
            covered.append(candidate.warehouse_name)
        else:
            sentences.append(f"{candidate.warehouse_name} {candidate.note}.")
    if covered:
        sentences.append(
            f"Nothing needed from {_join_names(covered)}, the need is covered."
        )
    transferred = sum(candidate.quantity for candidate in candidates)
    sentences.append(_buy_sentence(need, buy_quantity, transferred))
    sentences.append(_critical_sentence(need, stockout_days, escalated))
    return " ".join(sentence for sentence in sentences if sentence)
