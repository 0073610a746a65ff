"""CONTRL (syntax and service report) <-> ``model.FunctionalAck``.

One CONTRL answers one interchange: UCI (0020 of the interchange, its sender
and recipient, action 0083 7 = acknowledged / 4 = rejected, optional 0085
error with 0013 segment tag and S011 position), then one UCM per message
(0083 7 accepted / 4 rejected, message-level 0085 + 0013) with UCS
(segment position, 0085) and UCD (0085, element:component position).

Mapping to the model: ``FunctionalAck.errors`` holds the UCI-level error,
``SetAck.status`` ``accepted_with_errors`` is UCM 7 with errors, the
``received_count`` / ``accepted_count`` are the UCM counts.
:func:`functional_ack` builds these from a :class:`ReadResult`.
"""

from .. import model
from .common import VERSIONS
from .structures import CONTRL

TYPE = "CONTRL"
DOCUMENT = model.FunctionalAck

#: One structure for every version: CONTRL belongs to the syntax.
STRUCTURES = {"D96A": CONTRL, "D01B": CONTRL}

#: Our stable error codes -> UN/EDIFACT 0085 syntax error codes.
ERROR_CODES_0085 = {
    "unsupported_syntax": "2",
    "unsupported_version": "2",
    "unsupported_message": "12",
    "invalid_code": "12",
    "invalid_date": "12",
    "invalid_gtin": "12",
    "invalid_gln": "12",
    "invalid_sscc": "12",
    "invalid_unit": "12",
    "conflicting_value": "12",
    "missing_segment": "13",
    "missing_element": "13",
    "unexpected_segment": "15",
    "unknown_segment": "15",
    "too_many_elements": "16",
    "too_many_components": "16",
    "invalid_character": "21",
    "bad_encoding": "21",
    "bad_una": "22",
    "control_mismatch": "28",
    "bad_count": "29",
    "too_many_repeats": "35",
    "too_many_group_repeats": "36",
    "invalid_number": "37",
    "element_too_long": "39",
    "element_too_short": "40",
    "envelope_invalid": "18",
}
UNSPECIFIED = "18"

_0083_ACCEPTED, _0083_REJECTED = "7", "4"
MAX_UCS, MAX_UCD = 999, 99


def version_of(key):
    """Element table for CONTRL versions outside D.96A / D.01B (D:3, 2:2, 4:1...)."""
    return "D01B" if key == ("D", "01B") else "D96A"


# ----------------------------------------------------------------- writing


def write(ack, w):
    sets = ack.sets
    derived_id = sets[0].set_type if sets else ""
    if ack.functional_id != derived_id:
        w.fail(
            "functional_id",
            f"is {ack.functional_id!r}",
            f"{derived_id!r} (first set type)",
        )
    accepted = sum(1 for s in sets if s.status != model.FA_REJECTED)
    if ack.received_count != len(sets) or ack.accepted_count != accepted:
        w.fail(
            "received_count/accepted_count",
            f"are {ack.received_count}/{ack.accepted_count}",
            f"{len(sets)}/{accepted}",
        )
    status = _interchange_status(ack, w)
    partner, us = w.interchange.receiver, w.interchange.sender
    uci = [
        w.an(
            ack.acknowledged_control_number,
            14,
            "acknowledged_control_number",
            required=True,
        ),
        [partner.identifier, partner.qualifier],
        [us.identifier, us.qualifier],
        status,
    ]
    errors = ack.errors
    if len(errors) > 1:
        w.fail("errors", "has more than one interchange-level error", "at most one")
    if errors:
        uci += _error_elements(errors[0], w, "errors[0]")
    w.add("UCI", *uci)
    for index, set_ack in enumerate(sets):
        _write_set(set_ack, w, f"sets[{index}]")


def _interchange_status(ack, w):
    any_problem = any(s.status != model.FA_ACCEPTED for s in ack.sets) or bool(
        ack.errors
    )
    if ack.status == model.FA_REJECTED:
        if any(s.status != model.FA_REJECTED for s in ack.sets):
            w.fail("status", "is rejected but some sets are not", "all sets rejected")
        return _0083_REJECTED
    expected = model.FA_ACCEPTED_WITH_ERRORS if any_problem else model.FA_ACCEPTED
    if ack.status != expected:
        w.fail("status", f"is {ack.status!r}", expected)
    return _0083_ACCEPTED


def _error_elements(error, w, field):
    code = w.an(error.code, 3, f"{field}.code", required=True)
    tag = w.an(error.segment_id, 3, f"{field}.segment_id")
    position = []
    if error.element_position is not None:
        position = [str(error.element_position)]
        if error.component_position is not None:
            position.append(str(error.component_position))
    elif error.component_position is not None:
        w.fail(f"{field}.component_position", "is set without element_position")
    if error.segment_position is not None:
        w.fail(f"{field}.segment_position", "cannot be written at this level", "None")
    return [code, tag, position]


