package aipolicy.lib.kubernetes_test

import data.aipolicy.lib
import rego.v1

pod(spec) := {"resource": {"_meta": {"id": "p"}, "kind": "Pod"}, "spec": spec, "path": "spec"}

# `containers:` or `initContainers:` left empty is null; regorus failed `some .. in` on it, and
# with it every rule that reads containers.
test_containers_of_non_arrays if {
	cs := lib.containers(pod({"containers": null, "initContainers": [{"name": "init"}, "x"]}))
	cs == [{"container": {"name": "init"}, "path": "spec.initContainers[0]"}]
	count(lib.containers(pod({"containers": "x", "initContainers": 7}))) == 0
}

test_gpus_of_non_object_resources if {
	lib.container_gpus({"resources": {"limits": null, "requests": {"nvidia.com/gpu": 1}}}) == [1]
	count(lib.container_gpus({"resources": {"limits": "x"}})) == 0
	not lib.requests_gpu(pod({"containers": [{"resources": {"limits": "x"}}], "model": "x"}))
	lib.requests_gpu(pod({"containers": [{"resources": {"limits": {"nvidia.com/gpu": "01"}}}]}))
}
