"""``aipolicy explain``: one control from the catalog, with the example from its policy folder."""
from __future__ import annotations

import textwrap

from .catalog import controls, formats_of
from .policyset import builtin_dir, load_dir

_CHECK_NAMES = {"arm_bicep": "ARM / Bicep", "terraform": "Terraform", "kubernetes": "Kubernetes", "aml_yaml": "Azure ML YAML"}


def _policy_description(rule_id: str) -> str:
    for pf in load_dir(builtin_dir()):
        if pf.rule_id == rule_id:
            return str(pf.metadata.get("description") or "").strip()
    return ""


def explain_text(rule_id: str) -> str | None:
    control = controls().get(rule_id)
    if control is None:
        return None
    wrap = lambda s, indent="  ": textwrap.fill(" ".join(str(s).split()), 96, initial_indent=indent, subsequent_indent=indent)
    out = [
        f"{control['id']}  {control['title']}",
        f"severity: {control['severity']}   pillar: {control['pillar']}   checklist: {control['checklist']}",
        f"formats: {', '.join(formats_of(control))}",
        "",
    ]
    if control.get("seed"):
        out += ["Why (chapter 6):", wrap(control["seed"]), ""]
    description = _policy_description(rule_id)
    if description:
        out += ["What it means:", wrap(description), ""]
    out.append("What is checked:")
    for key, text in (control.get("checks") or {}).items():
        out.append(f"  {_CHECK_NAMES.get(key, key)}:")
        out.append(wrap(text, "    "))
    if control.get("parameters"):
        params = ", ".join(f"{k}={v}" for k, v in control["parameters"].items())
        out += ["", f"Parameters (override in .aipolicy.yaml under parameters.{rule_id}): {params}"]
    if control.get("note"):
        out += ["", "Note:", wrap(control["note"])]
    out += ["", "Fix:", wrap(control["fix"])]
    out += ["", f"Suppress one occurrence: # aipolicy:ignore {rule_id} -- <reason>"]
    return "\n".join(out)
