"""SCIM 2.0 protocol helpers: PATCH as Entra ID sends it, filters, errors,
discovery documents, and the default mapping of an RFC 7643 enterprise user."""

import copy
import datetime

import pytest

from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping
from integration_core.hr.model import (
    ACTIVE,
    TERMINATED,
    CostCenter,
    Department,
    Employee,
)
from integration_core.hr.scim import (
    ENTERPRISE_USER_SCHEMA,
    ERROR_SCHEMA,
    LIST_RESPONSE_SCHEMA,
    MAX_RESULTS,
    PATCH_OP_SCHEMA,
    SCIM_GROUP_MAPPING,
    SCIM_MAPPING,
    USER_SCHEMA,
    ScimError,
    apply_patch,
    list_response,
    parse_filter,
    parse_paging,
    parse_time,
    resource_types,
    schemas,
    service_provider_config,
    validate_user,
)

MANAGER_PATH = f"{ENTERPRISE_USER_SCHEMA}:manager"

#: The enterprise user of RFC 7643 section 8.3 (addresses, photos, ims,
#: groups and certificates left out).
BJENSEN = {
    "schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "701984",
    "userName": "bjensen@example.com",
    "name": {
        "formatted": "Ms. Barbara J Jensen, III",
        "familyName": "Jensen",
        "givenName": "Barbara",
        "middleName": "Jane",
        "honorificPrefix": "Ms.",
        "honorificSuffix": "III",
    },
    "displayName": "Babs Jensen",
    "nickName": "Babs",
    "emails": [
        {"value": "bjensen@example.com", "type": "work", "primary": True},
        {"value": "babs@jensen.org", "type": "home"},
    ],
    "phoneNumbers": [
        {"value": "555-555-5555", "type": "work"},
        {"value": "555-555-4444", "type": "mobile"},
    ],
    "userType": "Employee",
    "title": "Tour Guide",
    "preferredLanguage": "en-US",
    "locale": "en-US",
    "timezone": "America/Los_Angeles",
    "active": True,
    ENTERPRISE_USER_SCHEMA: {
        "employeeNumber": "701984",
        "costCenter": "4130",
        "organization": "Universal Studios",
        "division": "Theme Park",
        "department": "Tour Operations",
        "manager": {
            "value": "26118915-6090-4610-87e4-49d8ca9f808d",
            "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
            "displayName": "John Smith",
        },
    },
    "meta": {
        "resourceType": "User",
        "created": "2010-01-23T04:56:22Z",
        "lastModified": "2011-05-13T04:42:34Z",
        "version": 'W/"3694e05e9dff591"',
        "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
    },
}


def patch(*operations):
    return {"schemas": [PATCH_OP_SCHEMA], "Operations": list(operations)}


def scim_error(call, *args):
    with pytest.raises(ScimError) as caught:
        call(*args)
    return caught.value


# ---------------------------------------------------------------------------
# Mapping
# ---------------------------------------------------------------------------


def test_scim_mapping_reads_an_rfc_7643_enterprise_user():
    result = Mapping(SCIM_MAPPING).map_record("employee", BJENSEN)
    assert result.errors == ()
    assert result.record == Employee(
        external_id="2819c223-7f76-453a-919d-413861904646",
        name="Ms. Barbara J Jensen, III",
        work_email="bjensen@example.com",
        work_phone="555-555-5555",
        mobile_phone="555-555-4444",
        job_title="Tour Guide",
        department_id="Tour Operations",
        manager_id="26118915-6090-4610-87e4-49d8ca9f808d",
        cost_center_code="4130",
        company_code="Universal Studios",
        status=ACTIVE,
    )
    # employeeNumber is an HR number, not a badge: left unmapped.
    assert result.record.badge_id is None
    assert result.extras == {
        "first_name": "Barbara",
        "last_name": "Jensen",
        "department_name": "Tour Operations",
    }


def test_scim_mapping_falls_back_to_given_and_family_name_and_maps_inactive():
    user = copy.deepcopy(BJENSEN)
    del user["name"]["formatted"]
    user["active"] = False
    user["emails"][0]["value"] = " BJensen@Example.COM "
    record = Mapping(SCIM_MAPPING).map_record("employee", user).record
    assert record.name == "Barbara Jensen"
    assert record.status == TERMINATED
    assert record.work_email == "bjensen@example.com"


def test_scim_mapping_derives_department_and_cost_center_in_a_batch():
    batch = collect(Mapping(SCIM_MAPPING), {"employee": [BJENSEN]}, full=True)
    assert batch.errors == []
    assert batch.departments == [
        Department(
            external_id="Tour Operations",
            name="Tour Operations",
            company_code="Universal Studios",
        )
    ]
    assert batch.cost_centers == [
        CostCenter(code="4130", company_code="Universal Studios")
    ]


