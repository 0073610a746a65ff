"""Print the counts of a pytest JUnit XML report as shell-friendly words.

Usage: junit_counts.py REPORT.xml
Output: "<passed> <failed> <errors> <skipped> <total>" (failed counts the
failures, errors counts collection and fixture errors).
"""

import sys
import xml.etree.ElementTree as ET


def counts(path: str) -> tuple[int, int, int, int, int]:
    """Return (passed, failed, errors, skipped, total) summed over suites."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = errors = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    passed = max(total - failed - errors - skipped, 0)
    return passed, failed, errors, skipped, total


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    try:
        result = counts(argv[0])
    except (OSError, ET.ParseError) as exc:
        sys.stderr.write(f"junit_counts: cannot read {argv[0]}: {exc}\n")
        return 1
    sys.stdout.write(" ".join(str(value) for value in result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
