"""discover → parse → normalize → link → evaluate → post-process, as one library call."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from . import graph
from .cache import UNCACHED_FORMATS, ParseCache
from .catalog import default_parameters, severity_rank
from .discover import Candidate, discover, display_name, family_of
from .evaluate import Denial, Engine, PolicyError, engine_identity
from .findings import Finding, Rule, SuppressionSet, build
from .memo import ReadLog, ScanMemo, digest, files_digest
from .model import Edge, ParsedFile, ParseError, Resource
from .normalize import Context, normalizer_for
from .parallel import Task, default_jobs, parse_tasks
from .policyset import PolicyFile, builtin_dir, load_dir
from .sources import DEFAULT_MAX_FILE_SIZE, PLAN_MAX_FILE_SIZE, read_and_parse, read_source


@dataclass
class ScanOptions:
    paths: list[str]
    policy_dirs: list[str] = field(default_factory=list)
    builtin: bool = True
    skip: list[str] = field(default_factory=list)
    only: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
    var_files: list[str] = field(default_factory=list)
    param_files: list[str] = field(default_factory=list)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity_overrides: dict[str, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # display names of the files to report on; empty = all. The other scanned files are context
    # (cross-file controls: a private endpoint in a sibling file, the node pool a pod lands on).
    focus: set[str] = field(default_factory=set)
    jobs: int = 0  # parse workers; 0: one per core (used only for large scans)
    cache: bool = False  # read and fill the parse cache (the CLI turns it on)
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total), e.g. progress.Progress


@dataclass
class ScanResult:
    files: int
    resources: list[Resource]
    edges: list[Edge]
    findings: list[Finding]
    errors: list[ParseError]
    warnings: list[str]
    notices: list[str]
    skipped_documents: int
    timings: dict[str, float]
    sources: dict[str, str]  # display file -> text, for excerpts
    memo: ScanMemo | None = None  # where this scan's graph and deny sets are memoized, if anywhere
    graph_key: str = ""  # what the graph was built from (memo key of its deny sets)
    failed_rules: list[str] = field(default_factory=list)  # rules that failed at run time: findings missing

    @property
    def unresolved_count(self) -> int:
        return sum(len(r.unresolved) for r in self.resources)


# Formats whose documents come from the YAML parser and are routed per document.
_YAML_ROUTES = {"kubernetes": "kubernetes", "aml:": "aml"}


def load_policies(opts: ScanOptions, with_tests: bool = False) -> list[PolicyFile]:
    files: list[PolicyFile] = []
    if opts.builtin:
        files += load_dir(builtin_dir())
    for d in opts.policy_dirs:
        files += load_dir(d)
    if not opts.builtin:
        lib = [f for f in load_dir(builtin_dir() / "lib")]
        files = lib + files
    return files if with_tests else [f for f in files if not f.is_test]


def active_rules(policies: list[PolicyFile], opts: ScanOptions) -> dict[str, Rule]:
    """Rules by package, after --only/--skip and severity overrides."""
    rules: dict[str, Rule] = {}
    for pf in policies:
        if not pf.package.startswith("aipolicy.rules.") or pf.is_test:
            continue
        rule = Rule.from_policy(pf)
        if opts.only and rule.id not in opts.only:
            continue
        if rule.id in opts.skip:
            continue
        if rule.id in opts.severity_overrides:
            rule.severity = opts.severity_overrides[rule.id]
        rules[pf.package] = rule
    return rules


def parse_all(cands: list[Candidate], max_size: int, stdin_data: bytes | None = None, jobs: int = 1,
              cache: ParseCache | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> list[ParsedFile]:
    """Parse every candidate, results in candidate order: cache hits first, then the misses."""
    out: list[ParsedFile | None] = []
    tasks: list[Task] = []
    slots: list[int] = []
    for i, cand in enumerate(cands):
        if progress:
            progress("reading", i, len(cands))
        src = read_source(cand, max_size, stdin_data if cand.family == "stdin" else None)
        if isinstance(src, ParsedFile):
            out.append(src)
            continue
        fmt, text = src
        key = None
        if cache is not None and cand.family != "stdin" and fmt not in UNCACHED_FORMATS:
            key = cache.key(fmt, cand.display, text)
            hit = cache.get(key, text)
            if hit is not None:
                out.append(hit)
                continue
        slots.append(len(out))
        out.append(None)
        tasks.append((cand, fmt, text, key))
    if progress:
        progress(f"parsing {len(tasks)} files", 0, 0)
    for slot, pf in zip(slots, parse_tasks(tasks, cache, jobs)):
        out[slot] = pf
    return out  # type: ignore[return-value]  # every slot is filled


def _route(parsed: list[ParsedFile]) -> dict[str, list[ParsedFile]]:
    """Group parsed files by the normalizer that reads them."""
    groups: dict[str, list[ParsedFile]] = {}
    for pf in parsed:
        if pf.format in ("none",):
            continue
        if pf.format in ("kubernetes", "aml"):
            for prefix, fmt in _YAML_ROUTES.items():
                if any(d.kind.startswith(prefix) for d in pf.documents):
                    groups.setdefault(fmt, []).append(pf)
            continue
        groups.setdefault(pf.format, []).append(pf)
    return groups


def _loader(max_size: int, cache: dict[str, ParsedFile | None], reads: ReadLog):
    def load(path: str) -> ParsedFile | None:
        key = os.path.abspath(path)
        reads.note_file(key, _read_limit(max_size))
        if key not in cache:
            family = family_of(path)
            if family is None or not os.path.isfile(path):
                cache[key] = None
            else:
                cache[key] = read_and_parse(Candidate(path, display_name(path), family), max_size)
        return cache[key]

    return load


def _dedupe(resources: list[Resource]) -> list[Resource]:
    """One resource per id; a Terraform plan's (fully resolved) view wins over the .tf one."""
    kept: dict[str, Resource] = {}
    for r in resources:
        if r.id not in kept or r.format == "terraform-plan":
            kept[r.id] = r
    return list(kept.values())


