"""EDI codec throughput against badx12, pydifact and a plain split.

Generates, deterministically from a seed, one X12 interchange of 850 purchase
orders and 856 ship notices and one EDIFACT interchange of ORDERS and DESADV
messages (about ``--size-mb`` each) with our own writers, then times, on the
same bytes:

* our read (tokenise, validate, build typed documents) and our write;
* ``badx12`` parsing the X12 text (and parsing + validating it);
* ``pydifact`` ``Interchange.from_str`` on the EDIFACT text;
* a plain ``str.split`` on the segment then the element separator, the
  physical limit of any pure-Python reader.

Each figure is the best of ``--runs`` runs, in MB/s (10^6 characters of the
file per second). It prints figures and ratios against the goals and asserts
nothing. See ``bench/README.md``.

    python bench/edi_throughput.py [--size-mb 10] [--runs 3] [--seed 20240301]
"""

import argparse
import datetime
import gc
import importlib.util
import random
import sys
import time
import types
import warnings
from decimal import Decimal

from pydifact.segmentcollection import Interchange as PydifactInterchange

from integration_core.edi import api, model

MB = 1_000_000

# --------------------------------------------------------------------------
# Deterministic healthcare documents
# --------------------------------------------------------------------------

_PRODUCTS = [
    ("Nitrile exam gloves, powder-free, medium", "BX"),
    ("Nitrile exam gloves, powder-free, large", "BX"),
    ("Syringe 10 mL luer lock, sterile", "BX"),
    ("Syringe 3 mL with 23G needle", "BX"),
    ("IV administration set, 15 drops/mL, 203 cm", "CA"),
    ("IV extension set with needle-free valve", "CA"),
    ("Foley catheter 16 Fr, silicone, 10 mL balloon", "EA"),
    ("Peripheral IV catheter 20G x 1.16 in", "BX"),
    ("Sodium chloride 0.9% 1000 mL bag", "CA"),
    ("Heparin sodium 5000 units/mL vial", "PK"),
    ("Ceftriaxone 1 g powder for injection", "PK"),
    ("Chlorhexidine 2% skin prep applicator", "CA"),
]
_HOSPITALS = [
    ("St. Mary Medical Center", "Springfield", "IL", "62701"),
    ("Riverside General Hospital", "Columbus", "OH", "43215"),
    ("Northside Children's Hospital", "Atlanta", "GA", "30342"),
    ("Lakeview University Clinic", "Madison", "WI", "53703"),
]
_SUPPLIER = ("MedSurg Distribution Inc", "Memphis", "TN", "38118")


