package aipolicy.rules.network.compute_public_access_test

import data.aipolicy.lib
import data.aipolicy.rules.network.compute_public_access as rule
import rego.v1

compute(fmt, ctype, inner) := {"_meta": {"id": "c", "type": rule.compute_type, "name": "ws/c", "format": fmt}, "properties": {"computeType": ctype, "properties": inner}}

test_public_ip_default_fails if {
	inp := lib.mock([compute("aml", "AmlCompute", {})])
	some f in rule.deny with input as inp
	f.path == ""
	count(rule.deny) == 1 with input as inp
}

test_public_ip_true_fails if {
	inp := lib.mock([compute("terraform", "ComputeInstance", {"enableNodePublicIp": true})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.enableNodePublicIp"
}

test_private_cluster_in_subnet_passes if {
	inp := lib.mock([compute("bicep", "AmlCompute", {"enableNodePublicIp": false, "subnet": {"id": "/subscriptions/x/subnets/s"}})])
	count(rule.deny) == 0 with input as inp
}

test_arm_cluster_without_subnet_not_specified_fails if {
	inp := lib.mock([compute("arm", "AmlCompute", {"enableNodePublicIp": false})])
	some f in rule.deny with input as inp
	contains(f.message, "SSH")
}

test_terraform_cluster_omitted_ssh_passes if {
	inp := lib.mock([compute("terraform", "AmlCompute", {"enableNodePublicIp": false})])
	count(rule.deny) == 0 with input as inp
}

test_cluster_ssh_enabled_fails if {
	inp := lib.mock([compute("aml", "AmlCompute", {"enableNodePublicIp": false, "remoteLoginPortPublicAccess": "Enabled"})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.remoteLoginPortPublicAccess"
}

test_cluster_ssh_disabled_passes if {
	inp := lib.mock([compute("arm", "AmlCompute", {"enableNodePublicIp": false, "remoteLoginPortPublicAccess": "Disabled"})])
	count(rule.deny) == 0 with input as inp
}

test_instance_ssh_enabled_fails if {
	inp := lib.mock([compute("bicep", "ComputeInstance", {"enableNodePublicIp": false, "sshSettings": {"sshPublicAccess": "Enabled"}})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.sshSettings.sshPublicAccess"
}

test_unresolved_does_not_fire if {
	inp := lib.mock([compute("bicep", "AmlCompute", {"enableNodePublicIp": {"$unresolved": "p"}, "remoteLoginPortPublicAccess": {"$unresolved": "q"}})])
	count(rule.deny) == 0 with input as inp
}

test_other_compute_types_ignored if {
	inp := lib.mock([compute("bicep", "Kubernetes", {})])
	count(rule.deny) == 0 with input as inp
}
