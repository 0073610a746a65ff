# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import RouterCase


@tagged("post_install", "-at_install")
class TestMultiCompany(RouterCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Lakeside Clinics"})
        cls.env.user.company_ids |= cls.other_company
        cls.other_central = (
            cls.env["stock.warehouse"]
            .with_company(cls.other_company)
            .create(
                {
                    "name": "Lakeside Central Store",
                    "code": "LKCS",
                    "company_id": cls.other_company.id,
                }
            )
        )

    def test_another_companys_warehouse_is_never_a_donor(self):
        self.env["stock.quant"].with_company(
            self.other_company
        )._update_available_quantity(self.gauze, self.other_central.lot_stock_id, 1000)
        rule = self._orderpoint(self.pharmacy, self.gauze, 30, 50)

        decision = self._route(rule)

        self.assertEqual(decision.kind, "buy")
        self.assertEqual(decision.donor_ids.warehouse_id, self.central)
        self.assertFalse(
            self.env["stock.move"].search(
                [("location_id", "=", self.other_central.lot_stock_id.id)]
            )
        )

    def test_another_companys_warehouse_cannot_be_named_donor(self):
        with self.assertRaises(UserError):
            self.pharmacy.replenishment_donor_ids = [
                Command.link(self.other_central.id)
            ]

    def test_explicit_donor_gets_its_resupply_route(self):
        self.clinic.replenishment_donor_ids = [Command.link(self.pharmacy.id)]
        self.assertIn(self.pharmacy, self.clinic.resupply_wh_ids)
        self.assertEqual(
            self.clinic._replenishment_donors()[self.clinic], self.pharmacy
        )

    def test_decisions_are_private_to_their_company(self):
        self._stock(self.central, self.gauze, 100)
        decision = self._route(self._orderpoint(self.pharmacy, self.gauze, 30, 50))
        lakeside_user = new_test_user(
            self.env,
            "lakeside_storekeeper",
            groups="base.group_user,stock.group_stock_user",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        Decision = self.env["replenishment.decision"].with_user(lakeside_user)
        self.assertFalse(Decision.search([("id", "=", decision.id)]))
        self.assertTrue(
            self.env["replenishment.decision"].search([("id", "=", decision.id)])
        )
