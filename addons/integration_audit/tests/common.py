# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from unittest import mock

from cryptography.fernet import Fernet

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import config

from integration_core.errors import PermanentError, TransientError


def upsert_partner(self, message):
    """A real business effect for the tests: create a partner from the payload.

    Installed on ``res.partner`` as ``_integration_handle_upsert_partner``, the
    way a module such as hr_sync adds its handlers.
    """
    data = json.loads(message.payload_attachment_id.raw)
    failure = data.get("fail")
    if failure == "transient":
        raise TransientError("partner API answered HTTP 503")
    if failure == "permanent":
        raise PermanentError(f"payload field 'name' is invalid: {data.get('name')!r}")
    partner = self.create({"name": data["name"], "ref": data["ref"]})
    message._log_changes(partner, {}, {"name": partner.name, "ref": partner.ref})
    return partner


class IntegrationAuditCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.vault_key = Fernet.generate_key().decode()
        cls.startClassPatcher(
            mock.patch.dict(config.options, {"integration_vault_key": cls.vault_key})
        )
        cls.startClassPatcher(
            mock.patch.dict("os.environ", {"INTEGRATION_VAULT_KEY": ""})
        )
        cls.startClassPatcher(
            mock.patch.object(
                type(cls.env["res.partner"]),
                "_integration_handle_upsert_partner",
                upsert_partner,
                create=True,
            )
        )
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Clinic B"})
        cls.manager = new_test_user(
            cls.env,
            "integration_manager",
            groups="base.group_user,integration_audit.group_integration_manager",
        )
        cls.auditor = new_test_user(
            cls.env,
            "integration_auditor",
            groups="base.group_user,integration_audit.group_integration_auditor",
        )
        cls.user_b = new_test_user(
            cls.env,
            "integration_user_b",
            groups="base.group_user,integration_audit.group_integration_user",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.connector = cls.env["integration.connector"].create(
            {
                "name": "Test HR platform",
                "code": "test_hr",
                "system_kind": "hr",
                "transport": "none",
                "partner_system": "TestHR",
                "retry_max_attempts": 3,
                "retry_backoff_base": 10,
                "retry_jitter": 0,
                "user_id": cls.manager.id,
            }
        )
        cls.Message = cls.env["integration.message"]

    def setUp(self):
        # Write what the class setup logged before the test's savepoint, so
        # that rolling a test back never leaves queued rows for the next one.
        self.env["integration.message.event"]._flush_pending()
        super().setUp()

    def open_partner_message(self, ref, name="Ward nurse", fail=None, connector=None):
        payload = json.dumps({"ref": ref, "name": name, "fail": fail})
        return self.Message._log_open(
            connector or self.connector,
            "upsert_partner",
            direction="inbound",
            idempotency_reference={"ref": ref},
            payload=payload,
            payload_name=f"{ref}.json",
            processor_model="res.partner",
            initiator="partner",
        )

    def partners(self, ref):
        return self.env["res.partner"].search_count([("ref", "=", ref)])

    def events(self, message):
        return message.event_ids.sorted("id").mapped("event_type")
