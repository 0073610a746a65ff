"""Framework-free core of the healthcare integration suite.

Nothing in this package imports Odoo: the Odoo addons under ``addons/`` call
into it, and it is tested on its own.
"""
