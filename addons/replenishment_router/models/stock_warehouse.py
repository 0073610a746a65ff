# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    replenishment_donor_ids = fields.Many2many(
        "stock.warehouse",
        "stock_warehouse_replenishment_donor_rel",
        "receiver_id",
        "donor_id",
        string="Donor Warehouses",
        check_company=True,
        help="Warehouses that may transfer their surplus here before anything "
        "is bought. Empty: every warehouse this one is resupplied from. "
        "Adding a donor creates Odoo's resupply route from it.",
    )
    replenishment_connector_id = fields.Many2one(
        "integration.connector",
        string="Logistics Connector",
        check_company=True,
        domain="[('system_kind', '=', 'logistics')]",
        help="The external WMS or logistics provider running this warehouse: "
        "each transfer from or to it is sent there as a JSON message, and "
        "escalated shortages raise their alert on it.",
    )
    replenishment_responsible_id = fields.Many2one(
        "res.users",
        help="Receives an activity when a critical shortage here is escalated.",
    )
    replenishment_demand_days = fields.Integer(
        string="Demand History (days)",
        default=30,
        help="Daily demand is the consumption out of this warehouse over this "
        "many past days, divided by the days.",
    )
    replenishment_accept_short_dated = fields.Boolean(
        string="Accept Short-Dated Transfers",
        help="Accept lots close to expiry from donor warehouses (for a unit "
        "that uses them before they expire).",
    )
    # Bumped by each run that allocates this warehouse's surplus: a
    # concurrent run that read the same stock then fails to serialize and is
    # retried on fresh data, so a surplus is never allocated twice.
    replenishment_allocation_count = fields.Integer(readonly=True, copy=False)

    @api.constrains("replenishment_donor_ids")
    def _check_replenishment_donors(self):
        for warehouse in self:
            if warehouse in warehouse.replenishment_donor_ids:
                raise ValidationError(
                    self.env._(
                        "Warehouse %s cannot be its own donor (field Donor "
                        "Warehouses).",
                        warehouse.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._add_donor_resupply_routes()
        return warehouses

    def write(self, vals):
        result = super().write(vals)
        if "replenishment_donor_ids" in vals:
            self._add_donor_resupply_routes()
        return result

    def _add_donor_resupply_routes(self):
        """A donor needs Odoo's resupply route to send anything: create it."""
        for warehouse in self:
            missing = warehouse.replenishment_donor_ids - warehouse.resupply_wh_ids
            if missing:
                warehouse.resupply_wh_ids = [Command.link(wh.id) for wh in missing]

    def _replenishment_donors(self):
        """Map each warehouse to the warehouses that may supply it.

        Explicit donors, else every warehouse it is resupplied from; always of
        the same company.
        """
        return {
            warehouse: (
                warehouse.replenishment_donor_ids or warehouse.resupply_wh_ids
            ).filtered(
                lambda donor, wh=warehouse: (
                    donor.company_id == wh.company_id and donor != wh
                )
            )
            for warehouse in self
        }

    def _replenishment_lock(self):
        """Claim these donors' surplus for this transaction (see the field)."""
        if not self:
            return
        self.env.cr.execute(
            "UPDATE stock_warehouse"
            " SET replenishment_allocation_count ="
            " COALESCE(replenishment_allocation_count, 0) + 1"
            " WHERE id IN %s",
            [tuple(sorted(self.ids))],
        )
        self.invalidate_recordset(["replenishment_allocation_count"])
