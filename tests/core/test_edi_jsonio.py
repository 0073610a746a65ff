"""Typed EDI documents and interchanges to JSON and back."""

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_core.edi import jsonio, model

# --------------------------------------------------------------------------
# Strategies: every field of every model dataclass, filled from its type hints
# --------------------------------------------------------------------------

_decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: d.is_finite()
)
_SCALAR_STRATEGIES = {
    str: st.text(max_size=12),
    bool: st.booleans(),
    int: st.integers(min_value=-(10**6), max_value=10**6),
    Decimal: _decimals,
    datetime.date: st.dates(),
    datetime.datetime: st.datetimes()
    | st.datetimes(timezones=st.sampled_from([datetime.timezone.utc])),
}


def _strategy_for(hint):
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return st.none() | _strategy_for(inner)
    if hint is list:  # Interchange.documents
        return st.lists(
            st.one_of([_dataclass_strategy(cls) for cls in model.DOCUMENT_TYPES]),
            max_size=2,
        )
    if origin is list:
        return st.lists(_strategy_for(typing.get_args(hint)[0]), max_size=2)
    if dataclasses.is_dataclass(hint):
        return _dataclass_strategy(hint)
    return _SCALAR_STRATEGIES[hint]


def _dataclass_strategy(cls):
    hints = typing.get_type_hints(cls)
    fields = {
        field.name: st.deferred(lambda hint=hints[field.name]: _strategy_for(hint))
        for field in dataclasses.fields(cls)
    }
    return st.builds(cls, **fields)


documents = st.one_of([_dataclass_strategy(cls) for cls in model.DOCUMENT_TYPES])
interchanges = _dataclass_strategy(model.Interchange)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_every_document_round_trips_exactly(document):
    text = jsonio.dumps(document)
    back = jsonio.loads(text)
    assert back == document
    assert type(back) is type(document)
    _assert_same_decimal_exponents(back, document)


@settings(max_examples=50, deadline=None)
@given(interchanges)
def test_interchange_round_trips_exactly(interchange):
    back = jsonio.loads(jsonio.dumps(interchange))
    assert back == interchange
    assert back.prepared_at.tzinfo == interchange.prepared_at.tzinfo


def _assert_same_decimal_exponents(left, right):
    """``Decimal("1.50") == Decimal("1.5")``; check the written precision survives."""
    assert jsonio.to_jsonable(left) == jsonio.to_jsonable(right)


def _order():
    return model.PurchaseOrder(
        number="PO-4500012345",
        order_date=datetime.date(2024, 3, 1),
        parties=[
            model.Party(
                role=model.BUYER,
                name="St. Mary Hospital",
                identifier="0614141000012",
                identifier_scheme=model.GLN,
                address=model.Address(city="Springfield", country="US"),
            )
        ],
        lines=[
            model.OrderLine(
                line_number="1",
                product=model.Product(
                    gtin="10614141000019", description="Nitrile gloves M"
                ),
                quantity=Decimal("10"),
                unit="BX",
                unit_price=Decimal("12.50"),
            )
        ],
        currency="USD",
    )


def test_json_shape_is_plain_and_tagged():
    data = jsonio.to_jsonable(_order())
    assert data["type"] == "PurchaseOrder"
    assert data["order_date"] == "2024-03-01"
    assert data["requested_delivery"] is None
    line = data["lines"][0]
    assert "type" not in line and "type" not in line["product"]
    assert line["quantity"] == "10"
    assert line["unit_price"] == "12.50"
    assert data["parties"][0]["address"]["city"] == "Springfield"
    json.dumps(data)  # only JSON types


def test_interchange_documents_keep_their_types_and_order():
    ack = model.FunctionalAck(
        acknowledged_control_number="7",
        functional_id="PO",
        status=model.FA_ACCEPTED,
        sets=[model.SetAck("850", "0001", model.FA_ACCEPTED)],
        received_count=1,
        accepted_count=1,
    )
    interchange = model.Interchange(
        standard="X12",
        version="004010",
        sender=model.Identity("SUPPLIER", "ZZ"),
        receiver=model.Identity("0614141000012", "14"),
        control_number="000000123",
        prepared_at=datetime.datetime(2024, 3, 1, 12, 30),
        documents=[_order(), ack],
    )
    data = jsonio.to_jsonable(interchange)
    assert data["type"] == "Interchange"
    assert [doc["type"] for doc in data["documents"]] == [
        "PurchaseOrder",
        "FunctionalAck",
    ]
    assert data["prepared_at"] == "2024-03-01T12:30:00"
    assert jsonio.from_jsonable(data) == interchange
    assert jsonio.from_jsonable([data, data]) == [interchange, interchange]


