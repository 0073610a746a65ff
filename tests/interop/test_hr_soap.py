"""SoapReader (zeep) against a real Workday-like SOAP service on 127.0.0.1.

The service (servers/workday_soap.py) serves its WSDL over HTTP, validates
every request against the WSDL's schema and answers real SOAP envelopes.
"""

import datetime
import json
import socket

import pytest
import requests
from servers.background import serve
from servers.workday_soap import WorkdayServer

from integration_core.errors import PermanentError, TransientError
from integration_core.hr.batch import collect
from integration_core.hr.mapping import Mapping
from integration_core.hr.model import ACTIVE, TERMINATED
from integration_core.hr.rest import to_utc
from integration_core.hr.soap import WORKDAY_MAPPING, SoapReader, workers_request

UTC = datetime.timezone.utc


@pytest.fixture
def workday():
    yield from serve(WorkdayServer(), "Workday service")


def reader(server, **options):
    options.setdefault("username", server.state.username)
    options.setdefault("password", server.state.password)
    options.setdefault("timeout", 5)
    return SoapReader(server.wsdl_url, **options)


def calls(server, operation="Get_Workers"):
    return [r for r in server.state.requests if r["operation"] == operation]


def worker_ids(feed):
    return [r["Worker_Data"]["Worker_ID"] for r in feed.records["employee"]]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_full_read_pages_through_every_worker(workday):
    before = datetime.datetime.now(UTC).replace(microsecond=0)
    with reader(workday) as soap:
        feed = soap.read()
    assert worker_ids(feed) == [str(21001 + index) for index in range(230)]
    assert feed.full is True
    assert to_utc(feed.watermark) >= before
    made = calls(workday)
    assert [(c["page"], c["count"]) for c in made] == [(1, 100), (2, 100), (3, 100)]
    assert {c["updated_from"] for c in made} == {None}
    assert {c["as_of"] for c in made} == {made[0]["as_of"]}  # one moment
    assert "Include_Organizations" in made[0]["group"]


def test_records_are_plain_data(workday):
    with reader(workday, page_size=50) as soap:
        feed = soap.read()
    record = feed.records["employee"][1]
    json.dumps(feed.records)
    data = record["Worker_Data"]
    status = data["Employment_Data"]["Worker_Status_Data"]
    assert type(data) is dict
    assert status["Terminated"] is False
    # Workday's "2011-03-02-08:00" kept as the date, not lost
    assert status["Hire_Date"] == "2011-03-02"
    assert [o["Organization_Type"] for o in data["Organization_Data"]] == [
        "COMPANY",
        "COST_CENTER",
        "SUPERVISORY",
    ]
    assert len(calls(workday)) == 5


def test_delta_sends_the_updated_range_and_reads_only_changes(workday):
    changed = datetime.datetime(2024, 6, 1, 12, tzinfo=UTC)
    workday.state.touch("21007", changed, title="Principal Engineer")
    workday.state.touch("21150", changed + datetime.timedelta(hours=2))
    workday.state.touch("21200", changed + datetime.timedelta(days=30))  # too late
    until = datetime.datetime(2024, 6, 2, tzinfo=UTC)
    with reader(workday) as soap:
        feed = soap.read(since="2024-06-01T00:00:00Z", until=until)
    assert worker_ids(feed) == ["21007", "21150"]
    assert feed.full is False
    assert feed.watermark == "2024-06-02T00:00:00Z"
    (call,) = calls(workday)
    assert call["updated_from"] == datetime.datetime(2024, 6, 1, tzinfo=UTC)
    assert call["updated_through"] == until
    title = feed.records["employee"][0]["Worker_Data"]["Employment_Data"]
    assert title["Position_Data"]["Business_Title"] == "Principal Engineer"


def test_delta_without_changes_is_empty(workday):
    with reader(workday) as soap:
        feed = soap.read(since=datetime.datetime(2024, 3, 1, tzinfo=UTC))
    assert feed.records == {"employee": []}
    assert feed.full is False


def test_since_after_until_is_refused(workday):
    with pytest.raises(PermanentError, match="is after until"):
        reader(workday).read(since="2024-06-02T00:00:00Z", until="2024-06-01")


