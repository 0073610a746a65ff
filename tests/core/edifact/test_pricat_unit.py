"""PRICAT price units: PRI C509 6411, else the line's QTY unit, else missing_element."""

import pathlib
from decimal import Decimal

import pytest
import samples

from integration_core.edi.edifact import read_interchanges, write_interchange

CORPUS_FILE = (
    pathlib.Path(__file__).resolve().parents[3]
    / "data"
    / "edi"
    / "edifact"
    / "pricat_d96a.edi"
)


def pricat(*line_segments):
    """One D96A PRICAT interchange with one LIN group built from ``line_segments``.

    The LIN group stands in a PGI group, as the D.96A structure nests it.
    """
    body = [
        "UNH+1+PRICAT:D:96A:UN:EAN006",
        "BGM+9+PL-1+9",
        "DTM+137:20240315:102",
        "PGI+1",
        "LIN+1++5401234010011:EN",
        *line_segments,
    ]
    body.append(f"UNT+{len(body) + 1}+1")
    segments = [
        "UNB+UNOC:3+0860001000009:14+5401234000012:14+240315:1600+88",
        *body,
        "UNZ+1+88",
    ]
    return "".join(segment + "'" for segment in segments)


def only_item(result):
    assert result.errors == [], [str(error) for error in result.errors]
    (catalog,) = result.documents
    (item,) = catalog.items
    return item


def test_price_without_unit_takes_the_qty_53_unit():
    item = only_item(read_interchanges(pricat("QTY+53:1:BX", "PRI+AAA:11.20")))
    assert (item.unit, item.unit_price, item.minimum_quantity) == (
        "BX",
        Decimal("11.20"),
        Decimal("1"),
    )


def test_qty_53_wins_over_other_quantities():
    text = pricat("QTY+1:12:EA", "QTY+53:2:CT", "PRI+AAA:5")
    assert only_item(read_interchanges(text)).unit == "CT"


def test_single_other_qty_unit_is_used():
    assert only_item(read_interchanges(pricat("QTY+1:12:PK", "PRI+AAA:5"))).unit == (
        "PK"
    )


def test_unit_in_pri_wins_over_qty():
    text = pricat("QTY+53:1:BX", "PRI+AAA:2.5:::1:PCE")
    assert only_item(read_interchanges(text)).unit == "EA"


@pytest.mark.parametrize(
    "line",
    [
        ("PRI+AAA:11.20",),
        ("QTY+53:1", "PRI+AAA:11.20"),
        ("QTY+1:12:EA", "QTY+2:1:BX", "PRI+AAA:11.20"),
    ],
    ids=["no-qty", "qty-without-unit", "qty-units-disagree"],
)
def test_no_unit_anywhere_is_missing_element_on_pri(line):
    result = read_interchanges(pricat(*line))
    assert result.documents == []
    (error,) = result.errors
    assert error.code == "missing_element"
    location = error.location
    assert location.segment_id == "PRI"
    assert location.segment_position == 6 + len(line) - 1
    assert (location.element_position, location.component_position) == (1, 6)
    assert "Rec. 20 table" not in str(error)


def test_unknown_qty_unit_is_still_invalid_unit_on_qty():
    result = read_interchanges(pricat("QTY+53:1:XYZ", "PRI+AAA:11.20"))
    assert result.documents == []
    (error,) = result.errors
    assert error.code == "invalid_unit"
    location = error.location
    assert (location.segment_id, location.segment_position) == ("QTY", 6)
    assert (location.element_position, location.component_position) == (1, 3)


def test_corpus_pricat_reads_with_qty_units():
    result = read_interchanges(CORPUS_FILE.read_bytes())
    assert result.errors == []
    (catalog,) = result.documents
    assert [(item.unit, item.unit_price) for item in catalog.items] == [
        ("BX", Decimal("11.20")),
        ("PK", Decimal("9.60")),
    ]


def test_writer_still_puts_the_unit_in_pri():
    text = write_interchange(samples.interchange([samples.price_catalog()]))
    assert "QTY+53:10:BX'PRI+AAA:2.30:::1:BX'" in text
    assert "PRI+AAA:38.00:::1:CS'" in text
