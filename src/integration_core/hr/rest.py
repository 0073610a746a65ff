"""Read HR records from a paginated REST JSON API (BambooHR, Personio...).

A :class:`RestReader` GETs one collection URL through an
:class:`~integration_core.transport.http.HttpTransport`, which carries the
connector's TLS settings and credentials (API key, HTTP Basic, OAuth2
client credentials), and returns a :class:`~.sources.SourceFeed` of the raw
records, untouched, for the connector's mapping.

``records_path`` finds the records in each page's body with the mapping's
path language (:func:`~integration_core.hr.mapping.read_path`): ``employees``
for ``{"employees": [...]}``, ``data`` for ``{"data": [...]}``; ``None``
when the body is the list itself.

Pagination styles (``pagination``):

* ``none``: one request;
* ``page``: ``?page=1&per_page=100``, then 2, 3...; stops on an empty page,
  or a short one when a page size is sent;
* ``offset``: ``?offset=0&limit=100``, the offset grows by the records
  received; stops like ``page``;
* ``cursor``: the next cursor is read at ``next_cursor_path`` in the body
  and sent as ``?cursor=...``; stops when it is empty;
* ``link``: follows the ``Link: <...>; rel="next"`` header (RFC 8288), or
  the URL at ``next_link_path`` in the body; stops when there is none.

A delta read sends the ``since`` moment as ``since_param`` in
``since_format`` (:data:`ISO`, :data:`DATE`, :data:`EPOCH`,
:data:`EPOCH_MS` or a ``strftime`` pattern). The feed's watermark is the
moment the read started, so that the next delta overlaps rather than misses
changes made while it ran.

Errors: a non-2xx answer is the transport's
:meth:`~integration_core.transport.http.HttpTransport.status_error`
(429 and 5xx transient); a body that is not JSON, records that are not a
list of objects, a cursor or next URL seen twice, a server repeating the
same page, or more than ``max_pages`` pages are
:class:`~integration_core.errors.PermanentError` naming the URL and page.
"""

import datetime
import logging
import urllib.parse

from integration_core.errors import PermanentError
from integration_core.hr.mapping import read_path
from integration_core.hr.model import EMPLOYEE
from integration_core.hr.sources import SourceFeed
from integration_core.transport.http import (
    MESSAGE_EXCERPT_CHARS,
    body_excerpt,
    safe_url,
)

_logger = logging.getLogger(__name__)

NONE = "none"
PAGE = "page"
OFFSET = "offset"
CURSOR = "cursor"
LINK = "link"
PAGINATIONS = (NONE, PAGE, OFFSET, CURSOR, LINK)

#: ``since`` formats: ``2024-05-01T10:00:00Z``, ``2024-05-01``, Unix
#: seconds, Unix milliseconds; any other text is a ``strftime`` pattern
#: applied to the UTC moment.
ISO = "iso"
DATE = "date"
EPOCH = "epoch"
EPOCH_MS = "epoch_ms"


# ---------------------------------------------------------------------------
# Moments
# ---------------------------------------------------------------------------


