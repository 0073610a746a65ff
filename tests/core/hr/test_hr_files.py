"""HR files: ``read_file`` on CSV and XLSX, and the hospital network demo.

The demo (``addons/hr_sync/data/hospital_network_employees.csv`` with its mapping
``addons/hr_sync/data/hospital_network_mapping.json``) is read, mapped and planned end
to end against an empty Odoo: three companies, departments derived from the
employee rows with their parents, heads and cost centers.
"""

import collections
import csv
import datetime
import io
import json
import pathlib
import re
import zipfile

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from integration_core.errors import PermanentError
from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping
from integration_core.hr.model import (
    ACTIVE,
    COST_CENTER,
    DEPARTMENT,
    EMPLOYEE,
    LEAVE,
    ONBOARDING,
    TERMINATED,
    record_values,
)
from integration_core.hr.plan import CREATE, Existing, Snapshot, plan_sync
from integration_core.hr.sources import read_file

DATA = pathlib.Path(__file__).resolve().parents[3] / "addons" / "hr_sync" / "data"
DEMO_CSV = DATA / "hospital_network_employees.csv"
DEMO_MAPPING = DATA / "hospital_network_mapping.json"
DEMO_COLUMNS = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Work Phone",
    "Job Title",
    "Department Code",
    "Department",
    "Parent Department Code",
    "Department Cost Center",
    "Cost Center",
    "Cost Center Name",
    "Manager ID",
    "Is Department Head",
    "Entity",
    "Status",
    "Hire Date",
    "Termination Date",
    "Badge",
    "Grade",
]
COMPANIES = frozenset({"NORTH", "SOUTH", "LAB"})
DOMAINS = {
    "NORTH": "northvalley.example",
    "SOUTH": "southbay.example",
    "LAB": "regionallab.example",
}
#: Department -> (name, parent, cost center, company).
DEPARTMENTS = {
    "N-DIR": ("Hospital Direction", None, "CC-N-DIR", "NORTH"),
    "N-MED": ("Medicine", "N-DIR", "CC-N-MED", "NORTH"),
    "N-CARD": ("Cardiology", "N-MED", "CC-N-CARD", "NORTH"),
    "N-EMER": ("Emergency", "N-MED", "CC-N-EMER", "NORTH"),
    "N-ICU": ("Intensive Care", "N-MED", "CC-N-ICU", "NORTH"),
    "N-PHAR": ("Pharmacy", "N-MED", "CC-N-PHAR", "NORTH"),
    "N-PROC": ("Procurement", "N-DIR", "CC-N-PROC", "NORTH"),
    "N-NURS": ("Nursing Administration", "N-DIR", "CC-N-NURS", "NORTH"),
    "N-IT": ("IT", "N-DIR", "CC-N-IT", "NORTH"),
    "S-DIR": ("Clinic Direction", None, "CC-S-DIR", "SOUTH"),
    "S-GP": ("General Practice", "S-DIR", "CC-S-GP", "SOUTH"),
    "S-PED": ("Pediatrics", "S-DIR", "CC-S-PED", "SOUTH"),
    "S-IMG": ("Imaging", "S-DIR", "CC-S-IMG", "SOUTH"),
    "S-PHAR": ("Pharmacy", "S-DIR", "CC-S-PHAR", "SOUTH"),
    "L-DIR": ("Lab Direction", None, "CC-L-DIR", "LAB"),
    "L-HEM": ("Hematology", "L-DIR", "CC-L-HEM", "LAB"),
    "L-MIC": ("Microbiology", "L-DIR", "CC-L-MIC", "LAB"),
    "L-LOG": ("Logistics", "L-DIR", "CC-L-LOG", "LAB"),
}
#: Cost center -> (name, company): one per department, and research, which
#: only the research nurses of cardiology are charged to.
COST_CENTERS = {
    "CC-N-DIR": ("Hospital Direction North", "NORTH"),
    "CC-N-MED": ("Medicine North", "NORTH"),
    "CC-N-CARD": ("Cardiology North", "NORTH"),
    "CC-N-EMER": ("Emergency North", "NORTH"),
    "CC-N-ICU": ("Intensive Care North", "NORTH"),
    "CC-N-PHAR": ("Pharmacy North", "NORTH"),
    "CC-N-PROC": ("Procurement North", "NORTH"),
    "CC-N-NURS": ("Nursing Administration North", "NORTH"),
    "CC-N-IT": ("IT North", "NORTH"),
    "CC-N-RSCH": ("Clinical Research North", "NORTH"),
    "CC-S-DIR": ("Clinic Direction South", "SOUTH"),
    "CC-S-GP": ("General Practice South", "SOUTH"),
    "CC-S-PED": ("Pediatrics South", "SOUTH"),
    "CC-S-IMG": ("Imaging South", "SOUTH"),
    "CC-S-PHAR": ("Pharmacy South", "SOUTH"),
    "CC-L-DIR": ("Lab Direction", "LAB"),
    "CC-L-HEM": ("Hematology Lab", "LAB"),
    "CC-L-MIC": ("Microbiology Lab", "LAB"),
    "CC-L-LOG": ("Lab Logistics", "LAB"),
}


