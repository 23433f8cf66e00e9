# METADATA
# title: AI backends are protected by retries and a circuit breaker
# description: >-
#   Chapter 6 calls for retry and fallback logic to keep critical endpoints available, and a retry
#   policy with a circuit breaker in pipelines. API Management backends that point at an AI service
#   (hosts matching the ai_backend_hosts parameter: Azure OpenAI, AI Services, Azure ML online
#   endpoints) must have circuitBreaker rules, unless an API Management policy that routes to the
#   backend (set-backend-service backend-id) has a retry element; pool backends are exempt (their
#   members carry the breaker). Azure ML parallel jobs, alone or as pipeline steps, must not turn
#   retries off (retry_settings.max_retries 0; an omission takes the documented default, which
#   retries) (low).
# custom:
#   id: AIP-RES-008
#   severity: low
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, terraform, aml]
#   fix: Add a circuit breaker on the backend and a bounded retry with backoff.
package aipolicy.rules.resilience.retry_circuit_breaker

import data.aipolicy.lib
import rego.v1

rule_id := "AIP-RES-008"

backend_type := "Microsoft.ApiManagement/service/backends"

policy_types := {
	"Microsoft.ApiManagement/service/policies",
	"Microsoft.ApiManagement/service/apis/policies",
	"Microsoft.ApiManagement/service/apis/operations/policies",
	"Microsoft.ApiManagement/service/products/policies",
}

ai_backend(r) if {
	url := lib.get(r, ["properties", "url"], "")
	is_string(url)
	host := lower(regex.replace(url, `^[A-Za-z]+://([^/:]+).*$`, "$1"))
	some suffix in lib.param(rule_id, "ai_backend_hosts")
	endswith(host, lower(suffix))
}

segments(name) := split(name, "/")

# A policy of the same API Management service routes to the backend and retries.
retried(backend) if {
	service := segments(backend._meta.name)[0]
	backend_id := segments(backend._meta.name)[count(segments(backend._meta.name)) - 1]
	some p in lib.resources_of(policy_types)
	segments(p._meta.name)[0] == service
	xml := lib.get(p, ["properties", "value"], "")
	is_string(xml)
	backend_id in backend_ids(xml)
	regex.match(`<retry[\s>]`, xml)
}

# The backend-id="..." values of a policy document. The backend's name is compared with them, not
# written into a regex: a name holding an expression ("[parameters('x')]", "${var.x}") made an
# invalid regex and failed the rule.
backend_ids(xml) := {m[1] | some m in regex.find_all_string_submatch_n(`backend-id\s*=\s*["']([^"']*)["']`, xml, -1)}

deny contains f if {
	some r in lib.resources(backend_type)
	ai_backend(r)
	not lib.eq_ci(lib.get(r, ["properties", "type"], "Single"), "Pool")
	rules := lib.get(r, ["properties", "circuitBreaker", "rules"], [])
	lib.known(rules)
	lib.empty(rules) # null too; count(null) fails the rule in regorus
	not retried(r)
	f := lib.finding(r, "properties.circuitBreaker", sprintf("API Management backend %q calls an AI service without a circuit breaker or a retry policy", [lib.text(r._meta.name)]))
}

# The documented default of retry_settings.max_retries for parallel jobs.
default_max_retries := 2

job_type := "Microsoft.MachineLearningServices/workspaces/jobs"

# Parallel jobs, standalone or as steps of a pipeline job: {resource, job, path}.
parallel_jobs contains {"resource": r, "job": object.get(r, "properties", {}), "path": "properties"} if {
	some r in lib.resources(job_type)
	lib.eq_ci(lib.get(r, ["properties", "type"], ""), "parallel")
}

parallel_jobs contains {"resource": r, "job": step, "path": lib.path_str(["properties", "jobs", name])} if {
	some r in lib.resources(job_type)
	jobs := lib.get(r, ["properties", "jobs"], {})
	is_object(jobs) # regorus fails `some .. in` on a string, number or null
	some name, step in jobs
	is_object(step)
	lib.eq_ci(lib.get(step, ["type"], ""), "parallel")
}

deny contains f if {
	some j in parallel_jobs
	v := lib.get(j.job, ["retrySettings", "maxRetries"], default_max_retries)
	n := lib.number(v)
	n < 1
	f := lib.finding(j.resource, sprintf("%s.retrySettings.maxRetries", [j.path]), sprintf("parallel job %q does not retry failed mini-batches (max_retries %v)", [lib.text(j.resource._meta.name), v]))
}
