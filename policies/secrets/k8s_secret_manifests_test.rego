package aipolicy.rules.secrets.k8s_secret_manifests_test

import data.aipolicy.lib
import data.aipolicy.rules.secrets.k8s_secret_manifests as rule
import rego.v1

secret(body) := object.union({"_meta": {"id": "s", "type": "k8s:core/Secret", "name": "openai"}, "kind": "Secret"}, body)

test_data_fails if {
	inp := lib.mock([secret({"type": "Opaque", "data": {"api-key": "c2stYWJj"}})])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.path == "data"
	not contains(f.message, "c2stYWJj")
}

test_string_data_fails_default_type if {
	inp := lib.mock([secret({"stringData": {"api-key": "sk-abc"}})])
	some f in rule.deny with input as inp
	f.path == "stringData"
}

test_both_fields_two_findings if {
	inp := lib.mock([secret({"data": {"a": "eA=="}, "stringData": {"b": "x"}})])
	count(rule.deny) == 2 with input as inp
}

test_empty_secret_passes if {
	inp := lib.mock([secret({"type": "Opaque", "data": {}}), object.union(secret({"data": {"k": ""}}), {"_meta": {"id": "s2", "type": "k8s:core/Secret", "name": "e"}})])
	count(rule.deny) == 0 with input as inp
}

test_service_account_token_passes if {
	inp := lib.mock([secret({"type": "kubernetes.io/service-account-token", "data": {"token": "ZXlK"}})])
	count(rule.deny) == 0 with input as inp
}

test_terraform_values_from_variables_pass if {
	inp := lib.mock([secret({"data": {"password": {"$unresolved": "var.pw"}, "key": {"$unresolved": "azurerm_storage_account.st.primary_access_key"}}})])
	count(rule.deny) == 0 with input as inp
}

test_terraform_literal_among_variables_fails if {
	inp := lib.mock([secret({"data": {"username": "admin", "password": {"$unresolved": "var.pw"}}})])
	some f in rule.deny with input as inp
	contains(f.message, "username")
	not contains(f.message, "password")
}

test_unresolved_data_passes if {
	inp := lib.mock([secret({"data": {"$unresolved": "local.secret_data"}})])
	count(rule.deny) == 0 with input as inp
}
