# METADATA
# title: ML compute disables local auth and SSH passwords
# description: >-
#   Chapter 6 asks to avoid static keys. Azure ML compute clusters and instances with local
#   authentication accept keys instead of Entra ID identities, and an SSH admin password is a
#   static credential written into the template and reachable from the network. Computes must set
#   disableLocalAuth true (local_auth_enabled = false in Terraform, whose default is true) and must
#   not carry an SSH admin password (userAccountCredentials.adminUserPassword, the AML CLI's
#   ssh_settings.admin_password); SSH keys or no SSH at all are the alternatives.
# custom:
#   id: AIP-IAM-006
#   severity: medium
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform, aml]
#   fix: Disable local auth; use SSH keys only, or no SSH at all.
package aipolicy.rules.identity.ml_compute_local_auth

import data.aipolicy.lib
import rego.v1

compute_type := "Microsoft.MachineLearningServices/workspaces/computes"

# The AML CLI YAML has no local-auth setting; only the password is checked there.
deny contains f if {
	some r in lib.resources(compute_type)
	lib.format(r) != "aml"
	v := lib.get(r, ["properties", "disableLocalAuth"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, "properties.disableLocalAuth", sprintf("ML compute %q allows local (key) authentication (disableLocalAuth is not true)", [lib.text(r._meta.name)]))
}

password_paths := [
	["properties", "properties", "userAccountCredentials", "adminUserPassword"],
	["properties", "properties", "sshSettings", "adminPassword"],
]

deny contains f if {
	some r in lib.resources(compute_type)
	some p in password_paths
	v := lib.get(r, p, "")
	lib.known(v)
	is_string(v)
	v != ""
	f := lib.finding(r, lib.path_str(p), sprintf("ML compute %q sets an SSH admin password; use an SSH public key or disable SSH", [lib.text(r._meta.name)]))
}
