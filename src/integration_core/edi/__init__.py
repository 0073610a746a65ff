"""EDI codecs: X12 and EDIFACT readers, writers and validators."""
