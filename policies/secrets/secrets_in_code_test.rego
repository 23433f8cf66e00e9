package aipolicy.rules.secrets.secrets_in_code_test

import data.aipolicy.lib
import data.aipolicy.rules.secrets.secrets_in_code as rule
import rego.v1

param(t, name, body) := object.union({"_meta": {"id": name, "type": t, "name": name}, "name": name}, body)

findings(inp) := fs if {
	fs := rule.deny with input as inp
}

test_secret_names if {
	rule.secret_name("adminPassword")
	rule.secret_name("openAIApiKey")
	rule.secret_name("storage_connection_string")
	rule.secret_name("clientSecret")
	rule.secret_name("sasToken")
	rule.secret_name("OPENAI_API_KEY")
	not rule.secret_name("keyVaultName")
	not rule.secret_name("sshPublicKey")
	not rule.secret_name("secretName")
	not rule.secret_name("maxTokens")
	not rule.secret_name("tokens_per_minute")
	not rule.secret_name("location")
}

test_bicep_param_not_secure_fails if {
	inp := lib.mock([param("bicep:param", "adminPassword", {"type": "string", "secure": false})])
	fs := findings(inp)
	count(fs) == 1
	some f in fs
	f.path == "type"
}

test_bicep_secure_param_passes if {
	inp := lib.mock([param("bicep:param", "adminPassword", {"type": "string", "secure": true})])
	count(findings(inp)) == 0
}

test_literal_default_fails_even_when_secure if {
	inp := lib.mock([param("bicep:param", "openAiKey", {"type": "string", "secure": true, "default": "sk-abcdefghijklmnopqrstuvwxyz0123"})])
	fs := findings(inp)
	count(fs) == 1
	some f in fs
	f.path == "default"
	contains(f.message, "sk-a…")
	not contains(f.message, "sk-abcdefgh")
}

test_empty_default_is_not_literal if {
	inp := lib.mock([param("bicep:param", "openAiKey", {"type": "string", "secure": true, "default": ""})])
	count(findings(inp)) == 0
}

test_unresolved_default_does_not_fire if {
	inp := lib.mock([param("bicep:param", "openAiKey", {"type": "string", "secure": true, "default": {"$unresolved": "kv.getSecret('k')"}})])
	count(findings(inp)) == 0
}

test_arm_parameter_string_fails_securestring_passes if {
	bad := lib.mock([param("arm:parameter", "sqlPassword", {"type": "string"})])
	some f in findings(bad)
	f.path == "type"
	good := lib.mock([param("arm:parameter", "sqlPassword", {"type": "secureString"})])
	count(findings(good)) == 0
}

test_arm_default_value_fails if {
	inp := lib.mock([param("arm:parameter", "apiKey", {"type": "securestring", "defaultValue": "0123456789abcdef0123456789abcdef"})])
	some f in findings(inp)
	f.path == "defaultValue"
}

test_terraform_variable_sensitive if {
	bad := lib.mock([param("terraform:variable", "client_secret", {"type": "string"})])
	some f in findings(bad)
	f.path == "sensitive"
	good := lib.mock([param("terraform:variable", "client_secret", {"type": "string", "sensitive": true})])
	count(findings(good)) == 0
	unknown := lib.mock([param("terraform:variable", "client_secret", {"sensitive": {"$unresolved": "x"}})])
	count(findings(unknown)) == 0
}

test_plain_param_with_credential_default_fails if {
	inp := lib.mock([param("bicep:param", "settings", {"type": "string", "secure": false, "default": "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=bXlrZXlteWtleW15a2V5bXlrZXk=;EndpointSuffix=core.windows.net"})])
	fs := findings(inp)
	count(fs) == 1
	some f in fs
	f.path == "default"
	not contains(f.message, "bXlrZXlteWtl")
}

app(settings) := {
	"_meta": {"id": "app", "type": "Microsoft.Web/sites", "name": "app"},
	"properties": {"siteConfig": {"appSettings": settings}},
}

