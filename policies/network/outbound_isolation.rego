# METADATA
# title: ML workspaces and deployments restrict outbound traffic
# description: >-
#   Data leakage is the first AI-specific risk of chapter 6, and environment isolation (VNets,
#   separate workspaces) is its answer. A workspace whose compute can reach any internet address,
#   or an online deployment with public egress, can ship training data or model weights anywhere.
#   Workspaces must use a managed virtual network that allows only approved outbound traffic
#   (AllowInternetOutbound is reported at low severity; Disabled or omitted fails), and managed
#   online deployments must disable public egress (omitted means Enabled). Project workspaces,
#   which inherit their hub's managed network, are not checked.
# custom:
#   id: AIP-NET-004
#   severity: medium
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform, aml]
#   fix: Use a managed virtual network with approved outbound only; disable deployment egress.
package aipolicy.rules.network.outbound_isolation

import data.aipolicy.lib
import rego.v1

workspace_type := "Microsoft.MachineLearningServices/workspaces"

deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

isolation_path := ["properties", "managedNetwork", "isolationMode"]

workspaces[r._meta.id] := r if {
	some r in lib.resources(workspace_type)
	not lib.eq_ci(lib.get(r, ["kind"], "Default"), "Project")
}

deny contains f if {
	some r in workspaces
	mode := lib.get(r, isolation_path, "Disabled")
	lib.known(mode)
	not lib.in_ci(mode, {"AllowOnlyApprovedOutbound", "AllowInternetOutbound"})
	f := lib.finding(r, at(r, isolation_path), sprintf("workspace %q has no managed network restricting outbound traffic (isolationMode %v)", [lib.text(r._meta.name), mode]))
}

deny contains f if {
	some r in workspaces
	mode := lib.get(r, isolation_path, "Disabled")
	lib.eq_ci(mode, "AllowInternetOutbound")
	f := lib.finding_sev(r, at(r, isolation_path), sprintf("workspace %q lets its managed network reach the internet (isolationMode AllowInternetOutbound); allow only approved outbound", [lib.text(r._meta.name)]), "low")
}

deny contains f if {
	some r in lib.resources(deployment_type)
	not lib.eq_ci(lib.get(r, ["properties", "endpointComputeType"], "Managed"), "Kubernetes")
	v := lib.get(r, ["properties", "egressPublicNetworkAccess"], "Enabled")
	lib.not_eq_ci(v, "Disabled")
	f := lib.finding(r, at(r, ["properties", "egressPublicNetworkAccess"]), sprintf("online deployment %q can send traffic to the public internet (egressPublicNetworkAccess %v)", [lib.text(r._meta.name), v]))
}

at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