def test_workers_map_to_canonical_employees_departments_and_cost_centers(workday):
    with reader(workday) as soap:
        feed = soap.read()
    batch = collect(Mapping(WORKDAY_MAPPING), feed.records, full=feed.full)
    assert not batch.errors
    assert len(batch.employees) == 230
    by_id = {employee.external_id: employee for employee in batch.employees}
    ceo, head, specialist = by_id["21001"], by_id["21003"], by_id["21008"]
    assert ceo.manager_id is None
    assert ceo.name == "Ada Lovelace-1"
    assert ceo.work_email == "ada.lovelace-1@north.example"  # WORK, not HOME
    assert head.department_id == "SUP-PLAT"
    assert head.manager_id == "21002"  # the head of the superior organization
    assert specialist.department_id == "SUP-PLAT"
    assert specialist.manager_id == "21003"
    assert specialist.cost_center_code == "CC-2100"
    assert specialist.job_title == "Specialist"
    assert specialist.hire_date == "2017-03-08"
    assert by_id["21002"].hire_date == "2011-03-02"  # had a -08:00 offset
    assert by_id["21023"].status == TERMINATED
    assert by_id["21023"].termination_date == "2024-02-29"
    assert specialist.status == ACTIVE
    assert {d.external_id: d.parent_id for d in batch.departments} == {
        "SUP-EXEC": None,
        "SUP-ENG": "SUP-EXEC",
        "SUP-PLAT": "SUP-ENG",
        "SUP-FIN": "SUP-EXEC",
        "SUP-SAL": "SUP-EXEC",
    }
    names = {c.code: c.name for c in batch.cost_centers}
    assert names["CC-2100"] == "R&D Platform"
    assert len(names) == 5


def test_organizations_give_departments_with_managers(workday):
    with reader(workday, page_size=4) as soap:
        organizations = soap.read_organizations()
        workers = soap.read()
    assert organizations.full is True
    assert [c["page"] for c in calls(workday, "Get_Organizations")] == [1, 2, 3]
    assert calls(workday, "Get_Organizations")[0]["types"] == {
        "SUPERVISORY",
        "COST_CENTER",
    }
    records = {**workers.records, **organizations.records}
    batch = collect(Mapping(WORKDAY_MAPPING), records, full=True)
    assert not batch.errors
    departments = {d.external_id: d for d in batch.departments}
    assert departments["SUP-PLAT"].manager_id == "21003"
    assert departments["SUP-PLAT"].cost_center_code == "CC-2100"
    assert departments["SUP-ENG"].parent_id == "SUP-EXEC"
    assert {c.code for c in batch.cost_centers} == {
        "CC-1000",
        "CC-2000",
        "CC-2100",
        "CC-3000",
        "CC-4000",
    }


def test_custom_request_builder(workday):
    def builder(page, count, since, until):
        request = workers_request(page, count, since, until)
        del request["Response_Group"]
        request["Request_Criteria"] = {"Exclude_Inactive_Workers": True}
        return request

    with reader(workday, request_builder=builder, page_size=200) as soap:
        feed = soap.read()
    assert feed.count() == 230
    assert [c["group"] for c in calls(workday)] == [None, None]


def test_wrong_ws_security_password_is_a_permanent_fault(workday):
    with pytest.raises(PermanentError, match="invalid username or password") as caught:
        reader(workday, password="wrong").read()
    assert caught.value.details["fault_code"] == "SOAP-ENV:Client.authenticationError"


def test_missing_ws_security_is_a_permanent_fault(workday):
    with pytest.raises(PermanentError, match="invalid username or password"):
        reader(workday, username=None).read()


def test_session_auth_and_address_override(workday):
    session = requests.Session()
    session.auth = (workday.state.basic_user, workday.state.basic_password)
    address = workday.url("/basic/soap")
    with reader(workday, username=None, session=session, address=address) as soap:
        assert soap.read().count() == 230
    session.auth = (workday.state.basic_user, "wrong")
    with pytest.raises(PermanentError, match="HTTP 401") as caught:
        reader(workday, username=None, session=session, address=address).read()
    assert caught.value.details["status"] == 401
    session.close()


def test_bad_request_fault_is_permanent(workday):
    with pytest.raises(PermanentError, match="Count must be between 1 and 999") as e:
        reader(workday, page_size=1000).read()
    assert "Client.validationError" in str(e.value)


def test_schema_invalid_request_fault_is_permanent(workday):
    def builder(page, count, since, until):
        return {"Response_Filter": {"Page": page, "Count": count, "Extra": 1}}

    with pytest.raises(PermanentError, match="Extra"):
        reader(workday, request_builder=builder).read()


def test_unknown_operation_is_permanent(workday):
    with pytest.raises(PermanentError, match="no operation 'Get_Locations'"):
        reader(workday, operation="Get_Locations").read()


def test_unknown_service_is_permanent(workday):
    with pytest.raises(PermanentError, match="Human_ResourcesService"):
        reader(workday, service_name="Staffing").read()


def test_service_unavailable_is_transient(workday):
    with pytest.raises(TransientError, match="HTTP 503") as caught:
        reader(workday, address=workday.url("/unavailable/soap")).read()
    assert caught.value.details["status"] == 503


def test_wsdl_not_found_is_permanent(workday):
    with pytest.raises(PermanentError, match="404"):
        SoapReader(workday.url("/nowsdl"), timeout=5).read()


def test_unreachable_port_is_transient():
    with pytest.raises(TransientError, match="Loading the WSDL"):
        SoapReader(f"http://127.0.0.1:{free_port()}/wsdl", timeout=5).read()


def test_service_gone_after_the_wsdl_loaded_is_transient(workday):
    soap = reader(workday, address=f"http://127.0.0.1:{free_port()}/soap")
    with pytest.raises(TransientError, match="Get_Workers page 1"):
        soap.read()
