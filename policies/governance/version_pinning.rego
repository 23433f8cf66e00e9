# METADATA
# title: Models and serving images are pinned to a version
# description: >-
#   Chapter 6 replaces traditional patch management with model version control and drift
#   detection: a deployment that follows "latest" changes the model or the serving stack under the
#   application without review, so behaviour (and safety) can drift silently and cannot be rolled
#   back. Azure OpenAI deployments must name a model version and not upgrade automatically
#   (OnceNewDefaultVersionAvailable, the default, is a low finding); inference containers must use
#   a tag other than latest or a digest, KServe storage URIs must not point at /latest, and Azure ML
#   online deployments must reference a model version (a label such as @prod is low, labels move)
#   and an environment image that is not :latest.
# custom:
#   id: AIP-GOV-003
#   severity: medium
#   pillar: governance
#   checklist: none
#   formats: [arm, bicep, terraform, kubernetes, aml]
#   fix: Pin an explicit model version and image tag or digest; roll forward deliberately.
package aipolicy.rules.governance.version_pinning

import data.aipolicy.lib
import rego.v1

oai_deployment_type := "Microsoft.CognitiveServices/accounts/deployments"

ml_deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

# ── Azure OpenAI / AI Services deployments ──

deny contains f if {
	some r in lib.resources(oai_deployment_type)
	model := lib.get(r, ["properties", "model"], {})
	lib.known(model)
	v := lib.get(r, ["properties", "model", "version"], "")
	lib.known(v)
	blank(v)
	f := lib.finding(r, "properties.model", sprintf("deployment %q does not pin a model version (properties.model.version)", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(oai_deployment_type)
	v := lib.get(r, ["properties", "versionUpgradeOption"], "OnceNewDefaultVersionAvailable")
	lib.eq_ci(v, "OnceNewDefaultVersionAvailable")
	f := lib.finding_sev(r, "properties.versionUpgradeOption", sprintf("deployment %q upgrades to each new default model version automatically (versionUpgradeOption OnceNewDefaultVersionAvailable); use NoAutoUpgrade or OnceCurrentVersionExpired", [lib.text(r._meta.name)]), "low")
}

blank(v) if v == null

blank(v) if {
	is_string(v)
	trim_space(v) == ""
}

# ── Kubernetes: inference containers and KServe storage URIs ──

# unpinned(image): no tag (implicitly latest) or the latest tag, and no digest.
# The last path segment split once; an else chain tests "no tag" before "latest".
unpinned(image) if {
	is_string(image)
	trim_space(image) != ""
	not contains(image, "@")
	segs := split(image, "/")
	untagged_or_latest(split(segs[count(segs) - 1], ":"))
}

untagged_or_latest(parts) if {
	count(parts) == 1
} else if {
	lower(parts[count(parts) - 1]) == "latest"
}

# The inference pod specs by id (lib.inference_workloads), their containers computed once
# (lib.pod_containers).
deny contains f if {
	some id, w in lib.inference_workloads
	lib.pod_specs[id]
	some c in lib.pod_containers[id]
	image := lib.get(c.container, ["image"], "")
	unpinned(image)
	f := lib.finding(w, sprintf("%s.image", [c.path]), sprintf("inference container %q runs image %q without a pinned tag or digest", [lib.text(c.container.name), lib.text(image)]))
}

kserve_uri_paths contains ["spec", "predictor", "model", "storageUri"]

kserve_uri_paths contains ["spec", "predictor", framework, "storageUri"] if {
	some r in lib.resources("k8s:serving.kserve.io/InferenceService")
	predictor := object.get(r, ["spec", "predictor"], {})
	is_object(predictor) # regorus fails `some .. in` on a string, number or null
	some framework, spec in predictor
	is_object(spec)
	framework != "model"
}

deny contains f if {
	some r in lib.resources("k8s:serving.kserve.io/InferenceService")
	some path in kserve_uri_paths
	uri := lib.get(r, path, "")
	is_string(uri)
	regex.match(`(?i)[/:@]latest/?$`, uri)
	f := lib.finding(r, lib.path_str(path), sprintf("InferenceService %q loads its model from %q, which follows latest", [lib.text(r._meta.name), lib.text(uri)]))
}

# ── Azure ML online deployments (CLI v2 YAML) ──

aml_deployments[r._meta.id] := r if {
	some r in lib.resources(ml_deployment_type)
	lib.format(r) == "aml"
}

deny contains f if {
	some r in aml_deployments
	model := lib.get(r, ["properties", "model"], "")
	is_string(model)
	model_problem(model) == "unversioned"
	f := lib.finding(r, "properties.model", sprintf("online deployment %q uses model %q without a version; reference azureml:<name>:<version>", [lib.text(r._meta.name), lib.text(model)]))
}

deny contains f if {
	some r in aml_deployments
	model := lib.get(r, ["properties", "model"], "")
	is_string(model)
	model_problem(model) == "label"
	f := lib.finding_sev(r, "properties.model", sprintf("online deployment %q uses model %q by label; labels move, prefer an explicit version", [lib.text(r._meta.name), lib.text(model)]), "low")
}

# azureml:name:3 and ARM ids (…/models/name/versions/3) are pinned.
model_problem(m) := "unversioned" if {
	regex.match(`(?i)^azureml:[^:@/]+(@latest)?$`, m)
} else := "label" if {
	regex.match(`(?i)^azureml:[^:@/]+@[^:@/]+$`, m)
}

deny contains f if {
	some r in aml_deployments
	image := lib.get(r, ["properties", "environment", "image"], "")
	unpinned(image)
	f := lib.finding(r, "properties.environment.image", sprintf("online deployment %q runs environment image %q without a pinned tag or digest", [lib.text(r._meta.name), lib.text(image)]))
}
