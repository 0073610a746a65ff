"""The 997/999 functional acknowledgement of what :func:`.read_interchanges` read.

One :class:`~..model.FunctionalAck` per functional group, each set accepted or
rejected exactly as the reader decided, with each
:class:`~..errors.EdiError` code mapped to the X12 code (AK304/IK304 segment
codes, AK403/IK403 element codes, AK502/IK502 set codes, AK905 group codes).

A set accepted with warnings (segments skipped when reading with
``unknown_segments="warn"``) is acknowledged per the 997's own codes as
AK501 ``E`` "Accepted But Errors Were Noted", with one AK3 per skipped
segment (AK304 ``2`` "Unexpected segment") and AK502 ``5`` "One or More
Segments in Error"; its group's AK901 is then ``E`` too (``P`` when other
sets were rejected). The set counts as accepted in AK904.
"""

import logging

from .. import model
from . import envelope, schema, sets, validate
from .ts997 import SEGMENT_HAS_ELEMENT_ERRORS, SEGMENTS_IN_ERROR

_logger = logging.getLogger(__name__)

#: EdiError code -> AK304/IK304 (segment syntax error code).
SEGMENT_CODES = {
    validate.UNRECOGNIZED_SEGMENT: "1",
    validate.UNEXPECTED_SEGMENT: "2",
    validate.MISSING_SEGMENT: "3",
    validate.LOOP_REPEAT: "4",
    validate.SEGMENT_REPEAT: "5",
    validate.SEGMENT_NOT_IN_SET: "6",
    validate.SEGMENT_ORDER: "7",
    # A segment skipped with a warning (unknown_segments="warn"): "Unexpected
    # segment", the code for a segment the table does not expect there.
    validate.UNKNOWN_SEGMENT: "2",
}
#: EdiError code -> AK403/IK403 (data element syntax error code).
ELEMENT_CODES = {
    schema.MISSING_ELEMENT: "1",
    schema.CONDITIONAL_MISSING: "2",
    schema.TOO_MANY_ELEMENTS: "3",
    schema.TOO_SHORT: "4",
    schema.TOO_LONG: "5",
    schema.INVALID_CHARACTER: "6",
    schema.INVALID_CODE: "7",
    schema.INVALID_DATE: "8",
    schema.INVALID_TIME: "9",
    schema.EXCLUSION: "10",
    "invalid_value": "7",
    "invalid_hierarchy": "7",
    "bad_line_count": "7",
}
#: EdiError code -> AK502/IK502 (set-level error code).
SET_CODES = {
    validate.UNSUPPORTED_SET: "1",
    validate.MISSING_SET_TRAILER: "2",
    validate.SET_CONTROL_MISMATCH: "3",
    validate.SEGMENT_COUNT: "4",
    validate.WRONG_GROUP: "6",
    validate.DUPLICATE_SET_CONTROL: "23",
    validate.INTERNAL: "5",
}
#: EdiError code -> AK905 (group-level error code).
GROUP_CODES = {
    validate.UNSUPPORTED_VERSION: "2",
    validate.MISSING_GROUP_TRAILER: "3",
    validate.GROUP_CONTROL_MISMATCH: "4",
    validate.GROUP_SET_COUNT: "5",
    validate.ENVELOPE_ELEMENT: "6",
}

# --------------------------------------------------------------------------


def functional_ack(result, *, sender, receiver, control_number, prepared_at):
    """Return the 997 (004010) or 999 (005010) interchange answering ``result``.

    One :class:`~..model.FunctionalAck` per functional group read, listing
    every set of the group as accepted or rejected exactly as the reader
    decided, with AK3/AK4 (IK3/IK4) segments for each located error and AK5
    and AK9 codes for set- and group-level errors. Groups or sets whose own
    identifiers cannot be echoed (an ST without GS, a non-numeric GS06, an
    ST02 outside AN 4/9) are left out and logged: only a TA1 or a phone call
    can answer those. The interchange is 005010 (999s) when the first group
    acknowledged is 005010, else 004010 (997s).
    """
    groups = getattr(result, "groups", None)
    if groups is None:
        groups = _groups_from_sets(result)
    documents = []
    version = None
    for group in groups:
        if not _echoable_group(group):
            _logger.warning(
                "cannot acknowledge group %r (%r) of interchange %s",
                group.group_control,
                group.functional_id,
                group.interchange_control,
            )
            continue
        if version is None:
            version = (
                schema.V5010 if group.version.startswith("00501") else schema.V4010
            )
        documents.append(_group_ack(group))
    return model.Interchange(
        standard="X12",
        version=version or _result_version(result),
        sender=sender,
        receiver=receiver,
        control_number=control_number,
        prepared_at=prepared_at,
        documents=documents,
    )


