"""What every HR source reader returns, and the file reader (CSV, XLSX).

A reader fetches raw records from one kind of platform and returns a
:class:`SourceFeed`: raw dicts per record kind (``employee``,
``department``, ``cost_center``), exactly as the source gave them, for the
connector's :class:`~integration_core.hr.mapping.Mapping` to read. Readers
never map: the same mapping language serves every source.

Readers in this package: :func:`read_file` (CSV and XLSX, here),
:mod:`.scim` (SCIM 2.0 client), :mod:`.rest` (paginated REST JSON),
:mod:`.soap` (a WSDL-described service through ``zeep``).
"""

import codecs
import csv
import dataclasses
import datetime
import io

import openpyxl

from integration_core.errors import PermanentError
from integration_core.hr.model import EMPLOYEE

#: Cells of a spreadsheet are read as text, like a CSV's.
_BOMS = ("\ufeff",)


@dataclasses.dataclass
class SourceFeed:
    """Raw records read from a source in one run.

    :param records: ``{kind: [raw dict, ...]}``.
    :param full: every employee of the source is listed (a full
        reconciliation), so the absent ones are to be deactivated.
    :param watermark: where the next delta starts (ISO timestamp or the
        source's own cursor), ``None`` when the source gives none.
    """

    records: dict = dataclasses.field(default_factory=dict)
    full: bool = False
    watermark: str | None = None

    def count(self):
        return sum(len(records) for records in self.records.values())


def read_file(content, file_name, *, kind=EMPLOYEE, delimiter=None, encoding=None):
    """Read a CSV or XLSX file into a full :class:`SourceFeed` of ``kind``.

    The first row (CSV) or the first row of the first sheet (XLSX) names
    the columns; each further non-empty row is one raw record keyed by
    those names. A file lists the whole population: its feed is ``full``.

    :param content: the file's bytes.
    :param file_name: decides the format by its extension.
    :param delimiter: CSV delimiter; sniffed among ``,;|\\t`` when ``None``.
    :param encoding: CSV encoding; UTF-8 (with or without BOM), else cp1252.
    :raises PermanentError: for an unknown extension, an unreadable file or
        a header row with empty or repeated column names.
    """
    name = (file_name or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(content, file_name)
    elif name.endswith((".csv", ".txt", ".tsv")):
        rows = _csv_rows(content, file_name, delimiter, encoding)
    else:
        raise PermanentError(
            f"{file_name}: unknown file type; use a .csv or .xlsx file"
        )
    return SourceFeed(records={kind: _records(rows, file_name)}, full=True)


def _csv_rows(content, file_name, delimiter, encoding):
    text = _decode(content, file_name, encoding)
    if delimiter is None:
        sample = text[:4096]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;|\t").delimiter
        except csv.Error:
            delimiter = ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _decode(content, file_name, encoding):
    if encoding:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as error:
            raise PermanentError(
                f"{file_name}: not {encoding} text: {error}"
            ) from error
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = content.removeprefix(codecs.BOM_UTF8)
        return content.decode("cp1252", errors="replace")


def _xlsx_rows(content, file_name):
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on bad files
        raise PermanentError(
            f"{file_name}: not a readable XLSX workbook: {error}"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [
            [_cell_text(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _records(rows, file_name):
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        return []
    header = [str(cell).strip() for cell in rows[0]]
    if header and header[0].startswith(_BOMS):
        header[0] = header[0].lstrip("".join(_BOMS))
    while header and not header[-1]:
        header.pop()
    if not header or "" in header:
        raise PermanentError(f"{file_name}: row 1: every column needs a name")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise PermanentError(f"{file_name}: row 1: columns named twice: {repeated}")
    return [
        {
            name: str(row[index]).strip() if index < len(row) else ""
            for index, name in enumerate(header)
        }
        for row in rows[1:]
    ]