test_credential_patterns_in_resources if {
	storage_key := concat("", [concat("", ["abcdefghij" | some _ in numbers.range(1, 8)]), "abcdef==" ])
	inp := lib.mock([app([
		{"name": "OPENAI", "value": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"},
		{"name": "GH", "value": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"},
		{"name": "STORE", "value": storage_key},
		{"name": "PEM", "value": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"},
		{"name": "COGNITIVE_KEY", "value": "0123456789abcdef0123456789abcdef"},
		{"name": "BUILD_HASH", "value": "0123456789abcdef0123456789abcdef"},
	])])
	fs := findings(inp)
	count(fs) == 5
	paths := {f.path | some f in fs}
	"properties.siteConfig.appSettings[4].value" in paths
	not "properties.siteConfig.appSettings[5].value" in paths
}

test_one_finding_per_place if {
	key := concat("", [concat("", ["abcdefghij" | some _ in numbers.range(1, 8)]), "abcdef==" ])
	inp := lib.mock([app([{"name": "C", "value": sprintf("DefaultEndpointsProtocol=https;AccountName=st;AccountKey=%s", [key])}])])
	count(findings(inp)) == 1
}

test_credential_inside_unresolved_expression if {
	inp := lib.mock([{
		"_meta": {"id": "s", "type": "terraform:null_resource", "name": "s"},
		"triggers": {"conn": {"$unresolved": "\"AccountName=${var.n};AccountKey=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\""}},
	}])
	some f in findings(inp)
	f.path == "triggers.conn"
}

deployment(env) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "api", "image": "api:1.0", "env": env}]}}},
}

test_k8s_env_literal_secret_fails if {
	inp := lib.mock([deployment([{"name": "OPENAI_API_KEY", "value": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"}])])
	fs := findings(inp)
	count(fs) == 1
	some f in fs
	f.path == "spec.template.spec.containers[0].env[0].value"
}

test_k8s_env_value_from_passes if {
	inp := lib.mock([deployment([
		{"name": "OPENAI_API_KEY", "valueFrom": {"secretKeyRef": {"name": "openai", "key": "api-key"}}},
		{"name": "LOG_LEVEL", "value": "info"},
	])])
	count(findings(inp)) == 0
}

test_k8s_secret_left_to_sec_002 if {
	inp := lib.mock([{
		"_meta": {"id": "s", "type": "k8s:core/Secret", "name": "s"},
		"kind": "Secret",
		"stringData": {"key": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"},
	}])
	count(findings(inp)) == 0
}

aml(t, props) := {"_meta": {"id": "a", "type": t, "name": "a", "format": "aml"}, "properties": props}

test_aml_connection_literal_key_fails if {
	inp := lib.mock([aml("Microsoft.MachineLearningServices/workspaces/connections", {"credentials": {"key": "not-a-pattern-but-literal"}})])
	some f in findings(inp)
	f.path == "properties.credentials.key"
}

test_aml_connection_without_key_passes if {
	inp := lib.mock([aml("Microsoft.MachineLearningServices/workspaces/connections", {"authType": "AAD"})])
	count(findings(inp)) == 0
}

test_aml_datastore_sas_fails if {
	inp := lib.mock([aml("Microsoft.MachineLearningServices/workspaces/datastores", {"credentials": {"secrets": {"sasToken": "sv=2022-11-02&sig=abc"}}})])
	some f in findings(inp)
	f.path == "properties.credentials.secrets.sasToken"
}

test_aml_deployment_env_fails if {
	inp := lib.mock([aml("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", {"environmentVariables": {"HF_TOKEN": "hf_abc", "WORKERS": "2"}})])
	fs := findings(inp)
	count(fs) == 1
	some f in fs
	f.path == "properties.environmentVariables.HF_TOKEN"
}

test_placeholders_and_vault_references_are_not_secrets if {
	not rule.literal("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
	not rule.literal("?xx=XXXX-XX-XX&xx=xxxx")
	not rule.literal("<your-api-key>")
	not rule.literal("${{azureml://connections/aoai/credentials/key}}")
	not rule.literal("multiplier@https://kv-prod.vault.azure.net")
	not rule.literal("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/k)")
	rule.literal("changeme-not-a-real-key")
	rule.literal("hf_abc")
}

test_boolean_switch_named_like_a_key_is_not_a_secret if {
	inp := lib.mock([{"_meta": {"id": "v", "type": "terraform:variable", "name": "allow_api_keys"}, "name": "allow_api_keys", "type": "bool", "sensitive": false, "default": true}])
	count(rule.deny) == 0 with input as inp
}

test_switch_words_and_generator_markers_are_not_secrets if {
	not rule.literal("yes")
	not rule.literal("GEN-PASSWORD")
	rule.literal("hunter2-prod")
}

# `env:` left empty is null: regorus failed iterating it, and the rule with it.
test_k8s_null_env_skipped if {
	d := deployment(null)
	other := json.patch(deployment([{"name": "OPENAI_API_KEY", "value": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"}]), [{"op": "replace", "path": "/_meta/id", "value": "d2"}])
	fs := findings(lib.mock([d, other]))
	{f.resource | some f in fs} == {"d2"}
}
