"""Interop with pydifact: it parses what we write; we read what it writes."""

import datetime
import warnings
from decimal import Decimal

import pytest
import samples
import strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydifact.control.characters import Characters
from pydifact.segmentcollection import Interchange as PydifactInterchange
from pydifact.segmentcollection import Message
from pydifact.segments import Segment

from integration_core.edi import model
from integration_core.edi.edifact import read_interchanges, write_interchange
from integration_core.edi.edifact.envelope import message_segments


def normalise(elements):
    """Our (tag, elements) as pydifact represents them after parsing."""
    result = []
    for element in elements:
        if isinstance(element, list):
            values = list(element)
            while values and values[-1] == "":
                values.pop()
            element = values[0] if len(values) == 1 else (values or "")
        result.append(element)
    while result and result[-1] == "":
        result.pop()
    return result


def parse_with_pydifact(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydifact warns about its missing XML dirs
        return PydifactInterchange.from_str(text)


def assert_pydifact_sees_our_segments(interchange):
    text = write_interchange(interchange)
    parsed = parse_with_pydifact(text)
    intended = [
        (tag, normalise(elements)) for tag, elements in message_segments(interchange)
    ]
    assert [(s.tag, list(s.elements)) for s in parsed.segments] == intended
    assert parsed.control_reference == interchange.control_number
    sender = parsed.sender if isinstance(parsed.sender, str) else parsed.sender[0]
    assert sender == interchange.sender.identifier
    assert parsed.timestamp == interchange.prepared_at.replace(second=0, microsecond=0)
    messages = list(parsed.get_messages())
    assert [m.reference_number for m in messages] == [
        d.control_number or str(i) for i, d in enumerate(interchange.documents, 1)
    ]


@pytest.mark.parametrize("version", ["D96A", "D01B"])
def test_pydifact_parses_every_sample_to_the_segments_we_intended(version):
    documents = [f() for f in samples.ALL_DOCUMENTS]
    assert_pydifact_sees_our_segments(samples.interchange(documents, version))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_pydifact_parses_generated_interchanges(data):
    kind = data.draw(st.sampled_from(sorted(strategies.DOCUMENT_STRATEGIES)))
    documents = st.lists(strategies.DOCUMENT_STRATEGIES[kind](), min_size=1, max_size=2)
    interchange = data.draw(strategies.interchanges(documents))
    assert_pydifact_sees_our_segments(interchange)


def _pydifact_interchange(*messages, una=False):
    interchange = PydifactInterchange(
        sender=["5412345000013", "14"],
        recipient=["4012345000009", "14"],
        control_reference="4711",
        syntax_identifier=("UNOC", 3),
        timestamp=datetime.datetime(2024, 3, 1, 9, 15),
    )
    interchange.has_una_segment = una
    for message in messages:
        interchange.add_message(message)
    return interchange


def _message(reference, identifier, segments):
    message = Message(reference, identifier)
    for tag, *elements in segments:
        message.add_segment(Segment(tag, *elements))
    return message


ORDER_SEGMENTS = [
    ("BGM", "220", "PO-77'A", "9"),
    ("DTM", ["137", "20240301", "102"]),
    ("FTX", "AAI", "", "", ["Urgent: ICU + OR stock?"]),
    ("NAD", "BY", ["5412345000013", "", "9"], "", ["Central pharmacy"]),
    ("NAD", "SU", ["4012345000009", "", "9"]),
    ("CUX", ["2", "EUR", "9"]),
    ("LIN", "1", "", ["5412345000044", "EN"]),
    ("PIA", "1", ["AMX-1G", "SA"]),
    ("IMD", "F", "", ["", "", "", "Amoxicillin 1 g vial"]),
    ("QTY", ["21", "50", "PCE"]),
    ("PRI", ["AAA", "4,10"]),
    ("LIN", "2", "", ["05412345000037", "SRV"]),
    ("QTY", ["21", "12,5", "BX"]),
    ("UNS", "S"),
    ("CNT", ["2", "2"]),
]


@pytest.mark.parametrize("una", [False, True])
def test_we_read_an_order_that_pydifact_wrote(una):
    message = _message("M1", ["ORDERS", "D", "96A", "UN", "EAN008"], ORDER_SEGMENTS)
    text = _pydifact_interchange(message, una=una).serialize(break_lines=True)
    assert ("UNA:+,? '" in text) is una  # pydifact's default decimal mark is ','
    assert "PO-77?'A" in text and "ICU ?+ OR stock??" in text
    result = read_interchanges(text)
    assert result.ok, result.errors
    interchange = result.interchanges[0]
    assert interchange.sender == model.Identity("5412345000013", "14")
    assert interchange.control_number == "4711"
    assert interchange.prepared_at == datetime.datetime(2024, 3, 1, 9, 15)
    assert interchange.documents == [
        model.PurchaseOrder(
            number="PO-77'A",
            order_date=datetime.date(2024, 3, 1),
            parties=[
                model.Party(
                    model.BUYER, "Central pharmacy", "5412345000013", model.GLN
                ),
                model.Party(model.SELLER, "", "4012345000009", model.GLN),
            ],
            lines=[
                model.OrderLine(
                    "1",
                    model.Product(
                        "5412345000044", "AMX-1G", "", "Amoxicillin 1 g vial"
                    ),
                    Decimal("50"),
                    "EA",
                    Decimal("4.10"),
                ),
                model.OrderLine(
                    "2", model.Product("05412345000037"), Decimal("12.5"), "BX"
                ),
            ],
            currency="EUR",
            note="Urgent: ICU + OR stock?",
            control_number="M1",
        )
    ]


def test_we_read_a_despatch_advice_with_batches_that_pydifact_wrote():
    segments = [
        ("BGM", "351", "DN-1", "9"),
        ("DTM", ["137", "20240303", "102"]),
        ("RFF", ["ON", "PO-77"]),
        ("CPS", "1"),
        ("CPS", "2", "1"),
        ("PAC", "1", "", "CT"),
        ("PCI", "33E"),
        ("GIN", "BJ", "354123450000000014"),
        ("LIN", "1", "", ["5412345000044", "EN"]),
        ("QTY", ["12", "20", "PCE"]),
        ("GIR", "3", ["LOT-9", "BX"], ["SER-1", "BN"], ["SER-2", "BN"]),
        ("RFF", ["ON", "PO-77", "1"]),
        ("PCI", "36E"),
        ("DTM", ["361", "20270131", "102"]),
    ]
    message = _message("9", ["DESADV", "D", "01B", "UN", "EAN007"], segments)
    result = read_interchanges(_pydifact_interchange(message).serialize())
    assert result.ok, result.errors
    notice = result.documents[0]
    assert notice.orders == [
        model.ShippedOrder(
            "PO-77",
            packs=[
                model.Pack(
                    "354123450000000014",
                    [
                        model.ShippedItem(
                            "1",
                            model.Product("5412345000044"),
                            Decimal("20"),
                            "EA",
                            lot="LOT-9",
                            expiry_date=datetime.date(2027, 1, 31),
                            serial_numbers=["SER-1", "SER-2"],
                        ),
                    ],
                ),
            ],
        )
    ]


def test_pydifact_serializer_with_custom_characters_is_read():
    characters = Characters.from_str("UNA|^.! ~")
    message = _message("M1", ["ORDERS", "D", "01B", "UN"], ORDER_SEGMENTS)
    interchange = _pydifact_interchange(message, una=True)
    interchange.characters = characters
    text = interchange.serialize()
    assert text.startswith("UNA|^.! ~UNB^UNOC|3^")
    result = read_interchanges(text)
    assert result.ok, result.errors
    assert result.documents[0].number == "PO-77'A"
    assert result.documents[0].lines[1].quantity == Decimal("12.5")
