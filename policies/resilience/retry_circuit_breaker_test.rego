package aipolicy.rules.resilience.retry_circuit_breaker_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.retry_circuit_breaker as rule
import rego.v1

backend(props) := {"_meta": {"id": "be", "type": rule.backend_type, "name": "apim-ai/openai-swc"}, "properties": props}

openai := {"url": "https://oai-swc.openai.azure.com/openai", "protocol": "http"}

breaker := {"circuitBreaker": {"rules": [{"name": "openai-429", "tripDuration": "PT1M", "failureCondition": {"count": 3, "interval": "PT1M", "statusCodeRanges": [{"min": 429, "max": 429}]}}]}}

policy(service, xml) := {"_meta": {"id": "pol", "type": "Microsoft.ApiManagement/service/apis/policies", "name": sprintf("%s/chat/policy", [service])}, "properties": {"format": "rawxml", "value": xml}}

retry_xml := `<policies><inbound><base /><set-backend-service backend-id="openai-swc" /></inbound><backend><retry condition="@(context.Response.StatusCode == 429)" count="3" interval="2" exponential-backoff="true"><forward-request buffer-request-body="true" /></retry></backend><outbound><base /></outbound></policies>`

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_ai_backend_without_breaker_fails if {
	inp := lib.mock([backend(openai)])
	findings(inp) == {["be", "properties.circuitBreaker"]}
}

test_ai_backend_with_breaker_passes if {
	inp := lib.mock([backend(object.union(openai, breaker))])
	count(rule.deny) == 0 with input as inp
}

test_other_ai_hosts if {
	every url in ["https://ais.cognitiveservices.azure.com/", "https://hub.services.ai.azure.com/models", "https://ep.westeurope.inference.ml.azure.com/score"] {
		inp := lib.mock([backend({"url": url})])
		count(rule.deny) == 1 with input as inp
	}
}

test_non_ai_backend_out_of_scope if {
	inp := lib.mock([backend({"url": "https://orders.contoso.com/api"})])
	count(rule.deny) == 0 with input as inp
}

test_pool_backend_exempt if {
	inp := lib.mock([backend({"type": "Pool", "url": "https://oai-swc.openai.azure.com/openai"})])
	count(rule.deny) == 0 with input as inp
}

test_retry_policy_routing_to_backend_passes if {
	inp := lib.mock([backend(openai), policy("apim-ai", retry_xml)])
	count(rule.deny) == 0 with input as inp
}

test_retry_policy_of_other_service_does_not_count if {
	inp := lib.mock([backend(openai), policy("apim-other", retry_xml)])
	count(rule.deny) == 1 with input as inp
}

test_policy_without_retry_does_not_count if {
	inp := lib.mock([backend(openai), policy("apim-ai", `<policies><inbound><set-backend-service backend-id="openai-swc" /></inbound></policies>`)])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_url_passes if {
	inp := lib.mock([backend({"url": {"$unresolved": "var.url"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_rules_pass if {
	inp := lib.mock([backend(object.union(openai, {"circuitBreaker": {"$unresolved": "local.breaker"}}))])
	count(rule.deny) == 0 with input as inp
}

test_hosts_parameter if {
	inp := lib.mock([backend({"url": "https://llm.internal.contoso.com/v1"})])
	count(rule.deny) == 1 with input as inp with data.aipolicy.config["AIP-RES-008"].ai_backend_hosts as [".internal.contoso.com"]
}

job(props) := {"_meta": {"id": "job", "type": rule.job_type, "name": "batch"}, "properties": props}

test_pipeline_parallel_step_without_retries_fails if {
	inp := lib.mock([job({"type": "pipeline", "jobs": {"embed": {"type": "parallel", "retrySettings": {"maxRetries": 0}}}})])
	some f in rule.deny with input as inp
	f.path == "properties.jobs.embed.retrySettings.maxRetries"
}

test_parallel_step_default_retries_pass if {
	inp := lib.mock([job({"type": "pipeline", "jobs": {"embed": {"type": "parallel", "retrySettings": {"timeout": 600}}}})])
	count(rule.deny) == 0 with input as inp
}

test_parallel_job_default_retries_pass if {
	inp := lib.mock([job({"type": "parallel"})])
	count(rule.deny) == 0 with input as inp
}

test_standalone_parallel_without_retries_fails if {
	inp := lib.mock([job({"type": "parallel", "retrySettings": {"maxRetries": "0"}})])
	findings(inp) == {["job", "properties.retrySettings.maxRetries"]}
}

test_command_step_out_of_scope if {
	inp := lib.mock([job({"type": "pipeline", "jobs": {"train": {"type": "command", "retrySettings": {"maxRetries": 0}}}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_retries_pass if {
	inp := lib.mock([job({"type": "parallel", "retrySettings": {"maxRetries": {"$unresolved": "${{parent.inputs.retries}}"}}})])
	count(rule.deny) == 0 with input as inp
}

# A backend name holding an expression made an invalid regex ("${var.x}", "[parameters('x')]"):
# the name is compared with the policy's backend-id values instead.
test_expression_backend_name if {
	be := json.patch(backend(openai), [{"op": "replace", "path": "/_meta/name", "value": "apim-ai/${var.backend}"}])
	xml := replace(retry_xml, `backend-id="openai-swc"`, `backend-id="${var.backend}"`)
	inp := lib.mock([be, policy("apim-ai", xml)])
	count(rule.deny) == 0 with input as inp
	arm := json.patch(backend(openai), [{"op": "replace", "path": "/_meta/name", "value": "apim-ai/[parameters('b')]"}])
	findings(lib.mock([arm, policy("apim-ai", retry_xml)])) == {["be", "properties.circuitBreaker"]}
}

# circuitBreaker.rules: null is no rule (count(null) failed the rule in regorus); jobs that are no
# object are skipped.
test_null_rules_and_odd_jobs if {
	inp := lib.mock([backend(object.union(openai, {"circuitBreaker": {"rules": null}}))])
	findings(inp) == {["be", "properties.circuitBreaker"]}
	inp2 := lib.mock([job({"type": "pipeline", "jobs": "x"})])
	count(rule.deny) == 0 with input as inp2
}
