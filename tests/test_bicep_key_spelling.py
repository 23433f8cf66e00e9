"""Bicep resource bodies: keys re-spelled as policies spell them, except under ``tags`` and inside
an object holding the unresolved marker's key (``canonical_keys``' rules, applied while building)."""
from __future__ import annotations

from aipolicy.normalize import Context
from aipolicy.normalize import bicep as normalize_bicep
from aipolicy.normalize.common import canonical_keys
from aipolicy.parsers import bicep

TEMPLATE = """\
param k string = 'Dyn'
var marked = { '$unresolved': 'x', PublicNetworkAccess: 'Enabled', Nested: { MinimumTlsVersion: 'TLS1_0' } }
var plain = { PublicNetworkAccess: 'Disabled', tags: { Foo: 1 }, list: [ { MinimumTlsVersion: 'x' } ] }
resource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  Tags: { PublicNetworkAccess: 'x' }
  properties: {
    PublicNetworkAccess: 'Enabled'
    publicNetworkAccess: 'Disabled'
    '${k}Key': { PublicNetworkAccess: 'z' }
    fromMarked: marked
    fromPlain: plain
    written: { '$unresolved': 'lit', PublicNetworkAccess: 'q' }
    looped: [for i in [1, 2]: { PublicNetworkAccess: i, tags: { MinimumTlsVersion: i } }]
  }
}
resource w 'Microsoft.Web/sites@2023-01-01' = {
  name: 'w'
  '$unresolved': 'top'
  Properties: { HttpsOnly: false }
}
"""


def _bodies() -> dict[str, dict]:
    pf = bicep.parse("main.bicep", TEMPLATE)
    assert pf.errors == []
    return {r.address: r.body for r in normalize_bicep.normalize([pf], Context(load=lambda _: None))}


def test_keys_respelled_as_canonical_keys_would() -> None:
    props = _bodies()["s"]["properties"]
    assert list(props) == ["publicNetworkAccess", "DynKey", "fromMarked", "fromPlain", "written", "looped"]
    assert props["publicNetworkAccess"] == "Disabled"  # two spellings of one key: the last one wins
    assert props["DynKey"] == {"publicNetworkAccess": "z"}  # a computed key kept, its value re-spelled
    assert props["fromMarked"] == {"$unresolved": "x", "PublicNetworkAccess": "Enabled",
                                   "Nested": {"MinimumTlsVersion": "TLS1_0"}}
    assert props["fromPlain"] == {"publicNetworkAccess": "Disabled", "tags": {"Foo": 1},
                                  "list": [{"minimumTlsVersion": "x"}]}
    assert props["written"] == {"$unresolved": "lit", "PublicNetworkAccess": "q"}
    assert props["looped"] == [{"publicNetworkAccess": 1, "tags": {"MinimumTlsVersion": 1}},
                               {"publicNetworkAccess": 2, "tags": {"MinimumTlsVersion": 2}}]
    assert _bodies()["s"]["tags"] == {"PublicNetworkAccess": "x"}


def test_a_body_holding_the_marker_key_is_kept_as_written() -> None:
    body = _bodies()["w"]
    assert body["Properties"] == {"HttpsOnly": False} and body["$unresolved"] == "top"


def test_bodies_are_fixed_points_of_canonical_keys() -> None:
    for body in _bodies().values():
        assert canonical_keys(body) == body