def test_scim_group_mapping_reads_groups_as_departments():
    mapping = Mapping({**SCIM_MAPPING, **SCIM_GROUP_MAPPING})
    group = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": " Tour  Guides ",
        "members": [{"value": BJENSEN["id"], "display": "Babs Jensen"}],
    }
    result = mapping.map_record("department", group)
    assert result.record == Department(
        external_id="e9e30dba-f08f-4109-8486-d5c6a331660a", name="Tour Guides"
    )


# ---------------------------------------------------------------------------
# PATCH as Microsoft Entra ID sends it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("False", False), ("True", True)])
def test_entra_boolean_text_deactivates_and_reactivates(text, expected):
    body = patch({"op": "Replace", "path": "active", "value": text})
    user = apply_patch(BJENSEN, body)
    assert user["active"] is expected
    assert BJENSEN["active"] is True  # the original is left alone


def test_entra_single_and_multi_valued_replace():
    body = patch(
        {
            "op": "Replace",
            "path": 'emails[type eq "work"].value',
            "value": "updatedEmail@microsoft.com",
        },
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
        {"op": "Replace", "path": "userName", "value": "babs@example.com"},
    )
    user = apply_patch(BJENSEN, body)
    assert user["emails"] == [
        {"value": "updatedEmail@microsoft.com", "type": "work", "primary": True},
        {"value": "babs@jensen.org", "type": "home"},
    ]
    assert user["name"]["familyName"] == "updatedFamilyName"
    assert user["name"]["givenName"] == "Barbara"
    assert user["userName"] == "babs@example.com"


def test_value_filter_without_a_match_adds_the_value():
    body = patch(
        {
            "op": "Add",
            "path": 'phoneNumbers[type eq "fax"].value',
            "value": "555-555-0000",
        },
        {"op": "replace", "path": 'emails[TYPE EQ "Other"].value', "value": "o@x.org"},
    )
    user = apply_patch(BJENSEN, body)
    assert user["phoneNumbers"][-1] == {"type": "fax", "value": "555-555-0000"}
    assert user["emails"][-1] == {"type": "Other", "value": "o@x.org"}


def test_value_filter_remove_drops_the_matching_values():
    body = patch({"op": "remove", "path": 'emails[type eq "home"]'})
    assert apply_patch(BJENSEN, body)["emails"] == [BJENSEN["emails"][0]]
    body = patch({"op": "remove", "path": 'phoneNumbers[type eq "work"].value'})
    assert apply_patch(BJENSEN, body)["phoneNumbers"][0] == {"type": "work"}


def test_entra_manager_as_a_plain_id_is_stored_as_a_reference():
    user = copy.deepcopy(BJENSEN)
    del user[ENTERPRISE_USER_SCHEMA]
    user["schemas"] = [USER_SCHEMA]
    body = patch({"op": "Add", "path": MANAGER_PATH, "value": "26118915"})
    patched = apply_patch(user, body)
    assert patched[ENTERPRISE_USER_SCHEMA] == {"manager": {"value": "26118915"}}
    assert patched["schemas"] == [USER_SCHEMA, ENTERPRISE_USER_SCHEMA]
    body = patch({"op": "Replace", "path": MANAGER_PATH, "value": {"value": "4711"}})
    assert apply_patch(patched, body)[ENTERPRISE_USER_SCHEMA]["manager"] == {
        "value": "4711"
    }


def test_a_new_manager_id_drops_the_old_reference_and_name():
    for path in (MANAGER_PATH, f"{MANAGER_PATH}.value"):
        body = patch({"op": "replace", "path": path, "value": "4711"})
        manager = apply_patch(BJENSEN, body)[ENTERPRISE_USER_SCHEMA]["manager"]
        assert manager == {"value": "4711"}


def test_entra_manager_remove_and_empty_manager():
    removed = apply_patch(BJENSEN, patch({"op": "Remove", "path": MANAGER_PATH}))
    assert "manager" not in removed[ENTERPRISE_USER_SCHEMA]
    assert removed[ENTERPRISE_USER_SCHEMA]["department"] == "Tour Operations"
    emptied = apply_patch(
        BJENSEN, patch({"op": "Replace", "path": MANAGER_PATH, "value": ""})
    )
    assert "manager" not in emptied[ENTERPRISE_USER_SCHEMA]


