# METADATA
# title: Online inference endpoints authenticate with Entra ID tokens, not keys
# description: >-
#   Chapter 6: never expose model endpoints without authentication, and avoid static keys. An
#   online endpoint in key mode is called with a shared static key that cannot be scoped to a
#   caller, rotated per client or revoked per identity, which opens the way to abuse and extraction
#   of the model. Endpoints must use auth mode AADToken (Entra ID tokens with RBAC on the endpoint).
#   Key fails (it is also the Azure ML CLI default when auth_mode is omitted); AMLToken, a
#   workspace-issued expiring token, is a low-severity finding.
# custom:
#   id: AIP-IAM-004
#   severity: medium
#   pillar: identity
#   checklist: rate-limit-and-auth
#   formats: [arm, bicep, terraform, aml]
#   fix: Set auth_mode aad_token and give callers a role on the endpoint.
package aipolicy.rules.identity.endpoint_auth_mode

import data.aipolicy.lib
import rego.v1

endpoint_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

# ARM requires authMode (no documented default): an omission passes here; the Azure ML CLI
# default (key) is filled in by the AML normalizer.
deny contains f if {
	some r in lib.resources(endpoint_type)
	v := lib.get(r, ["properties", "authMode"], "AADToken")
	lib.eq_ci(v, "Key")
	f := lib.finding(r, "properties.authMode", sprintf("online endpoint %q authenticates callers with a static key (authMode Key); use AADToken", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(endpoint_type)
	v := lib.get(r, ["properties", "authMode"], "AADToken")
	lib.eq_ci(v, "AMLToken")
	f := lib.finding_sev(r, "properties.authMode", sprintf("online endpoint %q uses workspace-issued AML tokens (authMode AMLToken); prefer Entra ID tokens (AADToken)", [lib.text(r._meta.name)]), "low")
}
