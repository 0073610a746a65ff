# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Integration Audit",
    "summary": "Connectors, a tamper-evident integration log, retries, "
    "dead letters and replay for every integration",
    "version": "18.0.2.0.0",
    "category": "Integrations",
    "website": "https://github.com/healthcare-integration/odoo-integration-suite",
    "author": "Healthcare Integration Suite contributors",
    "maintainers": ["healthcare-integration"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["base", "mail", "queue_job"],
    "external_dependencies": {
        "python": ["integration_core", "cryptography", "requests"]
    },
    "data": [
        "security/integration_audit_groups.xml",
        "security/ir.model.access.csv",
        "security/integration_audit_rules.xml",
        "data/queue_job_channel_data.xml",
        "data/queue_job_function_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/integration_connector_views.xml",
        "views/integration_message_views.xml",
        "views/integration_message_event_views.xml",
        "views/integration_alert_views.xml",
        "views/integration_message_rollup_views.xml",
        "views/integration_health_check_views.xml",
        "views/integration_traffic_expectation_views.xml",
        "wizards/integration_message_replay_views.xml",
        "wizards/integration_message_resolve_views.xml",
        "wizards/integration_chain_verification_views.xml",
        "wizards/integration_alert_resolve_views.xml",
        "views/res_config_settings_views.xml",
        "views/integration_audit_menus.xml",
    ],
    "demo": [
        "demo/integration_connector_demo.xml",
        "demo/integration_message_demo.xml",
        "demo/integration_alert_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "integration_audit/static/tests/tours/*.js",
        ],
    },
}
