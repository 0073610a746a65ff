"""A Workday-like SOAP service on 127.0.0.1 (http.server + lxml).

It serves ``workday.wsdl`` (document/literal, SOAP 1.1) at ``GET /wsdl``
with its own endpoint as the service address, and answers real SOAP
envelopes:

* ``POST /soap``: demands a WS-Security ``UsernameToken`` (PasswordText)
  naming ``state.username`` / ``state.password``, as Workday does; a wrong
  one is a SOAP Fault ``SOAP-ENV:Client.authenticationError``.
* ``POST /basic/soap``: demands HTTP Basic instead (a gateway in front of
  the service); a wrong one is a bare HTTP 401.
* ``POST /unavailable/soap``: HTTP 503 with a text body.

Operations: ``Get_Workers`` (paging by ``Response_Filter/Page`` and
``Count``, 1 to 999; ``Request_Criteria/Transaction_Log_Criteria_Data/
Transaction_Date_Range_Data/Updated_From`` and ``Updated_Through`` select
workers changed in that range; ``Response_Group`` flags select the parts
returned) and ``Get_Organizations`` (paging likewise; ``Organization_Type``
criteria). Every request is validated against the WSDL's schema and
refused with a ``Client.validationError`` fault when invalid; every answer
is validated too, and a failure recorded in ``state.errors`` (a bug here).

The data: 230 workers ``21001``... in five supervisory organizations (a
tree under ``SUP-EXEC``), each with its cost center; the first worker heads
the company, the next four head an organization each; every 23rd worker is
terminated; odd workers' hire dates carry a ``-08:00`` offset as Workday's
do.
"""

import base64
import copy
import dataclasses
import datetime
import decimal
import threading
import urllib.parse
from pathlib import Path

from lxml import etree

from .background import BackgroundHttpServer, ServerState, StateHandler

WSDL_FILE = Path(__file__).with_name("workday.wsdl")
WD = "urn:com.workday/bsvc"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
)
XSD = "http://www.w3.org/2001/XMLSchema"
MAX_COUNT = 999
UTC = datetime.timezone.utc

