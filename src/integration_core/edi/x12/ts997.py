"""X12 997 and 999 functional acknowledgements <-> :class:`~..model.FunctionalAck`.

997 (004010): AK1, AK2 loop (AK3 loop with AK4, AK5), AK9.
999 (005010): AK1, AK2 loop (IK3 loop with CTX and IK4 loop, IK5), AK9, per
the 005010X231A1 implementation guide (IK4 loop 99 times, IK304 required).

An :class:`~..model.AckError` with an ``element_position`` is an AK4/IK4
under an AK3/IK3 whose error code is ``8`` (segment has data element
errors); one without is an AK3/IK3 carrying the code itself; one with no
``segment_id`` is a set-level code in AK502-506/IK502-506. Group-level codes
(AK905-909) are ``FunctionalAck.errors`` (codes only).
"""

import types

from .. import model
from . import schema, validate
from .common import element

STATUS_TO_CODE = {
    model.FA_ACCEPTED: "A",
    model.FA_ACCEPTED_WITH_ERRORS: "E",
    model.FA_REJECTED: "R",
}
CODE_TO_STATUS = {
    "A": model.FA_ACCEPTED,
    "E": model.FA_ACCEPTED_WITH_ERRORS,
    "P": model.FA_ACCEPTED_WITH_ERRORS,
    "R": model.FA_REJECTED,
    "M": model.FA_REJECTED,
    "W": model.FA_REJECTED,
    "X": model.FA_REJECTED,
}

SEGMENT_HAS_ELEMENT_ERRORS = "8"
SEGMENTS_IN_ERROR = "5"

_AK3_LOOP = Loop = validate.Loop
_M, _O = validate.M, validate.O

STRUCTURE_997 = Loop(
    "997",
    1,
    [
        _M("AK1"),
        Loop(
            "ak2",
            999999,
            [_M("AK2"), Loop("ak3", 999999, [_M("AK3"), _O("AK4", 99)]), _M("AK5")],
        ),
        _M("AK9"),
    ],
)
STRUCTURE_999 = Loop(
    "999",
    1,
    [
        _M("AK1"),
        Loop(
            "ak2",
            999999,
            [
                _M("AK2"),
                Loop(
                    "ik3",
                    999999,
                    [
                        _M("IK3"),
                        _O("CTX", 10),
                        Loop("ik4", 99, [_M("IK4"), _O("CTX", 10)]),
                    ],
                ),
                _M("IK5"),
            ],
        ),
        _M("AK9"),
    ],
)


def _read(root, ctx, segment_prefix):
    _, ak1 = root["AK1"][0]
    _, ak9 = root["AK9"][0]
    sets = [_read_set_ack(ctx, loop, segment_prefix) for loop in root.get("ak2", ())]
    return model.FunctionalAck(
        acknowledged_control_number=ak1[2],
        functional_id=ak1[1],
        status=CODE_TO_STATUS[ak9[1]],
        sets=sets,
        received_count=int(ak9[3]),
        accepted_count=int(ak9[4]),
        errors=[model.AckError(code) for code in ak9[5:10] if code],
    )


def _read_set_ack(ctx, loop, prefix):
    _, ak2 = loop["AK2"][0]
    errors = []
    segment_tag, element_tag = f"{prefix}3", f"{prefix}4"
    for segment_loop in loop.get(segment_tag.lower(), ()):
        _, ak3 = segment_loop[segment_tag][0]
        segment_id, position = ak3[1], int(ak3[2])
        element_entries = [entry[1] for entry in segment_loop.get(element_tag, ())]
        element_entries += [
            sub[element_tag][0][1] for sub in segment_loop.get(element_tag.lower(), ())
        ]
        if not element_entries:
            errors.append(model.AckError(element(ak3, 4), segment_id, position))
        for ak4 in element_entries:
            components = ak4[1].split(ctx.component)
            errors.append(
                model.AckError(
                    ak4[3],
                    segment_id,
                    position,
                    _int(components[0]),
                    _int(components[1]) if len(components) > 1 else None,
                )
            )
    _, ak5 = loop[f"{prefix}5"][0]
    errors.extend(model.AckError(code) for code in ak5[2:7] if code)
    return model.SetAck(ak2[1], ak2[2], CODE_TO_STATUS[ak5[1]], errors)


def _int(text):
    return int(text) if text.isdigit() else None


def _write(document, writer, prefix):
    status = STATUS_TO_CODE.get(document.status)
    if status is None:
        writer.fail(
            f"status {document.status!r} is unknown", "invalid_value", "accepted..."
        )
    if status == "E" and document.accepted_count < document.received_count:
        status = "P"
    writer.seg("AK1", document.functional_id, document.acknowledged_control_number)
    for set_ack in document.sets:
        where = f"set {set_ack.set_type} {set_ack.control_number}"
        set_status = STATUS_TO_CODE.get(set_ack.status)
        if set_status is None:
            writer.fail(
                f"{where}: status {set_ack.status!r} is unknown", "invalid_value"
            )
        writer.seg("AK2", set_ack.set_type, set_ack.control_number, where=where)
        set_codes = _write_errors(writer, set_ack.errors, prefix, where)
        writer.seg(f"{prefix}5", set_status, *set_codes[:5], where=where)
    writer.seg(
        "AK9",
        status,
        str(document.received_count),
        str(document.received_count),
        str(document.accepted_count),
        *[error.code for error in document.errors][:5],
    )


def _write_errors(writer, errors, prefix, where):
    """Write AK3/AK4 (or IK3/IK4) segments; return the set-level codes."""
    set_codes = []
    previous = None
    for error in errors:
        if not error.segment_id:
            set_codes.append(error.code)
            continue
        key = (error.segment_id, error.segment_position)
        position = "" if error.segment_position is None else str(error.segment_position)
        if error.element_position is None:
            writer.seg(
                f"{prefix}3", error.segment_id, position, "", error.code, where=where
            )
            previous = None
            continue
        if key != previous:
            writer.seg(
                f"{prefix}3",
                error.segment_id,
                position,
                "",
                SEGMENT_HAS_ELEMENT_ERRORS,
                where=where,
            )
            previous = key
        composite = str(error.element_position)
        if error.component_position is not None:
            composite += writer.component + str(error.component_position)
        writer.seg(f"{prefix}4", composite, "", error.code, where=where)
    return set_codes


ACK997 = types.SimpleNamespace(
    SET_ID="997",
    FUNCTIONAL_ID="FA",
    DOCUMENT=model.FunctionalAck,
    STRUCTURE=STRUCTURE_997,
    STRUCTURES={schema.V4010: STRUCTURE_997, schema.V5010: STRUCTURE_997},
    CONVENTION="",
    read=lambda root, ctx: _read(root, ctx, "AK"),
    write=lambda document, writer: _write(document, writer, "AK"),
)
ACK999 = types.SimpleNamespace(
    SET_ID="999",
    FUNCTIONAL_ID="FA",
    DOCUMENT=model.FunctionalAck,
    STRUCTURE=STRUCTURE_999,
    STRUCTURES={schema.V4010: STRUCTURE_999, schema.V5010: STRUCTURE_999},
    CONVENTION="005010X231A1",
    read=lambda root, ctx: _read(root, ctx, "IK"),
    write=lambda document, writer: _write(document, writer, "IK"),
)
