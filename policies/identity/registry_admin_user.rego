# METADATA
# title: Container registries holding model images disable the admin user and anonymous pull
# description: >-
#   Model-serving and training images are pulled from container registries. The registry admin
#   user is a shared static username/password, and anonymous pull lets anyone read the images, the
#   model weights baked into them included; chapter 6 asks for managed identities and no static
#   keys. Registries must not set adminUserEnabled or anonymousPullEnabled true (Terraform
#   admin_enabled, anonymous_pull_enabled).
# custom:
#   id: AIP-IAM-007
#   severity: high
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Pull with the cluster's or endpoint's managed identity (AcrPull role).
package aipolicy.rules.identity.registry_admin_user

import data.aipolicy.lib
import rego.v1

registry_type := "Microsoft.ContainerRegistry/registries"

deny contains f if {
	some r in lib.resources(registry_type)
	lib.truthy(lib.get(r, ["properties", "adminUserEnabled"], false))
	f := lib.finding(r, "properties.adminUserEnabled", sprintf("container registry %q enables the admin user, a shared static credential", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(registry_type)
	lib.truthy(lib.get(r, ["properties", "anonymousPullEnabled"], false))
	f := lib.finding(r, "properties.anonymousPullEnabled", sprintf("container registry %q allows anonymous pull: anyone can read its model images", [lib.text(r._meta.name)]))
}
