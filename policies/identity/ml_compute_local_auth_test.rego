package aipolicy.rules.identity.ml_compute_local_auth_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.ml_compute_local_auth as rule
import rego.v1

compute(fmt, props) := {"_meta": {"id": "c", "type": rule.compute_type, "name": "ws/gpu", "format": fmt}, "properties": props}

test_local_auth_fails if {
	inp := lib.mock([compute("bicep", {"computeType": "AmlCompute", "disableLocalAuth": false})])
	some f in rule.deny with input as inp
	f.path == "properties.disableLocalAuth"
}

test_local_auth_omitted_fails if {
	inp := lib.mock([compute("arm", {"computeType": "AmlCompute"})])
	count(rule.deny) == 1 with input as inp
}

test_disabled_passes if {
	inp := lib.mock([compute("terraform", {"computeType": "AmlCompute", "disableLocalAuth": true})])
	count(rule.deny) == 0 with input as inp
}

test_aml_yaml_local_auth_not_checked if {
	inp := lib.mock([compute("aml", {"computeType": "AmlCompute"})])
	count(rule.deny) == 0 with input as inp
}

test_cluster_password_fails if {
	inp := lib.mock([compute("aml", {"computeType": "AmlCompute", "properties": {"userAccountCredentials": {"adminUserName": "azureuser", "adminUserPassword": "S3cret!"}}})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.userAccountCredentials.adminUserPassword"
	not contains(f.message, "S3cret")
}

test_instance_password_fails if {
	inp := lib.mock([compute("aml", {"computeType": "ComputeInstance", "properties": {"sshSettings": {"adminPassword": "pw"}}})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.sshSettings.adminPassword"
}

test_ssh_key_passes if {
	inp := lib.mock([compute("bicep", {"disableLocalAuth": true, "properties": {"userAccountCredentials": {"adminUserName": "azureuser", "adminUserSshPublicKey": "ssh-rsa AAA"}}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([compute("bicep", {"disableLocalAuth": {"$unresolved": "p"}, "properties": {"userAccountCredentials": {"adminUserPassword": {"$unresolved": "adminPassword"}}}})])
	count(rule.deny) == 0 with input as inp
}
