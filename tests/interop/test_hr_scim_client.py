"""ScimClient against a real SCIM 2.0 service provider on 127.0.0.1.

The provider (``servers/scim_server.py``) holds 250 users and pages at most
50 per request, so every full read spans several pages.
"""

import datetime

import pytest
from servers.background import serve
from servers.scim_server import (
    DEPARTMENTS,
    ScimServer,
    ScimState,
    user_id,
)

from integration_core.errors import PermanentError, TransientError
from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping
from integration_core.hr.model import TERMINATED
from integration_core.hr.scim import (
    PATCH_OP_SCHEMA,
    SCIM_GROUP_MAPPING,
    SCIM_MAPPING,
    ScimClient,
)
from integration_core.transport.http import HttpTransport


@pytest.fixture
def scim_server():
    yield from serve(ScimServer(ScimState()), "SCIM provider")


@pytest.fixture
def transport(scim_server):
    http = HttpTransport(
        scim_server.base_url,
        auth=("bearer", scim_server.state.token),
        timeout=(2, 5),
    )
    yield http
    http.close()


def client(server, transport, **options):
    return ScimClient(transport, server.base_url + "/", **options)


def test_full_read_pages_through_every_user(scim_server, transport):
    feed = client(scim_server, transport, page_size=60).read()
    users = feed.records["employee"]
    assert feed.full is True
    assert len(users) == 250
    assert len({user["id"] for user in users}) == 250
    assert "department" not in feed.records
    # The provider caps pages at 50: the client moves on by what it got.
    queries = scim_server.state.queries("/Users")
    assert [q["startIndex"] for q in queries] == ["1", "51", "101", "151", "201"]
    assert {q["count"] for q in queries} == {"60"}
    assert all("filter" not in q for q in queries)
    # User 250 was modified last, 250 minutes after 08:00.
    assert feed.watermark == "2024-05-01T12:10:00Z"


def test_delta_read_sends_the_filter_and_moves_the_watermark(scim_server, transport):
    state = scim_server.state
    state.modify(7, "2024-06-01T12:00:00Z", title="Head Nurse")
    # Later as text, earlier as an instant (11:30 UTC).
    state.modify(42, "2024-06-01T13:30:00+02:00")
    state.modify(99, "2024-06-01T10:15:00.250Z")
    scim = client(scim_server, transport)

    feed = scim.read(since="2024-06-01T00:00:00Z")

    assert feed.full is False
    assert sorted(user["id"] for user in feed.records["employee"]) == [
        user_id(7),
        user_id(42),
        user_id(99),
    ]
    assert feed.watermark == "2024-06-01T12:00:00Z"
    (query,) = state.queries("/Users")
    assert query["filter"] == 'meta.lastModified gt "2024-06-01T00:00:00Z"'

    again = scim.read(since=feed.watermark)
    assert again.records["employee"] == []
    assert again.watermark == feed.watermark

    since = datetime.datetime(
        2024, 6, 1, 13, 45, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    assert [u["id"] for u in scim.read_users(since)] == [user_id(7)]
    assert state.queries("/Users")[-1]["filter"] == (
        'meta.lastModified gt "2024-06-01T11:45:00Z"'
    )


def test_mapped_batch_has_every_user_and_derived_departments(scim_server, transport):
    feed = client(scim_server, transport).read()
    batch = collect(Mapping(SCIM_MAPPING), feed.records, full=feed.full)
    assert batch.errors == []
    assert batch.full is True
    assert len(batch.employees) == 250
    employees = {e.external_id: e for e in batch.employees}
    second = employees[user_id(2)]
    assert second.name == "Given2 Family2"
    assert second.work_email == "user2@north.example"
    assert second.manager_id == user_id(1)
    assert second.department_id == DEPARTMENTS[2]
    assert second.company_code == "NORTH"
    assert employees[user_id(10)].status == TERMINATED
    assert {d.external_id for d in batch.departments} == set(DEPARTMENTS)
    assert {c.code for c in batch.cost_centers} == {
        f"CC-{name[:4].upper()}" for name in DEPARTMENTS
    }


def test_groups_are_read_as_departments(scim_server, transport):
    feed = client(scim_server, transport).read(groups=True)
    groups = feed.records["department"]
    assert [g["displayName"] for g in groups] == list(DEPARTMENTS)
    mapping = Mapping({**SCIM_MAPPING, **SCIM_GROUP_MAPPING})
    batch = collect(mapping, feed.records, full=True)
    assert {"g-001", "g-005"} <= {d.external_id for d in batch.departments}


def test_entra_style_patch_then_delta_read(scim_server, transport):
    response = transport.request(
        "PATCH",
        f"{scim_server.base_url}/Users/{user_id(5)}",
        what="Deactivating a user",
        json={
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False

    feed = client(scim_server, transport).read(since="2024-06-01T00:00:00Z")
    (user,) = feed.records["employee"]
    record = Mapping(SCIM_MAPPING).map_record("employee", user).record
    assert record.external_id == user_id(5)
    assert record.status == TERMINATED
    assert feed.watermark == scim_server.state.now


def test_wrong_token_is_permanent(scim_server):
    with HttpTransport(
        scim_server.base_url, auth=("bearer", "stolen"), timeout=(2, 5)
    ) as http:
        with pytest.raises(PermanentError) as caught:
            client(scim_server, http).read()
    assert "HTTP 401" in str(caught.value)
    assert "bearer token is missing or wrong" in str(caught.value)
    assert caught.value.details["status"] == 401


def test_unavailable_provider_is_transient(scim_server, transport):
    scim_server.state.fail_status = 503
    with pytest.raises(TransientError) as caught:
        client(scim_server, transport).read()
    assert "HTTP 503" in str(caught.value)
    assert caught.value.retry_after == 7


def test_server_ignoring_start_index_is_refused(scim_server, transport):
    scim_server.state.ignore_start_index = True
    with pytest.raises(PermanentError, match="startIndex"):
        client(scim_server, transport).read()
    assert len(scim_server.state.queries("/Users")) == 2


def test_endless_listing_is_refused(scim_server, transport):
    scim = client(scim_server, transport, page_size=10, max_pages=3)
    with pytest.raises(PermanentError, match="still listing after 3 pages"):
        scim.read()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>", "did not return JSON: <html>maintenance"),
        (b'{"Resources": []}', "not return a SCIM ListResponse"),
        (b'{"totalResults": 250, "Resources": {}}', "not return a SCIM ListResponse"),
    ],
)
def test_broken_page_is_permanent_and_named(scim_server, transport, body, message):
    scim_server.state.raw_pages[51] = body
    with pytest.raises(PermanentError, match=message) as caught:
        client(scim_server, transport).read()
    text = str(caught.value)
    assert "page 2" in text
    assert f"{scim_server.base_url}/Users" in text
    assert caught.value.details["page"] == 2


def test_full_listing_cut_short_is_refused(scim_server, transport):
    scim_server.state.raw_pages[101] = (
        b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],'
        b' "totalResults": 250, "Resources": []}'
    )
    with pytest.raises(PermanentError, match="after 100 of 250"):
        client(scim_server, transport).read()
