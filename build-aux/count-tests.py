#!/usr/bin/env python3
"""Counts GLib test cases from meson's logs: prints 'PASSED FAILED SKIPPED'.

Each TAP subtest is a case. A test program that failed without a failing
case of its own (a crash, a bail-out) counts as one more failure, so a run
that broke early is never reported as clean.
"""
import json
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for build in sys.argv[1:]:
    logs = f"{build}/meson-logs"
    try:
        root = ET.parse(f"{logs}/testlog.junit.xml").getroot()
    except (OSError, ET.ParseError):
        failed += 1
        continue
    suites_with_failures = set()
    for case in root.iter("testcase"):
        kinds = {child.tag for child in case}
        if "failure" in kinds or "error" in kinds:
            failed += 1
            suites_with_failures.add(case.get("classname"))
        elif "skipped" in kinds:
            skipped += 1
        else:
            passed += 1
    with open(f"{logs}/testlog.json") as f:
        for line in f:
            test = json.loads(line)
            name = f"{test.get('project', 'parallax')}.{test['name']}"
            if test["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and \
                    name not in suites_with_failures:
                failed += 1
print(passed, failed, skipped)
