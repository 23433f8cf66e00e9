"""ARM resource bodies: keys re-spelled as policies spell them, except under ``tags`` and inside an
object holding the unresolved marker's key (``canonical_keys``' rules, applied while materializing)."""
from __future__ import annotations

import json

from aipolicy.normalize import Context
from aipolicy.normalize import arm as normalize_arm
from aipolicy.normalize.common import canonical_keys
from aipolicy.parsers import arm

TEMPLATE = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "parameters": {
        "p": {"type": "object", "defaultValue": {"$unresolved": "x", "PublicNetworkAccess": "a"}},
        "q": {"type": "object", "defaultValue": {"PublicNetworkAccess": "a", "Tags": {"MinimumTlsVersion": "b"}}},
    },
    "variables": {"v": {"PublicNetworkAccess": "Disabled", "tags": {"PublicNetworkAccess": 1}}},
    "resources": [{
        "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st",
        "Location": "westeurope", "Tags": {"PublicNetworkAccess": "x"},
        "Properties": {
            "PublicNetworkAccess": "Enabled", "publicNetworkAccess": "[parameters('p')]",
            "fromQ": "[parameters('q')]", "fromVar": "[variables('v')]",
            "written": {"$unresolved": "lit", "PublicNetworkAccess": "q"},
            "copy": [{"name": "rules", "count": 2, "input": {"Value": "[copyIndex('rules')]", "tags": {"A": 1}}}],
            "list": [{"MinimumTlsVersion": "[reference('x').y]"}],
        },
    }],
}


def _resources() -> dict[str, object]:
    pf = arm.parse("t.json", json.dumps(TEMPLATE, indent=2))
    return {r.address: r for r in normalize_arm.normalize([pf], Context(load=lambda _: None))}


def test_keys_respelled_as_canonical_keys_would() -> None:
    res = _resources()["Microsoft.Storage/storageAccounts/st"]
    assert list(res.body) == ["type", "name", "location", "tags", "properties", "apiVersion"]
    assert res.body["tags"] == {"PublicNetworkAccess": "x"}
    props = res.body["properties"]
    assert props["publicNetworkAccess"] == {"$unresolved": "x", "PublicNetworkAccess": "a"}  # the last spelling
    assert props["fromQ"] == {"publicNetworkAccess": "a", "tags": {"MinimumTlsVersion": "b"}}
    assert props["fromVar"] == {"publicNetworkAccess": "Disabled", "tags": {"PublicNetworkAccess": 1}}
    assert props["written"] == {"$unresolved": "lit", "PublicNetworkAccess": "q"}
    assert props["rules"] == [{"value": 0, "tags": {"A": 1}}, {"value": 1, "tags": {"A": 1}}]
    assert props["list"] == [{"minimumTlsVersion": {"$unresolved": "[reference('x').y]"}}]
    assert ("properties.list[0].minimumTlsVersion", res.lines["properties.list[0].minimumTlsVersion"]) in res.unresolved


def test_parameter_defaults_are_kept_as_written() -> None:
    assert _resources()["parameters.q"].body["default"] == {"PublicNetworkAccess": "a", "Tags": {"MinimumTlsVersion": "b"}}


def test_bodies_are_fixed_points_of_canonical_keys() -> None:
    res = _resources()["Microsoft.Storage/storageAccounts/st"]
    assert canonical_keys(res.body) == res.body
