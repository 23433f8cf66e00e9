# METADATA
# title: Containers declare resource limits
# description: >-
#   Without limits one model server can take a node's memory and starve every other pod, and an
#   unbounded GPU request is the chapter's "unexpected GPU cost spike". Every container (init
#   containers and the KServe predictor model shorthand included) must declare a memory limit and a
#   CPU request, and where it asks for GPUs (nvidia.com/gpu, amd.com/gpu) its GPU request must equal
#   its GPU limit.
# custom:
#   id: AIP-K8S-003
#   severity: medium
#   pillar: workload
#   checklist: none
#   formats: [kubernetes]
#   fix: Declare requests and limits so one model server cannot starve the node.
package aipolicy.rules.workload.resource_limits

import data.aipolicy.lib
import rego.v1

# Containers of a pod spec, plus the KServe predictor's model shorthand; by pod spec id, computed
# once for the three rules.
units := {id: array.concat(lib.pod_containers[id], model_unit(ps)) | some id, ps in lib.pod_specs}

model_unit(ps) := [{"container": m, "path": sprintf("%s.model", [ps.path])}] if {
	ps.resource.kind == "InferenceService"
	m := object.get(ps.spec, "model", null)
	is_object(m)
} else := []

label(ps, c) := sprintf("container %q of %s %q", [lib.text(object.get(c.container, "name", "model")), ps.resource.kind, lib.text(ps.resource._meta.name)])

deny contains f if {
	some id, ps in lib.pod_specs
	some c in units[id]
	not lib.present(c.container, ["resources", "limits", "memory"])
	lib.known(lib.get(c.container, ["resources", "limits", "memory"], null))
	f := lib.finding(ps.resource, sprintf("%s.resources.limits.memory", [c.path]), sprintf("%s has no memory limit", [label(ps, c)]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in units[id]
	not lib.present(c.container, ["resources", "requests", "cpu"])
	lib.known(lib.get(c.container, ["resources", "requests", "cpu"], null))
	f := lib.finding(ps.resource, sprintf("%s.resources.requests.cpu", [c.path]), sprintf("%s has no CPU request", [label(ps, c)]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in units[id]
	gpu_candidate(c.container)
	some gpu in lib.gpu_resources
	req := lib.get(c.container, ["resources", "requests", gpu], null)
	req != null
	lib.known(req)
	lim := lib.get(c.container, ["resources", "limits", gpu], null)
	lib.known(lim)
	not same_quantity(req, lim)
	f := lib.finding(ps.resource, sprintf("%s.resources.limits[%q]", [c.path, lib.text(gpu)]), sprintf("%s requests %v %s but limits %v", [label(ps, c), req, gpu, lim]))
}

# A GPU request or an unresolved object above one: a necessary condition for the rule above (its
# lib.get is non-null only then), tested with plain references before two absent-path gets.
# An else chain (all bodies of a multi-body function are evaluated).
gpu_candidate(container) if {
	some gpu in lib.gpu_resources
	_ = container.resources.requests[gpu]
} else if {
	_ = container.resources["$unresolved"]
} else if {
	_ = container.resources.requests["$unresolved"]
}

same_quantity(a, b) if lib.number(a) == lib.number(b)
