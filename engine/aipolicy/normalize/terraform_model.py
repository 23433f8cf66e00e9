"""The seam between Terraform resolution (HCL or plan JSON) and the azurerm/kubernetes mapping."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import PathKey


@dataclass
class TfResource:
    """One Terraform resource instance with its values resolved as far as statically possible.

    ``attrs``: attribute values; nested blocks are always lists of dicts (``network_rules: [{...}]``);
    values that stay expressions are ``model.unresolved(text)``.
    ``lines``: attribute path tuple (blocks indexed, e.g. ``("network_rules", 0, "default_action")``)
    -> line in ``file``.
    ``refs``: (attribute path tuple, referenced Terraform address such as
    ``"azurerm_storage_account.sa"`` or ``"module.x.azurerm_key_vault.kv"``).
    """

    tf_type: str
    name: str
    address: str
    file: str
    line: int
    end_line: int
    attrs: dict[str, Any]
    lines: dict[PathKey, int] = field(default_factory=dict)
    provider_major: int = 5
    refs: list[tuple[PathKey, str]] = field(default_factory=list)
    format: str = "terraform"  # or "terraform-plan"
