"""RestReader against a real HR REST API on 127.0.0.1 (servers/hr_rest_server.py)."""

import datetime
import json
import socket

import pytest
from servers.background import serve
from servers.hr_rest_server import BAMBOO_MAPPING, HrRestServer

from integration_core.errors import PermanentError, TransientError
from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping
from integration_core.hr.model import TERMINATED
from integration_core.hr.rest import EPOCH, RestReader, format_since, to_utc
from integration_core.transport.http import HttpTransport

UTC = datetime.timezone.utc


#: Each style with its reader options and the number of requests for 230
#: employees in pages of 50.
STYLES = {
    "plain": ({}, 1),
    "paged": ({"records_path": "employees", "pagination": "page"}, 5),
    "offset": (
        {"records_path": "data", "pagination": "offset", "size_param": "limit"},
        5,
    ),
    "cursor": (
        {
            "records_path": "results",
            "pagination": "cursor",
            "size_param": "limit",
            "next_cursor_path": "meta.next_cursor",
        },
        5,
    ),
    "link": ({"pagination": "link"}, 5),
    "bodylink": (
        {"records_path": "items", "pagination": "link", "next_link_path": "links.next"},
        5,
    ),
}


@pytest.fixture
def hr_api():
    yield from serve(HrRestServer(), "HR API")


def reader(server, path, auth=None, **options):
    transport = HttpTransport(server.base_url, auth=auth, timeout=(2, 5))
    options.setdefault("page_size", 50)
    return RestReader(transport, server.url(path), **options)


def employee_ids(feed):
    records = feed.records["employee"]
    return [record.get("id") or record["attributes"]["id"] for record in records]


def requests_to(server, path):
    return [r for r in server.state.requests if r["path"] == path]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_full_read_pages_through_every_style(hr_api, style):
    options, requests_expected = STYLES[style]
    before = datetime.datetime.now(UTC).replace(microsecond=0)
    feed = reader(hr_api, f"/open/{style}/employees", **options).read()
    expected = [f"E{number:04d}" for number in range(1, 231)]
    assert employee_ids(feed) == expected
    assert feed.full is True
    assert feed.count() == 230
    assert to_utc(feed.watermark) >= before
    assert feed.watermark.endswith("Z")
    assert len(requests_to(hr_api, f"/open/{style}/employees")) == requests_expected


def test_page_style_sends_page_and_size_and_stops_on_an_empty_page(hr_api):
    hr_api.state.employees = hr_api.state.employees[:200]
    feed = reader(
        hr_api, "/open/paged/employees", records_path="employees", pagination="page"
    ).read()
    assert feed.count() == 200
    queries = [r["query"] for r in requests_to(hr_api, "/open/paged/employees")]
    assert [q["page"] for q in queries] == ["1", "2", "3", "4", "5"]
    assert {q["per_page"] for q in queries} == {"50"}


def test_offset_style_sends_growing_offsets(hr_api):
    reader(hr_api, "/open/offset/employees", **STYLES["offset"][0]).read()
    queries = [r["query"] for r in requests_to(hr_api, "/open/offset/employees")]
    assert [q["offset"] for q in queries] == ["0", "50", "100", "150", "200"]
    assert {q["limit"] for q in queries} == {"50"}


def test_delta_sends_since_and_reads_only_changes(hr_api):
    changed = datetime.datetime(2024, 6, 1, 12, tzinfo=UTC)
    hr_api.state.touch("E0007", changed, jobTitle="Architect")
    hr_api.state.touch("E0150", changed + datetime.timedelta(hours=1))
    feed = reader(
        hr_api,
        "/open/cursor/employees",
        since_param="updated_since",
        **STYLES["cursor"][0],
    ).read(since="2024-06-01T00:00:00Z")
    assert employee_ids(feed) == ["E0007", "E0150"]
    assert feed.full is False
    assert feed.records["employee"][0]["jobTitle"] == "Architect"
    (request,) = requests_to(hr_api, "/open/cursor/employees")
    assert request["query"]["updated_since"] == "2024-06-01T00:00:00Z"


def test_since_without_a_since_parameter_reads_everything_as_full(hr_api):
    feed = reader(hr_api, "/open/plain/employees").read(since="2024-06-01T00:00:00Z")
    assert feed.count() == 230
    assert feed.full is True


