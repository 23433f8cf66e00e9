"""``aipolicy test``: run the ``test_*`` rules of Rego policy folders with regorus."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .catalog import default_parameters
from .evaluate import Engine
from .policyset import PolicyFile, builtin_dir, load_dir

_TEST_RULE = re.compile(r"^(test_[A-Za-z0-9_]+)\b", re.M)


@dataclass
class TestResult:
    package: str
    name: str
    file: str
    passed: bool
    error: str = ""


def run_tests(dirs: list[str], pattern: str = "") -> list[TestResult]:
    """Load the built-in policies plus ``dirs`` (tests included) and evaluate every test rule."""
    files: list[PolicyFile] = load_dir(builtin_dir())
    seen = {f.path for f in files}
    for d in dirs:
        files += [f for f in load_dir(d) if f.path not in seen]
    engine = Engine(files, default_parameters())
    results: list[TestResult] = []
    for pf in files:
        names = [n for n in dict.fromkeys(_TEST_RULE.findall(pf.text)) if not pattern or pattern in f"{pf.package}.{n}"]
        if not names:
            continue
        verdicts = engine.run_package_tests(pf.package, names)
        results += [TestResult(pf.package, name, pf.path, *verdicts[name]) for name in names]
    return results