def test_optional_fields_may_be_left_out():
    data = {
        "type": "PurchaseOrder",
        "number": "1",
        "order_date": "2024-03-01",
        "parties": [],
        "lines": [
            {
                "line_number": "1",
                "product": {"gtin": "00012345678905"},
                "quantity": "2",
                "unit": "EA",
            }
        ],
    }
    order = jsonio.from_jsonable(data)
    assert order.purpose == model.ORDER_ORIGINAL
    assert order.lines[0].unit_price is None
    assert order.lines[0].product.vendor_part == ""


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.pop("type"), "(root)", "tag"),
        (lambda d: d.update(type="Order"), "(root)", "PurchaseOrder"),
        (lambda d: d.pop("number"), "number", "missing required field"),
        (lambda d: d.update(colour="red"), "(root)", "colour"),
        (lambda d: d.update(order_date="03/01/2024"), "order_date", "ISO date"),
        (
            lambda d: d["lines"][0].update(quantity=10),
            "lines[0].quantity",
            "as a string",
        ),
        (
            lambda d: d["lines"][0].update(quantity="ten"),
            "lines[0].quantity",
            "decimal",
        ),
        (
            lambda d: d["lines"][0].update(quantity="NaN"),
            "lines[0].quantity",
            "decimal",
        ),
        (lambda d: d["lines"][0].update(unit=None), "lines[0].unit", "null"),
        (
            lambda d: d["lines"][0]["product"].update(gtin=123),
            "lines[0].product.gtin",
            "string",
        ),
        (
            lambda d: d["parties"][0].update(address="Main St"),
            "parties[0].address",
            "object",
        ),
        (lambda d: d.update(lines={}), "lines", "list"),
    ],
)
def test_bad_json_names_the_path(mutate, path, message):
    data = jsonio.to_jsonable(_order())
    mutate(data)
    with pytest.raises(jsonio.EdiJsonError) as info:
        jsonio.from_jsonable(data)
    assert info.value.path == path
    assert message in str(info.value)


def test_bad_scalar_types_in_interchange_and_ack():
    ack = {
        "type": "FunctionalAck",
        "acknowledged_control_number": "1",
        "functional_id": "PO",
        "status": "accepted",
        "sets": [],
        "received_count": True,
        "accepted_count": 0,
    }
    with pytest.raises(
        jsonio.EdiJsonError, match="received_count: expected an integer"
    ):
        jsonio.from_jsonable(ack)
    interchange = jsonio.to_jsonable(
        model.Interchange(
            "EDIFACT",
            "D96A",
            model.Identity("A"),
            model.Identity("B"),
            "1",
            datetime.datetime(2024, 1, 1),
        )
    )
    interchange["test"] = "yes"
    with pytest.raises(jsonio.EdiJsonError, match="^test: expected true or false"):
        jsonio.from_jsonable(interchange)
    interchange["test"] = False
    interchange["prepared_at"] = "yesterday"
    with pytest.raises(jsonio.EdiJsonError, match="ISO datetime"):
        jsonio.from_jsonable(interchange)
    interchange["prepared_at"] = "2024-01-01T00:00:00"
    interchange["documents"] = [dict(interchange)]
    with pytest.raises(
        jsonio.EdiJsonError, match=r"documents\[0\]: expected a document"
    ):
        jsonio.from_jsonable(interchange)


def test_loads_rejects_text_that_is_not_json():
    with pytest.raises(jsonio.EdiJsonError, match="not valid JSON"):
        jsonio.loads("{'type': 'Invoice'")
    with pytest.raises(jsonio.EdiJsonError, match="expected an object, got a number"):
        jsonio.loads("42")


def test_unsupported_python_value_is_refused():
    with pytest.raises(TypeError):
        jsonio.to_jsonable(object())


def test_dicts_of_documents_are_converted_too():
    data = jsonio.to_jsonable({"interchanges": [_order()]})
    assert data["interchanges"][0]["type"] == "PurchaseOrder"


@settings(max_examples=100, deadline=None)
@given(interchanges)
def test_omitting_defaults_still_round_trips_exactly(interchange):
    text = jsonio.dumps(interchange, omit_defaults=True)
    assert jsonio.loads(text) == interchange


def test_omit_defaults_leaves_out_only_default_values():
    data = jsonio.to_jsonable(_order(), omit_defaults=True)
    assert "requested_delivery" not in data and "note" not in data
    assert "purpose" not in data  # ORDER_ORIGINAL is the default
    assert data["currency"] == "USD"
    line = data["lines"][0]
    assert "requested_delivery" not in line and line["unit_price"] == "12.50"
    assert data["parties"][0]["address"] == {"city": "Springfield", "country": "US"}
    # required fields are always written, even when empty
    empty = model.PurchaseOrder("", datetime.date(2024, 1, 1), [], [])
    assert jsonio.to_jsonable(empty, omit_defaults=True) == {
        "type": "PurchaseOrder",
        "number": "",
        "order_date": "2024-01-01",
        "parties": [],
        "lines": [],
    }
