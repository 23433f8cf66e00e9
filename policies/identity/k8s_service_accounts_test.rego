package aipolicy.rules.identity.k8s_service_accounts_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.k8s_service_accounts as rule
import rego.v1

crb(role, subjects) := {
	"_meta": {"id": "b", "type": "k8s:rbac.authorization.k8s.io/ClusterRoleBinding", "name": "b"},
	"kind": "ClusterRoleBinding",
	"metadata": {"name": "b"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
	"subjects": subjects,
}

sa_subject := [{"kind": "ServiceAccount", "name": "model-server", "namespace": "genai"}]

test_cluster_admin_to_sa_fails if {
	inp := lib.mock([crb("cluster-admin", sa_subject)])
	some f in rule.deny with input as inp
	f.path == "roleRef.name"
	not f.severity
}

test_cluster_admin_to_group_passes if {
	inp := lib.mock([crb("cluster-admin", [{"kind": "Group", "name": "aks-admins", "apiGroup": "rbac.authorization.k8s.io"}])])
	count(rule.deny) == 0 with input as inp
}

test_wildcard_cluster_role_fails if {
	role := {"_meta": {"id": "cr", "type": "k8s:rbac.authorization.k8s.io/ClusterRole", "name": "all"}, "kind": "ClusterRole", "metadata": {"name": "all"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
	inp := lib.mock([crb("all", sa_subject), role])
	count(rule.deny) == 1 with input as inp
}

test_scoped_cluster_role_passes if {
	role := {"_meta": {"id": "cr", "type": "k8s:rbac.authorization.k8s.io/ClusterRole", "name": "reader"}, "kind": "ClusterRole", "metadata": {"name": "reader"}, "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}]}
	inp := lib.mock([crb("reader", sa_subject), role])
	count(rule.deny) == 0 with input as inp
}

test_rolebinding_to_wildcard_role_fails if {
	role := {"_meta": {"id": "r", "type": "k8s:rbac.authorization.k8s.io/Role", "name": "ns-admin"}, "kind": "Role", "metadata": {"name": "ns-admin", "namespace": "genai"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
	rb := {
		"_meta": {"id": "rb", "type": "k8s:rbac.authorization.k8s.io/RoleBinding", "name": "rb"},
		"kind": "RoleBinding",
		"metadata": {"name": "rb", "namespace": "genai"},
		"roleRef": {"kind": "Role", "name": "ns-admin"},
		"subjects": sa_subject,
	}
	inp := lib.mock([rb, role])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_role_does_not_fire if {
	inp := lib.mock([crb({"$unresolved": "var.role"}, sa_subject)])
	count(rule.deny) == 0 with input as inp
}

pod(spec) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "api", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"metadata": {"name": "api", "namespace": "genai"},
	"spec": {"template": {"spec": object.union({"containers": [{"name": "api", "image": "api:1"}]}, spec)}},
}

test_default_sa_automount_is_low if {
	inp := lib.mock([pod({})])
	some f in rule.deny with input as inp
	f.severity == "low"
	f.path == "spec.template.spec.automountServiceAccountToken"
}

test_explicit_default_sa_and_true_fails if {
	inp := lib.mock([pod({"serviceAccountName": "default", "automountServiceAccountToken": true})])
	count(rule.deny) == 1 with input as inp
}

test_automount_false_passes if {
	inp := lib.mock([pod({"automountServiceAccountToken": false})])
	count(rule.deny) == 0 with input as inp
}

test_dedicated_sa_passes if {
	inp := lib.mock([pod({"serviceAccountName": "api"})])
	count(rule.deny) == 0 with input as inp
}

test_default_sa_opting_out_passes if {
	sa := {"_meta": {"id": "sa", "type": "k8s:core/ServiceAccount", "name": "default"}, "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "genai"}, "automountServiceAccountToken": false}
	inp := lib.mock([pod({}), sa])
	count(rule.deny) == 0 with input as inp
}

test_default_sa_of_other_namespace_does_not_count if {
	sa := {"_meta": {"id": "sa", "type": "k8s:core/ServiceAccount", "name": "default"}, "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "other"}, "automountServiceAccountToken": false}
	inp := lib.mock([pod({}), sa])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_sa_does_not_fire if {
	inp := lib.mock([pod({"serviceAccountName": {"$unresolved": "var.sa"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_automount_does_not_fire if {
	inp := lib.mock([pod({"automountServiceAccountToken": {"$unresolved": "var.mount"}})])
	count(rule.deny) == 0 with input as inp
}

# A ClusterRole rule that is no object is skipped (object.get failed on it in regorus).
test_non_object_role_rules_skipped if {
	role := {
		"_meta": {"id": "r", "type": "k8s:rbac.authorization.k8s.io/ClusterRole", "name": "everything"},
		"kind": "ClusterRole",
		"metadata": {"name": "everything"},
		"rules": ["x", 7, {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}],
	}
	inp := lib.mock([role, crb("everything", sa_subject)])
	count(rule.deny) == 1 with input as inp
}
