# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from .procurement_group import DISABLED, ROUTED


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_confirm(self, merge=True, merge_into=False):
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        moves._replenishment_watch_critical()
        return moves

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._replenishment_watch_critical()
        return moves

    def _replenishment_watch_critical(self):
        """A critical item leaving a warehouse is routed at once, in a job.

        The job checks the minimum itself, after this transaction commits.
        """
        if self.env.context.get(ROUTED) or self.env.context.get(DISABLED):
            return
        leaving = self.filtered(
            lambda move: (
                move.product_id.supply_criticality == "critical"
                and move.location_id.usage == "internal"
                and move.location_id.warehouse_id
                and move.location_dest_id.warehouse_id != move.location_id.warehouse_id
            )
        )
        if not leaving:
            return
        orderpoints = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .search(
                [
                    ("product_id", "in", leaving.product_id.ids),
                    ("warehouse_id", "in", leaving.location_id.warehouse_id.ids),
                    ("trigger", "in", ("auto", "manual")),
                ]
            )
        )
        if orderpoints:
            orderpoints._replenishment_enqueue_critical()