def gs1_check_digit(digits):
    """Return ``digits`` plus its GS1 mod-10 check digit (GTIN, GLN, SSCC)."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1)
        for index, digit in enumerate(reversed(digits))
    )
    return digits + str((10 - total % 10) % 10)


def _party(role, name, city, state, postal, gln):
    address = model.Address(
        street=f"{100 + len(name)} Commerce Way",
        city=city,
        state=state,
        postal_code=postal,
        country="US",
    )
    return model.Party(role, name, gln, model.GLN, address)


class DocumentFactory:
    """Builds realistic purchase orders and ship notices from a seeded RNG."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.day = datetime.date(2024, 3, 1)
        self.sequence = 0

    def _product(self, index):
        description, unit = _PRODUCTS[index]
        gtin = gs1_check_digit(f"1061414{index:06d}")
        return model.Product(
            gtin, f"MS-{4000 + index}", f"H{index:05d}", description
        ), unit

    def _parties(self):
        name, city, state, postal = self.rng.choice(_HOSPITALS)
        gln = gs1_check_digit(f"061414{self.rng.randrange(10**6):06d}")
        buyer = _party(model.BUYER, name, city, state, postal, gln)
        ship_to = _party(model.SHIP_TO, name, city, state, postal, gln)
        seller = _party(model.SELLER, *_SUPPLIER, gs1_check_digit("086000100000"))
        return [buyer, ship_to, seller]

    def purchase_order(self):
        """Return an order of 3 to 12 lines."""
        self.sequence += 1
        lines = []
        for line_number in range(1, self.rng.randint(3, 12) + 1):
            product, unit = self._product(self.rng.randrange(len(_PRODUCTS)))
            lines.append(
                model.OrderLine(
                    str(line_number),
                    product,
                    Decimal(self.rng.randint(1, 40)),
                    unit,
                    Decimal(self.rng.randint(150, 250_00)) / 100,
                )
            )
        return model.PurchaseOrder(
            number=f"PO{4500000000 + self.sequence}",
            order_date=self.day,
            parties=self._parties(),
            lines=lines,
            currency="USD",
            requested_delivery=self.day + datetime.timedelta(days=7),
            contract_number="GPO-2024-117",
        )

    def ship_notice(self):
        """Return a shipment of 1 to 3 orders, each in 1 to 4 packs with lots."""
        self.sequence += 1
        orders = []
        for order_index in range(self.rng.randint(1, 3)):
            packs = [self._pack() for _ in range(self.rng.randint(1, 4))]
            orders.append(
                model.ShippedOrder(
                    f"PO{4500000000 + self.sequence + order_index}", self.day, packs
                )
            )
        return model.ShipNotice(
            number=f"SH{700000 + self.sequence}",
            ship_date=self.day,
            parties=self._parties(),
            orders=orders,
            expected_delivery=self.day + datetime.timedelta(days=2),
            carrier="UPSN",
            tracking_number=f"1Z999AA1{self.rng.randrange(10**10):010d}",
            gross_weight=Decimal(self.rng.randint(10, 5000)) / 10,
            weight_unit="LB",
        )

    def _pack(self):
        sscc = gs1_check_digit(f"00614141{self.rng.randrange(10**9):09d}")
        items = []
        for line_number in range(1, self.rng.randint(1, 4) + 1):
            product, unit = self._product(self.rng.randrange(len(_PRODUCTS)))
            serials = []
            if unit == "EA":
                serials = [f"SN{self.rng.randrange(10**8):08d}" for _ in range(2)]
            items.append(
                model.ShippedItem(
                    str(line_number),
                    product,
                    Decimal(len(serials) or self.rng.randint(1, 20)),
                    unit,
                    lot=f"L{self.rng.randrange(10**6):06d}",
                    expiry_date=self.day + datetime.timedelta(days=365 * 2),
                    serial_numbers=serials,
                )
            )
        return model.Pack(sscc, items)


_SAMPLE_DOCUMENTS = 200


def _next_document(factory, index):
    """Alternate purchase orders and ship notices."""
    return factory.purchase_order() if index % 2 == 0 else factory.ship_notice()


def build_interchange(standard, size_mb, seed):
    """Return (interchange, text) of about ``size_mb`` MB for ``standard``."""
    factory = DocumentFactory(seed)
    version = "004010" if standard == "X12" else "D96A"
    qualifier = "ZZ" if standard == "X12" else "14"
    interchange = model.Interchange(
        standard=standard,
        version=version,
        sender=model.Identity(
            "0860001000007" if standard != "X12" else "MEDSURGDIST", qualifier
        ),
        receiver=model.Identity(
            "0614141000012" if standard != "X12" else "STMARYMC", qualifier
        ),
        control_number="000000001" if standard == "X12" else "1",
        prepared_at=datetime.datetime(2024, 3, 1, 10, 30),
    )
    sample = [_next_document(factory, index) for index in range(_SAMPLE_DOCUMENTS)]
    interchange.documents = sample
    per_document = len(api.write(interchange)) / len(sample)
    count = max(2, round(size_mb * MB / per_document))
    interchange.documents = sample[:count] + [
        _next_document(factory, index) for index in range(len(sample), count)
    ]
    text = api.write(interchange)
    return interchange, text


# --------------------------------------------------------------------------
# Timed readers
# --------------------------------------------------------------------------


def best_seconds(function, runs):
    """Return the best wall time of ``runs`` calls of ``function``, and its result."""
    best, result = None, None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def our_read(text):
    result = api.read(text)
    if result.errors:
        raise RuntimeError(f"our reader rejected generated data: {result.errors[0]}")
    return len(result.documents)


def x12_plain_split(text):
    element = text[3]
    terminator = text[105]
    return sum(len(segment.split(element)) for segment in text.split(terminator))


def edifact_plain_split(text):
    element, terminator = "+", "'"
    if text.startswith("UNA"):
        element, terminator = text[4], text[8]
    return sum(len(segment.split(element)) for segment in text.split(terminator))


