# METADATA
# title: Subnets have NSGs and no rule opens management or all ports to the internet
# description: >-
#   Environment isolation in chapter 6 is VNets and NSGs. An inbound rule that allows the internet
#   onto SSH (22), RDP (3389) or every port turns the GPU hosts and model servers behind it into
#   targets for brute force and exploitation; a subnet without an NSG has no such filter at all.
#   Security rules (inline in an NSG, reported on the NSG, or separate securityRules resources,
#   reported on themselves) must not allow inbound traffic from *, Internet or 0.0.0.0/0 to ports
#   that include 22, 3389 or all ports; subnets other than GatewaySubnet, AzureFirewallSubnet and
#   AzureBastionSubnet need an NSG (low severity; in Terraform an
#   azurerm_subnet_network_security_group_association counts).
# custom:
#   id: AIP-NET-008
#   severity: high
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform]
#   fix: Restrict sources; reach machines through Bastion or a private network.
package aipolicy.rules.network.nsg_rules

import data.aipolicy.lib
import rego.v1

management_ports := [22, 3389]

open_sources := {"*", "internet", "any", "0.0.0.0/0", "0.0.0.0", "::/0"}

exempt_subnets := {"gatewaysubnet", "azurefirewallsubnet", "azurebastionsubnet"}

# Inline rules: reported on the NSG, at the rule.
deny contains f if {
	some nsg in lib.resources("Microsoft.Network/networkSecurityGroups")
	rules := lib.get(nsg, ["properties", "securityRules"], [])
	is_array(rules)
	some i, rule in rules
	is_object(rule)
	open_to_internet(object.get(rule, "properties", {}))
	f := lib.finding(nsg, sprintf("properties.securityRules[%d]", [i]), sprintf("NSG %q rule %q allows inbound traffic from the internet to %s", [lib.text(nsg._meta.name), lib.text(object.get(rule, "name", i)), ports_text(object.get(rule, "properties", {}))]))
}

# Rules written as separate resources: reported on the rule resource.
deny contains f if {
	some r in lib.resources("Microsoft.Network/networkSecurityGroups/securityRules")
	open_to_internet(object.get(r, "properties", {}))
	f := lib.finding(r, "", sprintf("NSG rule %q allows inbound traffic from the internet to %s", [lib.text(r._meta.name), ports_text(r.properties)]))
}

open_to_internet(p) if {
	is_object(p) # properties written as another value: object.get fails on it in regorus
	lib.eq_ci(object.get(p, "access", ""), "Allow")
	lib.eq_ci(object.get(p, "direction", ""), "Inbound")
	some s in sources(p)
	lib.in_ci(s, open_sources)
	some port in ports(p)
	dangerous(port)
}

sources(p) := array.concat([object.get(p, "sourceAddressPrefix", "")], prefixes) if {
	prefixes := object.get(p, "sourceAddressPrefixes", [])
	is_array(prefixes)
} else := [object.get(p, "sourceAddressPrefix", "")]

ports(p) := array.concat([object.get(p, "destinationPortRange", "")], ranges) if {
	ranges := object.get(p, "destinationPortRanges", [])
	is_array(ranges)
} else := [object.get(p, "destinationPortRange", "")]

# "*", a single port or a range "a-b" that covers 22 or 3389.
dangerous(port) if port == "*"

dangerous(port) if {
	is_string(port)
	some m in management_ports
	covers(trim_space(port), m)
}

dangerous(port) if {
	is_number(port)
	port in management_ports
}

# lib.number, not to_number: regorus's to_number fails on leading zeros ("022", "0-065535").
covers(port, m) if {
	regex.match(`^[0-9]+$`, port)
	lib.number(port) == m
}

covers(port, m) if {
	regex.match(`^[0-9]+-[0-9]+$`, port)
	bounds := split(port, "-")
	lib.number(bounds[0]) <= m
	m <= lib.number(bounds[1])
}

ports_text(p) := concat(", ", [sprintf("%v", [x]) | some x in ports(p); x != ""])

# Subnets without an NSG (low).
deny contains f if {
	some vnet in lib.resources("Microsoft.Network/virtualNetworks")
	subnets := lib.get(vnet, ["properties", "subnets"], [])
	is_array(subnets)
	some i, s in subnets
	is_object(s)
	not exempt(object.get(s, "name", ""))
	not lib.present(s, ["properties", "networkSecurityGroup"])
	f := lib.finding_sev(vnet, sprintf("properties.subnets[%d]", [i]), sprintf("subnet %q of virtual network %q has no network security group", [lib.text(object.get(s, "name", i)), lib.text(vnet._meta.name)]), "low")
}

deny contains f if {
	some s in lib.resources("Microsoft.Network/virtualNetworks/subnets")
	not exempt(last_segment(s._meta.name))
	not lib.present(s, ["properties", "networkSecurityGroup"])
	count(lib.sources_of(s, "key_of")) == 0
	f := lib.finding_sev(s, "", sprintf("subnet %q has no network security group", [lib.text(s._meta.name)]), "low")
}

exempt(name) if {
	is_string(name)
	lower(name) in exempt_subnets
}

exempt(name) if lib.unresolved(name)

last_segment(name) := parts[count(parts) - 1] if parts := split(name, "/")