def test_since_formats():
    moment = datetime.datetime(2024, 6, 1, 14, 30, tzinfo=datetime.timezone.utc)
    cest = datetime.timezone(datetime.timedelta(hours=2))
    assert format_since("2024-06-01T16:30:00+02:00") == "2024-06-01T14:30:00Z"
    assert format_since(moment.astimezone(cest)) == "2024-06-01T14:30:00Z"
    assert format_since(moment.replace(tzinfo=None)) == "2024-06-01T14:30:00Z"
    assert format_since(moment, "date") == "2024-06-01"
    assert format_since(moment, EPOCH) == str(int(moment.timestamp()))
    assert format_since(moment, "epoch_ms") == str(int(moment.timestamp()) * 1000)
    assert format_since(moment, "%d.%m.%Y %H:%M") == "01.06.2024 14:30"
    with pytest.raises(PermanentError, match="not an ISO 8601"):
        format_since("yesterday")


def test_api_key_and_basic_auth(hr_api):
    state = hr_api.state
    by_key = reader(
        hr_api, "/apikey/plain/employees", auth=("api_key", "X-API-Key", state.api_key)
    ).read()
    basic = ("basic", state.basic_user, state.basic_password)
    by_basic = reader(
        hr_api, "/basic/paged/employees", auth=basic, **STYLES["paged"][0]
    ).read()
    assert by_key.count() == by_basic.count() == 230


@pytest.mark.parametrize(
    "path, auth",
    [
        ("/apikey/plain/employees", ("api_key", "X-API-Key", "wrong")),
        ("/apikey/plain/employees", None),
        ("/basic/plain/employees", ("basic", "hr-reader", "wrong")),
    ],
)
def test_refused_credentials_are_permanent(hr_api, path, auth):
    with pytest.raises(PermanentError, match="HTTP 401") as caught:
        reader(hr_api, path, auth=auth).read()
    assert caught.value.details["status"] == 401


def test_server_errors_are_transient(hr_api):
    with pytest.raises(TransientError, match="HTTP 503"):
        reader(hr_api, "/open/status/503").read()


def test_unreachable_server_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = HttpTransport(f"http://127.0.0.1:{port}", timeout=(2, 2))
    with pytest.raises(TransientError, match="cannot connect"):
        RestReader(transport, f"http://127.0.0.1:{port}/employees").read()


def test_body_that_is_not_json_names_url_and_page(hr_api):
    with pytest.raises(PermanentError, match=r"/open/html/employees.* page 1 .*JSON"):
        reader(hr_api, "/open/html/employees").read()


def test_records_path_that_is_no_list_names_url_and_page(hr_api):
    paged = reader(
        hr_api, "/open/paged/employees", records_path="page", pagination="page"
    )
    with pytest.raises(PermanentError, match=r"page 1: page is int, not a list"):
        paged.read()
    with pytest.raises(PermanentError, match=r"page 1: the body is dict"):
        reader(hr_api, "/open/paged/employees").read()


@pytest.mark.parametrize(
    "path, options, what",
    [
        (
            "/open/loop/employees",
            {
                "records_path": "results",
                "pagination": "cursor",
                "next_cursor_path": "meta.next_cursor",
            },
            "cursor 'same' again",
        ),
        ("/open/linkloop/employees", {"pagination": "link"}, "next URL"),
        (
            "/open/stuck/employees",
            {"records_path": "employees", "pagination": "page"},
            "same records",
        ),
    ],
)
def test_pagination_loops_are_permanent(hr_api, path, options, what):
    with pytest.raises(PermanentError, match=f"page 2: pagination loops.*{what}"):
        reader(hr_api, path, **options).read()


def test_max_pages_stops_a_runaway(hr_api):
    paged = reader(hr_api, "/open/paged/employees", max_pages=3, **STYLES["paged"][0])
    with pytest.raises(PermanentError, match="more than 3 pages"):
        paged.read()


def test_unknown_pagination_is_refused():
    with pytest.raises(PermanentError, match="Unknown pagination 'pages'"):
        RestReader(HttpTransport("http://127.0.0.1:9"), "x", pagination="pages")


def test_records_map_to_canonical_employees(hr_api):
    feed = reader(hr_api, "/open/paged/employees", **STYLES["paged"][0]).read()
    json.dumps(feed.records)  # raw records stay plain JSON
    batch = collect(Mapping(BAMBOO_MAPPING), feed.records, full=feed.full)
    assert not batch.errors
    assert len(batch.employees) == 230
    by_id = {employee.external_id: employee for employee in batch.employees}
    assert by_id["E0002"].manager_id == "E0001"
    assert by_id["E0002"].department_id == "D20"
    assert by_id["E0010"].status == TERMINATED
    assert by_id["E0001"].name == "Ada Lovelace1"
    assert by_id["E0001"].hire_date == "2010-01-15"
    assert {d.external_id: d.name for d in batch.departments} == {
        "D10": "Management",
        "D20": "Engineering",
        "D30": "Finance",
        "D21": "Platform",
    }
