# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import os

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from integration_core.vault import CONFIG_OPTION, ENV_VAR, SecretVault, VaultError

_logger = logging.getLogger(__name__)


def get_vault():
    """Return the vault built from the Odoo config file or the environment.

    The key never comes from the database, so a database dump alone reveals
    no secret.
    """
    return SecretVault.from_settings(config.get(CONFIG_OPTION), os.environ.get(ENV_VAR))


class IntegrationSecret(models.Model):
    _name = "integration.secret"
    _description = "Integration Secret (encrypted)"
    _order = "connector_id, name"

    connector_id = fields.Many2one(
        "integration.connector", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="connector_id.company_id", store=True)
    name = fields.Char(required=True)
    value = fields.Char(
        required=True, help="Encrypted with the vault key; never plaintext."
    )

    _sql_constraints = [
        (
            "name_connector_uniq",
            "unique(connector_id, name)",
            "A connector holds one secret of each name.",
        ),
    ]

    @api.model
    def _read_secret(self, connector, name):
        secret = self.sudo().search(
            [("connector_id", "=", connector.id), ("name", "=", name)], limit=1
        )
        if not secret:
            return None
        try:
            return get_vault().decrypt(secret.value)
        except VaultError as error:
            raise UserError(
                self.env._(
                    "Connector %(connector)s, secret %(name)s: %(error)s",
                    connector=connector.display_name,
                    name=name,
                    error=error,
                )
            ) from error

    @api.model
    def _write_secret(self, connector, name, value):
        secrets = self.sudo()
        existing = secrets.search(
            [("connector_id", "=", connector.id), ("name", "=", name)], limit=1
        )
        if not value:
            existing.unlink()
            return
        try:
            encrypted = get_vault().encrypt(value)
        except VaultError as error:
            raise UserError(
                self.env._(
                    "Connector %(connector)s, secret %(name)s was not saved: %(error)s",
                    connector=connector.display_name,
                    name=name,
                    error=error,
                )
            ) from error
        if existing:
            existing.value = encrypted
        else:
            secrets.create(
                {"connector_id": connector.id, "name": name, "value": encrypted}
            )

    @api.model
    def _rotate_all(self):
        """Re-encrypt every secret with the current (first) vault key.

        Run it after putting the new key first in ``integration_vault_key``
        (old keys after it); then remove the old keys. Returns the count.
        """
        vault = get_vault()
        secrets = self.sudo().search([])
        for secret in secrets:
            try:
                secret.value = vault.rotate(secret.value)
            except VaultError as error:
                raise UserError(
                    self.env._(
                        "Connector %(connector)s, secret %(name)s: %(error)s",
                        connector=secret.connector_id.display_name,
                        name=secret.name,
                        error=error,
                    )
                ) from error
        _logger.info(
            "Re-encrypted %s integration secret(s) with the current key", len(secrets)
        )
        return len(secrets)

    @api.constrains("value")
    def _check_value_encrypted(self):
        for secret in self:
            if not SecretVault.is_encrypted(secret.value):
                raise UserError(
                    self.env._(
                        "Secret %(name)s of %(connector)s must be stored encrypted.",
                        name=secret.name,
                        connector=secret.connector_id.display_name,
                    )
                )
