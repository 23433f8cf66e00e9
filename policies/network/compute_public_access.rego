# METADATA
# title: ML compute has no public IP and no public SSH
# description: >-
#   Chapter 6 puts AI workloads in a private VNet and warns about unauthorized GPU access. A compute
#   cluster or instance with a public IP, or with its SSH port open to the internet, is a GPU machine
#   holding data and credentials that anyone can probe. Azure ML compute must set
#   enableNodePublicIp false (the API default is true) and keep SSH closed to the public:
#   remoteLoginPortPublicAccess Disabled for clusters (NotSpecified or omitted means open when the
#   cluster has no subnet; in Terraform and AML YAML an omitted SSH setting passes) and
#   sshSettings.sshPublicAccess not Enabled for compute instances.
# custom:
#   id: AIP-NET-005
#   severity: high
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform, aml]
#   fix: Put compute in a VNet subnet with no public IP; reach it through Bastion or the workspace.
package aipolicy.rules.network.compute_public_access

import data.aipolicy.lib
import rego.v1

compute_type := "Microsoft.MachineLearningServices/workspaces/computes"

computes[r._meta.id] := r if {
	some r in lib.resources(compute_type)
	lib.in_ci(lib.get(r, ["properties", "computeType"], ""), {"AmlCompute", "ComputeInstance"})
}

public_ip_path := ["properties", "properties", "enableNodePublicIp"]

remote_login_path := ["properties", "properties", "remoteLoginPortPublicAccess"]

ssh_path := ["properties", "properties", "sshSettings", "sshPublicAccess"]

deny contains f if {
	some r in computes
	v := lib.get(r, public_ip_path, true)
	lib.known(v)
	not lib.is_false(v)
	f := lib.finding(r, at(r, public_ip_path), sprintf("compute %q gives its nodes public IP addresses (enableNodePublicIp %v)", [lib.text(r._meta.name), v]))
}

deny contains f if {
	some r in computes
	lib.eq_ci(lib.get(r, ["properties", "computeType"], ""), "AmlCompute")
	public_ssh_cluster(r)
	f := lib.finding(r, at(r, remote_login_path), sprintf("compute cluster %q opens its SSH port to the public internet", [lib.text(r._meta.name)]))
}

public_ssh_cluster(r) if lib.eq_ci(lib.get(r, remote_login_path, "NotSpecified"), "Enabled")

# NotSpecified (the API default): open on every node unless the cluster is in a VNet subnet.
# Terraform and AML YAML document no such default: an omission there passes.
public_ssh_cluster(r) if {
	lib.format(r) in {"arm", "bicep"}
	v := lib.get(r, remote_login_path, "NotSpecified")
	lib.eq_ci(v, "NotSpecified")
	subnet := lib.get(r, ["properties", "properties", "subnet", "id"], "")
	lib.known(subnet)
	subnet == ""
}

deny contains f if {
	some r in computes
	lib.eq_ci(lib.get(r, ["properties", "computeType"], ""), "ComputeInstance")
	lib.eq_ci(lib.get(r, ssh_path, "Disabled"), "Enabled")
	f := lib.finding(r, at(r, ssh_path), sprintf("compute instance %q opens its SSH port to the public internet", [lib.text(r._meta.name)]))
}

at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