def _write_set(set_ack, w, field):
    if set_ack.status == model.FA_REJECTED:
        action = _0083_REJECTED
    elif set_ack.status == model.FA_ACCEPTED_WITH_ERRORS:
        if not set_ack.errors:
            w.fail(f"{field}.errors", "is empty for status accepted_with_errors")
        action = _0083_ACCEPTED
    elif set_ack.status == model.FA_ACCEPTED:
        if set_ack.errors:
            w.fail(f"{field}.errors", "is not empty for status accepted")
        action = _0083_ACCEPTED
    else:
        w.fail(f"{field}.status", f"{set_ack.status!r} is unknown")
    message_level = [e for e in set_ack.errors if e.segment_position is None]
    if len(message_level) > 1 or (
        message_level and set_ack.errors[0] is not message_level[0]
    ):
        w.fail(
            f"{field}.errors", "need at most one error without segment_position, first"
        )
    ucm = [
        w.an(set_ack.control_number, 14, f"{field}.control_number", required=True),
        [
            w.an(set_ack.set_type, 6, f"{field}.set_type", required=True),
            *VERSIONS[w.version],
            "UN",
        ],
        action,
    ]
    if message_level:
        ucm += _error_elements(message_level[0], w, f"{field}.errors[0]")
    w.add("UCM", *ucm)
    last_position = None
    ucs_count = 0
    for index, error in enumerate(
        set_ack.errors[len(message_level) :], len(message_level)
    ):
        efield = f"{field}.errors[{index}]"
        if error.segment_id:
            w.fail(
                f"{efield}.segment_id",
                "cannot be written with a segment position",
                "''",
            )
        position = str(error.segment_position)
        code = w.an(error.code, 3, f"{efield}.code", required=True)
        if error.element_position is None:
            if error.component_position is not None:
                w.fail(
                    f"{efield}.component_position", "is set without element_position"
                )
            w.add("UCS", position, code)
            ucs_count += 1
        else:
            if last_position != position:
                w.add("UCS", position)
                ucs_count += 1
            element = [str(error.element_position)]
            if error.component_position is not None:
                element.append(str(error.component_position))
            w.add("UCD", code, element)
        last_position = position
        if ucs_count > MAX_UCS:
            w.fail(
                f"{field}.errors", "has too many segment errors", f"at most {MAX_UCS}"
            )


# ----------------------------------------------------------------- reading


def read(root, r):
    uci = root.first("UCI")
    sets = []
    groups = list(root.group_list("UCM"))
    for ucf in root.group_list("UCF"):
        groups.extend(ucf.group_list("UCM"))
    for group in groups:
        sets.append(_read_set(r, group))
    errors = []
    if uci.get(4):
        errors.append(_position_error(r, uci, 5))
    action = uci.get(3)
    if action == _0083_REJECTED:
        status = model.FA_REJECTED
    elif action in (_0083_ACCEPTED, "8"):
        problems = errors or any(s.status != model.FA_ACCEPTED for s in sets)
        status = model.FA_ACCEPTED_WITH_ERRORS if problems else model.FA_ACCEPTED
    else:
        r.error("invalid_code", f"action code {action!r}", uci, 4, None, "4, 7 or 8")
        status = model.FA_REJECTED
    return model.FunctionalAck(
        acknowledged_control_number=uci.get(0),
        functional_id=sets[0].set_type if sets else "",
        status=status,
        sets=sets,
        received_count=len(sets),
        accepted_count=sum(1 for s in sets if s.status != model.FA_REJECTED),
        errors=errors,
    )


def _position_error(r, seg, code_element):
    element, component = seg.get(code_element + 1, 0), seg.get(code_element + 1, 1)
    return model.AckError(
        code=seg.get(code_element - 1),
        segment_id=seg.get(code_element),
        element_position=_int(r, seg, code_element + 2, 1, element),
        component_position=_int(r, seg, code_element + 2, 2, component),
    )


def _int(r, seg, element, component, value):
    if not value:
        return None
    if not value.isdigit():
        r.error("invalid_number", f"position {value!r}", seg, element, component)
        return None
    return int(value)


def _read_set(r, group):
    ucm = group.first("UCM")
    errors = []
    if ucm.get(3):
        errors.append(_position_error(r, ucm, 4))
    for ucs_group in group.group_list("UCS"):
        ucs = ucs_group.first("UCS")
        position = _int(r, ucs, 1, None, ucs.get(0))
        if ucs.get(1):
            errors.append(model.AckError(code=ucs.get(1), segment_position=position))
        for ucd in ucs_group.all("UCD"):
            errors.append(
                model.AckError(
                    code=ucd.get(0),
                    segment_position=position,
                    element_position=_int(r, ucd, 2, 1, ucd.get(1, 0)),
                    component_position=_int(r, ucd, 2, 2, ucd.get(1, 1)),
                )
            )
    action = ucm.get(2)
    if action == _0083_REJECTED:
        status = model.FA_REJECTED
    elif action == _0083_ACCEPTED:
        status = model.FA_ACCEPTED_WITH_ERRORS if errors else model.FA_ACCEPTED
    else:
        r.error("invalid_code", f"action code {action!r}", ucm, 3, None, "4 or 7")
        status = model.FA_REJECTED
    return model.SetAck(ucm.get(1, 0), ucm.get(0), status, errors)


