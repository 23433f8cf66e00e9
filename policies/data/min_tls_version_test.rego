package aipolicy.rules.data.min_tls_version_test

import data.aipolicy.lib
import data.aipolicy.rules.data.min_tls_version as rule
import rego.v1

res(t, body) := object.union({"_meta": {"id": "r", "type": t, "name": "r"}}, body)

storage(props) := res("Microsoft.Storage/storageAccounts", {"apiVersion": "2023-05-01", "properties": props})

test_storage_tls10_fails if {
	inp := lib.mock([storage({"minimumTlsVersion": "TLS1_0"})])
	some f in rule.deny with input as inp
	f.path == "properties.minimumTlsVersion"
}

test_storage_tls11_fails if {
	inp := lib.mock([storage({"minimumTlsVersion": "TLS1_1"})])
	count(rule.deny) == 1 with input as inp
}

test_storage_omitted_defaults_to_tls10 if {
	inp := lib.mock([storage({})])
	count(rule.deny) == 1 with input as inp
}

test_storage_tls12_and_13_pass if {
	every v in ["TLS1_2", "tls1_3"] {
		inp := lib.mock([storage({"minimumTlsVersion": v})])
		count(rule.deny) == 0 with input as inp
	}
}

test_unresolved_does_not_fire if {
	inp := lib.mock([storage({"minimumTlsVersion": {"$unresolved": "[parameters('tls')]"}})])
	count(rule.deny) == 0 with input as inp
}

test_web_site_fails_and_passes if {
	bad := lib.mock([res("Microsoft.Web/sites", {"properties": {"siteConfig": {"minTlsVersion": "1.0"}}})])
	some f in rule.deny with input as bad
	f.path == "properties.siteConfig.minTlsVersion"
	good := lib.mock([res("Microsoft.Web/sites", {"properties": {"siteConfig": {"minTlsVersion": "1.3"}}})])
	count(rule.deny) == 0 with input as good
}

test_web_config_child_fails if {
	inp := lib.mock([res("Microsoft.Web/sites/config", {"properties": {"minTlsVersion": "1.1"}})])
	some f in rule.deny with input as inp
	f.path == "properties.minTlsVersion"
}

test_omitted_without_documented_default_passes if {
	every t in ["Microsoft.Web/sites", "Microsoft.Cache/redis", "Microsoft.Sql/servers", "Microsoft.EventHub/namespaces", "Microsoft.ServiceBus/namespaces"] {
		inp := lib.mock([res(t, {"properties": {}})])
		count(rule.deny) == 0 with input as inp
	}
}

test_null_default_passes if {
	inp := lib.mock([res("Microsoft.EventHub/namespaces", {"properties": {"minimumTlsVersion": null}})])
	count(rule.deny) == 0 with input as inp
}

test_redis_sql_eventhub_servicebus_fail if {
	every t in ["Microsoft.Cache/redis", "Microsoft.EventHub/namespaces", "Microsoft.ServiceBus/namespaces"] {
		inp := lib.mock([res(t, {"properties": {"minimumTlsVersion": "1.0"}})])
		count(rule.deny) == 1 with input as inp
	}
	sql := lib.mock([res("Microsoft.Sql/servers", {"properties": {"minimalTlsVersion": "1.1"}})])
	count(rule.deny) == 1 with input as sql
}

test_sql_none_fails if {
	inp := lib.mock([res("Microsoft.Sql/servers", {"properties": {"minimalTlsVersion": "None"}})])
	count(rule.deny) == 1 with input as inp
}

test_storage_omitted_reported_on_resource if {
	inp := lib.mock([storage({"accessTier": "Hot"})])
	some f in rule.deny with input as inp
	f.path == ""
	contains(f.message, "TLS1_0")
}

# "TLS01_0": regorus's to_number failed on the leading zero, and the rule with it.
test_leading_zero_versions if {
	inp := lib.mock([storage({"minimumTlsVersion": "TLS01_0"})])
	count(rule.deny) == 1 with input as inp
	inp2 := lib.mock([storage({"minimumTlsVersion": "TLS01_2"})])
	count(rule.deny) == 0 with input as inp2
}
