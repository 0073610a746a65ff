"""Mapping raw HR records to canonical ones: paths, transforms, errors."""

import pytest

from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping, MappingError, parse_path, read_path
from integration_core.hr.model import ACTIVE, TERMINATED, Department, Employee

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

SCIM_USER = {
    "id": "2819c223",
    "userName": "ada@north.example",
    "name": {"givenName": " Ada ", "familyName": "Lovelace"},
    "emails": [
        {"type": "home", "value": "ada@home.example"},
        {"type": "work", "value": " Ada@North.Example "},
    ],
    "active": False,
    ENTERPRISE: {"employeeNumber": "701984", "manager": {"value": "26118915"}},
}


def test_paths_read_keys_indexes_filters_and_quoted_keys():
    assert read_path(SCIM_USER, "name.givenName") == " Ada "
    assert read_path(SCIM_USER, "emails[type=work].value") == " Ada@North.Example "
    assert read_path(SCIM_USER, "emails[0].value") == "ada@home.example"
    assert read_path(SCIM_USER, f'["{ENTERPRISE}"].manager.value') == "26118915"
    assert read_path(SCIM_USER, "emails[type=fax].value") is None
    assert read_path(SCIM_USER, "name.middleName.x") is None
    # A flat record (CSV) key with dots or spaces is read as is.
    assert read_path({"Hire Date": "x", "a.b": 1}, "a.b") == 1


def test_bad_path_is_a_mapping_error():
    with pytest.raises(MappingError, match="path"):
        parse_path("")


def test_scim_user_maps_with_transforms():
    mapping = Mapping(
        {
            "employee": {
                "external_id": {"path": f'["{ENTERPRISE}"].employeeNumber'},
                "first_name": {"path": "name.givenName", "transforms": ["trim"]},
                "last_name": "name.familyName",
                "work_email": {
                    "path": "emails[type=work].value",
                    "transforms": ["trim", "lower"],
                },
                "manager_id": {"path": f'["{ENTERPRISE}"].manager.value'},
                "status": {
                    "path": "active",
                    "transforms": [{"map": {"true": "active", "false": "terminated"}}],
                },
            }
        },
        version=3,
    )
    result = mapping.map_record("employee", SCIM_USER)
    assert result.errors == ()
    assert result.record == Employee(
        external_id="701984",
        name="Ada Lovelace",
        work_email="ada@north.example",
        manager_id="26118915",
        status=TERMINATED,
    )
    assert not result.record.is_active


def test_dates_value_maps_defaults_and_case():
    mapping = Mapping(
        {
            "employee": {
                "external_id": "Emp No",
                "name": {"path": "Name", "transforms": ["collapse", "title"]},
                "hire_date": {
                    "path": "Hired",
                    "transforms": [{"date": ["%d/%m/%Y", "%Y-%m-%d"]}],
                },
                "status": {
                    "path": "Status",
                    "transforms": [
                        {"default": "A"},
                        {"map": {"A": "active", "L": "leave", "T": "terminated"}},
                    ],
                },
                "company_code": {"path": "Entity", "transforms": ["upper"]},
            }
        }
    )
    row = {
        "Emp No": "E1",
        "Name": "  grace   HOPPER ",
        "Hired": "03/02/2021",
        "Entity": "n1",
    }
    record = mapping.map_record("employee", row).record
    assert record.name == "Grace Hopper"
    assert record.hire_date == "2021-02-03"
    assert record.status == ACTIVE
    assert record.company_code == "N1"


def test_record_errors_name_the_record_and_field():
    mapping = Mapping(
        {
            "employee": {
                "external_id": "id",
                "name": "name",
                "work_email": "mail",
                "hire_date": {"path": "hired", "transforms": [{"date": "%Y-%m-%d"}]},
                "status": {
                    "path": "st",
                    "transforms": [{"map": {"1": "active"}, "strict": True}],
                },
            }
        }
    )
    result = mapping.map_record(
        "employee",
        {"id": "E7", "mail": "not-an-email", "hired": "31.12.2020", "st": "9"},
    )
    assert result.record is None
    messages = {error.field: str(error) for error in result.errors}
    assert set(messages) == {"name", "work_email", "hire_date", "status"}
    assert messages["work_email"].startswith("employee E7, field work_email:")
    assert "31.12.2020" in messages["hire_date"]


def test_unknown_status_must_be_mapped():
    mapping = Mapping({"employee": {"external_id": "id", "name": "n", "status": "s"}})
    result = mapping.map_record("employee", {"id": "1", "n": "X", "s": "Active"})
    assert result.errors[0].field == "status"
    assert "map it" in result.errors[0].message


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"employee": {"external_id": "id", "nickname": "n"}}, "not a canonical field"),
        ({"employee": {"name": "n"}}, "external_id must be mapped"),
        ({"worker": {}}, "unknown record kind"),
        (
            {"employee": {"external_id": {"path": "id", "transforms": ["shout"]}}},
            "unknown",
        ),
        ({"employee": {"external_id": {"path": "id", "value": 1}}}, "either a path"),
    ],
)
def test_invalid_mappings_are_refused(spec, message):
    with pytest.raises(MappingError, match=message):
        Mapping(spec)


def test_flat_rows_derive_departments_and_cost_centers():
    mapping = Mapping(
        {
            "employee": {
                "external_id": "id",
                "name": "name",
                "department_id": "dept",
                "department_name": "dept name",
                "parent_department_id": "parent",
                "department_cost_center_code": "dept cc",
                "cost_center_code": "cc",
                "cost_center_name": "cc name",
            }
        }
    )
    rows = [
        {
            "id": "1",
            "name": "A",
            "dept": "CARD",
            "dept name": "Cardiology",
            "parent": "MED",
            "dept cc": "CC-CARD",
            "cc": "CC-CARD",
            "cc name": "Cardiology",
        },
        {
            "id": "2",
            "name": "B",
            "dept": "MED",
            "dept name": "Medicine",
            "dept cc": "CC-MED",
        },
        {"id": "3", "dept": "MED"},  # no name: fails alone
    ]
    batch = collect(mapping, {"employee": rows}, full=True)
    assert [e.external_id for e in batch.employees] == ["1", "2"]
    assert batch.seen["employee"] == {"1", "2", "3"}
    assert [str(error) for error in batch.errors] == [
        "employee 3, field name: is required and missing"
    ]
    departments = {d.external_id: d for d in batch.departments}
    assert departments["CARD"] == Department(
        external_id="CARD",
        name="Cardiology",
        parent_id="MED",
        cost_center_code="CC-CARD",
    )
    assert departments["MED"].cost_center_code == "CC-MED"
    names = {c.code: c.name for c in batch.cost_centers}
    assert names == {"CC-CARD": "Cardiology", "CC-MED": None}
