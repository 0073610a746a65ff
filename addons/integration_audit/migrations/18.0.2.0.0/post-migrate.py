# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Alerts are records of their own since 18.0.2.0.0: the alert activity
type (noupdate data) now belongs to them instead of to connectors."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_activity_type
           SET res_model = 'integration.alert'
         WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'integration_audit'
                  AND name = 'mail_activity_type_integration_alert'
         )
        """
    )
