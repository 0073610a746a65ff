"""Read HR records from a WSDL-described SOAP service (Workday ``Get_Workers``).

A :class:`SoapReader` loads the service's WSDL with ``zeep`` (over the
``requests`` session given, which may carry HTTP authentication and TLS
settings; a WS-Security ``UsernameToken`` is added when a username is
given, as Workday's integration system users need) and pages through an
operation shaped like Workday's ``Get_Workers``:

* the request carries ``Request_Criteria`` (for a delta,
  ``Transaction_Log_Criteria_Data/Transaction_Date_Range_Data`` with
  ``Updated_From`` and ``Updated_Through``), ``Response_Filter`` (``Page``,
  ``Count`` and ``As_Of_Entry_DateTime``, fixed for every page so that they
  stay consistent) and ``Response_Group`` (the parts to return); a
  ``request_builder`` replaces it for a differently shaped service;
* pages are read until ``Page`` reaches ``Response_Results/Total_Pages``.

Each record is turned into plain data (``zeep.helpers.serialize_object``,
then dates and times to ISO text, decimals to text, nested values to
dicts and lists) so the mapping language's paths apply, e.g.
``Worker_Data.Organization_Data[Organization_Type=COST_CENTER].
Organization_Code``. :data:`WORKDAY_MAPPING` maps the simplified worker and
organization structure of the interop test service.

Workday writes ``xsd:date`` values with an offset (``2015-03-02-08:00``),
which ``zeep`` cannot parse (it logs an error and gives ``None``): the
reader keeps the date of any element whose whole text is a date with an
offset.

Errors: a SOAP Fault is a :class:`~integration_core.errors.PermanentError`
with the fault string (Workday answers validation errors and refused
credentials with faults); connection failures and timeouts are
:class:`~integration_core.errors.TransientError`, HTTP errors are classified
by status (429 and 5xx transient); an unreadable WSDL or answer is
permanent.
"""

import datetime
import decimal
import logging
import re

import requests
import zeep
import zeep.exceptions
import zeep.helpers
from lxml import etree
from zeep.plugins import Plugin
from zeep.transports import Transport
from zeep.wsse.username import UsernameToken

from integration_core.errors import (
    TRANSIENT,
    IntegrationError,
    PermanentError,
    TransientError,
    classify_exception,
    classify_http_status,
)
from integration_core.hr.mapping import read_path
from integration_core.hr.model import COST_CENTER, DEPARTMENT, EMPLOYEE
from integration_core.hr.rest import iso_utc, to_utc, utc_now
from integration_core.hr.sources import SourceFeed
from integration_core.transport.http import MESSAGE_EXCERPT_CHARS, safe_url

_logger = logging.getLogger(__name__)

#: Workday's largest ``Count`` per page.
MAX_PAGE_SIZE = 999
#: Organization types read by :meth:`SoapReader.read_organizations`, and
#: the record kind each becomes.
ORGANIZATION_KINDS = {"SUPERVISORY": DEPARTMENT, "COST_CENTER": COST_CENTER}

_WORKER = "Worker_Data."
_ORG = _WORKER + "Organization_Data"
_SUPERVISORY = _ORG + "[Organization_Type=SUPERVISORY]."
_COST_CENTER = _ORG + "[Organization_Type=COST_CENTER]."
_STATUS = _WORKER + "Employment_Data.Worker_Status_Data."
_CONTACT = _WORKER + "Personal_Data.Contact_Data."
_ISO_DATE = {"date": "%Y-%m-%d"}

