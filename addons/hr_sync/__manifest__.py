# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "HR Sync",
    "summary": "Employees, departments, managers and cost centers from HR "
    "platforms, with purchase approval authority that follows the org chart",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Employees",
    "website": "https://github.com/healthcare-integration/odoo-integration-suite",
    "author": "Healthcare Integration Suite contributors",
    "maintainers": ["healthcare-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["integration_audit", "hr", "purchase", "analytic"],
    "external_dependencies": {
        "python": ["integration_core", "requests", "zeep", "openpyxl"]
    },
    "data": [
        "security/hr_sync_groups.xml",
        "security/ir.model.access.csv",
        "security/hr_sync_rules.xml",
        "data/account_analytic_plan_data.xml",
        "views/integration_connector_views.xml",
        "views/hr_sync_mapping_views.xml",
        "views/hr_sync_run_views.xml",
        "views/hr_sync_approval_limit_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_department_views.xml",
        "views/purchase_order_views.xml",
        "views/res_company_views.xml",
        "wizards/hr_sync_upload_views.xml",
        "views/hr_sync_menus.xml",
    ],
    "demo": [
        "demo/hr_sync_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hr_sync/static/tests/tours/*.js",
        ],
    },
}
