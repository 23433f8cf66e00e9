# Kubernetes helpers: pod specs, containers, GPU requests, inference workloads, selectors.
package aipolicy.lib

import rego.v1

k8s_kind(r) := r.kind

# pod_specs: {"resource", "spec", "path"} for every workload (KServe predictor included), keyed
# by resource id (iterate with `some ps in lib.pod_specs`). Objects keyed by id, not sets of
# resources: a set would hash every whole resource.
# Kubernetes types only, by the type index: a scan without Kubernetes resources pays nothing
# (every resource was visited before).
pod_specs := {id: {"resource": r, "spec": spec, "path": concat(".", p)} |
	some t, ids in input.by_type
	startswith(t, "k8s:")
	some id in ids
	r := input.resources[id]
	p := r._meta.pod_spec
	spec := object.get(r, p, null)
	is_object(spec)
}

# pod_containers[id]: containers(ps) of the pod spec pod_specs[id], computed once per evaluation
# for all the rules that iterate them (iterate with `some id, ps in lib.pod_specs;
# some c in lib.pod_containers[id]`).
pod_containers := {id: containers(ps) | some id, ps in pod_specs}

# containers(ps): {"container", "path"} of a pod spec (init containers included). A list that is
# not an array (`containers:` left empty is null) holds none: regorus fails `some .. in` on it.
containers(ps) := [c |
	some field in ["containers", "initContainers"]
	list := object.get(ps.spec, field, [])
	is_array(list)
	some i, container in list
	is_object(container)
	c := {"container": container, "path": sprintf("%s.%s[%d]", [ps.path, field, i])}
]

gpu_resources := {"nvidia.com/gpu", "amd.com/gpu"}

container_gpus(container) := [n |
	some section in ["limits", "requests"]
	quantities := object.get(container, ["resources", section], {})
	is_object(quantities)
	some name, n in quantities
	name in gpu_resources
]

# requests_gpu(ps): a container of the pod spec requests or limits GPUs (KServe model shorthand too).
# Like inference(ps), computed by the engine (input.views.requests_gpu) and derived here without views.
# An else chain: with views, one lookup (the derived bodies all start with `not input.views`).
requests_gpu(ps) if {
	input.views.requests_gpu[ps.resource._meta.id]
} else if {
	not input.views
	_derived_requests_gpu(ps)
}

_derived_requests_gpu(ps) if {
	some c in containers(ps)
	some n in container_gpus(c.container)
	number(n) > 0
}

_derived_requests_gpu(ps) if {
	model := object.get(ps.spec, "model", {})
	is_object(model)
	some n in container_gpus(model)
	number(n) > 0
}

model_server_image(image) if {
	is_string(image)
	some pattern in common("model_server_images")
	contains(lower(image), pattern)
}

# inference(ps): requests GPUs, is a KServe InferenceService, or runs a known model-server image.
# The engine computes it for every pod spec (input.views.inference, graph.py); unit-test inputs
# (lib.mock) have no views and derive it here.
inference(ps) if {
	input.views.inference[ps.resource._meta.id]
} else if {
	not input.views
	_derived_inference(ps)
}

_derived_inference(ps) if requests_gpu(ps)

_derived_inference(ps) if ps.resource.kind == "InferenceService"

_derived_inference(ps) if {
	some c in containers(ps)
	model_server_image(c.container.image)
}

# Inference workloads as resources, keyed by id.
# A complete rule (computed once, then indexed): a partial object is evaluated again on each
# inference_workloads[id] lookup in regorus.
inference_workloads := {id: input.resources[id] |
	some id, yes in input.views.inference
	yes
} if {
	input.views
} else := {id: ps.resource |
	some id, ps in pod_specs
	inference(ps)
}

is_inference(r) if inference_workloads[r._meta.id]

namespace(r) := object.get(r, ["metadata", "namespace"], "default")

# Workloads a Service / PDB / NetworkPolicy / Ingress-routed Service selects (graph edges).
selected(r) := {input.resources[id] | some id in targets_of(r, "selects")}
