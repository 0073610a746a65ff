# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import Command, fields, models

from odoo.addons.integration_audit.models.integration_connector import (
    CRITICAL_CHANNEL,
)
from odoo.addons.queue_job.job import identity_exact

_logger = logging.getLogger(__name__)


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    replenishment_decision_id = fields.Many2one(
        "replenishment.decision",
        string="Last Decision",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    replenishment_explanation = fields.Text(
        related="replenishment_decision_id.explanation", string="Why"
    )
    replenishment_kind = fields.Selection(
        related="replenishment_decision_id.kind", string="Last Decision Kind"
    )

    def action_replenishment_simulate(self):
        """Show what the router would decide now; create nothing."""
        decisions, inputs = self.env["replenishment.router"]._simulate(self)
        simulation = self.env["replenishment.simulation"].create(
            {
                "line_ids": [
                    Command.create(
                        self.env["replenishment.simulation"]._line_values(
                            decision, inputs
                        )
                    )
                    for decision in decisions
                ],
                "orderpoint_count": len(self),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Simulated Replenishment"),
            "res_model": "replenishment.simulation",
            "res_id": simulation.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_view_replenishment_decisions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "replenishment_router.replenishment_decision_action"
        )
        action["domain"] = [("orderpoint_id", "in", self.ids)]
        return action

    def _replenishment_enqueue_critical(self):
        """Route these critical items now, on the critical channel."""
        return self.with_delay(
            channel=CRITICAL_CHANNEL,
            priority=1,
            identity_key=identity_exact,
            description=self.env._("Route critical items below their minimum"),
        )._replenishment_route_critical()

    def _replenishment_route_critical(self):
        """Queue job: replenish those still below their minimum."""
        below = self.exists().filtered(lambda orderpoint: orderpoint.qty_to_order > 0)
        for company in below.company_id:
            below.filtered(lambda o, c=company: o.company_id == c).with_context(
                replenishment_trigger="critical"
            )._procure_orderpoint_confirm(company_id=company, raise_user_error=False)
        _logger.info("Routed %s critical orderpoint(s) at once", len(below))
        return self.env._("%s replenishment rule(s) routed.", len(below))
