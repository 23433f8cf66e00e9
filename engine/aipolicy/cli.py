"""Command line: parse options, call the library, choose the exit code. Nothing else."""
from __future__ import annotations

import gc
import json
import os
import sys
import time
import click

from . import __version__
from .catalog import SEVERITIES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
OUTPUT_FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "checklist", "html")


def _fail(message: str) -> None:
    click.echo(f"aipolicy: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _LazyGroup(click.Group):
    """A group whose heavy subcommands (GitHub API client) are imported only when invoked."""

    lazy = {"github-annotate": ("aipolicy.github.command", "github_annotate")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            import importlib

            module, attr = self.lazy[cmd_name]
            try:
                self.add_command(getattr(importlib.import_module(module), attr))
            except ImportError:
                return None
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aipolicy")
def main() -> None:
    """Guardrails for AI infrastructure as code.

    Reads Bicep, ARM JSON, Terraform (HCL and plan JSON), Kubernetes manifests and Azure ML YAML,
    builds one resource graph and checks it against the security and resilience controls of
    AI platforms (run `aipolicy rules` to list them).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(OUTPUT_FORMATS), help="Output format; repeat with -o for several outputs in one run.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False), help="Write the matching -f output to FILE (default: stdout).")
@click.option("--severity-threshold", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails the run (default: low, or the config's).")
@click.option("--policy-dir", "policy_dirs", multiple=True, type=click.Path(exists=True), help="Extra Rego policies (same contract as the built-in ones).")
@click.option("--skip", multiple=True, metavar="ID", help="Do not run this rule (repeatable).")
@click.option("--only", multiple=True, metavar="ID", help="Run only these rules (repeatable).")
@click.option("--config", "config_path", type=click.Path(), help="Config file (default: .aipolicy.yaml found upward from the first path).")
@click.option("--baseline", "baseline_path", type=click.Path(), help="Leave out findings recorded in this baseline file.")
@click.option("--var-file", "var_files", multiple=True, type=click.Path(), help="Terraform variable file (repeatable).")
@click.option("--param-file", "param_files", multiple=True, type=click.Path(), help="ARM/Bicep parameter file (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Run only the policies given with --policy-dir.")
@click.option("--jobs", type=int, default=0, help="Parallel workers for parsing and evaluation (default: the number of cores).")
@click.option("--strict", is_flag=True, help="Exit 2 when any file cannot be parsed.")
@click.option("--show-unresolved", is_flag=True, help="List values that could not be resolved (json output).")
@click.option("--max-file-size", type=int, default=16, show_default=True, help="Largest file parsed, in MiB (Terraform plans: 256).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the parse cache and the scan memo (the tool's own data stays cached, like bytecode).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when stdout is a terminal).")
@click.option("--context-folders", is_flag=True, help="Read the folders of the given files as context, report only on the files (pre-commit).")
def scan(paths: tuple[str, ...], formats: tuple[str, ...], outputs: tuple[str, ...], severity_threshold: str | None,
         policy_dirs: tuple[str, ...], skip: tuple[str, ...], only: tuple[str, ...], config_path: str | None,
         baseline_path: str | None, var_files: tuple[str, ...], param_files: tuple[str, ...], no_builtin: bool,
         jobs: int, strict: bool, show_unresolved: bool, max_file_size: int, no_cache: bool, color: bool | None,
         context_folders: bool) -> None:
    """Scan PATHS (files or folders; '-' reads one document from stdin) and report findings.

    Exit codes: 0 no finding at or above the threshold, 1 there are, 2 usage error, bad config
    or broken policy (one that does not compile, or fails at run time on these files), or a
    parse error with --strict.
    """
    from . import baseline
    from .config import ConfigError, find_config, load_config
    from .evaluate import PolicyError
    from .pipeline import ScanOptions, blocking, scan as run_scan
    from .progress import Progress
    from .report import ReportContext, formatter

    started = time.perf_counter()
    # A one-shot command whose millions of small objects live to the end and form no cycles worth
    # collecting: the cyclic collector only re-walks them (10k resources: ~10% of the wall time).
    gc.disable()
    click.get_current_context().call_on_close(gc.enable)  # in-process callers (tests) get it back
    paths_list = list(paths) or ["."]
    missing = [p for p in paths_list if p != "-" and not os.path.lexists(p)]
    if missing:
        _fail(f"path does not exist: {missing[0]}")
    if len(outputs) > len(formats) and not (len(formats) == 0 and len(outputs) == 1):
        _fail("give one -f FORMAT for every -o FILE")
    pairs = list(zip(formats or ("text",), list(outputs) + [None] * max(0, len(formats or ("text",)) - len(outputs))))
    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    try:
        cfg = load_config(config_path or find_config(paths_list))
    except ConfigError as exc:
        _fail(str(exc))
    threshold = severity_threshold or cfg.severity_threshold or "low"
    focus: set[str] = set()
    if context_folders:
        from .discover import display_name

        focus = {display_name(p) for p in paths_list if os.path.isfile(p)}
        paths_list = sorted({os.path.dirname(p) or "." for p in paths_list if os.path.isfile(p)}) or paths_list
    opts = ScanOptions(
        paths=paths_list,
        policy_dirs=list(cfg.policy_dirs) + list(policy_dirs),
        builtin=not no_builtin,
        skip=list(cfg.skip) + list(skip),
        only=list(only) or list(cfg.only),
        excludes=list(cfg.exclude),
        var_files=list(cfg.var_files) + list(var_files),
        param_files=list(cfg.param_files) + list(param_files),
        parameters=cfg.parameters,
        severity_overrides=cfg.severity,
        max_file_size=max_file_size * 1024 * 1024,
        jobs=max(jobs, 0),
        cache=not no_cache,
        focus=focus,
    )
    progress = Progress()
    opts.progress = progress
    try:
        result = run_scan(opts)
    except PolicyError as exc:
        progress.close()
        _fail(f"policy error: {exc}")
    progress.close()
    baselined = 0
    if baseline_path:
        try:
            result.findings, baselined = baseline.apply(result.findings, baseline.load(baseline_path))
        except baseline.BaselineError as exc:
            _fail(str(exc))
    for fmt, out in pairs:
        use_color = color if color is not None else (out is None and sys.stdout.isatty())
        ctx = ReportContext(threshold=threshold, color=bool(use_color), duration_s=time.perf_counter() - started,
                            show_unresolved=show_unresolved, baselined=baselined)
        text = formatter(fmt)(result, ctx)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            click.echo(text, nl=False)
    if os.environ.get("AIPOLICY_TIMINGS"):
        timings = dict(result.timings, total=time.perf_counter() - started)
        click.echo(json.dumps({k: round(v, 4) for k, v in timings.items()}), err=True)
    if result.failed_rules:  # a broken policy: its findings are missing, so no verdict is safe
        click.echo(f"aipolicy: error: rules failed at run time, their findings are missing: {', '.join(result.failed_rules)} "
                   "(the report's errors say where; --skip ID runs without them)", err=True)
        sys.exit(EXIT_USAGE)
    if strict and result.errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if blocking(result.findings, threshold) else EXIT_OK)


@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json", "markdown")), default="table")
def rules(fmt: str) -> None:
    """List the control catalog: id, severity, pillar, formats, title."""
    from .catalog import controls, formats_of

    rows = [
        {"id": c["id"], "severity": c["severity"], "pillar": c["pillar"], "checklist": c["checklist"],
         "formats": formats_of(c), "title": c["title"]}
        for c in controls().values()
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    elif fmt == "markdown":
        from .explain import catalog_markdown

        click.echo(catalog_markdown(), nl=False)
    else:
        for r in rows:
            click.echo(f"{r['id']:<13} {r['severity']:<9} {r['pillar']:<11} {','.join(r['formats']):<34} {r['title']}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one control: why it matters, what is checked per format, and the fix."""
    from .explain import explain_text

    text = explain_text(rule_id.upper())
    if text is None:
        _fail(f"unknown rule {rule_id!r} (see `aipolicy rules`)")
    click.echo(text)


@main.command("test")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True))
@click.option("-v", "--verbose", is_flag=True, help="Print every test, not only failures.")
@click.option("--run", "pattern", default="", help="Only tests whose package.name contains this text.")
def test_cmd(dirs: tuple[str, ...], verbose: bool, pattern: str) -> None:
    """Run the Rego unit tests (test_* rules) of the built-in policies and of DIRS."""
    from .evaluate import PolicyError
    from .policytest import run_tests

    try:
        results = run_tests(list(dirs), pattern)
    except PolicyError as exc:
        _fail(f"policy error: {exc}")
    failed = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            status = "PASS" if r.passed else "FAIL"
            click.echo(f"{status}: {r.package}.{r.name} ({r.file})" + (f"\n      {r.error}" if r.error else ""))
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed or not results else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(("json", "dot")), default="json")
@click.option("--var-file", "var_files", multiple=True, type=click.Path())
@click.option("--param-file", "param_files", multiple=True, type=click.Path())
def graph(paths: tuple[str, ...], fmt: str, var_files: tuple[str, ...], param_files: tuple[str, ...]) -> None:
    """Print the normalized resource graph."""
    from .graphview import render_graph
    from .pipeline import ScanOptions, collect

    result = collect(ScanOptions(paths=list(paths) or ["."], var_files=list(var_files), param_files=list(param_files)))
    click.echo(render_graph(result, fmt))


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Baseline file to write.")
@click.option("--config", "config_path", type=click.Path())
def baseline_cmd(paths: tuple[str, ...], output: str, config_path: str | None) -> None:
    """Record the current findings as accepted (later: scan --baseline FILE)."""
    from . import baseline
    from .config import ConfigError, find_config, load_config
    from .evaluate import PolicyError
    from .pipeline import ScanOptions, scan as run_scan

    paths_list = list(paths) or ["."]
    try:
        cfg = load_config(config_path or find_config(paths_list))
        result = run_scan(ScanOptions(paths=paths_list, policy_dirs=cfg.policy_dirs, skip=cfg.skip, only=cfg.only,
                                      excludes=cfg.exclude, parameters=cfg.parameters, severity_overrides=cfg.severity,
                                      var_files=cfg.var_files, param_files=cfg.param_files))
    except (ConfigError, PolicyError) as exc:
        _fail(str(exc))
    n = baseline.write(result.findings, output)
    click.echo(f"wrote {n} findings to {output}")





def entry() -> None:
    """The console script: ``main``, then a prompt exit. Freeing a large scan's graph object by
    object at interpreter shutdown took longer than writing its report (0.3 s at 6k resources),
    so once the outputs are flushed the process ends without tearing the heap down. Exceptions
    (bugs) still unwind and print as usual; in-process callers use ``main``."""
    try:
        main()
        code: int | str | None = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # sys.exit("message"): printed, exit 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
