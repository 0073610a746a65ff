# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest import mock

from cryptography.fernet import Fernet

from odoo.exceptions import UserError
from odoo.tools import config

from .common import IntegrationAuditCase

SECRET = "s3cr3t-Pässword-for-HR"


class TestVault(IntegrationAuditCase):
    def stored_values(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT value FROM integration_secret WHERE connector_id = %s",
            (self.connector.id,),
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def test_secret_is_never_stored_in_plaintext(self):
        self.connector.write(
            {"auth_method": "basic", "username": "odoo", "new_password": SECRET}
        )
        stored = self.stored_values()
        self.assertEqual(len(stored), 1)
        self.assertNotIn(SECRET, stored[0])
        self.assertTrue(stored[0].startswith("vault:v1:"))
        for table in ("integration_connector", "integration_secret", "mail_message"):
            self.env.cr.execute(
                f"SELECT count(*) FROM {table} t WHERE t::text LIKE %s",  # noqa: S608
                (f"%{SECRET}%",),
            )
            self.assertEqual(
                self.env.cr.fetchone()[0], 0, f"plaintext found in {table}"
            )
        self.assertEqual(self.connector._get_secret("password"), SECRET)
        self.assertFalse(self.connector.new_password, "the form never shows the secret")
        self.assertEqual(self.connector.secrets_set, "password")

    def test_missing_key_refuses_to_store(self):
        with mock.patch.dict(config.options, {"integration_vault_key": ""}):
            with self.assertRaisesRegex(
                UserError, "No integration vault key is configured"
            ):
                self.connector.write({"new_api_key": SECRET})
        self.assertEqual(self.stored_values(), [])

    def test_wrong_key_gives_a_clear_error(self):
        self.connector.write({"new_api_key": SECRET})
        other_key = Fernet.generate_key().decode()
        with mock.patch.dict(config.options, {"integration_vault_key": other_key}):
            with self.assertRaisesRegex(UserError, "Test HR platform, secret api_key"):
                self.connector._get_secret("api_key")

    def test_environment_key_wins_over_config(self):
        env_key = Fernet.generate_key().decode()
        with mock.patch.dict("os.environ", {"INTEGRATION_VAULT_KEY": env_key}):
            self.connector.write({"new_client_secret": SECRET})
        with self.assertRaisesRegex(UserError, "not configured"):
            self.connector._get_secret("client_secret")

    def test_rotation_re_encrypts_every_secret_with_the_new_key(self):
        self.connector.write({"new_password": SECRET, "new_api_key": "key-123"})
        before = self.stored_values()
        new_key = Fernet.generate_key().decode()
        rotated_keys = f"{new_key},{self.vault_key}"
        with mock.patch.dict(config.options, {"integration_vault_key": rotated_keys}):
            count = (
                self.env["res.config.settings"]
                .create({})
                .action_integration_rotate_secrets()
            )
        self.assertEqual(count["params"]["type"], "success")
        after = self.stored_values()
        self.assertNotEqual(sorted(before), sorted(after))
        with mock.patch.dict(config.options, {"integration_vault_key": new_key}):
            self.assertEqual(self.connector._get_secret("password"), SECRET)
            self.assertEqual(self.connector._get_secret("api_key"), "key-123")

    def test_empty_value_keeps_the_stored_secret(self):
        self.connector.write({"new_password": SECRET})
        self.connector.write({"new_password": False, "name": "Renamed"})
        self.assertEqual(self.connector._get_secret("password"), SECRET)
