# METADATA
# title: Pipelines use federated (OIDC) credentials, not client secrets
# description: >-
#   Chapter 6: avoid static keys and use federated identities via OIDC. A client secret
#   (azuread_application_password, azuread_service_principal_password) is a long-lived static
#   credential that ends up in CI variables and can be replayed from anywhere; a federated identity
#   credential (GitHub Actions OIDC, AKS workload identity) exchanges a short-lived token instead.
#   AKS clusters should enable the OIDC issuer and workload identity so that pods use federated
#   credentials too (a low-severity finding when either is off).
# custom:
#   id: AIP-IAM-008
#   severity: medium
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [terraform, arm, bicep]
#   fix: Replace client secrets with federated identity credentials (GitHub Actions OIDC, AKS workload identity).
package aipolicy.rules.identity.federated_credentials

import data.aipolicy.lib
import rego.v1

secret_types := {
	"terraform:azuread_application_password": "application",
	"terraform:azuread_service_principal_password": "service principal",
}

cluster_type := "Microsoft.ContainerService/managedClusters"

deny contains f if {
	some t, what in secret_types
	some r in lib.resources(t)
	f := lib.finding(r, "", sprintf("%s creates a long-lived client secret for an Entra ID %s; use a federated identity credential (OIDC) instead", [r._meta.address, what]))
}

deny contains f if {
	some r in lib.resources(cluster_type)
	v := lib.get(r, ["properties", "oidcIssuerProfile", "enabled"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding_sev(r, "properties.oidcIssuerProfile.enabled", sprintf("AKS cluster %q does not enable the OIDC issuer: its workloads cannot use federated credentials", [lib.text(r._meta.name)]), "low")
}

deny contains f if {
	some r in lib.resources(cluster_type)
	v := lib.get(r, ["properties", "securityProfile", "workloadIdentity", "enabled"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding_sev(r, "properties.securityProfile.workloadIdentity.enabled", sprintf("AKS cluster %q does not enable workload identity: pods fall back to secrets to reach Azure", [lib.text(r._meta.name)]), "low")
}
