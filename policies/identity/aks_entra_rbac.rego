# METADATA
# title: AKS uses Entra ID with Azure RBAC and has local accounts disabled
# description: >-
#   Chapter 6: use Azure RBAC for AKS. The AKS local admin account is a static credential
#   (a client certificate in the kubeconfig) that bypasses Entra ID, Conditional Access and audit
#   by identity; without Azure RBAC, cluster access, including to the GPU nodes, is managed apart
#   from the rest of the estate. Clusters must set aadProfile.enableAzureRBAC true and
#   disableLocalAccounts true, and must not turn Kubernetes RBAC off (enableRBAC false).
# custom:
#   id: AIP-IAM-005
#   severity: high
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Enable Entra integration with Azure RBAC and disable local accounts.
package aipolicy.rules.identity.aks_entra_rbac

import data.aipolicy.lib
import rego.v1

cluster_type := "Microsoft.ContainerService/managedClusters"

deny contains f if {
	some r in lib.resources(cluster_type)
	v := lib.get(r, ["properties", "aadProfile", "enableAzureRBAC"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, "properties.aadProfile.enableAzureRBAC", sprintf("AKS cluster %q does not use Entra ID with Azure RBAC for Kubernetes authorization", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(cluster_type)
	v := lib.get(r, ["properties", "disableLocalAccounts"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, "properties.disableLocalAccounts", sprintf("AKS cluster %q keeps its local admin account (disableLocalAccounts is not true): a static credential that bypasses Entra ID", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(cluster_type)
	v := lib.get(r, ["properties", "enableRBAC"], true)
	lib.falsy(v)
	f := lib.finding(r, "properties.enableRBAC", sprintf("AKS cluster %q has Kubernetes RBAC disabled", [lib.text(r._meta.name)]))
}
