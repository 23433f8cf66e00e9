# METADATA
# title: GPU training capacity scales to zero when idle
# description: >-
#   Idle GPU nodes are the quietest source of the GPU cost spikes chapter 6 warns about: a training
#   cluster that keeps a minimum of GPU nodes, or waits long before scaling down, bills for
#   accelerators nobody uses. AmlCompute clusters with a GPU VM size must have
#   scaleSettings.minNodeCount 0 and nodeIdleTimeBeforeScaleDown set to at most PT30M (Terraform
#   scale_settings min_node_count / scale_down_nodes_after_idle_duration; AML CLI min_instances /
#   idle_time_before_scale_down in seconds, whose default is 120 s).
# custom:
#   id: AIP-COST-002
#   severity: low
#   pillar: cost
#   checklist: none
#   formats: [arm, bicep, terraform, aml]
#   fix: min 0 nodes and a short idle timeout.
package aipolicy.rules.cost.gpu_scale_to_zero

import data.aipolicy.lib
import rego.v1

# Longest accepted idle time before scale-down, in seconds (PT30M); configurable as
# parameters.AIP-COST-002.max_idle_seconds.
max_idle_seconds := object.get(data.aipolicy.config, ["AIP-COST-002", "max_idle_seconds"], 1800)

gpu_clusters contains {"r": r, "size": size} if {
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces/computes")
	lib.eq_ci(lib.get(r, ["properties", "computeType"], ""), "AmlCompute")
	size := lib.get(r, ["properties", "properties", "vmSize"], "")
	lib.gpu_sku(size)
}

deny contains f if {
	some c in gpu_clusters
	v := lib.get(c.r, ["properties", "properties", "scaleSettings", "minNodeCount"], 0)
	lib.number(v) > 0
	f := lib.finding(c.r, "properties.properties.scaleSettings.minNodeCount", sprintf("GPU compute cluster %q (%s) keeps %v nodes running when idle; set the minimum to 0", [lib.text(c.r._meta.name), c.size, v]))
}

deny contains f if {
	some c in gpu_clusters
	v := lib.get(c.r, ["properties", "properties", "scaleSettings", "nodeIdleTimeBeforeScaleDown"], null)
	v == null
	f := lib.finding(c.r, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", sprintf("GPU compute cluster %q (%s) sets no idle time before scale-down", [lib.text(c.r._meta.name), c.size]))
}

deny contains f if {
	some c in gpu_clusters
	v := lib.get(c.r, ["properties", "properties", "scaleSettings", "nodeIdleTimeBeforeScaleDown"], null)
	s := duration_seconds(v)
	s > max_idle_seconds
	f := lib.finding(c.r, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", sprintf("GPU compute cluster %q (%s) waits %v before scaling idle nodes down, longer than %v seconds", [lib.text(c.r._meta.name), c.size, v, max_idle_seconds]))
}

# ISO 8601 durations (PT30M, PT1H30M, P1D, PT120S). At most 100 digits a field: the arithmetic
# below fails in regorus beyond 1e308.
duration_seconds(v) := s if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^(?i)P(?:([0-9]{1,100})D)?(?:T(?:([0-9]{1,100})H)?(?:([0-9]{1,100})M)?(?:([0-9]{1,100}(?:\.[0-9]+)?)S)?)?$`, trim_space(v), 1)
	count(m) == 1
	g := m[0]
	s := (((part(g[1]) * 24) + part(g[2])) * 60 + part(g[3])) * 60 + part(g[4])
}

part("") := 0

# lib.number, not to_number: regorus's to_number fails on leading zeros (PT05M).
part(x) := lib.number(x) if x != ""
