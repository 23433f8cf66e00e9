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

# The three settings read as lib.get would (the value, else an unresolved object above it, else
# the fallback), with static references: about half the cost of lib.get, twice that when absent.

# The effective runAsNonRoot: the container's setting, else the pod's, else unset (false).
run_as_non_root(ps, c) := v if {
	v := c.container.securityContext.runAsNonRoot
	v != null
} else := m if {
	m := c.container.securityContext
	lib.unresolved(m)
} else := v if {
	v := ps.spec.securityContext.runAsNonRoot
} else := m if {
	m := ps.spec.securityContext
	lib.unresolved(m)
} else := false

# lib.get(c.container, ["securityContext", "allowPrivilegeEscalation"], true)
escalation(c) := v if {
	v := c.container.securityContext.allowPrivilegeEscalation
} else := m if {
	m := c.container.securityContext
	lib.unresolved(m)
} else := true

# lib.get(c.container, ["securityContext", "capabilities", "drop"], [])
dropped(c) := v if {
	v := c.container.securityContext.capabilities.drop
} else := m if {
	m := c.container.securityContext
	lib.unresolved(m)
} else := m if {
	m := c.container.securityContext.capabilities
	lib.unresolved(m)
} else := []

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	v := run_as_non_root(ps, c)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.runAsNonRoot", [c.path]), sprintf("container %q of %s %q may run as root (runAsNonRoot is not true on the container or the pod)", [lib.text(name(c)), ps.resource.kind, lib.text(ps.resource._meta.name)]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	v := escalation(c)
	lib.known(v)
	not lib.falsy(v)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path]), sprintf("container %q of %s %q allows privilege escalation (set allowPrivilegeEscalation: false)", [lib.text(name(c)), ps.resource.kind, lib.text(ps.resource._meta.name)]))
}

deny contains f if {
	some id, ps in lib.pod_specs
	some c in lib.pod_containers[id]
	drop := dropped(c)
	lib.known(drop)
	not drops_all(drop)
	f := lib.finding(ps.resource, sprintf("%s.securityContext.capabilities.drop", [c.path]), sprintf("container %q of %s %q keeps Linux capabilities (capabilities.drop does not include ALL)", [lib.text(name(c)), ps.resource.kind, lib.text(ps.resource._meta.name)]))
}

# An else chain (all bodies of a multi-body function are evaluated); an unresolved entry may be ALL.
drops_all(drop) if {
	is_array(drop)
	some d in drop
	lib.eq_ci(d, "ALL")
} else if {
	is_array(drop)
	some d in drop
	lib.unresolved(d)
}