def _result_version(result):
    for interchange in result.interchanges:
        return interchange.version
    return schema.V4010


def _echoable_group(group):
    control = group.group_control
    functional_id = group.functional_id
    return (
        control.isdigit()
        and control.isascii()
        and len(control) <= 9
        and len(functional_id) == 2
        and functional_id.isalnum()
    )


def _echoable_set(set_result):
    set_type, control = set_result.set_type, set_result.control_number
    return (
        len(set_type) == 3
        and set_type.isalnum()
        and 4 <= len(control) <= 9
        and control.isascii()
        and control.isprintable()
        and not any(char in control for char in "*~^:>|")
    )


def _group_ack(group):
    set_acks = []
    accepted = 0
    for set_result in group.sets:
        if not _echoable_set(set_result):
            _logger.warning(
                "cannot acknowledge set %r %r of group %s",
                set_result.set_type,
                set_result.control_number,
                group.group_control,
            )
            continue
        errors = _ack_errors(set_result.errors)
        if set_result.accepted:
            accepted += 1
            # Warnings (segments skipped) are errors noted in an accepted
            # set: AK501/IK501 "E" with an AK3/IK3 per skipped segment.
            errors = _ack_errors(set_result.warnings)
            status = model.FA_ACCEPTED_WITH_ERRORS if errors else model.FA_ACCEPTED
        else:
            status = model.FA_REJECTED
            if not errors:
                errors = [model.AckError(SEGMENTS_IN_ERROR)]
        set_acks.append(
            model.SetAck(set_result.set_type, set_result.control_number, status, errors)
        )
    group_codes = []
    for error in group.errors:
        code = GROUP_CODES.get(error.code)
        if code and code not in group_codes:
            group_codes.append(code)
    received = len(set_acks)
    noted = any(ack.status == model.FA_ACCEPTED_WITH_ERRORS for ack in set_acks)
    if accepted == received and not group_codes and not noted:
        status = model.FA_ACCEPTED
    elif accepted == 0 and received:
        status = model.FA_REJECTED
    else:
        status = model.FA_ACCEPTED_WITH_ERRORS
    if not received and group_codes:
        status = model.FA_REJECTED
    return model.FunctionalAck(
        acknowledged_control_number=group.group_control,
        functional_id=group.functional_id,
        status=status,
        sets=set_acks,
        received_count=received,
        accepted_count=accepted,
        errors=[model.AckError(code) for code in group_codes[:5]],
    )


def _ack_errors(errors):
    """Map a set's EdiErrors to AckErrors: element, segment, then set-level codes."""
    located = []
    set_codes = []
    for error in errors:
        where = error.location
        code = error.code
        if code in SET_CODES:
            set_codes.append(SET_CODES[code])
            continue
        segment_id = where.segment_id
        position = where.segment_position
        if not segment_id or position is None or not _echoable_segment_id(segment_id):
            set_codes.append(SEGMENTS_IN_ERROR)
            continue
        if code in SEGMENT_CODES or where.element_position is None:
            located.append(
                model.AckError(
                    SEGMENT_CODES.get(code, SEGMENT_HAS_ELEMENT_ERRORS),
                    segment_id,
                    position,
                )
            )
        else:
            located.append(
                model.AckError(
                    ELEMENT_CODES.get(code, "7"),
                    segment_id,
                    position,
                    where.element_position,
                    where.component_position,
                )
            )
    if located:
        set_codes.append(SEGMENTS_IN_ERROR)
    unique_codes = list(dict.fromkeys(set_codes))[:5]
    return located + [model.AckError(code) for code in unique_codes]


def _echoable_segment_id(segment_id):
    return 2 <= len(segment_id) <= 3 and segment_id.isalnum() and segment_id.isascii()


def _groups_from_sets(result):
    """Rebuild group summaries from a plain ReadResult (no ``groups`` attribute)."""
    groups = {}
    version = _result_version(result)
    for set_result in result.sets:
        key = (set_result.interchange_control, set_result.group_control)
        if key not in groups:
            handler = sets.by_set_id(set_result.set_type)
            functional_id = handler.FUNCTIONAL_ID if handler else ""
            groups[key] = envelope.GroupInfo(key[0], key[1], functional_id, version)
        groups[key].sets.append(set_result)
    return list(groups.values())
