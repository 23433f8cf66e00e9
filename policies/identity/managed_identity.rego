# METADATA
# title: AI resources run with a managed identity
# description: >-
#   Chapter 6 asks for managed identities (preferably a user-assigned identity for pipelines) and
#   no static keys. A workspace, endpoint, compute, AI account or AKS cluster without a managed
#   identity has to reach storage, registries and Key Vault with keys or client secrets kept
#   somewhere. Machine Learning workspaces, online endpoints and computes, Cognitive Services
#   accounts and AKS clusters must have identity.type SystemAssigned, UserAssigned or both (None or
#   a missing identity fails; the Azure ML CLI gives endpoints and workspaces a system-assigned
#   identity by default).
# custom:
#   id: AIP-IAM-001
#   severity: medium
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform, aml]
#   fix: Add identity (prefer a user-assigned identity shared by the pipeline) and grant it RBAC roles.
package aipolicy.rules.identity.managed_identity

import data.aipolicy.lib
import rego.v1

types := {
	"Microsoft.MachineLearningServices/workspaces",
	"Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
	"Microsoft.MachineLearningServices/workspaces/computes",
	"Microsoft.CognitiveServices/accounts",
	"Microsoft.ContainerService/managedClusters",
}

deny contains f if {
	some r in lib.resources_of(types)
	t := lib.get(r, ["identity", "type"], "None")
	lib.known(t)
	not lib.managed_identity_type(t)
	f := lib.finding(r, "identity.type", sprintf("%s %q has no managed identity (%s): it will need keys or secrets to reach other services", [names[r._meta.type], lib.text(r._meta.name), identity_text(r, t)]))
}

names := {
	"Microsoft.MachineLearningServices/workspaces": "ML workspace",
	"Microsoft.MachineLearningServices/workspaces/onlineEndpoints": "online endpoint",
	"Microsoft.MachineLearningServices/workspaces/computes": "ML compute",
	"Microsoft.CognitiveServices/accounts": "AI services account",
	"Microsoft.ContainerService/managedClusters": "AKS cluster",
}

identity_text(r, _) := "no identity block" if not lib.present(r, ["identity", "type"])

identity_text(r, t) := sprintf("identity type %v", [t]) if lib.present(r, ["identity", "type"])
