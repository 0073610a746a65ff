"""DESADV expiry dates: DTM 36 / 361 in the LIN group (D96A) and in PCI groups."""

import datetime
import pathlib

import pytest
import samples

from integration_core.edi.edifact import read_interchanges, write_interchange
from integration_core.edi.edifact.contrl import ERROR_CODES_0085

CORPUS_FILE = (
    pathlib.Path(__file__).resolve().parents[3]
    / "data"
    / "edi"
    / "edifact"
    / "desadv_d96a.edi"
)


def desadv(*line_segments):
    """One D96A DESADV interchange with one packed line built from ``line_segments``."""
    body = [
        "UNH+1+DESADV:D:96A:UN:EAN005",
        "BGM+351+DES-1+9",
        "DTM+137:20240305:102",
        "RFF+ON:PO-1",
        "CPS+1",
        "CPS+2+1",
        "PAC+1++CT",
        "PCI+33E",
        "GIN+BJ+054012340000005017",
        "LIN+1++5401234010011:EN",
        "QTY+12:10:BX",
        *line_segments,
    ]
    body.append(f"UNT+{len(body) + 1}+1")
    segments = [
        "UNB+UNOC:3+0860001000009:14+5401234000012:14+240305:1432+77",
        *body,
        "UNZ+1+77",
    ]
    return "".join(segment + "'" for segment in segments)


def only_item(result):
    (notice,) = result.documents
    (pack,) = notice.orders[0].packs
    (item,) = pack.items
    return item


@pytest.mark.parametrize("qualifier", ["36", "361"])
def test_expiry_dtm_directly_in_lin_group_is_read(qualifier):
    text = desadv("GIN+BX+LOT-A", f"DTM+{qualifier}:20280228:102")
    result = read_interchanges(text)
    assert result.errors == []
    item = only_item(result)
    assert item.lot == "LOT-A"
    assert item.expiry_date == datetime.date(2028, 2, 28)


def test_expiry_in_pci_group_is_still_read():
    text = desadv("PCI+36E", "DTM+361:20290331:102", "GIN+BX+LOT-B")
    result = read_interchanges(text)
    assert result.errors == []
    assert only_item(result).expiry_date == datetime.date(2029, 3, 31)


def test_same_expiry_in_both_places_is_accepted():
    text = desadv("DTM+36:20290215:102", "PCI+36E", "DTM+361:20290215:102")
    result = read_interchanges(text)
    assert result.errors == []
    assert only_item(result).expiry_date == datetime.date(2029, 2, 15)


def test_different_expiry_dates_for_one_line_are_rejected_not_guessed():
    text = desadv("DTM+36:20290215:102", "PCI+36E", "DTM+361:20290315:102")
    result = read_interchanges(text)
    assert result.documents == []
    (error,) = result.errors
    assert error.code == "conflicting_value"
    location = error.location
    # UNH=1 ... QTY=11, DTM 36=12, PCI=13, DTM 361=14
    assert (location.segment_id, location.segment_position) == ("DTM", 14)
    assert (location.element_position, location.component_position) == (1, 2)
    assert "2029-03-15" in str(error) and "2029-02-15" in str(error)
    assert ERROR_CODES_0085["conflicting_value"] == "12"


def test_bad_expiry_date_in_lin_group_is_located():
    result = read_interchanges(desadv("DTM+36:20281340:102"))
    assert result.documents == []
    (error,) = result.errors
    assert error.code == "invalid_date"
    assert (error.location.segment_id, error.location.segment_position) == ("DTM", 12)


def test_corpus_desadv_keeps_every_expiry_date():
    result = read_interchanges(CORPUS_FILE.read_bytes())
    assert result.errors == []
    (notice,) = result.documents
    items = [item for pack in notice.orders[0].packs for item in pack.items]
    assert [(item.lot, item.expiry_date) for item in items] == [
        ("NG2403A", datetime.date(2028, 2, 28)),
        ("SY24C19", datetime.date(2029, 3, 31)),
        ("FC240215", datetime.date(2029, 2, 15)),
    ]


def test_writer_still_puts_expiry_in_pci_36e_as_dtm_361():
    notice = samples.ship_notice()
    text = write_interchange(samples.interchange([notice]))
    assert "PCI+36E'DTM+361:20260930:102'GIN+BX+L2403A'" in text
    assert "DTM+36:" not in text
