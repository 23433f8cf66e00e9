# METADATA
# title: Critical AI APIs fail over across regions
# description: >-
#   The chapter's resilience pattern for APIs is Front Door failover between regions: an origin
#   group with a single origin, or an API Management pool backend with a single member, has nowhere
#   to send prompts when that region's model endpoint fails. Every Front Door origin group must have
#   at least two origins (Microsoft.Cdn/profiles/originGroups/origins children, or Terraform
#   azurerm_cdn_frontdoor_origin resources naming the group), and every API Management backend of
#   type Pool at least two services.
# custom:
#   id: AIP-RES-006
#   severity: low
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, terraform]
#   fix: Add a second origin in another region.
package aipolicy.rules.resilience.regional_failover

import data.aipolicy.lib
import rego.v1

origin_type := "Microsoft.Cdn/profiles/originGroups/origins"

origins(group) := {id |
	some id in lib.sources_of(group, "parent")
	lib.resource(id)._meta.type == origin_type
}

deny contains f if {
	some r in lib.resources("Microsoft.Cdn/profiles/originGroups")
	n := count(origins(r))
	n < 2
	f := lib.finding(r, "", sprintf("Front Door origin group %q has %d origin(s); add one in another region", [lib.text(r._meta.name), n]))
}

deny contains f if {
	some r in lib.resources("Microsoft.ApiManagement/service/backends")
	lib.eq_ci(lib.get(r, ["properties", "type"], "Single"), "Pool")
	services := lib.get(r, ["properties", "pool", "services"], [])
	lib.known(services)
	is_array(services)
	count([s | some s in services; lib.unresolved(s)]) == 0
	count(services) < 2
	f := lib.finding(r, "properties.pool.services", sprintf("API Management pool backend %q has %d member(s); add a backend in another region", [lib.text(r._meta.name), count(services)]))
}
