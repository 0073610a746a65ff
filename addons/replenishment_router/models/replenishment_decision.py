# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

CRITICALITY = [("critical", "Critical"), ("high", "High"), ("normal", "Normal")]


class ReplenishmentDecision(models.Model):
    _name = "replenishment.decision"
    _description = "Replenishment Decision"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    orderpoint_id = fields.Many2one(
        "stock.warehouse.orderpoint",
        string="Replenishment Rule",
        readonly=True,
        index=True,
        ondelete="set null",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True
    )
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    criticality = fields.Selection(CRITICALITY, readonly=True, default="normal")
    trigger = fields.Selection(
        [
            ("scheduler", "Scheduler or Order button"),
            ("critical", "Critical item, at once"),
        ],
        readonly=True,
        default="scheduler",
    )
    kind = fields.Selection(
        [
            ("transfer", "Transfer"),
            ("split", "Transfer and buy"),
            ("buy", "Buy"),
        ],
        compute="_compute_kind",
        store=True,
    )
    need_qty = fields.Float(
        string="Need", readonly=True, digits="Product Unit of Measure"
    )
    transfer_qty = fields.Float(
        string="Transferred", readonly=True, digits="Product Unit of Measure"
    )
    buy_qty = fields.Float(
        string="Bought", readonly=True, digits="Product Unit of Measure"
    )
    buy_days = fields.Float(string="Purchase Lead Time (days)", readonly=True)
    stockout_days = fields.Float(
        string="Stock-out In (days)",
        readonly=True,
        help="Days until the forecast stock runs out at the current daily "
        "demand; empty when there is no demand.",
    )
    stockout_expected = fields.Boolean(readonly=True)
    escalated = fields.Boolean(readonly=True, index=True, tracking=True)
    explanation = fields.Text(readonly=True)
    inputs = fields.Json(
        readonly=True, help="What the decision was based on, as given to the engine."
    )
    donor_ids = fields.One2many(
        "replenishment.decision.donor", "decision_id", string="Donors Considered"
    )
    picking_ids = fields.Many2many(
        "stock.picking", string="Transfers", readonly=True, copy=False
    )
    purchase_line_ids = fields.Many2many(
        "purchase.order.line", string="Purchase Lines", readonly=True, copy=False
    )
    purchase_ids = fields.Many2many(
        "purchase.order", string="Purchase Orders", compute="_compute_purchase_ids"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    transfer_cost = fields.Monetary(readonly=True)
    purchase_cost_avoided = fields.Monetary(
        readonly=True,
        help="Purchase price of the transferred units plus the shortage cost "
        "the faster transfer avoids.",
    )
    value_saved = fields.Monetary(
        string="Saved by Transfers",
        compute="_compute_value_saved",
        store=True,
        aggregator="sum",
    )

    @api.depends("transfer_qty", "buy_qty")
    def _compute_kind(self):
        for decision in self:
            if decision.transfer_qty and decision.buy_qty:
                decision.kind = "split"
            elif decision.transfer_qty:
                decision.kind = "transfer"
            else:
                decision.kind = "buy"

    @api.depends("transfer_cost", "purchase_cost_avoided")
    def _compute_value_saved(self):
        for decision in self:
            decision.value_saved = (
                decision.purchase_cost_avoided - decision.transfer_cost
            )

    @api.depends("purchase_line_ids")
    def _compute_purchase_ids(self):
        for decision in self:
            decision.purchase_ids = decision.purchase_line_ids.order_id

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if unnamed:
            # One lookup for a scheduler batch, then one number each.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .search(
                    [
                        ("code", "=", "replenishment.decision"),
                        ("company_id", "in", [False, self.env.company.id]),
                    ],
                    order="company_id",
                    limit=1,
                )
            )
            for vals in unnamed:
                vals["name"] = sequence._next() if sequence else "/"
        return super().create(vals_list)

    def action_view_transfers(self):
        self.ensure_one()
        return self._action_view(
            "stock.action_picking_tree_all", self.picking_ids, "stock.picking"
        )

    def action_view_purchases(self):
        self.ensure_one()
        return self._action_view(
            "purchase.purchase_rfq", self.purchase_ids, "purchase.order"
        )

    def _action_view(self, xmlid, records, model):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(records) == 1:
            action.update(res_id=records.id, views=[(False, "form")], view_mode="form")
        else:
            action.update(domain=[("id", "in", records.ids)], context={})
        action["res_model"] = model
        return action

    def _escalate(self):
        """Wake people for a critical shortage nothing can cover in time.

        An activity for the warehouse's responsible on the decision, and an
        alert through integration_audit on the warehouse's logistics connector
        (one per product and warehouse while it stays open).
        """
        activity_type = self.env.ref(
            "replenishment_router.mail_activity_type_critical_shortage"
        )
        for decision in self:
            summary = self.env._(
                "Critical shortage: %(product)s at %(warehouse)s",
                product=decision.product_id.display_name,
                warehouse=decision.warehouse_id.name,
            )
            decision.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=decision.explanation,
                user_id=(
                    decision.warehouse_id.replenishment_responsible_id
                    or decision.product_id.responsible_id
                    or self.env.user
                ).id,
            )
            decision._escalation_connector()._raise_alert(
                summary,
                f"{decision.name}: {decision.explanation}",
                kind="business",
                key=f"critical_shortage:{decision.product_id.id}:"
                f"{decision.warehouse_id.id}",
                record=decision,
                criticality="critical",
            )

    def _escalation_connector(self):
        """The warehouse's logistics connector, else the company's critical
        logistics connector, created the first time it is needed."""
        self.ensure_one()
        if self.warehouse_id.replenishment_connector_id:
            return self.warehouse_id.replenishment_connector_id
        Connector = self.env["integration.connector"].sudo()
        connector = Connector.search(
            [
                ("company_id", "=", self.company_id.id),
                ("system_kind", "=", "logistics"),
                ("criticality", "=", "critical"),
            ],
            limit=1,
        )
        return connector or Connector.create(
            {
                "name": self.env._("Replenishment escalations"),
                "code": "replenishment_escalations",
                "company_id": self.company_id.id,
                "system_kind": "logistics",
                "direction": "outbound",
                "transport": "none",
                "criticality": "critical",
            }
        )
