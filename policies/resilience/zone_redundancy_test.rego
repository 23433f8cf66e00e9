package aipolicy.rules.resilience.zone_redundancy_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.zone_redundancy as rule
import rego.v1

cluster(pools) := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": pools}}

pool(props) := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpu"}, "properties": props}

agw(extra) := object.union({"_meta": {"id": "agw", "type": "Microsoft.Network/applicationGateways", "name": "agw"}, "properties": {}}, extra)

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_pool_without_zones_fails if {
	inp := lib.mock([cluster([{"name": "system", "availabilityZones": ["1", "2", "3"]}, {"name": "gpu"}])])
	findings(inp) == {["aks", "properties.agentPoolProfiles[1].availabilityZones"]}
}

test_pool_single_zone_fails if {
	inp := lib.mock([pool({"availabilityZones": ["1"]})])
	findings(inp) == {["np", "properties.availabilityZones"]}
}

test_pool_two_zones_pass if {
	inp := lib.mock([pool({"availabilityZones": ["1", "2"]})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_zones_pass if {
	inp := lib.mock([pool({"availabilityZones": {"$unresolved": "var.zones"}}), cluster([{"name": "gpu", "availabilityZones": [{"$unresolved": "var.zone"}]}])])
	count(rule.deny) == 0 with input as inp
}

test_gateway_without_zones_fails if {
	inp := lib.mock([agw({})])
	findings(inp) == {["agw", "zones"]}
}

test_gateway_zones_pass if {
	inp := lib.mock([agw({"zones": ["1", "2", "3"]})])
	count(rule.deny) == 0 with input as inp
}

workload(spec, pod) := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": object.union({"template": {"spec": object.union({"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}, pod)}}, spec),
}

test_replicated_inference_without_spread_low if {
	inp := lib.mock([workload({"replicas": 3}, {})])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.topologySpreadConstraints"
	f.severity == "low"
}

test_spread_on_hostname_only_fails if {
	inp := lib.mock([workload({"replicas": 3}, {"topologySpreadConstraints": [{"topologyKey": "kubernetes.io/hostname", "maxSkew": 1}]})])
	count(rule.deny) == 1 with input as inp
}

test_zone_spread_passes if {
	inp := lib.mock([workload({"replicas": 3}, {"topologySpreadConstraints": [{"topologyKey": "topology.kubernetes.io/zone", "maxSkew": 1, "whenUnsatisfiable": "ScheduleAnyway"}]})])
	count(rule.deny) == 0 with input as inp
}

test_single_replica_out_of_scope if {
	inp := lib.mock([workload({}, {})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_replicas_pass if {
	inp := lib.mock([workload({"replicas": {"$unresolved": "var.replicas"}}, {})])
	count(rule.deny) == 0 with input as inp
}

# Constraints that are no array of objects spread nothing (regorus failed `some .. in` and lib.get
# on them, and the rule with it).
test_odd_constraints_do_not_spread if {
	every tsc in ["x", 7, null, ["x"]] {
		inp := lib.mock([workload({"replicas": 3}, {"topologySpreadConstraints": tsc})])
		count(rule.deny) == 1 with input as inp
	}
}
