package aipolicy.rules.identity.federated_credentials_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.federated_credentials as rule
import rego.v1

secret(t) := {"_meta": {"id": "p", "type": t, "name": "ci", "address": "azuread_application_password.ci"}, "display_name": "ci"}

aks(props) := {"_meta": {"id": "aks", "type": rule.cluster_type, "name": "aks1"}, "properties": props}

wi := {"oidcIssuerProfile": {"enabled": true}, "securityProfile": {"workloadIdentity": {"enabled": true}}}

test_application_password_fails if {
	inp := lib.mock([secret("terraform:azuread_application_password")])
	some f in rule.deny with input as inp
	f.resource == "p"
	not f.severity
}

test_service_principal_password_fails if {
	inp := lib.mock([secret("terraform:azuread_service_principal_password")])
	count(rule.deny) == 1 with input as inp
}

test_federated_credential_passes if {
	inp := lib.mock([secret("terraform:azuread_application_federated_identity_credential")])
	count(rule.deny) == 0 with input as inp
}

test_aks_without_workload_identity_is_low if {
	inp := lib.mock([aks({"dnsPrefix": "aks1"})])
	fs := {[f.path, f.severity] | some f in rule.deny with input as inp}
	fs == {["properties.oidcIssuerProfile.enabled", "low"], ["properties.securityProfile.workloadIdentity.enabled", "low"]}
}

test_aks_workload_identity_passes if {
	inp := lib.mock([aks(wi)])
	count(rule.deny) == 0 with input as inp
}

test_aks_oidc_only_fails_once if {
	inp := lib.mock([aks({"oidcIssuerProfile": {"enabled": true}})])
	some f in rule.deny with input as inp
	f.path == "properties.securityProfile.workloadIdentity.enabled"
	count(rule.deny) == 1 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([aks({"oidcIssuerProfile": {"enabled": {"$unresolved": "v"}}, "securityProfile": {"$unresolved": "s"}})])
	count(rule.deny) == 0 with input as inp
}
