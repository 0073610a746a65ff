# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Replenishment Router",
    "summary": "Transfer from a warehouse that can spare an item before buying "
    "it, explain every replenishment decision, escalate critical shortages",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/healthcare-integration/odoo-integration-suite",
    "author": "Healthcare Integration Suite contributors",
    "maintainers": ["healthcare-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["integration_audit", "purchase_stock", "product_expiry"],
    "external_dependencies": {"python": ["integration_core", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/replenishment_router_rules.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "views/replenishment_decision_views.xml",
        "views/stock_warehouse_orderpoint_views.xml",
        "views/stock_warehouse_views.xml",
        "views/stock_route_views.xml",
        "views/product_category_views.xml",
        "views/product_template_views.xml",
        "wizards/replenishment_simulation_views.xml",
        "views/replenishment_router_menus.xml",
    ],
    "demo": [
        "demo/replenishment_router_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "replenishment_router/static/tests/tours/*.js",
        ],
    },
}