def load_badx12_parser():
    """Import ``badx12.parser`` without the package ``__init__``.

    badx12 0.2.2's ``__init__`` imports its click CLI, which needs click==7.0
    and ``collections.Iterable`` (gone since Python 3.10); the parser itself
    needs neither, so the package is registered bare and the parser imported.
    """
    spec = importlib.util.find_spec("badx12")
    if spec is None:
        return None
    package = types.ModuleType("badx12")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault("badx12", package)
    from badx12.parser import Parser  # noqa: PLC0415 (after the bare package)

    return Parser


def badx12_parse(parser_class, text, validate):
    document = parser_class(text).document
    if validate:
        document.validate()
    return sum(len(group.transaction_sets) for group in document.interchange.groups)


def pydifact_parse(text):
    return len(PydifactInterchange.from_str(text).segments)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def measure(label, function, size, runs):
    """Time ``function``; return MB/s, or None when it fails."""
    try:
        seconds, _ = best_seconds(function, runs)
    except Exception as error:  # a baseline failing must not stop the report
        print(f"  {label:<38} failed: {type(error).__name__}: {error}")
        return None
    rate = size / MB / seconds
    print(f"  {label:<38} {rate:9.2f} MB/s   ({seconds * 1000:8.1f} ms)")
    return rate


def ratio_line(label, numerator, denominator, goal=None):
    """Print a ratio, and the verdict against its goal when issue #3 sets one."""
    if not numerator or not denominator:
        print(f"  {label:<44} n/a")
        return
    value = numerator / denominator
    if goal is None:
        print(f"  {label:<44} {value:8.3g}x   (no goal, for reference)")
        return
    verdict = "meets" if value >= goal else "BELOW"
    print(f"  {label:<44} {value:8.3g}x   goal >= {goal:g}x  {verdict}")


def run_standard(standard, args):
    start = time.perf_counter()
    interchange, text = build_interchange(standard, args.size_mb, args.seed)
    size = len(text)
    print(
        f"\n{standard} {interchange.version}: {len(interchange.documents)} documents, "
        f"{size / MB:.2f} MB (generated in {time.perf_counter() - start:.1f} s)"
    )
    rates = {
        "read": measure(
            "integration_core read", lambda: our_read(text), size, args.runs
        ),
        "write": measure(
            "integration_core write", lambda: api.write(interchange), size, args.runs
        ),
    }
    if standard == "X12":
        parser = load_badx12_parser()
        if parser is None:
            print("  badx12 not installed: see bench/README.md")
        else:
            rates["baseline"] = measure(
                "badx12 parse",
                lambda: badx12_parse(parser, text, False),
                size,
                args.runs,
            )
            measure(
                "badx12 parse + validate",
                lambda: badx12_parse(parser, text, True),
                size,
                args.runs,
            )
        rates["split"] = measure(
            "plain split (segment, element)",
            lambda: x12_plain_split(text),
            size,
            args.runs,
        )
    else:
        rates["baseline"] = measure(
            "pydifact Interchange.from_str",
            lambda: pydifact_parse(text),
            size,
            args.runs,
        )
        rates["split"] = measure(
            "plain split (segment, element)",
            lambda: edifact_plain_split(text),
            size,
            args.runs,
        )
    return rates


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=10.0, help="size of each file")
    parser.add_argument("--runs", type=int, default=3, help="best of N runs")
    parser.add_argument("--seed", type=int, default=20240301, help="generator seed")
    args = parser.parse_args(argv)
    # pydifact warns, once per segment tag, that it has no XML directory to
    # validate against; that is expected and says nothing about speed.
    warnings.filterwarnings("ignore", module="pydifact")
    print(
        f"EDI throughput, best of {args.runs} run(s), Python {sys.version.split()[0]}"
    )
    x12 = run_standard("X12", args)
    edifact = run_standard("EDIFACT", args)
    print("\nRatios against the goals")
    ratio_line("X12 read / badx12 parse", x12["read"], x12.get("baseline"), 10)
    ratio_line("X12 read / plain split", x12["read"], x12["split"], 0.10)
    ratio_line("X12 write / X12 read", x12["write"], x12["read"], 1)
    ratio_line("EDIFACT read / pydifact", edifact["read"], edifact["baseline"], 1)
    ratio_line("EDIFACT read / plain split", edifact["read"], edifact["split"])
    ratio_line("EDIFACT write / EDIFACT read", edifact["write"], edifact["read"], 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
