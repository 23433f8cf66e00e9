# METADATA
# title: Kubernetes workloads do not get cluster-admin or an auto-mounted default token
# description: >-
#   Chapter 6 asks who can access models, data and GPUs, and answers with RBAC in AKS. A service
#   account bound to cluster-admin (or to a role with every verb on every resource) turns any
#   compromise of a model server into control of the whole cluster and its GPU nodes; a pod that
#   runs as the namespace's default service account with its token auto-mounted carries an API
#   credential it does not need. Role bindings must not grant cluster-admin or wildcard roles to
#   service accounts; pod specs using the default service account must set
#   automountServiceAccountToken false (low severity).
# custom:
#   id: AIP-IAM-010
#   severity: medium
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [kubernetes, terraform]
#   fix: Bind least-privilege roles to a dedicated service account; set automountServiceAccountToken false where the API is not needed.
package aipolicy.rules.identity.k8s_service_accounts

import data.aipolicy.lib
import rego.v1

binding_types := {"k8s:rbac.authorization.k8s.io/ClusterRoleBinding", "k8s:rbac.authorization.k8s.io/RoleBinding"}

deny contains f if {
	some b in lib.resources_of(binding_types)
	role := lib.get(b, ["roleRef", "name"], "")
	admin_role(b, role)
	sa := service_account_subjects(b)
	count(sa) > 0
	f := lib.finding(b, "roleRef.name", sprintf("%s %q grants %s to service account(s) %s", [b.kind, lib.text(b._meta.name), role_text(role), concat(", ", sort(sa))]))
}

service_account_subjects(b) := {sprintf("%v", [object.get(s, "name", "?")]) |
	subjects := lib.get(b, ["subjects"], [])
	is_array(subjects)
	some s in subjects
	is_object(s)
	lib.eq_ci(object.get(s, "kind", ""), "ServiceAccount")
}

admin_role(b, "cluster-admin") if lib.eq_ci(lib.get(b, ["roleRef", "kind"], "ClusterRole"), "ClusterRole")

# A ClusterRole (or, for a RoleBinding, a Role of its namespace) in the scan with verbs * on resources *.
admin_role(b, name) if {
	lib.eq_ci(lib.get(b, ["roleRef", "kind"], "ClusterRole"), "ClusterRole")
	some role in lib.resources("k8s:rbac.authorization.k8s.io/ClusterRole")
	lib.get(role, ["metadata", "name"], "") == name
	wildcard_rules(role)
}

admin_role(b, name) if {
	lib.eq_ci(lib.get(b, ["roleRef", "kind"], ""), "Role")
	some role in lib.resources("k8s:rbac.authorization.k8s.io/Role")
	lib.get(role, ["metadata", "name"], "") == name
	lib.namespace(role) == lib.namespace(b)
	wildcard_rules(role)
}

wildcard_rules(role) if {
	rules := lib.get(role, ["rules"], [])
	is_array(rules)
	some rule in rules
	is_object(rule) # object.get fails on other values in regorus
	"*" in object.get(rule, "verbs", [])
	"*" in object.get(rule, "resources", [])
}

role_text("cluster-admin") := "cluster-admin"

role_text(name) := sprintf("%q (all verbs on all resources)", [lib.text(name)]) if name != "cluster-admin"

deny contains f if {
	some ps in lib.pod_specs
	sa := service_account(ps)
	lib.known(sa)
	sa == "default"
	v := lib.get(ps.spec, ["automountServiceAccountToken"], null)
	lib.known(v)
	not lib.falsy(v)
	not default_sa_opts_out(ps, v)
	f := lib.finding_sev(ps.resource, sprintf("%s.automountServiceAccountToken", [ps.path]), sprintf("%s %q runs as the default service account with its API token auto-mounted", [ps.resource.kind, lib.text(ps.resource._meta.name)]), "low")
}

service_account(ps) := sa if {
	sa := lib.get(ps.spec, ["serviceAccountName"], null)
	sa != null
	sa != ""
} else := sa if {
	sa := lib.get(ps.spec, ["serviceAccount"], null)
	sa != null
	sa != ""
} else := "default"

# Omitted in the pod spec, and the namespace's default ServiceAccount (in the scan) opts out.
default_sa_opts_out(ps, null) if lib.namespace(ps.resource) in opted_out_namespaces

# The namespaces whose default ServiceAccount opts out, computed once (not one scan of the
# ServiceAccounts per pod spec).
opted_out_namespaces := {lib.namespace(sa) |
	some sa in lib.resources("k8s:core/ServiceAccount")
	lib.get(sa, ["metadata", "name"], "") == "default"
	lib.falsy(lib.get(sa, ["automountServiceAccountToken"], true))
}
