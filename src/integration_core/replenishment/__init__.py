# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Stock moved between hospital warehouses before any is bought, without Odoo.

The replenishment addon reads orderpoints below their minimum and the stock
of the other warehouses in bulk, builds the plain inputs of these modules,
calls :func:`decide` and creates the transfers and purchases it decides:

- :mod:`.model`: the needs, donor stock and routes read, and the decisions;
- :mod:`.decide`: what each donor can spare, which donors to use, what to
  buy, and which critical needs to escalate;
- :mod:`.explain`: each decision as a paragraph a supply manager reads.
"""

from .decide import (
    TOLERANCE,
    accepted_quantity,
    at_risk_quantity,
    available,
    decide,
    keeps,
    lots_of,
    shortage_units,
    stockout_days,
    surplus,
    transfer_cost,
)
from .explain import candidate_note, explain, format_quantity
from .model import (
    CRITICAL,
    CRITICALITIES,
    HIGH,
    NEED_COVERED,
    NO_SURPLUS,
    NORMAL,
    REASONS,
    SHORT_DATED,
    TOO_EXPENSIVE,
    TOO_LATE,
    USED,
    Candidate,
    Decision,
    DonorStock,
    Lot,
    Need,
    Route,
    Transfer,
)
