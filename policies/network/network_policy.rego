# METADATA
# title: Workloads are segmented by network policy
# description: >-
#   Chapter 6 isolates environments with VNets and NSGs; inside a Kubernetes cluster the same
#   segmentation comes from network policies. Without them any compromised pod can reach the model
#   servers, their metrics and the data they cache. AKS clusters must run a network policy engine
#   (networkProfile.networkPolicy azure, calico or cilium; the Cilium dataplane enforces policies
#   too), and every inference workload in the scanned manifests must be selected by a NetworkPolicy
#   in its namespace (a default-deny policy with an empty podSelector counts).
# custom:
#   id: AIP-NET-007
#   severity: medium
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform, kubernetes]
#   fix: Enable a network policy engine and a default-deny policy per namespace.
package aipolicy.rules.network.network_policy

import data.aipolicy.lib
import rego.v1

policy_path := ["properties", "networkProfile", "networkPolicy"]

engines := {"azure", "calico", "cilium"}

deny contains f if {
	some r in lib.resources("Microsoft.ContainerService/managedClusters")
	v := lib.get(r, policy_path, "none")
	lib.known(v)
	not lib.in_ci(v, engines)
	not cilium_dataplane(r)
	f := lib.finding(r, at(r, policy_path), sprintf("AKS cluster %q runs no network policy engine (networkPolicy %v)", [lib.text(r._meta.name), v]))
}

cilium_dataplane(r) if lib.eq_ci(lib.get(r, ["properties", "networkProfile", "networkDataplane"], ""), "cilium")

cilium_dataplane(r) if lib.unresolved(lib.get(r, ["properties", "networkProfile", "networkDataplane"], ""))

deny contains f if {
	some w in lib.inference_workloads
	not segmented(w)
	f := lib.finding(w, "", sprintf("inference workload %q in namespace %q is not selected by any NetworkPolicy; add a default-deny policy for the namespace", [lib.text(w._meta.name), lib.text(lib.namespace(w))]))
}

segmented(w) if {
	some np in lib.resources("k8s:networking.k8s.io/NetworkPolicy")
	w in lib.selected(np)
}

at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
