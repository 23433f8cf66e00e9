package aipolicy.rules.governance.classification_tag_test

import data.aipolicy.lib
import data.aipolicy.rules.governance.classification_tag as rule
import rego.v1

res(t, fmt, tags) := {"_meta": {"id": "r", "type": t, "name": "r", "format": fmt}, "tags": tags, "properties": {}}

deny(inp) := fs if {
	fs := rule.deny with input as inp
}

test_every_type_without_tag_fails if {
	every t in rule.tagged_types {
		fs := deny(lib.mock([res(t, "bicep", {"env": "prod"})]))
		count(fs) == 1
	}
}

test_missing_tags_fails_on_tags_path if {
	r := {"_meta": {"id": "r", "type": "Microsoft.Storage/storageAccounts", "name": "st", "format": "terraform"}, "properties": {}}
	fs := deny(lib.mock([r]))
	some f in fs
	f.path == "tags"
}

test_tag_present_passes_case_insensitive if {
	count(deny(lib.mock([res("Microsoft.CognitiveServices/accounts", "arm", {"Data-Classification": "confidential"})]))) == 0
}

test_unresolved_tags_pass if {
	count(deny(lib.mock([res("Microsoft.CognitiveServices/accounts", "bicep", {"$unresolved": "union(commonTags, {})"})]))) == 0
}

test_custom_tag_parameter if {
	inp := lib.mock([res("Microsoft.CognitiveServices/accounts", "bicep", {"data-classification": "internal"})])
	fs := rule.deny with input as inp with data.aipolicy.config["AIP-GOV-004"].classification_tag as "purview-label"
	count(fs) == 1
}

test_aml_endpoint_checked_arm_endpoint_not if {
	count(deny(lib.mock([res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "aml", {})]))) == 1
	count(deny(lib.mock([res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "bicep", {})]))) == 0
}

workload(meta) := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"metadata": meta,
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

test_inference_workload_without_label_fails if {
	fs := deny(lib.mock([workload({"name": "llm", "labels": {"app": "llm"}})]))
	some f in fs
	f.path == "metadata.labels"
}

test_inference_workload_label_or_annotation_passes if {
	count(deny(lib.mock([workload({"labels": {"data-classification": "confidential"}})]))) == 0
	count(deny(lib.mock([workload({"annotations": {"data-classification": "internal"}})]))) == 0
}

test_other_workload_not_checked if {
	w := {
		"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "web", "pod_spec": ["spec", "template", "spec"]},
		"kind": "Deployment",
		"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}},
	}
	count(deny(lib.mock([w]))) == 0
}

# A tag name configured as a number failed lower(), and the rule with it.
test_numeric_tag_parameter if {
	inp := lib.mock([res("Microsoft.CognitiveServices/accounts", "bicep", {"2024": "internal"})])
	fs := rule.deny with input as inp with data.aipolicy.config["AIP-GOV-004"].classification_tag as 2024
	count(fs) == 0
}
