package aipolicy.rules.data.blob_recovery_test

import data.aipolicy.lib
import data.aipolicy.rules.data.blob_recovery as rule
import rego.v1

account(body) := object.union({"_meta": {"id": "st", "type": rule.account_type, "name": "stmodels"}, "kind": "StorageV2", "properties": {}}, body)

svc(props) := {"_meta": {"id": "bs", "type": rule.blob_service_type, "name": "stmodels/default"}, "properties": props}

good := {"deleteRetentionPolicy": {"enabled": true, "days": 14}, "isVersioningEnabled": true}

test_account_without_blob_service_fails if {
	inp := lib.mock([account({})])
	some f in rule.deny with input as inp
	f.resource == "st"
	f.path == ""
}

test_file_storage_skipped if {
	inp := lib.mock([account({"kind": "FileStorage"})])
	count(rule.deny) == 0 with input as inp
}

test_child_by_name_good_passes if {
	inp := lib.mock([account({}), svc(good)])
	count(rule.deny) == 0 with input as inp
}

test_child_by_parent_edge if {
	s := json.patch(svc({"isVersioningEnabled": true}), [{"op": "replace", "path": "/_meta/name", "value": "default"}])
	inp := lib.mock_edges([account({}), s], [{"from": "bs", "to": "st", "kind": "parent"}])
	some f in rule.deny with input as inp
	f.resource == "bs"
	f.path == "properties"
	count(rule.deny) == 1 with input as inp
}

test_short_retention_fails if {
	inp := lib.mock([account({}), svc({"deleteRetentionPolicy": {"enabled": true, "days": 3}, "isVersioningEnabled": true})])
	some f in rule.deny with input as inp
	f.path == "properties.deleteRetentionPolicy.days"
}

test_versioning_off_fails if {
	inp := lib.mock([account({}), svc({"deleteRetentionPolicy": {"enabled": true, "days": 7}, "isVersioningEnabled": false})])
	some f in rule.deny with input as inp
	f.path == "properties.isVersioningEnabled"
}

test_terraform_blob_properties if {
	bad := lib.mock([account({"properties": {"blobServiceProperties": {"deleteRetentionPolicy": {"enabled": false}, "isVersioningEnabled": false}}})])
	count(rule.deny) == 2 with input as bad
	ok := lib.mock([account({"properties": {"blobServiceProperties": good}})])
	count(rule.deny) == 0 with input as ok
}

test_unresolved_does_not_fire if {
	inp := lib.mock([account({}), svc({"deleteRetentionPolicy": {"enabled": {"$unresolved": "p"}, "days": {"$unresolved": "d"}}, "isVersioningEnabled": {"$unresolved": "v"}})])
	count(rule.deny) == 0 with input as inp
}

# Blob service properties that are no object are skipped, as on accounts (lib.get failed on them).
test_non_object_service_properties_skipped if {
	every props in ["x", 7, null] {
		inp := lib.mock([account({}), svc(props)])
		count(rule.deny) == 0 with input as inp
	}
}