#: Default mapping of a ``Get_Workers`` worker (and of a
#: ``Get_Organizations`` organization) as the simplified Workday service of
#: the interop tests returns them; a starting point for a tenant's own.
WORKDAY_MAPPING = {
    EMPLOYEE: {
        "external_id": {"path": _WORKER + "Worker_ID", "transforms": ["trim"]},
        "first_name": _WORKER + "Personal_Data.Name_Data.Legal_Name.First_Name",
        "last_name": _WORKER + "Personal_Data.Name_Data.Legal_Name.Last_Name",
        "work_email": {
            "path": _CONTACT + "Email_Address_Data[Usage_Type=WORK].Email_Address",
            "transforms": ["trim", "lower"],
        },
        "work_phone": _CONTACT + "Phone_Data[Usage_Type=WORK].Phone_Number",
        "job_title": _WORKER + "Employment_Data.Position_Data.Business_Title",
        "department_id": _SUPERVISORY + "Organization_Code",
        "department_name": _SUPERVISORY + "Organization_Name",
        "parent_department_id": _SUPERVISORY + "Superior_Organization_Code",
        "cost_center_code": _COST_CENTER + "Organization_Code",
        "cost_center_name": _COST_CENTER + "Organization_Name",
        "manager_id": _WORKER + "Management_Chain_Data[0].Manager_ID",
        "status": {
            "path": _STATUS + "Terminated",
            "transforms": [{"map": {"true": "terminated", "false": "active"}}],
        },
        "hire_date": {"path": _STATUS + "Hire_Date", "transforms": [_ISO_DATE]},
        "termination_date": {
            "path": _STATUS + "Termination_Date",
            "transforms": [_ISO_DATE],
        },
    },
    DEPARTMENT: {
        "external_id": "Organization_Data.Organization_Code",
        "name": "Organization_Data.Organization_Name",
        "parent_id": "Organization_Data.Superior_Organization_Code",
        "manager_id": "Organization_Data.Manager_ID",
        "cost_center_code": "Organization_Data.Cost_Center_Code",
    },
    COST_CENTER: {
        "code": "Organization_Data.Organization_Code",
        "name": "Organization_Data.Organization_Name",
    },
}

_DATE_WITH_OFFSET = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[Zz]|[+-]\d{2}:\d{2})\s*")


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


def workers_request(page, count, since, until):
    """The ``Get_Workers`` arguments for one page.

    :param since: start of the delta (aware datetime), ``None`` for all.
    :param until: end of the delta and the moment every page is read as of.
    """
    request = {
        "Response_Filter": {
            "As_Of_Entry_DateTime": until,
            "Page": page,
            "Count": count,
        },
        "Response_Group": {
            "Include_Reference": True,
            "Include_Personal_Information": True,
            "Include_Employment_Information": True,
            "Include_Organizations": True,
            "Include_Management_Chain_Data": True,
        },
    }
    if since is not None:
        request["Request_Criteria"] = {
            "Transaction_Log_Criteria_Data": [
                {
                    "Transaction_Date_Range_Data": {
                        "Updated_From": since,
                        "Updated_Through": until,
                    }
                }
            ]
        }
    return request


def organizations_request(page, count, types):
    """The ``Get_Organizations`` arguments for one page of ``types``."""
    return {
        "Request_Criteria": {"Organization_Type": list(types)},
        "Response_Filter": {"Page": page, "Count": count},
    }


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------


def to_plain(value):
    """``value`` with dates and times as ISO text, decimals as text, mappings
    as dicts and sequences as lists (lxml elements as their XML text)."""
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, etree._Element):
        return etree.tostring(value, encoding="unicode")
    return value


class _DatesWithOffset(Plugin):
    """Keep the date of ``2015-03-02-08:00`` before zeep parses the answer."""

    def ingress(self, envelope, http_headers, operation):
        for element in envelope.iter(etree.Element):
            if element.text and len(element) == 0:
                match = _DATE_WITH_OFFSET.fullmatch(element.text)
                if match:
                    element.text = match.group(1)
        return envelope, http_headers


# ---------------------------------------------------------------------------
# Reader
# ---------------------------------------------------------------------------


