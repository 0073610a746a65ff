# Copyright 2026 Healthcare Integration Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A hospital, a clinic, a central store and a pharmacy short of gloves."""

from integration_core.replenishment import DonorStock, Need, Route, decide

GLOVES = 7
MAIN, CLINIC, CENTRAL, PHARMACY = 1, 2, 3, 4
NAMES = {
    MAIN: "Main Hospital",
    CLINIC: "Clinic B",
    CENTRAL: "Central Store",
    PHARMACY: "Hospital Pharmacy",
}


def need(**values):
    """The main hospital needs 40 gloves; clinic (1 day) and central store
    (2 days) may send some; the contract supplier delivers in 7 days."""
    fields = {
        "key": 1,
        "product_id": GLOVES,
        "product_name": "Nitrile gloves",
        "warehouse_id": MAIN,
        "warehouse_name": NAMES[MAIN],
        "quantity": 40,
        "free_quantity": 10,
        "daily_demand": 2,
        "purchase_days": 7,
        "purchase_unit_cost": 10,
        "supplier_name": "Contract Supplier",
        "routes": (Route(CLINIC, 1), Route(CENTRAL, 2)),
    }
    fields.update(values)
    return Need(**fields)


def stock(warehouse_id, on_hand, **values):
    return DonorStock(warehouse_id, NAMES[warehouse_id], GLOVES, on_hand, **values)


def stocks(*items):
    return {(item.warehouse_id, item.product_id): item for item in items}


def decide_one(receiver, *donors):
    [decision] = decide([receiver], stocks(*donors))
    return decision