def collect(opts: ScanOptions, stdin_data: bytes | None = None) -> ScanResult:
    """discover → parse → normalize → link: a result with resources and edges, no findings yet."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    cands, errors = discover(opts.paths, opts.excludes)
    if "-" in opts.paths:
        cands.append(Candidate("-", "<stdin>", "stdin"))
        if stdin_data is None:
            stdin_data = sys.stdin.buffer.read()
    timings["discover"] = time.perf_counter() - t

    t = time.perf_counter()
    memo = _memo(opts, cands)
    fingerprint = files_digest(cands, _read_limit(opts.max_file_size)) if memo is not None else ""
    if memo is not None:
        stored = memo.graph(fingerprint)
        if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], ScanResult):
            result = stored[1]
            result.memo, result.graph_key = memo, stored[0]
            result.timings = dict(timings, parse=time.perf_counter() - t, normalize=0.0)
            return result
    parse_cache = ParseCache() if opts.cache else None
    parsed = parse_all(cands, opts.max_file_size, stdin_data, opts.jobs or default_jobs(), parse_cache, opts.progress)
    if opts.progress:
        opts.progress("linking", 0, 0)
    timings["parse"] = time.perf_counter() - t

    t = time.perf_counter()
    cache: dict[str, ParsedFile | None] = {os.path.abspath(c.path): p for c, p in zip(cands, parsed)}
    reads = ReadLog()
    ctx = Context(var_files=opts.var_files, param_files=opts.param_files,
                  load=_loader(opts.max_file_size, cache, reads), reads=reads)
    resources: list[Resource] = []
    skipped = 0
    for pf in parsed:
        errors.extend(pf.errors)
        skipped += pf.skipped
    for fmt, files in _route(parsed).items():
        try:
            resources.extend(normalizer_for(fmt)(files, ctx))
        except Exception as exc:  # a normalizer bug must not lose the other formats
            for pf in files:
                errors.append(ParseError(pf.file, 1, f"internal error while reading {fmt}: {type(exc).__name__}: {exc}"))
    errors.extend(ctx.errors)
    resources = _dedupe(resources)
    edges = graph.build_edges(resources)
    timings["normalize"] = time.perf_counter() - t
    result = ScanResult(
        files=len(cands),
        resources=resources,
        edges=edges,
        findings=[],
        errors=sorted(errors, key=lambda e: (e.file, e.line)),
        warnings=[],
        notices=sorted(set(ctx.notices)),
        skipped_documents=skipped,
        timings=timings,
        sources={pf.file: pf.text for pf in cache.values() if pf is not None and pf.text},
    )
    if memo is not None:
        graph_key = digest(fingerprint, reads.fingerprint())
        memo.store_graph(fingerprint, reads, (graph_key, replace(result, timings={})))
        result.memo, result.graph_key = memo, graph_key
    return result


def _read_limit(max_size: int) -> int:
    """Bytes ``read_source`` takes of a file at most: all its verdicts depend on them."""
    return max(max_size, PLAN_MAX_FILE_SIZE) + 1


def _memo(opts: ScanOptions, cands: list[Candidate]) -> ScanMemo | None:
    """The memo slot of these paths and graph-shaping options; none without the cache or for stdin."""
    if not opts.cache or any(c.family == "stdin" for c in cands):
        return None
    shape = [os.getcwd(), *map(os.path.abspath, opts.paths), "\0", *opts.excludes, "\0", *opts.var_files,
             "\0", *opts.param_files, str(opts.max_file_size)]
    return ScanMemo(digest(*shape))


def _deny_sets(result: ScanResult, policies: list[PolicyFile], config: dict[str, Any], packages: list[str],
               jobs: int) -> tuple[tuple[list[Denial], list[PolicyError]], float]:
    """The packages' deny sets on the graph (from the memo when it has them for this graph or this
    Rego input), and the seconds spent compiling the policies (none on a memo hit)."""
    if not result.resources:  # findings attach to resources: without any, there is nothing to evaluate
        return ([], []), 0.0
    memo = result.memo
    identity = digest(*engine_identity(policies, config), *packages) if memo is not None else ""
    found = memo.denials(identity, graph=result.graph_key) if memo is not None else None
    if _deny_pair(found):
        return found, 0.0
    doc = graph.input_json(result.resources, result.edges, config.get("common", {}))
    found = memo.denials(identity, input_text=doc) if memo is not None else None
    if _deny_pair(found):
        return found, 0.0
    t = time.perf_counter()
    engine = Engine(policies, config)
    compile_s = time.perf_counter() - t
    found = engine.denials(doc, packages, jobs)
    if memo is not None:
        memo.store_denials(identity, result.graph_key, doc, found)
    return found, compile_s


def _deny_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, list) for v in value)


def scan(opts: ScanOptions, stdin_data: bytes | None = None) -> ScanResult:
    """The whole pipeline. Raises evaluate.PolicyError for a broken policy."""
    t = time.perf_counter()
    policies = load_policies(opts)
    rules = active_rules(policies, opts)
    config = default_parameters()
    for rid, params in opts.parameters.items():
        config.setdefault(rid, {}).update(params)
    load_s = time.perf_counter() - t
    result = collect(opts, stdin_data)

    t = time.perf_counter()
    if opts.progress:
        opts.progress(f"evaluating {len(rules)} rules on {len(result.resources)} resources", 0, 0)
    (denials, failures), compile_s = _deny_sets(result, policies, config, sorted(rules), opts.jobs or default_jobs())
    result.timings["policies"] = load_s + compile_s
    result.timings["evaluate"] = time.perf_counter() - t - compile_s
    result.errors += [ParseError(_policy_file(policies, e.file), e.line, f"policy failed at run time: {e.message}") for e in failures]
    result.failed_rules = sorted({rules[e.file].id for e in failures if e.file in rules})

    t = time.perf_counter()
    by_id = {r.id: r for r in result.resources}
    result.findings = build(denials, rules, by_id)
    supp = SuppressionSet()
    for file in sorted({r.file for r in result.resources}):
        if file in result.sources:
            supp.add_text(file, result.sources[file])
    for r in result.resources:
        supp.add_data(r)
    supp.apply(result.findings)
    result.warnings = supp.warnings({r.id for r in rules.values()})
    result.timings["findings"] = time.perf_counter() - t
    if opts.focus:
        result.findings = [f for f in result.findings if f.resource.file in opts.focus]
        result.errors = [e for e in result.errors if e.file in opts.focus]
        result.warnings = [w for w in result.warnings if w.split(":", 1)[0] in opts.focus]
    return result


def _policy_file(policies: list[PolicyFile], package: str) -> str:
    return next((p.path for p in policies if p.package == package and not p.is_test), package)


def blocking(findings: list[Finding], threshold: str) -> list[Finding]:
    """Unsuppressed findings at or above the threshold."""
    floor = severity_rank(threshold)
    return [f for f in findings if not f.suppressed and severity_rank(f.severity) >= floor]
