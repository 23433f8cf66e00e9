# METADATA
# title: Containers are not privileged and do not share host namespaces or paths
# description: >-
#   Unauthorized GPU access is one of the chapter's inference-API risks: a privileged container, a pod
#   on the host's network, PID or IPC namespace, or a hostPath mount (typically /dev/nvidia*) reaches
#   the node's GPUs, other tenants' model weights and the kubelet outside the scheduler's control.
#   Pods must get GPUs through the device plugin instead. Fails on securityContext.privileged true,
#   hostNetwork, hostPID or hostIPC true, and hostPath volumes, for every workload (Terraform
#   kubernetes provider and KServe predictors included). DaemonSets in the exempt namespaces that
#   run a GPU device-plugin or driver image (rule parameters) are exempt.
# custom:
#   id: AIP-K8S-001
#   severity: high
#   pillar: workload
#   checklist: none
#   formats: [kubernetes, terraform]
#   fix: Use the device plugin for GPU access instead of privileged mode or hostPath /dev mounts.
package aipolicy.rules.workload.privileged_host_access

import data.aipolicy.lib
import rego.v1

rule_id := "AIP-K8S-001"

host_namespaces := ["hostNetwork", "hostPID", "hostIPC"]

# A GPU device-plugin / driver DaemonSet in an exempt namespace.
exempt(ps) if {
	ps.resource.kind == "DaemonSet"
	lib.namespace(ps.resource) in lib.param(rule_id, "exempt_daemonset_namespaces")
	some c in lib.containers(ps)
	image := c.container.image
	is_string(image)
	some pattern in lib.param(rule_id, "exempt_daemonset_images")
	contains(lower(image), lower(pattern))
}

deny contains f if {
	some ps in lib.pod_specs
	not exempt(ps)
	some field in host_namespaces
	ps.spec[field] == true # lib.is_true(lib.get(ps.spec, [field], false)) without the get (~10 µs when absent)
	f := lib.finding(ps.resource, sprintf("%s.%s", [ps.path, field]), sprintf("%s %q shares the node's %s namespace (%s: true)", [ps.resource.kind, lib.text(ps.resource._meta.name), lower(trim_prefix(field, "host")), field]))
}

deny contains f if {
	some ps in lib.pod_specs
	not exempt(ps)
	# lib.get(ps.spec, ["volumes"], []), is_object(v) and lib.present(v, ["hostPath"]) as plain
	# references: an absent, unresolved or non-object value iterates or holds nothing here either
	# (a reference, not `some i, v in`: regorus fails that on a string, number or null, as
	# `volumes:` left empty is).
	some i
	v := ps.spec.volumes[i]
	host_path := v.hostPath
	host_path != "__absent__"
	path := lib.get(v, ["hostPath", "path"], "")
	f := lib.finding(ps.resource, sprintf("%s.volumes[%d].hostPath", [ps.path, i]), sprintf("%s %q mounts the node path %v through hostPath volume %q", [ps.resource.kind, lib.text(ps.resource._meta.name), path, lib.text(object.get(v, "name", ""))]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	not exempt(ps)
	some c in lib.pod_containers[id]
	c.container.securityContext.privileged == true # lib.is_true(lib.get(...)) without the get
	f := lib.finding(ps.resource, sprintf("%s.securityContext.privileged", [c.path]), sprintf("container %q of %s %q runs privileged", [lib.text(object.get(c.container, "name", "")), ps.resource.kind, lib.text(ps.resource._meta.name)]))
}
