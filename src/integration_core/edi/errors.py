"""Typed EDI errors that say exactly where a file is wrong, and reading results.

Every error names the interchange, group and transaction set control numbers,
the segment position and ID, the element position and what was expected, so
that an integration engineer can fix a partner's file without guessing.
"""

import dataclasses

from ..errors import PermanentError


@dataclasses.dataclass(frozen=True)
class Location:
    """Where in an interchange something is.

    ``segment_position`` is 1-based within the transaction set (counting its
    header, as X12 AK3 and EDIFACT CONTRL do); for envelope segments outside
    any set it is 1-based within the file and ``set_control`` is empty.
    """

    interchange_control: str = ""
    group_control: str = ""
    set_control: str = ""
    set_type: str = ""
    segment_position: int | None = None
    segment_id: str = ""
    element_position: int | None = None
    component_position: int | None = None

    def describe(self):
        """Return where this is, for people.

        For example ``interchange 000000123, group 45, set 850 #0001,
        segment 7 PO1, element 3``.
        """
        parts = []
        if self.interchange_control:
            parts.append(f"interchange {self.interchange_control}")
        if self.group_control:
            parts.append(f"group {self.group_control}")
        if self.set_control or self.set_type:
            parts.append(f"set {self.set_type} #{self.set_control}".replace("  ", " "))
        if self.segment_position is not None or self.segment_id:
            position = (
                "" if self.segment_position is None else f" {self.segment_position}"
            )
            parts.append(f"segment{position} {self.segment_id}".rstrip())
        if self.element_position is not None:
            element = f"element {self.element_position}"
            if self.component_position is not None:
                element += f".{self.component_position}"
            parts.append(element)
        return ", ".join(parts) or "start of file"


class EdiError(PermanentError):
    """An interchange, or part of it, cannot be accepted.

    :param code: a stable machine-readable code (``missing_segment``,
        ``element_too_long``, ``bad_count``...) that the functional
        acknowledgement generators map to the standard's error codes.
    :param expected: what the standard expects there, for people.
    """

    def __init__(self, message, *, location=None, code="invalid", expected=""):
        self.location = location or Location()
        self.code = code
        self.expected = expected
        text = f"{self.location.describe()}: {message}"
        if expected:
            text += f" (expected {expected})"
        super().__init__(
            text,
            details={
                "code": code,
                "expected": expected,
                **dataclasses.asdict(self.location),
            },
        )


class EdiSyntaxError(EdiError):
    """The bytes cannot be tokenised: truncated, garbage, wrong delimiters."""


class EdiValidationError(EdiError):
    """Tokenised fine, but breaks the transaction set's rules."""


@dataclasses.dataclass
class SetResult:
    """The outcome of reading one transaction set (X12 ST/SE, EDIFACT UNH/UNT)."""

    set_type: str
    control_number: str
    group_control: str
    interchange_control: str
    document: object | None = None  # a model document when accepted
    errors: list[EdiError] = dataclasses.field(default_factory=list)
    # Problems that do not stop the set from being accepted, e.g. a
    # well-formed segment the standard does not define at that place, read
    # with ``unknown_segments="warn"``.
    warnings: list[EdiError] = dataclasses.field(default_factory=list)

    @property
    def accepted(self):
        return self.document is not None and not self.errors


@dataclasses.dataclass
class ReadResult:
    """Everything a reader found in one file.

    ``interchanges`` hold the accepted documents only; ``sets`` has one entry
    per transaction set, accepted or not; ``errors`` lists every error,
    envelope-level ones included, in file order; ``warnings`` every warning
    of every set (they never make a set rejected).
    """

    interchanges: list = dataclasses.field(default_factory=list)
    sets: list[SetResult] = dataclasses.field(default_factory=list)
    errors: list[EdiError] = dataclasses.field(default_factory=list)
    warnings: list[EdiError] = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def documents(self):
        return [
            doc for interchange in self.interchanges for doc in interchange.documents
        ]
