# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Set while the router's own procurements run: the moves they confirm chain
# further procurements (transit to donor stock) that must not be re-routed.
ROUTED = "replenishment_router_routed"
# Set by whoever wants Odoo's own replenishment, unrouted (the benchmark's
# baseline, a migration script).
DISABLED = "replenishment_router_disabled"


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    @api.model
    def run(self, procurements, raise_user_error=True):
        """Route orderpoint procurements before Odoo's rules act on them.

        Every replenishment path (scheduler, real-time trigger, the report's
        Order buttons) runs orderpoint procurements here with the context key
        ``from_orderpoint``: each becomes transfers from donor warehouses and
        a purchase of the rest, then Odoo's own rules create the documents.
        """
        context = self.env.context
        if (
            not context.get("from_orderpoint")
            or context.get(ROUTED)
            or context.get(DISABLED)
        ):
            return super().run(procurements, raise_user_error=raise_user_error)
        router = self.env["replenishment.router"]
        routed, plan = router._plan(
            procurements, trigger=context.get("replenishment_trigger", "scheduler")
        )
        result = super(ProcurementGroup, self.with_context(**{ROUTED: True})).run(
            routed, raise_user_error=raise_user_error
        )
        if plan:
            router.with_context(**{ROUTED: True})._record(plan)
        return result