def test_fully_qualified_extension_attributes():
    body = patch(
        {
            "op": "Replace",
            "path": f"{ENTERPRISE_USER_SCHEMA}:department",
            "value": "Finance",
        },
        {
            "op": "replace",
            # URNs and attribute names are case-insensitive
            "path": f"{ENTERPRISE_USER_SCHEMA.upper()}:COSTCENTER",
            "value": "5000",
        },
        {"op": "Add", "path": f"{USER_SCHEMA}:title", "value": "Lead Guide"},
    )
    user = apply_patch(BJENSEN, body)
    assert user[ENTERPRISE_USER_SCHEMA]["department"] == "Finance"
    assert user[ENTERPRISE_USER_SCHEMA]["costCenter"] == "5000"
    assert "COSTCENTER" not in user[ENTERPRISE_USER_SCHEMA]
    assert user["title"] == "Lead Guide"


def test_replace_without_a_path_merges_the_value():
    body = patch(
        {
            "op": "Replace",
            "value": {
                "displayName": "Barbara Jensen",
                "active": "False",
                "name": {"givenName": "Barb"},
                f"{ENTERPRISE_USER_SCHEMA}:employeeNumber": "701985",
                ENTERPRISE_USER_SCHEMA: {"manager": "30000000"},
            },
        }
    )
    user = apply_patch(BJENSEN, body)
    assert user["displayName"] == "Barbara Jensen"
    assert user["active"] is False
    assert user["name"]["givenName"] == "Barb"
    assert user["name"]["familyName"] == "Jensen"  # sub-attributes kept
    enterprise = user[ENTERPRISE_USER_SCHEMA]
    assert enterprise["employeeNumber"] == "701985"
    assert enterprise["manager"] == {"value": "30000000"}
    assert enterprise["costCenter"] == "4130"


def test_add_without_a_path_with_attribute_paths_as_keys():
    body = patch(
        {
            "op": "Add",
            "value": {
                "name.givenName": "Babs",
                'emails[type eq "work"].value': "babs@example.com",
            },
        }
    )
    user = apply_patch(BJENSEN, body)
    assert user["name"]["givenName"] == "Babs"
    assert user["emails"][0]["value"] == "babs@example.com"


def test_entra_group_members_add_and_remove():
    group = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "g1",
        "displayName": "Tour Guides",
        "members": [{"value": "u1"}],
    }
    added = apply_patch(
        group,
        patch(
            {
                "op": "Add",
                "path": "members",
                "value": [{"value": "u2"}, {"value": "u1"}],
            }
        ),
    )
    assert added["members"] == [{"value": "u1"}, {"value": "u2"}]
    removed = apply_patch(
        added,
        patch({"op": "Remove", "path": "members", "value": [{"value": "u1"}]}),
    )
    assert removed["members"] == [{"value": "u2"}]
    removed = apply_patch(
        removed, patch({"op": "remove", "path": 'members[value eq "u2"]'})
    )
    assert "members" not in removed


def test_add_to_a_multi_valued_attribute_appends_and_null_unassigns():
    body = patch(
        {"op": "add", "path": "emails", "value": {"value": "x@y.org", "type": "other"}},
        {"op": "replace", "path": "title", "value": None},
    )
    user = apply_patch(BJENSEN, body)
    assert len(user["emails"]) == 3
    assert "title" not in user


@pytest.mark.parametrize(
    ("body", "scim_type", "message"),
    [
        ({"Operations": []}, "invalidValue", "PatchOp"),
        (
            {"schemas": [PATCH_OP_SCHEMA], "Operations": []},
            "invalidValue",
            "non-empty",
        ),
        (patch({"op": "Merge", "path": "title", "value": "x"}), "invalidValue", "op"),
        (patch({"op": "add", "path": "title"}), "invalidValue", "no value"),
        (patch({"op": "remove"}), "noTarget", "path"),
        (patch({"op": "add", "value": "x"}), "invalidValue", "object"),
        (patch({"op": "add", "path": "emails[type]", "value": 1}), "invalidPath", ""),
        (patch({"op": "add", "path": "a..b", "value": 1}), "invalidPath", ""),
        (
            patch({"op": "add", "path": 'emails[type eq "work].value', "value": 1}),
            "invalidPath",
            "",
        ),
        (
            patch({"op": "replace", "path": "emails.value", "value": 1}),
            "invalidPath",
            "",
        ),
        (
            patch({"op": "replace", "path": "active", "value": "maybe"}),
            "invalidValue",
            "",
        ),
        (patch({"op": "replace", "path": "id", "value": "other"}), "mutability", ""),
    ],
)
def test_bad_patches_are_scim_errors(body, scim_type, message):
    error = scim_error(apply_patch, BJENSEN, body)
    assert error.status == 400
    assert error.scim_type == scim_type
    assert message in error.detail


