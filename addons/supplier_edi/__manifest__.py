# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Supplier EDI",
    "summary": "Purchase orders out; acknowledgements, ship notices, invoices "
    "and catalogs in (X12 and EDIFACT over SFTP, AS2 and HTTP), with "
    "pre-filled receipts and three-way matched bills",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/healthcare-integration/odoo-integration-suite",
    "author": "Healthcare Integration Suite contributors",
    "maintainers": ["healthcare-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["integration_audit", "purchase_stock", "product_expiry", "account"],
    "external_dependencies": {"python": ["integration_core", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/supplier_edi_rules.xml",
        "data/uom_uom_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/supplier_edi_profile_views.xml",
        "views/supplier_edi_sample_views.xml",
        "views/supplier_edi_interchange_views.xml",
        "views/supplier_edi_document_views.xml",
        "views/integration_connector_views.xml",
        "views/purchase_order_views.xml",
        "views/stock_picking_views.xml",
        "views/account_move_views.xml",
        "views/product_template_views.xml",
        "views/uom_uom_views.xml",
        "wizards/account_move_edi_override_views.xml",
        "views/supplier_edi_menus.xml",
    ],
    "demo": [
        "demo/supplier_edi_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "supplier_edi/static/tests/tours/*.js",
        ],
    },
}
