package aipolicy.rules.governance.version_pinning_test

import data.aipolicy.lib
import data.aipolicy.rules.governance.version_pinning as rule
import rego.v1

oai(props) := {"_meta": {"id": "d", "type": rule.oai_deployment_type, "name": "oai/gpt-4o", "format": "bicep"}, "properties": props}

deny(inp) := fs if {
	fs := rule.deny with input as inp
}

test_oai_missing_version_and_default_upgrade if {
	fs := deny(lib.mock([oai({"model": {"format": "OpenAI", "name": "gpt-4o"}})]))
	{[f.path, object.get(f, "severity", "medium")] | some f in fs} == {["properties.model", "medium"], ["properties.versionUpgradeOption", "low"]}
}

test_oai_pinned_passes if {
	count(deny(lib.mock([oai({"model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}, "versionUpgradeOption": "NoAutoUpgrade"})]))) == 0
	count(deny(lib.mock([oai({"model": {"name": "gpt-4o", "version": "2024-08-06"}, "versionUpgradeOption": "oncecurrentversionexpired"})]))) == 0
}

test_oai_explicit_auto_upgrade_is_low if {
	fs := deny(lib.mock([oai({"model": {"name": "gpt-4o", "version": "2024-08-06"}, "versionUpgradeOption": "OnceNewDefaultVersionAvailable"})]))
	count(fs) == 1
	some f in fs
	f.severity == "low"
}

test_oai_unresolved_passes if {
	count(deny(lib.mock([oai({"model": {"name": "gpt-4o", "version": {"$unresolved": "modelVersion"}}, "versionUpgradeOption": {"$unresolved": "upgrade"}})]))) == 0
	count(deny(lib.mock([oai({"model": {"$unresolved": "model"}, "versionUpgradeOption": "NoAutoUpgrade"})]))) == 0
}

test_image_parsing if {
	rule.unpinned("vllm/vllm-openai")
	rule.unpinned("vllm/vllm-openai:latest")
	rule.unpinned("myregistry.azurecr.io:5000/llm/server")
	not rule.unpinned("myregistry.azurecr.io:5000/llm/server:1.2")
	not rule.unpinned("vllm/vllm-openai:v0.6.3")
	not rule.unpinned("nvcr.io/nvidia/tritonserver@sha256:0123abcd")
	not rule.unpinned({"$unresolved": "image"})
	not rule.unpinned("")
}

workload(image) := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "server", "image": image, "resources": {"limits": {"nvidia.com/gpu": 1}}}]}}},
}

test_inference_latest_image_fails if {
	fs := deny(lib.mock([workload("nvcr.io/nvidia/tritonserver:latest")]))
	count(fs) == 1
	some f in fs
	f.path == "spec.template.spec.containers[0].image"
}

test_inference_pinned_image_passes if {
	count(deny(lib.mock([workload("nvcr.io/nvidia/tritonserver:24.08-py3")]))) == 0
}

test_non_inference_latest_image_passes if {
	w := {
		"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "web", "pod_spec": ["spec", "template", "spec"]},
		"kind": "Deployment",
		"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:latest"}]}}},
	}
	count(deny(lib.mock([w]))) == 0
}

isvc(predictor) := {
	"_meta": {"id": "i", "type": "k8s:serving.kserve.io/InferenceService", "name": "llama", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

test_kserve_latest_storage_uri_fails if {
	fs := deny(lib.mock([isvc({"model": {"modelFormat": {"name": "huggingface"}, "storageUri": "gs://models/llama/latest"}})]))
	some f in fs
	f.path == "spec.predictor.model.storageUri"
	fs2 := deny(lib.mock([isvc({"sklearn": {"storageUri": "s3://models/iris/latest/"}})]))
	some f2 in fs2
	f2.path == "spec.predictor.sklearn.storageUri"
}

test_kserve_versioned_storage_uri_passes if {
	count(deny(lib.mock([isvc({"model": {"modelFormat": {"name": "huggingface"}, "storageUri": "hf://meta-llama/Llama-3.1-8B-Instruct"}})]))) == 0
	count(deny(lib.mock([isvc({"model": {"storageUri": "https://stmodels.blob.core.windows.net/models/llama/v3"}})]))) == 0
}

test_kserve_container_latest_image_fails if {
	fs := deny(lib.mock([isvc({"containers": [{"name": "kserve-container", "image": "ghcr.io/acme/llm-server"}]})]))
	some f in fs
	f.path == "spec.predictor.containers[0].image"
}

aml(props) := {"_meta": {"id": "a", "type": rule.ml_deployment_type, "name": "ep/blue", "format": "aml"}, "properties": props}

test_aml_model_references if {
	count(deny(lib.mock([aml({"model": "azureml:summarizer:3"})]))) == 0
	count(deny(lib.mock([aml({"model": "azureml:/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/models/summarizer/versions/3"})]))) == 0
	count(deny(lib.mock([aml({"model": {"path": "./model"}})]))) == 0
	fs1 := deny(lib.mock([aml({"model": "azureml:summarizer@latest"})]))
	some f1 in fs1
	object.get(f1, "severity", null) == null
	fs2 := deny(lib.mock([aml({"model": "azureml:summarizer"})]))
	count(fs2) == 1
	fs3 := deny(lib.mock([aml({"model": "azureml:summarizer@production"})]))
	some f3 in fs3
	f3.severity == "low"
}

test_aml_environment_image if {
	fs := deny(lib.mock([aml({"model": "azureml:s:3", "environment": {"image": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest"}})]))
	some f in fs
	f.path == "properties.environment.image"
	count(deny(lib.mock([aml({"model": "azureml:s:3", "environment": {"image": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:20240908.v1"}})]))) == 0
}

test_non_aml_ml_deployment_not_checked if {
	r := {"_meta": {"id": "a", "type": rule.ml_deployment_type, "name": "ep/blue", "format": "bicep"}, "properties": {"model": "azureml:summarizer"}}
	count(deny(lib.mock([r]))) == 0
}

# A predictor that is no object (regorus failed iterating it, and the rule with it).
test_kserve_non_object_predictor if {
	every predictor in ["x", 7, null] {
		count(deny(lib.mock([isvc(predictor)]))) == 0
	}
}
