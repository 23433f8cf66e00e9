# METADATA
# title: Azure OpenAI deployments have a bounded capacity (tokens per minute)
# description: >-
#   Model abuse and overuse is answered in chapter 6 with authentication plus rate limiting, and
#   token usage is what AI adds to monitoring. The capacity of an Azure OpenAI deployment (sku.capacity,
#   in units of thousands of tokens per minute) is its rate limit and, on pay-as-you-go and
#   provisioned SKUs, its cost ceiling: it must be set and at most openai_max_capacity (default 300).
#   Requests beyond it are throttled instead of billed.
# custom:
#   id: AIP-COST-003
#   severity: low
#   pillar: cost
#   checklist: rate-limit-and-auth
#   formats: [arm, bicep, terraform]
#   fix: Size capacity to expected load; spikes beyond it are throttled instead of billed.
package aipolicy.rules.cost.openai_capacity

import data.aipolicy.lib
import rego.v1

deployment_type := "Microsoft.CognitiveServices/accounts/deployments"

max_capacity := lib.param("AIP-COST-003", "openai_max_capacity")

deny contains f if {
	some r in lib.resources(deployment_type)
	v := lib.get(r, ["sku", "capacity"], null)
	v == null
	f := lib.finding(r, "sku.capacity", sprintf("model deployment %q sets no capacity (sku.capacity): its tokens-per-minute limit is not sized", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(deployment_type)
	v := lib.get(r, ["sku", "capacity"], null)
	lib.number(v) > max_capacity
	f := lib.finding(r, "sku.capacity", sprintf("model deployment %q has capacity %v (thousand tokens per minute), above the limit of %v", [lib.text(r._meta.name), v, max_capacity]))
}