def test_replacing_id_with_the_same_value_is_accepted():
    body = patch({"op": "replace", "value": {"id": BJENSEN["id"], "title": "Boss"}})
    assert apply_patch(BJENSEN, body)["title"] == "Boss"


# ---------------------------------------------------------------------------
# Filters, validation, errors, lists
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('userName eq "a@b"', ("userName", "a@b")),
        ('USERNAME EQ "Test_User_00aa"', ("userName", "Test_User_00aa")),
        ('externalId eq "x"', ("externalId", "x")),
        ('  displayName   Eq "Tour \\"Guides\\""  ', ("displayName", 'Tour "Guides"')),
        ("active eq true", ("active", True)),
        (
            f'{ENTERPRISE_USER_SCHEMA.lower()}:employeenumber eq "701984"',
            (f"{ENTERPRISE_USER_SCHEMA}:employeeNumber", "701984"),
        ),
        ('emails.VALUE eq "a@b"', ("emails.value", "a@b")),
        (f'{USER_SCHEMA}:userName eq "a@b"', ("userName", "a@b")),
    ],
)
def test_equality_filters_are_parsed(text, expected):
    assert parse_filter(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'userName ne "a"',
        'userName eq "a" and active eq true',
        "userName eq a",
        'meta.lastModified gt "2011-05-13T04:42:34Z"',
        "",
        None,
    ],
)
def test_other_filters_are_refused(text):
    error = scim_error(parse_filter, text)
    assert (error.status, error.scim_type) == (400, "invalidFilter")


def test_error_body_follows_rfc_7644():
    error = ScimError(409, "userName is taken", "uniqueness")
    assert error.body() == {
        "schemas": [ERROR_SCHEMA],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "userName is taken",
    }
    assert "scimType" not in ScimError(404, "no such user").body()
    assert str(error) == "userName is taken"


def test_validate_user():
    assert validate_user(BJENSEN) is BJENSEN
    for broken in (
        {"userName": "x"},
        {"schemas": [ENTERPRISE_USER_SCHEMA], "userName": "x"},
        {"schemas": [USER_SCHEMA], "userName": "  "},
        [],
    ):
        error = scim_error(validate_user, broken)
        assert (error.status, error.scim_type) == (400, "invalidValue")


def test_list_response_and_paging():
    assert list_response([{"id": "1"}], 3, 7) == {
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": 7,
        "startIndex": 3,
        "itemsPerPage": 1,
        "Resources": [{"id": "1"}],
    }
    assert parse_paging() == (1, MAX_RESULTS)
    assert parse_paging("0", "-5") == (1, 0)
    assert parse_paging("51", "50") == (51, 50)
    assert parse_paging("1", "100000") == (1, MAX_RESULTS)
    error = scim_error(parse_paging, "one")
    assert error.scim_type == "invalidValue"


def test_parse_time_compares_instants():
    assert parse_time("2024-06-01T13:30:00+02:00") < parse_time("2024-06-01T12:00:00Z")
    assert parse_time("2024-06-01T12:00:00.1234567Z") == datetime.datetime(
        2024, 6, 1, 12, 0, 0, 123456, tzinfo=datetime.timezone.utc
    )
    assert parse_time("2024-06-01 12:00+0100").hour == 12
    assert parse_time("yesterday") is None
    assert parse_time(None) is None


def test_discovery_documents():
    config = service_provider_config("https://docs.example/scim")
    assert config["documentationUri"] == "https://docs.example/scim"
    assert config["patch"] == {"supported": True}
    assert config["bulk"]["supported"] is False
    assert config["filter"] == {"supported": True, "maxResults": MAX_RESULTS}
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    assert "documentationUri" not in service_provider_config()
    types = resource_types("https://odoo.example/scim/v2/")
    user_type = types["Resources"][0]
    assert user_type["endpoint"] == "/Users"
    assert user_type["schemaExtensions"] == [
        {"schema": ENTERPRISE_USER_SCHEMA, "required": False}
    ]
    assert user_type["meta"]["location"] == (
        "https://odoo.example/scim/v2/ResourceTypes/User"
    )
    documents = {doc["id"]: doc for doc in schemas()["Resources"]}
    user_names = {a["name"] for a in documents[USER_SCHEMA]["attributes"]}
    assert {"userName", "name", "emails", "active"} <= user_names
    manager = next(
        a
        for a in documents[ENTERPRISE_USER_SCHEMA]["attributes"]
        if a["name"] == "manager"
    )
    assert {a["name"] for a in manager["subAttributes"]} == {
        "value",
        "$ref",
        "displayName",
    }