def rows_of(feed, kind=EMPLOYEE):
    assert feed.full
    return feed.records[kind]


def workbook_bytes(rows, *, extra_sheet=False, styled_cell=None):
    """An XLSX made with openpyxl: ``rows`` on the first sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if styled_cell:  # formatted but empty: widens the sheet, holds no value
        sheet[styled_cell].fill = PatternFill("solid", fgColor="FFFF00")
    if extra_sheet:
        workbook.create_sheet("Ignored").append(["Employee ID", "Name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(content, old, new):
    """``content`` with ``old`` replaced by ``new`` in the first sheet's XML
    (openpyxl writes ``1001.0`` as ``1001``; other writers keep the ``.0``).
    """
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item, data)
    return buffer.getvalue()


# -- CSV -------------------------------------------------------------------


def test_csv_comma_rows_keyed_by_the_header_and_trimmed():
    content = (
        b"Employee ID, Name ,Job Title\n"
        b"E1, Ada Lovelace ,Staff Nurse\n"
        b"\n"
        b" , , \n"
        b"E2,Grace Hopper\n"
    )
    feed = read_file(content, "staff.csv")
    assert feed.full
    assert feed.count() == 2
    assert rows_of(feed) == [
        {"Employee ID": "E1", "Name": "Ada Lovelace", "Job Title": "Staff Nurse"},
        # A short row: the missing cells are empty text.
        {"Employee ID": "E2", "Name": "Grace Hopper", "Job Title": ""},
    ]


def test_csv_semicolon_is_sniffed_even_with_commas_in_values():
    content = (
        "Employee ID;Name;Hours\n"
        "E1;Okafor, Amara;37,5\n"
        "E2;Núñez, José;40\n"
        "E3;Haddad, Leila;20,0\n"
    ).encode()
    rows = rows_of(read_file(content, "staff.csv"))
    assert [row["Name"] for row in rows] == [
        "Okafor, Amara",
        "Núñez, José",
        "Haddad, Leila",
    ]
    assert rows[0]["Hours"] == "37,5"


@pytest.mark.parametrize("delimiter", ["|", "\t"])
def test_csv_other_delimiters_sniffed_or_given(delimiter):
    content = f"Employee ID{delimiter}Name\r\nE1{delimiter}Ada\r\n".encode()
    expected = [{"Employee ID": "E1", "Name": "Ada"}]
    assert rows_of(read_file(content, "staff.txt")) == expected
    given = read_file(content, "staff.tsv", delimiter=delimiter)
    assert rows_of(given) == expected


def test_csv_utf8_bom_is_not_part_of_the_first_column():
    content = "Employee ID;Name\n1;Zoë Ólafsdóttir\n".encode("utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows_of(read_file(content, "staff.csv")) == [
        {"Employee ID": "1", "Name": "Zoë Ólafsdóttir"}
    ]
    # Also when the encoding is given: the BOM then survives decoding.
    given = read_file(content, "staff.csv", encoding="utf-8")
    assert list(rows_of(given)[0]) == ["Employee ID", "Name"]


def test_csv_falls_back_to_cp1252():
    content = "Employee ID,Name,Note\n1,Renée Müller,badge 25 €\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert rows_of(read_file(content, "staff.csv")) == [
        {"Employee ID": "1", "Name": "Renée Müller", "Note": "badge 25 €"}
    ]


def test_csv_in_a_given_encoding_it_is_not_is_a_permanent_error():
    content = "Employee ID\nRenée\n".encode("cp1252")
    with pytest.raises(PermanentError, match=r"staff\.csv: not utf-8 text"):
        read_file(content, "staff.csv", encoding="utf-8")
    feed = read_file(content, "staff.csv", encoding="cp1252")
    assert rows_of(feed) == [{"Employee ID": "Renée"}]


def test_csv_quoted_fields_keep_commas_quotes_and_newlines():
    content = (
        b"Employee ID,Name,Address,Note\r\n"
        b'E1,"Okafor, Amara","12 Elm Street\r\nApt 4\r\nNorth Valley",'
        b'"says ""hi"""\r\n'
        b'E2,"Haddad, Leila","",plain\r\n'
    )
    rows = rows_of(read_file(content, "staff.csv"))
    assert rows == [
        {
            "Employee ID": "E1",
            "Name": "Okafor, Amara",
            "Address": "12 Elm Street\r\nApt 4\r\nNorth Valley",
            "Note": 'says "hi"',
        },
        {"Employee ID": "E2", "Name": "Haddad, Leila", "Address": "", "Note": "plain"},
    ]


