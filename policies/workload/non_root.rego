# METADATA
# title: Containers run as non-root without privilege escalation
# description: >-
#   A model server that runs as root, may gain privileges (setuid binaries) or keeps the default
#   Linux capabilities turns any compromise of the inference code into control of the node, its GPUs
#   and the model weights mounted there (the chapter's unauthorized GPU access risk). Every container
#   must run with runAsNonRoot true (set on the container or inherited from the pod securityContext),
#   allowPrivilegeEscalation false (Kubernetes allows escalation when omitted) and capabilities.drop
#   containing ALL.
# custom:
#   id: AIP-K8S-002
#   severity: medium
#   pillar: workload
#   checklist: none
#   formats: [kubernetes]
#   fix: Set a restrictive securityContext.
package aipolicy.rules.workload.non_root

import data.aipolicy.lib
import rego.v1

name(c) := object.get(c.container, "name", "")

# The effective runAsNonRoot: the container's setting, else the pod's, else unset (false).
run_as_non_root(ps, c) := v if {
	v := lib.get(c.container, ["securityContext", "runAsNonRoot"], null)
	v != null
} else := lib.get(ps.spec, ["securityContext", "runAsNonRoot"], false)

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	v := run_as_non_root(ps, c)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.runAsNonRoot", [c.path]), sprintf("container %q of %s %q may run as root (runAsNonRoot is not true on the container or the pod)", [name(c), ps.resource.kind, ps.resource._meta.name]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	v := lib.get(c.container, ["securityContext", "allowPrivilegeEscalation"], true)
	lib.known(v)
	not lib.falsy(v)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path]), sprintf("container %q of %s %q allows privilege escalation (set allowPrivilegeEscalation: false)", [name(c), ps.resource.kind, ps.resource._meta.name]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	drop := lib.get(c.container, ["securityContext", "capabilities", "drop"], [])
	lib.known(drop)
	not drops_all(drop)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.capabilities.drop", [c.path]), sprintf("container %q of %s %q keeps Linux capabilities (capabilities.drop does not include ALL)", [name(c), ps.resource.kind, ps.resource._meta.name]))
}

drops_all(drop) if {
	is_array(drop)
	some d in drop
	lib.eq_ci(d, "ALL")
}

# An unresolved entry may be ALL.
drops_all(drop) if {
	is_array(drop)
	some d in drop
	lib.unresolved(d)
}
