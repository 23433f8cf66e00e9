package aipolicy.rules.data.blob_public_access_test

import data.aipolicy.lib
import data.aipolicy.rules.data.blob_public_access as rule
import rego.v1

storage(api, props) := {"_meta": {"id": "st", "type": "Microsoft.Storage/storageAccounts", "name": "st"}, "apiVersion": api, "properties": props}

container(props) := {"_meta": {"id": "c", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "st/default/c"}, "properties": props}

test_explicit_true_fails if {
	inp := lib.mock([storage("2023-05-01", {"allowBlobPublicAccess": true})])
	some f in rule.deny with input as inp
	f.path == "properties.allowBlobPublicAccess"
}

test_omitted_before_2023_fails if {
	inp := lib.mock([storage("2022-09-01", {})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_omitted_from_2023_passes if {
	inp := lib.mock([storage("2023-01-01", {})])
	count(rule.deny) == 0 with input as inp
}

test_false_passes if {
	inp := lib.mock([storage("2021-09-01", {"allowBlobPublicAccess": false})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([storage("2021-09-01", {"allowBlobPublicAccess": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp
}

test_public_container_fails if {
	every v in ["Blob", "container"] {
		inp := lib.mock([container({"publicAccess": v})])
		count(rule.deny) == 1 with input as inp
	}
}

test_private_container_passes if {
	every p in [{}, {"publicAccess": "None"}] {
		inp := lib.mock([container(p)])
		count(rule.deny) == 0 with input as inp
	}
}
