# METADATA
# title: Load balancers and gateways health-probe their backends
# description: >-
#   Chapter 6 pairs Azure Front Door and Application Gateway load balancing with health probes: a
#   gateway that does not probe keeps sending prompts to a model server that has crashed, is still
#   loading weights or lost its GPU. Front Door origin groups must set healthProbeSettings; every
#   backend pool of a classic Front Door must refer to health probe settings; an Application
#   Gateway must define probes and every backendHttpSettingsCollection entry must refer to one.
# custom:
#   id: AIP-RES-005
#   severity: medium
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, terraform]
#   fix: Probe the model server's health route.
package aipolicy.rules.resilience.health_probes

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some r in lib.resources("Microsoft.Cdn/profiles/originGroups")
	lib.get(r, ["properties", "healthProbeSettings"], null) == null
	f := lib.finding(r, "properties.healthProbeSettings", sprintf("Front Door origin group %q does not health-probe its origins", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.Network/frontDoors")
	pools := lib.get(r, ["properties", "backendPools"], [])
	is_array(pools) # regorus fails `some .. in` on a string, number or null
	some i, pool in pools
	is_object(pool)
	lib.get(pool, ["properties", "healthProbeSettings"], null) == null
	f := lib.finding(r, sprintf("properties.backendPools[%d].properties.healthProbeSettings", [i]), sprintf("backend pool %q of Front Door %q has no health probe settings", [lib.text(object.get(pool, "name", "")), lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.Network/applicationGateways")
	probes := lib.get(r, ["properties", "probes"], [])
	lib.known(probes)
	lib.empty(probes) # null too; count(null) fails the rule in regorus
	f := lib.finding(r, "properties.probes", sprintf("Application Gateway %q defines no health probes", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.Network/applicationGateways")
	probes := lib.get(r, ["properties", "probes"], [])
	lib.known(probes)
	not lib.empty(probes)
	collection := lib.get(r, ["properties", "backendHttpSettingsCollection"], [])
	is_array(collection)
	some i, settings in collection
	is_object(settings)
	lib.get(settings, ["properties", "probe"], null) == null
	f := lib.finding(r, sprintf("properties.backendHttpSettingsCollection[%d].properties.probe", [i]), sprintf("backend HTTP settings %q of Application Gateway %q do not use a health probe", [lib.text(object.get(settings, "name", "")), lib.text(r._meta.name)]))
}
