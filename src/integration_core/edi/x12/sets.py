"""Registry of the transaction sets this codec reads and writes."""

from .. import model
from . import schema, ts810, ts832, ts850, ts855, ts856, ts997

_MODULES = (ts850, ts855, ts856, ts810, ts832)
_BY_SET_ID = {module.SET_ID: module for module in _MODULES}
_BY_SET_ID["997"] = ts997.ACK997
_BY_SET_ID["999"] = ts997.ACK999
_BY_DOCUMENT = {module.DOCUMENT: module for module in _MODULES}

SET_IDS = tuple(sorted(_BY_SET_ID))


def by_set_id(set_id, version=""):
    """Return the handler module/object for ST01 ``set_id``, or ``None``."""
    return _BY_SET_ID.get(set_id)


def structure(handler, version):
    """Return ``handler``'s set table for ``version`` (GS08, e.g. ``005010X222A1``)."""
    key = schema.V5010 if version.startswith("00501") else schema.V4010
    return handler.STRUCTURES[key]


def by_document(document, version):
    """Return the handler for a model document in ``version``, or ``None``.

    A :class:`~..model.FunctionalAck` is a 997 in 004010 and a 999 in 005010.
    """
    if isinstance(document, model.FunctionalAck):
        return ts997.ACK997 if version == schema.V4010 else ts997.ACK999
    return _BY_DOCUMENT.get(type(document))
