# METADATA
# title: Azure OpenAI / AI Services accounts disable key (local) authentication
# description: >-
#   Account keys are static keys: anyone holding one can call the model, they do not expire and
#   they are not tied to an identity, so model abuse cannot be attributed or limited. Chapter 6
#   asks to avoid static keys and use federated identities and managed identities instead.
#   Microsoft.CognitiveServices/accounts (Azure OpenAI, AI Services) must set
#   properties.disableLocalAuth true (an omission leaves key authentication on); in Terraform
#   azurerm_cognitive_account local_auth_enabled / azurerm_ai_services local_authentication_enabled
#   must be false (the provider default is true).
# custom:
#   id: AIP-IAM-002
#   severity: high
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Set disableLocalAuth true and call the service with Entra ID tokens through the managed identity.
package aipolicy.rules.identity.openai_local_auth

import data.aipolicy.lib
import rego.v1

account_type := "Microsoft.CognitiveServices/accounts"

deny contains f if {
	some r in lib.resources(account_type)
	v := lib.get(r, ["properties", "disableLocalAuth"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, "properties.disableLocalAuth", sprintf("%s account %q accepts static account keys (disableLocalAuth is not true); callers should use Entra ID tokens", [kind_name(r), lib.text(r._meta.name)]))
}

kind_name(r) := k if {
	k := lib.get(r, ["kind"], "")
	is_string(k)
	k != ""
} else := "Cognitive Services"
