"""``edi-onboard``: check a new supplier's EDI files before going live.

    edi-onboard validate FILE       every error, one per line, and a summary
    edi-onboard to-json FILE        the typed documents as JSON
    edi-onboard from-json FILE      JSON back to X12 or EDIFACT (-o OUT)
    edi-onboard ack FILE            the 997/999 or CONTRL for FILE

X12 and EDIFACT are told apart from the first bytes. Exit status: 0 when the
file is clean, 1 when it has errors (what could be read is still printed),
2 for a usage error or a file that cannot be opened.
"""

import argparse
import datetime
import json
import logging
import sys

from . import api, jsonio
from .errors import EdiError
from .model import Identity, Interchange

_logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


class _UsageError(Exception):
    """Bad arguments or an unreadable file: exit status 2."""


def main(argv=None):
    """Run ``edi-onboard`` on ``argv`` (default ``sys.argv[1:]``), return the status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse's --help and usage errors
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    try:
        return args.handler(args)
    except _UsageError as error:
        print(f"edi-onboard: {error}", file=sys.stderr)
        return EXIT_USAGE


def _build_parser():
    parser = argparse.ArgumentParser(
        prog="edi-onboard",
        description="Validate, convert and acknowledge X12 and EDIFACT files.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="print every error and a summary")
    validate.add_argument("file", metavar="FILE")
    validate.set_defaults(handler=_validate)

    to_json = commands.add_parser("to-json", help="print the typed documents as JSON")
    to_json.add_argument("file", metavar="FILE")
    to_json.set_defaults(handler=_to_json)

    from_json = commands.add_parser(
        "from-json", help="write the interchange(s) of a JSON file as X12 or EDIFACT"
    )
    from_json.add_argument("file", metavar="FILE")
    from_json.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT, not stdout"
    )
    from_json.set_defaults(handler=_from_json)

    ack = commands.add_parser("ack", help="print the functional acknowledgement")
    ack.add_argument("file", metavar="FILE")
    ack.add_argument(
        "--sender",
        metavar="ID[:QUALIFIER]",
        help="our identity (default: the receiver of FILE)",
    )
    ack.add_argument(
        "--receiver",
        metavar="ID[:QUALIFIER]",
        help="the partner's identity (default: the sender of FILE)",
    )
    ack.add_argument("--control-number", default="1", help="control number (default 1)")
    ack.add_argument(
        "--prepared-at",
        type=_parse_datetime,
        help="ISO date and time of the acknowledgement (default: now)",
    )
    ack.set_defaults(handler=_ack)
    return parser


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def _validate(args):
    result = api.read(_read_bytes(args.file))
    for error in result.errors:
        print(error)
    print(_summary(result))
    return EXIT_ERRORS if result.errors else EXIT_OK


def _to_json(args):
    result = api.read(_read_bytes(args.file))
    for error in result.errors:
        print(error, file=sys.stderr)
    print(jsonio.dumps({"interchanges": result.interchanges}))
    if result.errors:
        print(_summary(result), file=sys.stderr)
    return EXIT_ERRORS if result.errors else EXIT_OK


def _from_json(args):
    text = _read_bytes(args.file).decode("utf-8-sig", errors="replace")
    try:
        interchanges = _interchanges_from_json(text)
        output = "".join(api.write(interchange) for interchange in interchanges)
    except (jsonio.EdiJsonError, EdiError, ValueError) as error:
        print(f"edi-onboard: {args.file}: {error}", file=sys.stderr)
        return EXIT_ERRORS
    _emit(output, args.output)
    return EXIT_OK


def _ack(args):
    result = api.read(_read_bytes(args.file))
    for error in result.errors:
        print(error, file=sys.stderr)
    if not result.sets:
        print(
            "edi-onboard: nothing to acknowledge: no transaction set or message found",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    first = result.interchanges[0] if result.interchanges else None
    sender = _identity_option(
        args.sender, first.receiver if first else None, "--sender"
    )
    receiver = _identity_option(
        args.receiver, first.sender if first else None, "--receiver"
    )
    ack = api.acknowledge(
        result,
        sender=sender,
        receiver=receiver,
        control_number=args.control_number,
        prepared_at=args.prepared_at or datetime.datetime.now().replace(microsecond=0),
    )
    sys.stdout.write(_with_final_newline(api.write(ack)))
    return EXIT_ERRORS if result.errors else EXIT_OK


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _summary(result):
    accepted = sum(1 for set_result in result.sets if set_result.accepted)
    rejected = len(result.sets) - accepted
    return (
        f"{len(result.interchanges)} interchanges, {len(result.sets)} sets, "
        f"{accepted} accepted, {rejected} rejected, {len(result.errors)} errors"
    )


def _read_bytes(path):
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as error:
        raise _UsageError(f"cannot read {path}: {error.strerror or error}") from error


def _interchanges_from_json(text):
    """Accept what ``to-json`` prints, one interchange object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise jsonio.EdiJsonError(f"not valid JSON: {error}") from error
    if isinstance(data, dict) and "interchanges" in data and "type" not in data:
        data, path = data["interchanges"], "interchanges"
    else:
        path = ""
    items = data if isinstance(data, list) else [data]
    interchanges = []
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]" if isinstance(data, list) else path
        value = jsonio.from_jsonable(item, path=item_path)
        if not isinstance(value, Interchange):
            raise jsonio.EdiJsonError(
                f"expected an Interchange, got {type(value).__name__}", path=item_path
            )
        interchanges.append(value)
    if not interchanges:
        raise jsonio.EdiJsonError("no interchange to write", path=path)
    return interchanges


def _identity_option(value, default, option):
    if value:
        identifier, _, qualifier = value.partition(":")
        return Identity(identifier, qualifier) if qualifier else Identity(identifier)
    if default is None:
        raise _UsageError(
            f"{option} is needed: no interchange header could be read from the file"
        )
    return default


def _parse_datetime(text):
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date and time (YYYY-MM-DDTHH:MM)"
        ) from None


def _with_final_newline(text):
    return text if text.endswith("\n") else text + "\n"


def _emit(text, output):
    if not output:
        sys.stdout.write(_with_final_newline(text))
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except OSError as error:
        raise _UsageError(
            f"cannot write {output}: {error.strerror or error}"
        ) from error


if __name__ == "__main__":
    sys.exit(main())
