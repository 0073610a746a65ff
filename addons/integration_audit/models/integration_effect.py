# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class IntegrationEffect(models.Model):
    """The business effects already applied, one per connector and business key.

    A message claims its key in the same transaction as its effect, before
    applying it: the unique index makes a second claim (a replay, a retry, a
    concurrent duplicate) find the first one instead of applying the effect
    again. Effects outlive the retention of their messages.
    """

    _name = "integration.effect"
    _description = "Applied Integration Effect"
    _order = "id desc"
    _rec_name = "business_key"

    # Indexed by the unique (connector_id, business_key) constraint.
    connector_id = fields.Many2one(
        "integration.connector", required=True, readonly=True, ondelete="cascade"
    )
    business_key = fields.Char(required=True, readonly=True)
    message_id = fields.Many2one(
        "integration.message", readonly=True, ondelete="set null"
    )

    _sql_constraints = [
        (
            "business_key_connector_uniq",
            "unique(connector_id, business_key)",
            "A business effect is applied once per connector.",
        ),
    ]

    @api.model
    def _claim(self, message):
        """Claim ``message``'s business key.

        Return ``None`` when this message may apply its effect, else the
        message that holds the key (empty when it was removed by retention).
        """
        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO integration_effect
                (connector_id, business_key, message_id, create_uid, create_date,
                 write_uid, write_date)
            VALUES (%s, %s, %s, %s, now() at time zone 'utc',
                    %s, now() at time zone 'utc')
            ON CONFLICT (connector_id, business_key) DO NOTHING
            RETURNING id
            """,
            (
                message.connector_id.id,
                message.business_key,
                message.id,
                self.env.uid,
                self.env.uid,
            ),
        )
        if cr.fetchone():
            return None
        holder = self.sudo().search(
            [
                ("connector_id", "=", message.connector_id.id),
                ("business_key", "=", message.business_key),
            ],
            limit=1,
        )
        return holder.message_id or message.browse()