#: Supervisory organizations: code, name, superior, cost center.
ORGANIZATIONS = (
    ("SUP-EXEC", "Executive Office", None, "CC-1000"),
    ("SUP-ENG", "Engineering", "SUP-EXEC", "CC-2000"),
    ("SUP-PLAT", "Platform", "SUP-ENG", "CC-2100"),
    ("SUP-FIN", "Finance", "SUP-EXEC", "CC-3000"),
    ("SUP-SAL", "Sales", "SUP-EXEC", "CC-4000"),
)
COST_CENTERS = {
    "CC-1000": "Corporate",
    "CC-2000": "Research & Development",
    "CC-2100": "R&D Platform",
    "CC-3000": "Finance & Controlling",
    "CC-4000": "Sales EMEA",
}
COMPANY = ("NORTH", "North Industries")
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances")
LAST_NAMES = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth")
BASE_UPDATED = datetime.datetime(2024, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def make_workers(count):
    """``count`` workers as plain dicts (see the module documentation)."""
    heads = {code: f"{21001 + index}" for index, (code, *_) in enumerate(ORGANIZATIONS)}
    superiors = {code: superior for code, _name, superior, _cc in ORGANIZATIONS}
    workers = []
    for index in range(count):
        worker_id = f"{21001 + index}"
        code, org_name, superior, cost_center = ORGANIZATIONS[
            index % len(ORGANIZATIONS)
        ]
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = f"{LAST_NAMES[index % len(LAST_NAMES)]}-{index + 1}"
        terminated = index % 23 == 22
        workers.append(
            {
                "id": worker_id,
                "first": first,
                "last": last,
                "email": f"{first}.{last}@north.example".lower(),
                "home_email": f"{first}{index}@home.example".lower(),
                "phone": f"+1 555 01{index:03d}",
                "title": "Head of " + org_name if index < 5 else "Specialist",
                "org": (code, org_name, superior),
                "cost_center": cost_center,
                "chain": _chain(worker_id, code, heads, superiors),
                "hire_date": f"20{10 + index % 14:02d}-03-{1 + index % 28:02d}"
                + ("-08:00" if index % 2 else ""),
                "terminated": terminated,
                "termination_date": "2024-02-29" if terminated else None,
                "updated": BASE_UPDATED,
            }
        )
    return workers


def _chain(worker_id, code, heads, superiors):
    """Management chain from the direct manager up: (org, manager) pairs."""
    chain = []
    while code is not None:
        manager = heads[code]
        if manager != worker_id:
            chain.append((code, manager))
        code = superiors[code]
    return chain


@dataclasses.dataclass
class WorkdayState(ServerState):
    """The tenant's data and what the service received; shared with tests."""

    worker_count: int = 230
    username: str = "ISU_Odoo@north"
    password: str = "Wd-p@ss 1"
    basic_user: str = "gateway"
    basic_password: str = "gw secret"

    def __post_init__(self):
        super().__post_init__()  # requests: one dict per SOAP call
        self.workers = make_workers(self.worker_count)

    def touch(self, worker_id, when, **changes):
        """Change a worker at ``when`` (an aware datetime)."""
        self.update_record(self.workers, worker_id, {**changes, "updated": when})

    def changed(self, start, end):
        with self.lock:
            return [w for w in self.workers if start <= w["updated"] <= end]


# ---------------------------------------------------------------------------
# WSDL and schema
# ---------------------------------------------------------------------------


def wsdl_text(location):
    return WSDL_FILE.read_text(encoding="utf-8").replace("LOCATION", location)


def load_schema():
    """The WSDL's embedded XML schema, to validate requests and answers."""
    wsdl = etree.parse(str(WSDL_FILE))
    schema = wsdl.find(f".//{{{XSD}}}schema")
    return etree.XMLSchema(copy.deepcopy(schema))


class SoapFault(Exception):
    """Answer with a SOAP 1.1 Fault."""

    def __init__(self, code, message, xpath=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.xpath = xpath


def _wd(name):
    return f"{{{WD}}}{name}"


def _sub(parent, name, text=None):
    element = etree.SubElement(parent, _wd(name))
    if text is not None:
        element.text = str(text)
    return element


def _text(element, path, default=None):
    found = element.find(path, {"wd": WD}) if element is not None else None
    return found.text.strip() if found is not None and found.text else default


def _datetime(text, name):
    text = text.replace("Z", "+00:00")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise SoapFault(
            "SOAP-ENV:Client.validationError", f"{name}: invalid dateTime {text!r}"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _paging(request, total):
    """(page, count, total pages) of a request's Response_Filter."""
    page = decimal.Decimal(_text(request, "wd:Response_Filter/wd:Page", "1"))
    count = decimal.Decimal(_text(request, "wd:Response_Filter/wd:Count", "100"))
    if count != count.to_integral() or not 1 <= count <= MAX_COUNT:
        raise SoapFault(
            "SOAP-ENV:Client.validationError",
            f"Validation error occurred. Count must be between 1 and {MAX_COUNT}",
            "wd:Response_Filter/wd:Count",
        )
    if page != page.to_integral() or page < 1:
        raise SoapFault(
            "SOAP-ENV:Client.validationError",
            "Validation error occurred. Page must be a whole number from 1",
            "wd:Response_Filter/wd:Page",
        )
    page, count = int(page), int(count)
    return page, count, -(-total // count)


def _results(response, page, count, total, page_results):
    results = _sub(response, "Response_Results")
    _sub(results, "Total_Results", total)
    _sub(results, "Total_Pages", -(-total // count))
    _sub(results, "Page_Results", page_results)
    _sub(results, "Page", page)


# ---------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------


def get_workers(state, request):
    """The Get_Workers_Response element for a Get_Workers_Request."""
    start, end = _updated_range(request)
    workers = state.changed(start, end)
    page, count, _pages = _paging(request, len(workers))
    chunk = workers[(page - 1) * count : page * count]
    group = request.find(_wd("Response_Group"))
    state.requests.append(
        {
            "operation": "Get_Workers",
            "page": page,
            "count": count,
            "updated_from": start if start != _MIN else None,
            "updated_through": end if end != _MAX else None,
            "as_of": _text(request, "wd:Response_Filter/wd:As_Of_Entry_DateTime"),
            "group": None if group is None else {e.tag[len(WD) + 2 :] for e in group},
        }
    )
    response = etree.Element(_wd("Get_Workers_Response"), nsmap={"wd": WD})
    response_filter = _sub(response, "Response_Filter")
    _sub(response_filter, "Page", page)
    _sub(response_filter, "Count", count)
    _results(response, page, count, len(workers), len(chunk))
    data = _sub(response, "Response_Data")
    for worker in chunk:
        _worker(data, worker, _included(group))
    return response


_MIN = datetime.datetime.min.replace(tzinfo=UTC)
_MAX = datetime.datetime.max.replace(tzinfo=UTC)


def _updated_range(request):
    path = (
        "wd:Request_Criteria/wd:Transaction_Log_Criteria_Data/"
        "wd:Transaction_Date_Range_Data/wd:"
    )
    start = _text(request, path + "Updated_From")
    end = _text(request, path + "Updated_Through")
    start = _datetime(start, "Updated_From") if start else _MIN
    end = _datetime(end, "Updated_Through") if end else _MAX
    if start > end:
        raise SoapFault(
            "SOAP-ENV:Client.validationError",
            "Validation error occurred. Updated_From must not be after Updated_Through",
        )
    return start, end


def _included(group):
    """The Response_Group flags: all parts when no group is sent."""
    names = ("Personal_Information", "Employment_Information")
    names += ("Organizations", "Management_Chain_Data")
    if group is None:
        return set(names)
    return {name for name in names if _text(group, f"wd:Include_{name}") == "true"}


def _worker(parent, worker, included):
    element = _sub(parent, "Worker")
    _sub(element, "Worker_Descriptor", f"{worker['first']} {worker['last']}")
    data = _sub(element, "Worker_Data")
    _sub(data, "Worker_ID", worker["id"])
    _sub(data, "User_ID", worker["email"].split("@")[0])
    if "Personal_Information" in included:
        _personal(data, worker)
    if "Employment_Information" in included:
        _employment(data, worker)
    if "Organizations" in included:
        _organizations(data, worker)
    if "Management_Chain_Data" in included:
        for code, manager in worker["chain"]:
            chain = _sub(data, "Management_Chain_Data")
            _sub(chain, "Organization_Code", code)
            _sub(chain, "Manager_ID", manager)


def _personal(data, worker):
    personal = _sub(data, "Personal_Data")
    legal = _sub(_sub(personal, "Name_Data"), "Legal_Name")
    _sub(legal, "First_Name", worker["first"])
    _sub(legal, "Last_Name", worker["last"])
    contact = _sub(personal, "Contact_Data")
    for address, usage in ((worker["home_email"], "HOME"), (worker["email"], "WORK")):
        email = _sub(contact, "Email_Address_Data")
        _sub(email, "Email_Address", address)
        _sub(email, "Usage_Type", usage)
        _sub(email, "Primary", "true" if usage == "WORK" else "false")
    phone = _sub(contact, "Phone_Data")
    _sub(phone, "Phone_Number", worker["phone"])
    _sub(phone, "Device_Type", "Landline")
    _sub(phone, "Usage_Type", "WORK")


def _employment(data, worker):
    employment = _sub(data, "Employment_Data")
    position = _sub(employment, "Position_Data")
    _sub(position, "Position_ID", f"P-{worker['id']}")
    _sub(position, "Business_Title", worker["title"])
    status = _sub(employment, "Worker_Status_Data")
    _sub(status, "Active", "false" if worker["terminated"] else "true")
    _sub(status, "Hire_Date", worker["hire_date"])
    _sub(status, "Terminated", "true" if worker["terminated"] else "false")
    if worker["termination_date"]:
        _sub(status, "Termination_Date", worker["termination_date"])


def _organizations(data, worker):
    code, name, superior = worker["org"]
    rows = (
        (COMPANY[0], COMPANY[1], "COMPANY", None),
        (
            worker["cost_center"],
            COST_CENTERS[worker["cost_center"]],
            "COST_CENTER",
            None,
        ),
        (code, name, "SUPERVISORY", superior),
    )
    for org_code, org_name, org_type, org_superior in rows:
        organization = _sub(data, "Organization_Data")
        _sub(organization, "Organization_Code", org_code)
        _sub(organization, "Organization_Name", org_name)
        _sub(organization, "Organization_Type", org_type)
        if org_superior:
            _sub(organization, "Superior_Organization_Code", org_superior)


def all_organizations(state):
    """Every organization as (code, name, type, superior, manager, cost center)."""
    heads = {w["org"][0]: w["id"] for w in state.workers[: len(ORGANIZATIONS)]}
    rows = [(COMPANY[0], COMPANY[1], "COMPANY", None, heads["SUP-EXEC"], None)]
    rows += [
        (code, name, "COST_CENTER", None, None, None)
        for code, name in COST_CENTERS.items()
    ]
    rows += [
        (code, name, "SUPERVISORY", superior, heads[code], cost_center)
        for code, name, superior, cost_center in ORGANIZATIONS
    ]
    return rows


def get_organizations(state, request):
    """The Get_Organizations_Response element for a Get_Organizations_Request."""
    types = {
        e.text.strip()
        for e in request.iterfind(
            "wd:Request_Criteria/wd:Organization_Type", {"wd": WD}
        )
    }
    rows = [row for row in all_organizations(state) if not types or row[2] in types]
    page, count, _pages = _paging(request, len(rows))
    state.requests.append(
        {"operation": "Get_Organizations", "page": page, "count": count, "types": types}
    )
    chunk = rows[(page - 1) * count : page * count]
    response = etree.Element(_wd("Get_Organizations_Response"), nsmap={"wd": WD})
    _results(response, page, count, len(rows), len(chunk))
    data = _sub(response, "Response_Data")
    for code, name, org_type, superior, manager, cost_center in chunk:
        organization = _sub(_sub(data, "Organization"), "Organization_Data")
        _sub(organization, "Organization_Code", code)
        _sub(organization, "Organization_Name", name)
        _sub(organization, "Organization_Type", org_type)
        for tag, value in (
            ("Superior_Organization_Code", superior),
            ("Manager_ID", manager),
            ("Cost_Center_Code", cost_center),
        ):
            if value:
                _sub(organization, tag, value)
        _sub(organization, "Inactive", "false")
    return response


OPERATIONS = {
    _wd("Get_Workers_Request"): get_workers,
    _wd("Get_Organizations_Request"): get_organizations,
}


# ---------------------------------------------------------------------------
# HTTP and SOAP plumbing
# ---------------------------------------------------------------------------


def envelope(body_child):
    root = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"SOAP-ENV": SOAP_ENV})
    etree.SubElement(root, f"{{{SOAP_ENV}}}Body").append(body_child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def fault_envelope(fault):
    element = etree.Element(f"{{{SOAP_ENV}}}Fault", nsmap={"SOAP-ENV": SOAP_ENV})
    etree.SubElement(element, "faultcode").text = fault.code
    etree.SubElement(element, "faultstring").text = fault.message
    detail = etree.SubElement(element, "detail")
    validation = etree.SubElement(detail, _wd("Validation_Fault"), nsmap={"wd": WD})
    error = _sub(validation, "Validation_Error")
    _sub(error, "Message", fault.message)
    if fault.xpath:
        _sub(error, "Xpath", fault.xpath)
    return envelope(element)


class WorkdayHandler(StateHandler):
    server_version = "WorkdayLike/1.0"

    def _reply(
        self, status, body, content_type="text/xml; charset=utf-8", headers=None
    ):
        self.answer(status, body, content_type, headers)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path != "/wsdl":
            return self._reply(404, "no such route", "text/plain")
        location = f"http://127.0.0.1:{self.server.server_address[1]}/soap"
        return self._reply(200, wsdl_text(location))

    def do_POST(self):
        body = self.read_body()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/unavailable/soap":
            return self._reply(503, "down for maintenance", "text/plain")
        if path not in ("/soap", "/basic/soap"):
            return self._reply(404, "no such route", "text/plain")
        if path == "/basic/soap" and not self._basic_ok():
            return self._reply(
                401, "unauthorized", "text/plain", {"WWW-Authenticate": "Basic"}
            )
        try:
            answer = self._call(body, check_wsse=path == "/soap")
        except SoapFault as fault:
            return self._reply(500, fault_envelope(fault))
        except Exception as error:  # report server bugs to the test, not stderr
            self.state.errors.append(repr(error))
            fault = SoapFault("SOAP-ENV:Server", f"server bug: {error!r}")
            return self._reply(500, fault_envelope(fault))
        return self._reply(200, envelope(answer))

    def _basic_ok(self):
        pair = f"{self.state.basic_user}:{self.state.basic_password}"
        expected = "Basic " + base64.b64encode(pair.encode()).decode()
        return self.headers.get("Authorization") == expected

    def _call(self, body, check_wsse):
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(body, parser)
        except etree.XMLSyntaxError as error:
            raise SoapFault("SOAP-ENV:Client", f"Invalid request: {error}") from error
        if root.tag != f"{{{SOAP_ENV}}}Envelope":
            raise SoapFault("SOAP-ENV:VersionMismatch", "Not a SOAP 1.1 envelope")
        if check_wsse:
            self._check_wsse(root)
        request = root.find(f"{{{SOAP_ENV}}}Body/*")
        operation = OPERATIONS.get(request.tag if request is not None else None)
        if operation is None:
            raise SoapFault("SOAP-ENV:Client", "Unknown operation")
        problem = self._invalid(copy.deepcopy(request))
        if problem:
            raise SoapFault(
                "SOAP-ENV:Client.validationError",
                f"Validation error occurred. {problem}",
            )
        answer = operation(self.state, request)
        problem = self._invalid(answer)
        if problem:
            self.state.errors.append(f"invalid answer: {problem}")
        return answer

    def _invalid(self, element):
        """The schema's complaint about ``element``, ``None`` when valid."""
        schema = self.server.schema
        with self.server.schema_lock:
            if schema.validate(element):
                return None
            return schema.error_log.last_error.message

    def _check_wsse(self, root):
        token = root.find(
            f"{{{SOAP_ENV}}}Header/{{{WSSE}}}Security/{{{WSSE}}}UsernameToken"
        )
        username = token.findtext(f"{{{WSSE}}}Username") if token is not None else None
        password = token.findtext(f"{{{WSSE}}}Password") if token is not None else None
        if (username, password) != (self.state.username, self.state.password):
            raise SoapFault(
                "SOAP-ENV:Client.authenticationError", "invalid username or password"
            )


class WorkdayServer(BackgroundHttpServer):
    """The SOAP service in a background thread on 127.0.0.1, any free port."""

    def __init__(self, state=None):
        super().__init__(WorkdayHandler, state or WorkdayState())
        self.httpd.schema = load_schema()
        self.httpd.schema_lock = threading.Lock()
        self.wsdl_url = self.base_url + "/wsdl"
