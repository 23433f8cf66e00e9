"""``-f junit``: one test suite per control, one test case per control and resource."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from ..pipeline import ScanResult
from . import ReportContext
from .summary import active


def render(result: ScanResult, ctx: ReportContext) -> str:
    findings = active(result)
    suites = ET.Element("testsuites", name="aipolicy", tests="0", failures="0")
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule.id, []).append(f)
    total = failures = 0
    for rule_id in sorted(by_rule):
        group = by_rule[rule_id]
        per_resource: dict[str, list] = {}
        for f in group:
            per_resource.setdefault(f.resource.id, []).append(f)
        suite = ET.SubElement(suites, "testsuite", name=f"{rule_id} {group[0].rule.title}",
                              tests=str(len(per_resource)), failures=str(len(per_resource)))
        for rid, items in per_resource.items():
            first = items[0]
            case = ET.SubElement(suite, "testcase", classname=rule_id, name=first.resource.address,
                                 file=first.resource.file, line=str(first.line))
            failure = ET.SubElement(case, "failure", type=first.severity,
                                    message=f"{first.resource.file}:{first.line}: {first.message}")
            failure.text = "\n".join(f"{f.resource.file}:{f.line}: [{f.severity}] {f.message}" for f in items) + (
                f"\nfix: {first.rule.fix}" if first.rule.fix else "")
        total += len(per_resource)
        failures += len(per_resource)
    if result.errors:
        suite = ET.SubElement(suites, "testsuite", name="parse errors", tests=str(len(result.errors)), errors=str(len(result.errors)))
        for e in result.errors:
            case = ET.SubElement(suite, "testcase", classname="aipolicy.parse", name=e.file, file=e.file, line=str(e.line))
            ET.SubElement(case, "error", message=f"{e.file}:{e.line}: {e.message}")
        total += len(result.errors)
    ok = ET.SubElement(suites, "testsuite", name="scan", tests="1", failures="0")
    ET.SubElement(ok, "testcase", classname="aipolicy", name=f"scanned {result.files} files, {len(result.resources)} resources")
    suites.set("tests", str(total + 1))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
