package aipolicy.rules.network.nsg_rules_test

import data.aipolicy.lib
import data.aipolicy.rules.network.nsg_rules as rule
import rego.v1

props(src, port) := {"access": "Allow", "direction": "Inbound", "protocol": "Tcp", "sourceAddressPrefix": src, "destinationPortRange": port, "priority": 100}

nsg(rules) := {"_meta": {"id": "n", "type": "Microsoft.Network/networkSecurityGroups", "name": "n"}, "properties": {"securityRules": rules}}

sep(p) := {"_meta": {"id": "sr", "type": "Microsoft.Network/networkSecurityGroups/securityRules", "name": "n/ssh"}, "properties": p}

test_inline_ssh_from_internet_fails if {
	inp := lib.mock([nsg([{"name": "ok", "properties": props("10.0.0.0/8", "22")}, {"name": "ssh", "properties": props("Internet", "22")}])])
	some f in rule.deny with input as inp
	f.resource == "n"
	f.path == "properties.securityRules[1]"
	count(rule.deny) == 1 with input as inp
}

test_sources_and_ports_variants_fail if {
	every c in [["*", "3389"], ["0.0.0.0/0", "*"], ["internet", "20-25"], ["Any", "3000-4000"]] {
		inp := lib.mock([sep(props(c[0], c[1]))])
		count(rule.deny) == 1 with input as inp
	}
}

test_port_ranges_list_fails if {
	p := json.patch(props("*", ""), [{"op": "add", "path": "/destinationPortRanges", "value": ["443", "22"]}])
	inp := lib.mock([sep(p)])
	some f in rule.deny with input as inp
	f.resource == "sr"
}

test_source_prefixes_list_fails if {
	p := json.patch(props("", "22"), [{"op": "add", "path": "/sourceAddressPrefixes", "value": ["10.0.0.0/8", "0.0.0.0/0"]}])
	inp := lib.mock([sep(p)])
	count(rule.deny) == 1 with input as inp
}

test_https_from_internet_passes if {
	inp := lib.mock([sep(props("Internet", "443"))])
	count(rule.deny) == 0 with input as inp
}

test_deny_and_outbound_pass if {
	d := json.patch(props("*", "22"), [{"op": "replace", "path": "/access", "value": "Deny"}])
	o := json.patch(props("*", "22"), [{"op": "replace", "path": "/direction", "value": "Outbound"}])
	inp := lib.mock([sep(d)])
	count(rule.deny) == 0 with input as inp
	inp2 := lib.mock([sep(o)])
	count(rule.deny) == 0 with input as inp2
}

test_unresolved_source_does_not_fire if {
	inp := lib.mock([sep(props({"$unresolved": "var.src"}, "22"))])
	count(rule.deny) == 0 with input as inp
}

vnet(subnets) := {"_meta": {"id": "v", "type": "Microsoft.Network/virtualNetworks", "name": "v"}, "properties": {"subnets": subnets}}

test_inline_subnet_without_nsg_is_low if {
	inp := lib.mock([vnet([{"name": "GatewaySubnet", "properties": {}}, {"name": "gpu", "properties": {}}, {"name": "web", "properties": {"networkSecurityGroup": {"id": "x"}}}])])
	some f in rule.deny with input as inp
	f.severity == "low"
	f.path == "properties.subnets[1]"
	count(rule.deny) == 1 with input as inp
}

subnet(name, props) := {"_meta": {"id": "s", "type": "Microsoft.Network/virtualNetworks/subnets", "name": name}, "properties": props}

test_subnet_resource_without_nsg_fails if {
	inp := lib.mock([subnet("v/gpu", {})])
	some f in rule.deny with input as inp
	f.severity == "low"
}

test_subnet_with_association_passes if {
	assoc := {"_meta": {"id": "a", "type": "terraform:azurerm_subnet_network_security_group_association", "name": "a"}}
	inp := lib.mock_edges([subnet("v/gpu", {}), assoc], [{"from": "a", "to": "s", "kind": "key_of"}])
	count(rule.deny) == 0 with input as inp
}

test_exempt_subnet_resource_passes if {
	inp := lib.mock([subnet("v/AzureFirewallSubnet", {})])
	count(rule.deny) == 0 with input as inp
}

# Port ranges with leading zeros ("022"): regorus's to_number failed on them, and the rule with it.
test_leading_zero_ports if {
	inp := lib.mock([nsg([
		{"name": "ssh", "properties": props("*", "022")},
		{"name": "all", "properties": props("Internet", "00-065535")},
		{"name": "web", "properties": props("*", "0443")},
	])])
	{f.path | some f in rule.deny with input as inp} == {"properties.securityRules[0]", "properties.securityRules[1]"}
}

# Rule properties and subnet names of other types: object.get and lower failed on them.
test_odd_rule_and_subnet_shapes if {
	inp := lib.mock([nsg([{"name": "x", "properties": "x"}, {"name": "y", "properties": 7}]), sep(null)])
	count(rule.deny) == 0 with input as inp
	inp2 := lib.mock([vnet([{"name": 7, "properties": {}}, {"name": null, "properties": {}}])])
	{f.path | some f in rule.deny with input as inp2} == {"properties.subnets[0]", "properties.subnets[1]"}
}