def utc_now():
    """The current moment in UTC, to the second (rounded down)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.replace(microsecond=0)


def to_utc(value, what="since"):
    """``value`` (an aware or naive-UTC datetime, a date or ISO 8601 text)
    as an aware UTC datetime.

    :raises PermanentError: for text that is no ISO 8601 date-time.
    """
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(0))
    else:
        moment = _parse_iso(str(value), what)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def _parse_iso(text, what):
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise PermanentError(f"{what} {text!r} is not an ISO 8601 date-time") from error


def iso_utc(moment):
    """``moment`` as ``YYYY-MM-DDTHH:MM:SSZ`` (fractions kept when present)."""
    return to_utc(moment).isoformat().replace("+00:00", "Z")


def format_since(since, since_format=ISO):
    """``since`` as the API expects it (see the module documentation)."""
    moment = to_utc(since)
    if since_format == ISO:
        return iso_utc(moment)
    if since_format == DATE:
        return moment.date().isoformat()
    if since_format == EPOCH:
        return str(int(moment.timestamp()))
    if since_format == EPOCH_MS:
        return str(int(moment.timestamp() * 1000))
    return moment.strftime(since_format)


# ---------------------------------------------------------------------------
# Reader
# ---------------------------------------------------------------------------


class RestReader:
    """Read one record kind from a paginated JSON collection.

    :param transport: an :class:`~integration_core.transport.http.HttpTransport`
        with the connector's credentials; its own ``url`` is not used.
    :param url: the collection, e.g. ``https://api.example/v1/employees``.
    :param records_path: where the records are in a page's body; ``None``
        when the body is the list.
    :param pagination: one of :data:`PAGINATIONS`.
    :param page_param: the page number parameter (``page`` style).
    :param size_param: the page size parameter (``per_page``, ``limit``...);
        empty to send none (then only an empty page ends ``page``/``offset``).
    :param page_size: records asked per page.
    :param start_page: the first page's number (``page`` style).
    :param offset_param: the offset parameter (``offset`` style).
    :param cursor_param: the cursor parameter (``cursor`` style).
    :param next_cursor_path: where the next cursor is in the body.
    :param next_link_path: where a next page URL is in the body (``link``
        style, besides the ``Link`` header); ``None`` for headers only.
    :param since_param: the changed-since parameter; ``None`` when the API
        has none (then every read is full).
    :param since_format: how ``since`` is written (see :func:`format_since`).
    :param kind: the record kind of the feed.
    :param max_pages: pages read at most before giving up.
    :param params: fixed query parameters sent with the first request.
    """

    def __init__(
        self,
        transport,
        url,
        *,
        records_path=None,
        pagination=NONE,
        page_param="page",
        size_param="per_page",
        page_size=100,
        start_page=1,
        offset_param="offset",
        cursor_param="cursor",
        next_cursor_path="next_cursor",
        next_link_path=None,
        since_param=None,
        since_format=ISO,
        kind=EMPLOYEE,
        max_pages=10000,
        params=None,
    ):
        if pagination not in PAGINATIONS:
            raise PermanentError(
                f"Unknown pagination {pagination!r}; expected one of "
                + ", ".join(PAGINATIONS)
            )
        if page_size < 1 or max_pages < 1:
            raise PermanentError("page_size and max_pages must be at least 1")
        self.transport = transport
        self.url = url
        self.records_path = records_path or None
        self.pagination = pagination
        self.page_param = page_param
        self.size_param = size_param or None
        self.page_size = page_size
        self.start_page = start_page
        self.offset_param = offset_param
        self.cursor_param = cursor_param
        self.next_cursor_path = next_cursor_path
        self.next_link_path = next_link_path or None
        self.since_param = since_param or None
        self.since_format = since_format
        self.kind = kind
        self.max_pages = max_pages
        self.params = dict(params or {})

    def read(self, since=None):
        """Read every page; a delta from ``since`` when it is given.

        :param since: a datetime or ISO 8601 text (a previous watermark).
        :returns: a :class:`~.sources.SourceFeed`; it is ``full`` unless a
            changed-since filter was sent.
        """
        started = utc_now()
        params = dict(self.params)
        delta = since is not None and self.since_param is not None
        if delta:
            params[self.since_param] = format_since(since, self.since_format)
        elif since is not None:
            _logger.info(
                "%s has no changed-since parameter: reading every record",
                safe_url(self.url),
            )
        pages = {
            NONE: self._single,
            PAGE: self._by_page,
            OFFSET: self._by_offset,
            CURSOR: self._by_cursor,
            LINK: self._by_link,
        }[self.pagination]
        records = []
        count = 0
        for batch in pages(params):
            records.extend(batch)
            count += 1
        _logger.info(
            "Read %s %s record(s) from %s in %s page(s)",
            len(records),
            self.kind,
            safe_url(self.url),
            count,
        )
        return SourceFeed(
            records={self.kind: records}, full=not delta, watermark=iso_utc(started)
        )

    # -- pagination styles -------------------------------------------------

    def _single(self, params):
        body, _response = self._get(self.url, params, 1)
        yield self._records(body, self.url, 1)

    def _by_page(self, params):
        return self._by_counter(params, self.page_param, self.start_page, _one)

    def _by_offset(self, params):
        return self._by_counter(params, self.offset_param, 0, len)

    def _by_counter(self, params, name, value, advance):
        """Pages asked for with ``?{name}={value}``, ``value`` growing by
        ``advance(batch)`` after each page: the page number, or the offset."""
        previous = None
        for number in self._numbers():
            query = {**params, name: value, **self._size()}
            body, _response = self._get(self.url, query, number)
            batch = self._records(body, self.url, number)
            self._check_repeated(batch, previous, number)
            yield batch
            if self._last(batch):
                return
            previous = batch
            value += advance(batch)

    def _by_cursor(self, params):
        cursor = None
        seen = set()
        for number in self._numbers():
            query = {**params, **self._size()}
            if cursor is not None:
                query[self.cursor_param] = cursor
            body, _response = self._get(self.url, query, number)
            yield self._records(body, self.url, number)
            cursor = self._next_cursor(body)
            if cursor is None:
                return
            if cursor in seen:
                raise self._loop_error(f"cursor {cursor!r}", number)
            seen.add(cursor)

    def _by_link(self, params):
        url, query = self.url, {**params, **self._size()}
        seen = set()
        for number in self._numbers():
            body, response = self._get(url, query, number)
            yield self._records(body, url, number)
            seen.add(response.url or url)
            next_url = self._next_link(body, response, url)
            if next_url is None:
                return
            if next_url in seen:
                raise self._loop_error(f"next URL {safe_url(next_url)}", number)
            url, query = next_url, None

    # -- helpers -----------------------------------------------------------

    def _numbers(self):
        """Page numbers 1..max_pages; asking for one more is an error."""
        yield from range(1, self.max_pages + 1)
        raise PermanentError(
            f"{safe_url(self.url)}: more than {self.max_pages} pages; "
            "raise max_pages or check the pagination settings",
            details={"url": safe_url(self.url), "max_pages": self.max_pages},
        )

    def _size(self):
        return {self.size_param: self.page_size} if self.size_param else {}

    def _last(self, batch):
        return not batch or (self.size_param and len(batch) < self.page_size)

    def _check_repeated(self, batch, previous, number):
        if batch and batch == previous:
            raise self._loop_error("the same records as the page before", number)

    def _loop_error(self, what, number):
        where = f"{safe_url(self.url)} page {number}"
        return PermanentError(
            f"{where}: pagination loops ({what} again); check the pagination settings",
            details={"url": safe_url(self.url), "page": number},
        )

    def _get(self, url, params, number):
        return get_json(
            self.transport,
            url,
            params,
            what=f"Reading {self.kind} records from {safe_url(url)} page {number}",
            not_json=f"{safe_url(url)} page {number} is not JSON",
            details={"url": safe_url(url), "page": number},
        )

    def _records(self, body, url, number):
        records = body if self.records_path is None else _read(body, self.records_path)
        where = f"{safe_url(url)} page {number}"
        details = {"url": safe_url(url), "page": number}
        if not isinstance(records, list):
            found = "the body" if self.records_path is None else self.records_path
            raise PermanentError(
                f"{where}: {found} is {type(records).__name__}, "
                "not a list of records; check the records path",
                details=details,
            )
        if not all(isinstance(record, dict) for record in records):
            raise PermanentError(
                f"{where}: the records are not all JSON objects", details=details
            )
        return records

    def _next_cursor(self, body):
        cursor = _read(body, self.next_cursor_path)
        if cursor is None or cursor == "" or cursor is False:
            return None
        return str(cursor)

    def _next_link(self, body, response, url):
        target = response.links.get("next", {}).get("url")
        if not target and self.next_link_path:
            target = _read(body, self.next_link_path)
        if not target or not isinstance(target, str):
            return None
        return urllib.parse.urljoin(response.url or url, target)


def get_json(
    transport, url, params, *, what, not_json, details, accept="application/json"
):
    """GET ``url`` through an ``HttpTransport``: ``(body, response)`` of a
    2xx JSON answer (shared with the SCIM client).

    :param what: names the request, for the transport and its errors.
    :param not_json: starts the message of a body that is not JSON.
    :param details: the details of that error.
    :raises TransientError, PermanentError: a non-2xx answer, as
        ``transport.status_error`` classifies it.
    :raises PermanentError: a body that is not JSON (with an excerpt of it).
    """
    response = transport.request(
        "GET", url, what=what, params=params, headers={"Accept": accept}
    )
    if not 200 <= response.status_code < 300:
        raise transport.status_error(what, response)
    try:
        return response.json(), response
    except ValueError as error:
        raise PermanentError(
            f"{not_json}: {body_excerpt(response, MESSAGE_EXCERPT_CHARS)}",
            details=details,
        ) from error


def _one(_batch):
    return 1


def _read(body, path):
    """``read_path`` on a JSON body, ``None`` when it is no object or list."""
    if not isinstance(body, dict | list):
        return None
    return read_path(body, path)