# ------------------------------------------------------ building from a read


def functional_ack(result, *, sender, receiver, control_number, prepared_at):
    """Build an Interchange with one CONTRL per interchange read into ``result``.

    Each CONTRL lists every message of its interchange (UCM 7 accepted, 4
    rejected with UCS/UCD positions and 0085 codes; an accepted message with
    warnings is UCM 7 with a UCS per skipped segment) and the first envelope
    error at UCI level. ``sender``/``receiver`` are our and the partner's
    :class:`~integration_core.edi.model.Identity`.
    """
    controls = []
    for set_result in result.sets:
        if set_result.interchange_control not in controls:
            controls.append(set_result.interchange_control)
    for error in result.errors:
        control = error.location.interchange_control
        if not error.location.set_control and control not in controls:
            controls.append(control)
    for interchange in result.interchanges:
        if interchange.control_number not in controls:
            controls.append(interchange.control_number)
    versions = {ic.control_number: ic.version for ic in result.interchanges}
    documents = [_ack_for(result, control) for control in controls]
    first_version = versions.get(controls[0]) if controls else None
    return model.Interchange(
        standard="EDIFACT",
        version=first_version or "D96A",
        sender=sender,
        receiver=receiver,
        control_number=control_number,
        prepared_at=prepared_at,
        documents=documents,
    )


def _ack_for(result, control):
    sets = []
    for set_result in result.sets:
        if set_result.interchange_control != control:
            continue
        if set_result.accepted:
            # Segments skipped under unknown_segments="warn": UCM 7 with UCS
            # 0085 = 15 (not supported in this position) tells the partner
            # what was ignored while accepting the message.
            errors = _set_errors(set_result.warnings)
            status = model.FA_ACCEPTED_WITH_ERRORS if errors else model.FA_ACCEPTED
        else:
            errors = _set_errors(set_result.errors)
            status = model.FA_REJECTED
        sets.append(
            model.SetAck(
                set_result.set_type[:6] or "UNKNWN",
                set_result.control_number[:14] or "0",
                status,
                errors,
            )
        )
    envelope = [
        e
        for e in result.errors
        if e.location.interchange_control == control and not e.location.set_control
    ]
    usable = any(ic.control_number == control for ic in result.interchanges)
    if not usable:
        for set_ack in sets:
            set_ack.status = model.FA_REJECTED
        status = model.FA_REJECTED
    elif envelope or any(s.status != model.FA_ACCEPTED for s in sets):
        status = model.FA_ACCEPTED_WITH_ERRORS
    else:
        status = model.FA_ACCEPTED
    return model.FunctionalAck(
        acknowledged_control_number=control[:14] or "0",
        functional_id=sets[0].set_type if sets else "",
        status=status,
        sets=sets,
        received_count=len(sets),
        accepted_count=sum(1 for s in sets if s.status != model.FA_REJECTED),
        errors=[_envelope_ack_error(envelope[0])] if envelope else [],
    )


def _code(error):
    return ERROR_CODES_0085.get(error.code, UNSPECIFIED)


def _envelope_ack_error(error):
    location = error.location
    return model.AckError(
        code=_code(error),
        segment_id=location.segment_id[:3],
        element_position=location.element_position,
        component_position=(
            location.component_position
            if location.element_position is not None
            else None
        ),
    )


def _set_errors(errors):
    message_level, positioned = None, []
    for error in errors:
        location = error.location
        if location.segment_position is None:
            if message_level is None:
                message_level = model.AckError(
                    code=_code(error), segment_id=location.segment_id[:3]
                )
            continue
        element = location.element_position
        positioned.append(
            model.AckError(
                code=_code(error),
                segment_position=location.segment_position,
                element_position=element,
                component_position=location.component_position if element else None,
            )
        )
    positioned = _canonical(positioned)[:MAX_UCD]
    return ([message_level] if message_level else []) + positioned


def _canonical(errors):
    """Order positioned errors as the UCS/UCD structure reads them back."""
    by_position = {}
    for error in errors:
        by_position.setdefault(error.segment_position, []).append(error)
    ordered = []
    for position in sorted(by_position):
        group = by_position[position]
        segment_level = [e for e in group if e.element_position is None][:1]
        ordered += segment_level + [e for e in group if e.element_position is not None]
    return ordered
