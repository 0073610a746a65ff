# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the supplier EDI tests share: a hospital, a distributor, products, orders."""

import datetime
import shutil
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from cryptography.fernet import Fernet

from odoo import fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import config

from integration_core.transport.base import InboundMessage

INTEROP = Path(__file__).resolve().parents[3] / "tests" / "interop"
HOSPITAL_ID = "STMARYMC"
SUPPLIER_ID = "MEDSURGDIST"


class SupplierEdiCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.startClassPatcher(
            mock.patch.dict(
                config.options,
                {"integration_vault_key": Fernet.generate_key().decode()},
            )
        )
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            "edi_manager",
            groups="base.group_user,integration_audit.group_integration_manager,"
            "purchase.group_purchase_manager,account.group_account_manager,"
            "stock.group_stock_manager",
        )
        cls.buyer = new_test_user(
            cls.env,
            "edi_buyer",
            groups="base.group_user,purchase.group_purchase_user,"
            "account.group_account_invoice",
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "MedSurg Distribution Inc", "is_company": True}
        )
        cls.lot_tracking = cls.env.ref("stock.group_production_lot")
        cls.env.user.groups_id |= cls.lot_tracking
        cls.box = cls.env.ref("uom.product_uom_unit")
        cls.gloves = cls._product(
            "Nitrile exam gloves M, box of 100",
            barcode="0614141000012",
            code="NG-300M",
            price=12.5,
            tracking="lot",
            expiry=True,
        )
        cls.syringes = cls._product(
            "Syringe 10 ml Luer lock",
            barcode="0614141000029",
            code="SY-10LL",
            price=0.4,
        )
        cls.env["product.packaging"].create(
            {
                "name": "Case of 10 boxes",
                "product_id": cls.gloves.id,
                "qty": 10,
                "barcode": "10614141000019",
            }
        )
        cls.connector = cls.env["integration.connector"].create(
            {
                "name": "MedSurg EDI",
                "code": "medsurg_edi",
                "system_kind": "supplier",
                "transport": "none",
                "partner_system": "MedSurg",
                "retry_jitter": 0,
                "user_id": cls.manager.id,
            }
        )
        cls.freight = cls.env["product.product"].create(
            {"name": "Freight", "type": "service", "purchase_method": "purchase"}
        )
        cls.profile = cls.env["supplier.edi.profile"].create(
            {
                "name": "MedSurg X12",
                "partner_id": cls.supplier.id,
                "connector_id": cls.connector.id,
                "standard": "X12",
                "version": "004010",
                "our_identifier": HOSPITAL_ID,
                "partner_identifier": SUPPLIER_ID,
                "receive_catalog": True,
                "price_tolerance_percent": 2.0,
                "freight_product_id": cls.freight.id,
                "charge_product_id": cls.freight.id,
                "allowance_product_id": cls.freight.id,
            }
        )
        cls.profile.state = "live"

    @classmethod
    def _product(cls, name, barcode, code, price, tracking="none", expiry=False):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "barcode": barcode,
                "default_code": code.replace("-", ""),
                "tracking": tracking,
                "use_expiration_date": expiry,
                "purchase_method": "receive",
                "standard_price": price,
            }
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.supplier.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_id": product.id,
                "product_code": code,
                "price": price,
            }
        )
        return product

    def _order(self, lines, partner=None, company=None):
        """A confirmed order: ``lines`` are ``(product, qty, price)``."""
        company = company or self.company
        order = (
            self.env["purchase.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": (partner or self.supplier).id,
                    "company_id": company.id,
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": qty,
                                "price_unit": price,
                                "date_planned": datetime.datetime(2026, 12, 10, 10),
                            }
                        )
                        for product, qty, price in lines
                    ],
                }
            )
        )
        order.button_confirm()
        return order

    def _receive(self, content, name="partner.x12", connector=None):
        """A file arriving on the connector; its queued work is run."""
        message = (connector or self.connector)._edi_receive(
            InboundMessage(
                name=name,
                content=content,
                reference=name,
                received_at=datetime.datetime(2026, 12, 3, 9, 30),
            )
        )
        self._run_queued()
        return message

    def _run_queued(self):
        """Run what queue_job would: every queued integration message, in order."""
        self.env["integration.message"]._run_queued_now()

    def _line(self, order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    def _problems(self):
        """Errors of the messages that failed, for assertion messages."""
        failed = self.env["integration.message"].search(
            [("state", "in", ("failed", "dead"))]
        )
        return "\n".join(f"{m.name}: {m.error_message}" for m in failed)


def start_sftp_server(case_class, connector):
    """Start a real OpenSSH sshd on 127.0.0.1 and point ``connector`` at it.

    Uses the sshd and key helpers of the repository's interoperability
    tests (``tests/interop/servers``); returns the SFTP user's home, with
    ``to_hospital`` (our inbox) and ``from_hospital`` (our outbox).
    """
    if not (INTEROP / "servers" / "sshd.py").exists():
        raise unittest.SkipTest("needs the repository's tests/interop/servers helpers")
    if str(INTEROP) not in sys.path:
        sys.path.insert(0, str(INTEROP))
    from servers import keys  # noqa: PLC0415 - found through sys.path above
    from servers.sshd import SshServer, current_user, find_sshd  # noqa: PLC0415

    if find_sshd() is None:
        raise AssertionError("OpenSSH server missing: apt-get install openssh-server")
    client_key = keys.ed25519_key_pair()
    base = Path(tempfile.mkdtemp(prefix="supplier-edi-sshd-"))
    base.chmod(0o755)
    server = SshServer(base, [client_key.public_line])
    server.username = current_user()
    home = server.home(server.username)
    home.mkdir(mode=0o755)
    (home / "to_hospital").mkdir()
    (home / "from_hospital").mkdir()
    server.start()
    case_class.addClassCleanup(shutil.rmtree, base, ignore_errors=True)
    case_class.addClassCleanup(server.stop)
    connector.write(
        {
            "transport": "sftp",
            "endpoint": "127.0.0.1",
            "sftp_port": server.port,
            "sftp_host_key": server.ed25519_host_key,
            "username": server.username,
            "auth_method": "ssh_key",
            "new_private_key": client_key.private_text,
            "sftp_inbox_dir": "to_hospital",
            "sftp_outbox_dir": "from_hospital",
        }
    )
    return home