def test_csv_kind_and_empty_file():
    feed = read_file(b"Code,Name\nCC-1,Cardiology\n", "cc.csv", kind=COST_CENTER)
    assert feed.records == {COST_CENTER: [{"Code": "CC-1", "Name": "Cardiology"}]}
    empty = read_file(b"", "empty.csv")
    assert empty.full and empty.records == {EMPLOYEE: []}
    header_only = read_file(b"Employee ID,Name\n", "header.csv")
    assert header_only.records == {EMPLOYEE: []}


# -- XLSX ------------------------------------------------------------------


def test_xlsx_cells_read_as_text_like_a_csv():
    content = workbook_bytes(
        [
            ["Employee ID", "Name", "Hire Date", "Clock In", "FTE", "Grade"],
            [
                1001,
                " Amara Okafor ",
                datetime.date(2021, 3, 1),
                datetime.datetime(2021, 3, 1, 8, 30),
                0.8,
                None,
            ],
            [],
            [1002, "Tobias Lindqvist", datetime.datetime(2019, 11, 4), None, 1, "S2"],
        ],
        extra_sheet=True,
    )
    content = rewrite_sheet(content, b"<v>1001</v>", b"<v>1001.0</v>")
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    raw = next(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    assert raw[0] == 1001.0 and isinstance(raw[0], float)
    assert isinstance(raw[2], datetime.datetime)

    feed = read_file(content, "Staff Export.XLSX")
    assert rows_of(feed) == [
        {
            "Employee ID": "1001",
            "Name": "Amara Okafor",
            "Hire Date": "2021-03-01",
            "Clock In": "2021-03-01T08:30:00",
            "FTE": "0.8",
            "Grade": "",
        },
        {
            "Employee ID": "1002",
            "Name": "Tobias Lindqvist",
            "Hire Date": "2019-11-04",
            "Clock In": "",
            "FTE": "1",
            "Grade": "S2",
        },
    ]


def test_xlsx_empty_trailing_columns_are_dropped():
    content = workbook_bytes(
        [
            ["Employee ID", "Name", None, ""],
            ["E1", "Ada", None, None, None],
            ["E2", "Grace"],
        ],
        styled_cell="H1",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    header = next(workbook.active.iter_rows(values_only=True))
    workbook.close()
    assert len(header) == 8  # the formatted H1 widens every row
    assert rows_of(read_file(content, "staff.xlsm")) == [
        {"Employee ID": "E1", "Name": "Ada"},
        {"Employee ID": "E2", "Name": "Grace"},
    ]


def test_xlsx_header_errors_name_the_file():
    content = workbook_bytes([["Employee ID", "Name", "Name"], ["E1", "a", "b"]])
    with pytest.raises(PermanentError, match=r"staff\.xlsx: .*\['Name'\]"):
        read_file(content, "staff.xlsx")
    content = workbook_bytes([["Employee ID", None, "Name"], ["E1", "a", "b"]])
    with pytest.raises(PermanentError, match=r"staff\.xlsx: row 1: every column"):
        read_file(content, "staff.xlsx")


# -- errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "file_name", "message"),
    [
        (b"Employee ID\nE1\n", "staff.pdf", "unknown file type"),
        (b"Employee ID\nE1\n", "staff.xls", "unknown file type"),
        (b"Employee ID,,Name\nE1,x,Ada\n", "staff.csv", "every column needs a name"),
        (b"Employee ID, ,Name\nE1,x,Ada\n", "staff.csv", "every column needs a name"),
        (
            b"Employee ID,Name,Email,name,Name\nE1,a,b,c,d\n",
            "staff.csv",
            "columns named twice: ['Name']",
        ),
        (b"Employee ID,Name\nE1,Ada\n", "staff.xlsx", "not a readable XLSX"),
        (b"PK\x03\x04 truncated", "staff.xlsx", "not a readable XLSX"),
    ],
)
def test_unreadable_files_are_permanent_errors_naming_the_file(
    content, file_name, message
):
    with pytest.raises(PermanentError) as caught:
        read_file(content, file_name)
    text = str(caught.value)
    assert text.startswith(f"{file_name}: ")
    assert message in text


def test_trailing_unnamed_csv_columns_are_ignored():
    content = b"Employee ID,Name,,\nE1,Ada,,\nE2,Grace,extra,\n"
    assert rows_of(read_file(content, "staff.csv")) == [
        {"Employee ID": "E1", "Name": "Ada"},
        {"Employee ID": "E2", "Name": "Grace"},
    ]


# -- the hospital network demo ---------------------------------------------


@pytest.fixture(scope="module")
def demo_feed():
    return read_file(DEMO_CSV.read_bytes(), DEMO_CSV.name)


@pytest.fixture(scope="module")
def demo_mapping():
    return Mapping(json.loads(DEMO_MAPPING.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def demo_batch(demo_feed, demo_mapping):
    return collect(demo_mapping, demo_feed.records, full=True)


def snapshot(**values):
    return Snapshot(companies=COMPANIES, default_company="NORTH", **values)


def test_demo_file_is_consistent(demo_feed):
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == DEMO_COLUMNS
    rows = rows_of(demo_feed)
    by_id = {row["Employee ID"]: row for row in rows}
    assert len(by_id) == len(rows) == 200
    assert all(re.fullmatch(r"HN-\d{5}", key) for key in by_id)
    assert collections.Counter(row["Entity"] for row in rows) == {
        "NORTH": 110,
        "SOUTH": 60,
        "LAB": 30,
    }
    assert len({row["Work Email"].lower() for row in rows}) == 200
    assert len({row["Badge"] for row in rows}) == 200
    statuses = collections.Counter(row["Status"] for row in rows)
    assert set(statuses) == {"A", "L", "O", "T"}
    assert 2 <= statuses["O"] <= 3 and 2 <= statuses["T"] <= 3

    heads = {}
    for row in rows:
        name, parent, cost_center, company = DEPARTMENTS[row["Department Code"]]
        assert (
            row["Department"],
            row["Parent Department Code"] or None,
            row["Department Cost Center"],
            row["Entity"],
        ) == (name, parent, cost_center, company)
        local, domain = row["Work Email"].split("@")
        assert domain == DOMAINS[row["Entity"]] and "." in local
        assert COST_CENTERS[row["Cost Center"]] == (
            row["Cost Center Name"],
            row["Entity"],
        )
        assert re.fullmatch(r"M[1-4]|S[1-3]", row["Grade"])
        assert bool(row["Termination Date"]) == (row["Status"] == "T")
        if row["Is Department Head"] == "Yes":
            assert row["Department Code"] not in heads
            heads[row["Department Code"]] = row["Employee ID"]
            assert row["Grade"].startswith("M") and row["Status"] == "A"
        else:
            assert row["Is Department Head"] == "No"
    assert set(heads) == set(DEPARTMENTS)
    for row in rows:
        department = row["Department Code"]
        parent = DEPARTMENTS[department][1]
        if heads[department] != row["Employee ID"]:
            expected = heads[department]
        else:
            expected = heads[parent] if parent else ""
        assert row["Manager ID"] == expected, row["Employee ID"]
    # Onboarding people start after everybody else; nobody reports to them
    # or to a leaver.
    hire = {
        key: datetime.datetime.strptime(row["Hire Date"], "%d/%m/%Y").date()
        for key, row in by_id.items()
    }
    onboarding = [key for key, row in by_id.items() if row["Status"] == "O"]
    others = [key for key, row in by_id.items() if row["Status"] != "O"]
    assert min(hire[key] for key in onboarding) > max(hire[key] for key in others)
    managers = {row["Manager ID"] for row in rows}
    assert not managers & {key for key in by_id if by_id[key]["Status"] in ("O", "T")}


def test_demo_maps_to_canonical_records(demo_batch):
    batch = demo_batch
    assert batch.errors == []
    assert batch.full
    assert len(batch.employees) == 200
    by_id = {employee.external_id: employee for employee in batch.employees}
    assert collections.Counter(e.status for e in batch.employees) == {
        ACTIVE: 187,
        LEAVE: 7,
        ONBOARDING: 3,
        TERMINATED: 3,
    }
    director = next(e for e in batch.employees if e.job_title == "Hospital Director")
    assert director.manager_id is None and director.manages_department
    assert director.department_id == "N-DIR" and director.grade == "M4"
    assert sum(e.manages_department for e in batch.employees) == len(DEPARTMENTS)
    for employee in batch.employees:
        assert employee.company_code in COMPANIES
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", employee.hire_date)
        assert employee.work_email == employee.work_email.lower()
        assert employee.name.count(" ") >= 1
        if employee.manager_id:
            assert employee.manager_id in by_id
        if employee.status == TERMINATED:
            assert employee.termination_date > employee.hire_date
            assert not employee.is_active
        else:
            assert employee.termination_date is None

    departments = {
        department.external_id: (
            department.name,
            department.parent_id,
            department.cost_center_code,
            department.company_code,
        )
        for department in batch.departments
    }
    assert departments == DEPARTMENTS
    assert {
        cost_center.code: (cost_center.name, cost_center.company_code)
        for cost_center in batch.cost_centers
    } == COST_CENTERS
    assert batch.seen[DEPARTMENT] == set(DEPARTMENTS)
    assert batch.seen[COST_CENTER] == set(COST_CENTERS)


def test_demo_plans_against_an_empty_odoo(demo_batch):
    plan = plan_sync(demo_batch, snapshot())
    assert plan.errors == []
    assert plan.violations == [] and not plan.stopped
    assert plan.counts() == {
        "created": 197,
        "updated": 0,
        "deactivated": 0,
        "reactivated": 0,
        "unchanged": 3,  # the terminated: never known to Odoo, not created
        "failed": 0,
    }
    assert plan.counts(DEPARTMENT)["created"] == len(DEPARTMENTS)
    assert plan.counts(COST_CENTER)["created"] == len(COST_CENTERS)
    employees = {e.external_id: e for e in demo_batch.employees}
    terminated = {key for key, e in employees.items() if e.status == TERMINATED}
    created = {change.key for change in plan.by_kind(EMPLOYEE, CREATE)}
    assert created == set(employees) - terminated

    # Every department has its flagged head, of that department.
    assert set(plan.department_managers) == set(DEPARTMENTS)
    for department, head in plan.department_managers.items():
        assert employees[head].department_id == department
        assert employees[head].manages_department
    # Manager links for everybody created but the three directors.
    directors = {key for key, e in employees.items() if e.manager_id is None}
    assert len(directors) == 3
    assert plan.manager_links == {
        key: employees[key].manager_id for key in created - directors
    }

    # Applying front to back works: cost centers, parents, managers first.
    order = [(change.kind, change.key) for change in plan.changes]
    kinds = [kind for kind, _key in order]
    assert kinds == sorted(kinds, key=[COST_CENTER, DEPARTMENT, EMPLOYEE].index)
    position = {item: index for index, item in enumerate(order)}
    for department, (_name, parent, _cc, _company) in DEPARTMENTS.items():
        if parent:
            assert position[DEPARTMENT, parent] < position[DEPARTMENT, department]
    for key in created - directors:
        manager = employees[key].manager_id
        assert position[EMPLOYEE, manager] < position[EMPLOYEE, key]
    assert {change.company_code for change in plan.changes} == COMPANIES


def test_demo_applied_then_read_again_changes_nothing(demo_batch):
    plan = plan_sync(demo_batch, snapshot())
    employees, departments, cost_centers = {}, {}, {}
    for ref, change in enumerate(plan.changes, start=1):
        values = record_values(change.record)
        if change.kind == EMPLOYEE:
            employees[change.key] = Existing(ref, values, change.hash)
        elif change.kind == DEPARTMENT:
            values["manager_id"] = plan.department_managers[change.key]
            departments[change.key] = Existing(ref, values, change.hash)
        else:
            cost_centers[change.key] = Existing(ref, values)
    active = collections.Counter(e.values["company_code"] for e in employees.values())
    again = plan_sync(
        demo_batch,
        snapshot(
            employees=employees,
            departments=departments,
            cost_centers=cost_centers,
            active_counts=dict(active),
        ),
    )
    assert again.changes == [] and again.errors == [] and again.violations == []
    assert again.manager_links == {} and again.department_managers == {}
    assert again.counts()["unchanged"] == 200


def test_demo_as_xlsx_maps_like_the_csv(demo_feed, demo_mapping, demo_batch):
    """The same file saved from a spreadsheet: dates become real date cells,
    read back as ISO text, which the mapping's second date format takes."""
    rows = rows_of(demo_feed)
    dated = ("Hire Date", "Termination Date")

    def cell(name, value):
        if name in dated and value:
            return datetime.datetime.strptime(value, "%d/%m/%Y").date()
        return value or None

    content = workbook_bytes(
        [DEMO_COLUMNS]
        + [[cell(name, row[name]) for name in DEMO_COLUMNS] for row in rows]
    )
    feed = read_file(content, "hospital_network_employees.xlsx")
    assert [row["Hire Date"] for row in rows_of(feed)][:1] == [
        cell("Hire Date", rows[0]["Hire Date"]).isoformat()
    ]
    batch = collect(demo_mapping, feed.records, full=True)
    assert batch.errors == []
    assert batch.employees == demo_batch.employees
    assert sorted(batch.departments, key=lambda d: d.external_id) == sorted(
        demo_batch.departments, key=lambda d: d.external_id
    )
    plan, expected = plan_sync(batch, snapshot()), plan_sync(demo_batch, snapshot())
    assert plan.changes == expected.changes
    assert plan.manager_links == expected.manager_links
    assert plan.department_managers == expected.department_managers


def test_demo_mapping_normalizes_and_rejects_unknown_status(demo_feed, demo_mapping):
    row = dict(rows_of(demo_feed)[0])
    row.update({"Work Email": " Some.One@NorthValley.Example ", "Entity": "north "})
    record = demo_mapping.map_record(EMPLOYEE, row).record
    assert record.work_email == "some.one@northvalley.example"
    assert record.company_code == "NORTH"
    row["Status"] = "X"
    result = demo_mapping.map_record(EMPLOYEE, row)
    assert result.record is None
    assert [(error.field, error.external_id) for error in result.errors] == [
        ("status", row["Employee ID"])
    ]
