# METADATA
# title: The AKS API server is private or IP-restricted
# description: >-
#   The AKS control plane decides who runs what on the GPU nodes; chapter 6 lists unauthorized GPU
#   access among the AI risks and asks for deployment in a private VNet. A cluster API server that
#   any internet address can reach exposes that control plane to credential stuffing and exploits.
#   Managed clusters must be private (apiServerAccessProfile.enablePrivateCluster true) or restrict
#   the API server to authorized IP ranges.
# custom:
#   id: AIP-NET-006
#   severity: medium
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform]
#   fix: Make the cluster private or restrict the API server to known ranges.
package aipolicy.rules.network.api_server_access

import data.aipolicy.lib
import rego.v1

private_path := ["properties", "apiServerAccessProfile", "enablePrivateCluster"]

ranges_path := ["properties", "apiServerAccessProfile", "authorizedIPRanges"]

deny contains f if {
	some r in lib.resources("Microsoft.ContainerService/managedClusters")
	private := lib.get(r, private_path, false)
	lib.known(private)
	not lib.truthy(private)
	ranges := lib.get(r, ranges_path, [])
	lib.known(ranges)
	not restricted(ranges)
	f := lib.finding(r, finding_path(r), sprintf("AKS cluster %q exposes its API server to every internet address (not private, no authorized IP ranges)", [lib.text(r._meta.name)]))
}

restricted(ranges) if {
	is_array(ranges)
	some x in ranges
	x != ""
}

finding_path(r) := lib.path_str(private_path) if lib.present(r, private_path)

else := lib.path_str(ranges_path) if lib.present(r, ranges_path)

else := "properties.apiServerAccessProfile" if lib.present(r, ["properties", "apiServerAccessProfile"])

else := ""
