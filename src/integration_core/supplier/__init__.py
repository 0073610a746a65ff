"""Supplier EDI documents mapped onto purchase data, without Odoo.

The ``supplier_edi`` addon reads Odoo records in bulk, builds the plain
inputs of these modules, calls them and writes what they decide:

- :mod:`.gtin`: GS1 check digits, GTIN validation and normalisation;
- :mod:`.catalog`: which product an EDI item names, and unit conversion;
- :mod:`.receipt`: a ship notice (856 / DESADV) as a receipt plan;
- :mod:`.acknowledgement`: an order acknowledgement (855 / ORDRSP) compared
  with the order;
- :mod:`.match`: the three-way match of an invoice (810 / INVOIC) with the
  order and the receipts, and an invoice's own arithmetic;
- :mod:`.pricelist`: a price catalog (832 / PRICAT) as supplier price changes.

Every problem is a :class:`~.common.PlanIssue` that says where in the
document it is, in words.
"""

from .common import PlanIssue
