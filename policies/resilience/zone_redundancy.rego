# METADATA
# title: Node pools and gateways span availability zones
# description: >-
#   Availability Zones are the chapter's first resilience measure: deploy across multiple zones so
#   that a datacentre failure does not take inference down. Every AKS node pool (inline
#   agentPoolProfiles, Terraform default_node_pool included, or a separate agentPools resource) must
#   list at least two availabilityZones, and every Application Gateway at least two zones; inference
#   Deployments and StatefulSets that run more than one replica should spread them with a
#   topologySpreadConstraints entry on topology.kubernetes.io/zone (low).
# custom:
#   id: AIP-RES-001
#   severity: medium
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, terraform, kubernetes]
#   fix: Spread pools and gateways across zones 1, 2 and 3.
package aipolicy.rules.resilience.zone_redundancy

import data.aipolicy.lib
import rego.v1

zone_key := "topology.kubernetes.io/zone"

# An else chain (all bodies of a multi-body function are evaluated), the count before the scan
# for unresolved entries.
single_zone(zones) if {
	zones == null
} else if {
	is_array(zones)
	count(zones) < 2
	count([z | some z in zones; lib.unresolved(z)]) == 0
}

deny contains f if {
	some np in lib.node_pools
	zones := lib.get(np.pool, ["availabilityZones"], null)
	single_zone(zones)
	f := lib.finding(np.resource, sprintf("%s.availabilityZones", [np.path]), sprintf("node pool %q of %q is not spread across availability zones", [lib.text(object.get(np.pool, "name", np.resource._meta.name)), lib.text(np.resource._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.Network/applicationGateways")
	zones := lib.get(r, ["zones"], null)
	single_zone(zones)
	f := lib.finding(r, "zones", sprintf("Application Gateway %q is not spread across availability zones", [lib.text(r._meta.name)]))
}

deny contains f if {
	some id, w in lib.inference_workloads
	w.kind in {"Deployment", "StatefulSet"}
	ps := lib.pod_specs[id]
	replicas := lib.number(lib.get(ps.resource, ["spec", "replicas"], 1))
	replicas > 1
	constraints := lib.get(ps.spec, ["topologySpreadConstraints"], [])
	lib.known(constraints)
	not spreads_zones(constraints)
	f := lib.finding_sev(ps.resource, sprintf("%s.topologySpreadConstraints", [ps.path]), sprintf("inference %s %q runs %v replicas without a topology spread constraint on %s", [ps.resource.kind, lib.text(ps.resource._meta.name), replicas, zone_key]), "low")
}

# One pass over the constraints: a zone key, or an unresolved one.
# Other values than an array of objects spread nothing (regorus fails `some .. in` and lib.get on them).
spreads_zones(constraints) if {
	is_array(constraints)
	some c in constraints
	is_object(c)
	zone_or_unknown(lib.get(c, ["topologyKey"], ""))
}

zone_or_unknown(key) if {
	key == zone_key
} else if {
	lib.unresolved(key)
}