class SoapReader:
    """Read workers (and organizations) from a Workday-like SOAP service.

    :param wsdl_url: where the WSDL is loaded from (``http(s)://`` or a
        local file path).
    :param operation: the paged operation :meth:`read` calls.
    :param session: a ``requests.Session`` carrying HTTP authentication and
        TLS settings; the reader makes its own otherwise.
    :param username: with ``password``, a WS-Security UsernameToken
        (PasswordText) is sent with every call.
    :param timeout: seconds to load the WSDL and for each call.
    :param page_size: ``Count`` per page, 1 to :data:`MAX_PAGE_SIZE`.
    :param service_name: the WSDL service (the first one when ``None``).
    :param port_name: the service's port (the first one when ``None``).
    :param address: the endpoint to call instead of the WSDL's (Workday's
        published WSDLs name a placeholder tenant).
    :param request_builder: ``(page, count, since, until) -> dict`` of the
        operation's arguments; :func:`workers_request` by default.
    :param response_records_path: where a page's records are in the answer.
    :param total_pages_path: where the page count is in the answer; a
        single page is read when the answer has none.
    :param kind: the record kind of :meth:`read`'s feed.
    :param max_pages: pages read at most before giving up.
    """

    def __init__(
        self,
        wsdl_url,
        *,
        operation="Get_Workers",
        session=None,
        username=None,
        password=None,
        timeout=30,
        page_size=100,
        service_name=None,
        port_name=None,
        address=None,
        request_builder=None,
        response_records_path="Response_Data.Worker",
        total_pages_path="Response_Results.Total_Pages",
        kind=EMPLOYEE,
        max_pages=10000,
    ):
        self.wsdl_url = wsdl_url
        self.operation = operation
        self.username = username
        self.password = password
        self.timeout = timeout
        self.page_size = page_size
        self.service_name = service_name
        self.port_name = port_name
        self.address = address
        self.request_builder = request_builder or workers_request
        self.response_records_path = response_records_path
        self.total_pages_path = total_pages_path
        self.kind = kind
        self.max_pages = max_pages
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self._service = None

    def close(self):
        """Close the HTTP session if the reader created it."""
        if self._own_session:
            self.session.close()
        self._service = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- reading -----------------------------------------------------------

    def read(self, since=None, until=None):
        """Read every page of :attr:`operation`.

        :param since: for a delta, the moment changes are read from (a
            datetime or ISO 8601 text, e.g. the last watermark).
        :param until: the moment changes are read through and every page is
            read as of; the start of the read by default.
        :returns: a :class:`~.sources.SourceFeed`, ``full`` without
            ``since``, whose watermark is ``until``.
        """
        until = to_utc(until, "until") if until is not None else utc_now()
        since = to_utc(since) if since is not None else None
        if since is not None and since > until:
            raise PermanentError(
                f"{self.operation}: since {iso_utc(since)} is after "
                f"until {iso_utc(until)}"
            )

        def build(page):
            return self.request_builder(page, self.page_size, since, until)

        records = self._read_pages(
            self.operation,
            build,
            self.response_records_path,
            self.total_pages_path,
        )
        return SourceFeed(
            records={self.kind: records},
            full=since is None,
            watermark=iso_utc(until),
        )

    def read_organizations(
        self,
        *,
        kinds=None,
        operation="Get_Organizations",
        records_path="Response_Data.Organization",
        type_path="Organization_Data.Organization_Type",
        total_pages_path="Response_Results.Total_Pages",
    ):
        """Read organizations into a full feed, one record kind per type.

        :param kinds: ``{organization type: record kind}``;
            :data:`ORGANIZATION_KINDS` by default. Other types are skipped.
        :returns: a :class:`~.sources.SourceFeed` of ``department`` and
            ``cost_center`` records (by default).
        """
        kinds = dict(kinds or ORGANIZATION_KINDS)
        started = utc_now()

        def build(page):
            return organizations_request(page, self.page_size, kinds)

        organizations = self._read_pages(
            operation, build, records_path, total_pages_path
        )
        records = {kind: [] for kind in kinds.values()}
        for organization in organizations:
            kind = kinds.get(str(read_path(organization, type_path)))
            if kind is not None:
                records[kind].append(organization)
        return SourceFeed(records=records, full=True, watermark=iso_utc(started))

    def _read_pages(self, operation, build, records_path, total_pages_path):
        records = []
        page = 1
        while True:
            body = self._call(operation, build(page), page)
            records.extend(self._records(body, records_path, operation, page))
            total = self._total_pages(body, total_pages_path, operation, page)
            if page >= total:
                break
            if page >= self.max_pages:
                raise PermanentError(
                    f"{operation}: more than {self.max_pages} pages "
                    f"({total} announced); raise max_pages",
                    details={"operation": operation, "pages": total},
                )
            page += 1
        _logger.info(
            "Read %s record(s) with %s from %s in %s page(s)",
            len(records),
            operation,
            safe_url(self.wsdl_url),
            page,
        )
        return records

    def _records(self, body, path, operation, page):
        found = read_path(body, path) if isinstance(body, dict) else None
        if found is None:
            return []
        if isinstance(found, dict):
            found = [found]
        if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
            raise PermanentError(
                f"{operation} page {page}: {path} holds "
                f"{type(found).__name__}, not records; check the records path",
                details={"operation": operation, "page": page},
            )
        return found

    def _total_pages(self, body, path, operation, page):
        value = read_path(body, path) if isinstance(body, dict) else None
        if value is None:
            _logger.debug("%s page %s: no %s, one page", operation, page, path)
            return page
        try:
            return int(decimal.Decimal(str(value)))
        except (decimal.InvalidOperation, ValueError) as error:
            raise PermanentError(
                f"{operation} page {page}: {path} {value!r} is not a number"
            ) from error

    # -- SOAP --------------------------------------------------------------

    def _call(self, operation, arguments, page):
        service = self._proxy()
        what = f"{operation} page {page} at {safe_url(self.wsdl_url)}"
        try:
            method = service[operation]
        except (AttributeError, KeyError) as error:
            raise PermanentError(
                f"{what}: the service has no operation {operation!r}"
            ) from error
        try:
            result = method(**arguments)
        except Exception as error:  # noqa: BLE001 - zeep raises many kinds
            raise _error(what, error) from error
        return to_plain(zeep.helpers.serialize_object(result, dict))

    def _proxy(self):
        if self._service is None:
            self._service = self._connect()
        return self._service

    def _connect(self):
        what = f"Loading the WSDL {safe_url(self.wsdl_url)}"
        transport = Transport(
            session=self.session,
            timeout=self.timeout,
            operation_timeout=self.timeout,
        )
        wsse = None
        if self.username:
            wsse = UsernameToken(self.username, self.password or "")
        try:
            client = zeep.Client(
                self.wsdl_url,
                transport=transport,
                wsse=wsse,
                plugins=[_DatesWithOffset()],
            )
        except Exception as error:  # noqa: BLE001 - zeep raises many kinds
            raise _error(what, error) from error
        service, port = self._port(client, what)
        if self.address:
            return client.create_service(port.binding.name, self.address)
        return client.bind(service.name, port.name)

    def _port(self, client, what):
        services = client.wsdl.services
        service = _pick(services, self.service_name, "service", what)
        port = _pick(service.ports, self.port_name, "port", what)
        return service, port


def _pick(options, name, what_kind, what):
    if name is None and options:
        return next(iter(options.values()))
    if name in options:
        return options[name]
    raise PermanentError(
        f"{what}: no {what_kind} {name!r}; the WSDL has "
        + (", ".join(options) or "none")
    )


def _error(what, error):
    """The integration error for an exception raised by zeep or requests."""
    if isinstance(error, IntegrationError):
        return error
    if isinstance(error, zeep.exceptions.Fault):
        return PermanentError(
            f"{what}: SOAP fault {error.code}: {error.message}",
            details={"fault_code": error.code, "fault": error.message},
        )
    if isinstance(error, zeep.exceptions.TransportError):
        status = error.status_code
        message = f"{what}: HTTP {status}: {error.message}"[:MESSAGE_EXCERPT_CHARS]
        if classify_http_status(status) == TRANSIENT:
            return TransientError(message, details={"status": status})
        return PermanentError(message, details={"status": status})
    message = f"{what}: {error}"[:MESSAGE_EXCERPT_CHARS]
    if classify_exception(error) == TRANSIENT:
        return TransientError(message)
    return PermanentError(message)
