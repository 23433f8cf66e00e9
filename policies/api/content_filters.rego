# METADATA
# title: Model deployments keep content filtering with prompt shields on
# description: >-
#   Prompt injection and jailbreaks are the first AI-specific risk of Chapter 6; on Azure OpenAI the
#   platform's answer is the content filter with prompt shields. A deployment without
#   raiPolicyName uses the default policy, which keeps them on. A custom RAI policy
#   (Microsoft.CognitiveServices/accounts/raiPolicies, azurerm_cognitive_account_rai_policy) must
#   keep the Jailbreak shield enabled and blocking (high), the Indirect Attack shield likewise
#   (medium), and must not disable any harm filter (hate, sexual, violence, self-harm) on prompts.
#   The finding sits on the RAI policy, not on the deployments that use it.
# custom:
#   id: AIP-API-005
#   severity: high
#   pillar: api
#   checklist: prompt-injection-guardrails
#   formats: [arm, bicep, terraform]
#   fix: Keep prompt shields (Jailbreak, Indirect Attack) enabled and blocking.
package aipolicy.rules.api.content_filters

import data.aipolicy.lib
import rego.v1

rai_type := "Microsoft.CognitiveServices/accounts/raiPolicies"

harm_filters := {"hate", "sexual", "violence", "selfharm"}

# Filter names compared case-insensitively, spaces, dashes and underscores ignored.
key(name) := lower(regex.replace(name, `[\s_-]`, "")) if is_string(name)

shields := {"jailbreak": "high", "indirectattack": "medium"}

shield_label := {"jailbreak": "Jailbreak (prompt shield)", "indirectattack": "Indirect Attack (prompt shield)"}

filters(r) := fs if {
	fs := lib.get(r, ["properties", "contentFilters"], [])
	is_array(fs)
} else := []

# Prompt shields switched off or set to annotate only.
deny contains f if {
	some r in lib.resources(rai_type)
	some i, cf in filters(r)
	is_object(cf) # lib.get reads objects only: regorus fails object.get on other values
	k := key(lib.get(cf, ["name"], ""))
	sev := shields[k]
	some field in ["enabled", "blocking"]
	lib.falsy(lib.get(cf, [field], true))
	f := lib.finding_sev(r, sprintf("properties.contentFilters[%d].%s", [i, field]), sprintf("RAI policy %q sets %s %s false: %s", [lib.text(r._meta.name), shield_label[k], field, consequence(field)]), sev)
}

consequence("enabled") := "prompt injection attempts are not detected"

consequence("blocking") := "prompt injection attempts are only annotated, not blocked"

# Harm filters disabled on prompts.
deny contains f if {
	some r in lib.resources(rai_type)
	some i, cf in filters(r)
	is_object(cf)
	key(lib.get(cf, ["name"], "")) in harm_filters
	lib.eq_ci(lib.get(cf, ["source"], ""), "Prompt")
	lib.falsy(lib.get(cf, ["enabled"], true))
	f := lib.finding(r, sprintf("properties.contentFilters[%d].enabled", [i]), sprintf("RAI policy %q disables the %s filter on prompts", [lib.text(r._meta.name), cf.name]))
}
