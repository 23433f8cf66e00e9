# METADATA
# title: AI resources carry a data-classification tag
# description: >-
#   Data classification is part of Chapter 6's data security pillar (Microsoft Purview): a model
#   account, ML workspace, storage account or inference workload whose data classification is not
#   recorded cannot be governed by it, so policies, access reviews and DLP cannot tell a public demo
#   from a service that processes confidential data. Cognitive Services accounts, ML workspaces and
#   storage accounts (and Azure ML endpoints) must carry the classification tag (parameter
#   classification_tag, default data-classification); inference workloads the label or annotation.
# custom:
#   id: AIP-GOV-004
#   severity: low
#   pillar: governance
#   checklist: none
#   formats: [arm, bicep, terraform, kubernetes, aml]
#   fix: Tag resources with their data classification so Purview and policies can act on it.
package aipolicy.rules.governance.classification_tag

import data.aipolicy.lib
import rego.v1

tag := lib.param("AIP-GOV-004", "classification_tag")

tagged_types := {
	"Microsoft.CognitiveServices/accounts",
	"Microsoft.MachineLearningServices/workspaces",
	"Microsoft.Storage/storageAccounts",
}

aml_endpoint_types := {
	"Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
	"Microsoft.MachineLearningServices/workspaces/batchEndpoints",
}

# has_key(map): the map names the tag (Azure tag names are case-insensitive); unknown maps pass.
# An else chain (stops at the first that holds), the tag lowered once.
has_key(m) if {
	is_object(m)
	some k, _ in m
	lower(k) == lower_tag
} else if {
	lib.unresolved(m)
}

# lib.text: a tag configured as a number (2024) failed lower(), and the rule with it.
lower_tag := lower(lib.text(tag))

# r.tags as a plain reference, inside a function (OPA takes `not has_key(r.tags)` with r.tags
# undefined as undefined, not true): absent, the body fails where lib.get gave {} (no key either
# way; a resource itself is never unresolved).
tagged(r) if has_key(r.tags)

# Built once as one array (a partial object of two bodies before); a resource has one type, so
# no resource is listed twice.
azure_resources := array.concat(
	lib.resources_of(tagged_types),
	[r | some r in lib.resources_of(aml_endpoint_types); lib.format(r) == "aml"],
)

deny contains f if {
	some r in azure_resources
	not tagged(r)
	f := lib.finding(r, "tags", sprintf("%q has no %q tag", [lib.text(r._meta.name), lib.text(tag)]))
}

deny contains f if {
	some w in lib.inference_workloads
	not k8s_classified(w)
	f := lib.finding(w, "metadata.labels", sprintf("inference workload %q has no %q label or annotation", [lib.text(w._meta.name), lib.text(tag)]))
}

# An else chain (all bodies of a multi-body function are evaluated), with plain references: an
# absent map (or one under an unresolved metadata) is undefined here, where lib.get gave {} (no
# key) or the marker, which the last test catches (a resource itself is never unresolved).
k8s_classified(w) if {
	has_key(w.metadata.labels)
} else if {
	has_key(w.metadata.annotations)
} else if {
	lib.unresolved(w.metadata)
}
