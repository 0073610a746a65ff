-- integration_audit: a neutralized copy (staging, test restore) talks to no partner.
-- Run by `odoo-bin neutralize` and odoo.modules.neutralize.neutralize_database().
-- The integration log is left untouched: it is tamper-evident.

-- deactivate every connector and mark it neutralized; schedules keep their
-- configured interval (production settings survive) but never run: the
-- connectors are inactive and the code refuses neutralized ones
UPDATE integration_connector
   SET active = false,
       neutralized = true;

-- cancel the integration jobs that have not run yet
UPDATE queue_job
   SET state = 'cancelled',
       date_cancelled = now() at time zone 'UTC',
       result = 'Cancelled by the database neutralization: this copy must not talk to partners.'
 WHERE state IN ('wait_dependencies', 'pending', 'enqueued')
   AND (model_name = 'integration.message'
        OR channel IN ('root.integration', 'root.integration_critical')
        OR channel LIKE 'root.integration.%'
        OR channel LIKE 'root.integration\_critical.%');
