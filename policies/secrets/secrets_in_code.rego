# METADATA
# title: No secrets in code
# description: >-
#   Chapter 6 keeps secrets only in Key Vault, never in code: a key, password or token committed
#   with the infrastructure is readable by everyone with access to the repository and its history,
#   and cannot be rotated without a change. Parameters and variables with secret-looking names must
#   be secure (@secure(), securestring/secureObject, sensitive = true) and carry no literal default;
#   literal values that look like credentials (storage connection strings and keys, Cognitive
#   Services keys, OpenAI sk- keys, GitHub tokens, private keys) fail wherever they appear, as do
#   Kubernetes env entries, Azure ML connections, datastores and environment variables that carry a
#   secret literally. Messages show at most a masked prefix of the value.
# custom:
#   id: AIP-SEC-001
#   severity: critical
#   pillar: secrets
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform, kubernetes, aml]
#   fix: Move the value to Key Vault and reference it (Key Vault reference, secretKeyRef / CSI driver, workspace connection).
package aipolicy.rules.secrets.secrets_in_code

import data.aipolicy.lib
import rego.v1

# Parameter / variable declarations, by canonical type: where "secure" is read.
param_types := {"bicep:param", "arm:parameter", "terraform:variable"}

# Literal credential patterns. `context`: the pattern alone is too common, so it counts only where
# the key (or the env entry's name) holding the value looks secret.
credential_patterns := [
	{"name": "a storage connection string with AccountKey", "regex": `(?i)AccountKey=[A-Za-z0-9+/]{20,}={0,2}`, "context": false},
	{"name": "a storage account key", "regex": `(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==`, "context": false},
	{"name": "an OpenAI API key", "regex": `(^|[^A-Za-z0-9])sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, "context": false},
	{"name": "a GitHub token", "regex": `(^|[^A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`, "context": false},
	{"name": "a private key", "regex": `-----BEGIN ([A-Z]+ )?PRIVATE KEY( BLOCK)?-----`, "context": false},
	{"name": "a Cognitive Services key", "regex": `^[0-9a-fA-F]{32}$`, "context": true},
]

# ── secret-looking names ──

snake(name) := s if {
	a := regex.replace(name, `([A-Z]+)([A-Z][a-z])`, "${1}_${2}")
	b := regex.replace(a, `([a-z0-9])([A-Z])`, "${1}_${2}")
	s := lower(regex.replace(b, `[^A-Za-z0-9]+`, "_"))
}

secret_name(name) if {
	is_string(name)
	s := snake(name)
	some p in lib.common("secret_name_patterns")
	regex.match(p, s)
	not excluded_name(s)
}

excluded_name(s) if {
	some p in lib.common("secret_name_exclusions")
	regex.match(p, s)
}

# ── masked values ──

mask(s) := sprintf("%s…", [substring(s, 0, 4)])

literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not placeholder(v)
}

# Values that are not secrets: sample placeholders (XXXX, <your-key>), template expressions and
# Key Vault references.
placeholder(v) if regex.match(`^[^A-WYZa-wyz0-9]*$`, v)

placeholder(v) if regex.match(`^\s*(<[^<>]+>|\$\{\{.*\}\}|\$\{[^{}]+\}|\{\{.*\}\})\s*$`, v)

placeholder(v) if regex.match(`(?i)(\.vault\.azure\.net|@Microsoft\.KeyVault\()`, v)

# Switch words (ALLOW_EMPTY_PASSWORD: "yes") and generator markers of sample parameter files.
placeholder(v) if regex.match(`(?i)^\s*(yes|no|true|false|on|off|enabled|disabled|none|null|GEN-[A-Z0-9-]+)\s*$`, v)

literal(v) if {
	is_object(v)
	lib.known(v)
	count(v) > 0
}

# ── 1. parameters and variables with secret-looking names ──

secure(p) if lib.is_true(object.get(p, "secure", false))

secure(p) if lib.in_ci(object.get(p, "type", ""), {"securestring", "secureobject"})

secure(p) if lib.is_true(object.get(p, "sensitive", false))

secure(p) if lib.unresolved(object.get(p, "sensitive", false))

default_value(p) := p.defaultValue if "defaultValue" in object.keys(p)

else := p["default"] if "default" in object.keys(p)

secure_path(p) := "sensitive" if p._meta.type == "terraform:variable"

else := "type"

kind_of(p) := "variable" if p._meta.type == "terraform:variable"

else := "parameter"

secure_hint(p) := "sensitive = true" if p._meta.type == "terraform:variable"

else := "@secure()" if p._meta.type == "bicep:param"

else := "securestring / secureObject"

default_key(p) := "defaultValue" if "defaultValue" in object.keys(p)

else := "default"

params[p._meta.id] := p if {
	some p in lib.resources_of(param_types)
}

# Declared types that cannot hold a credential (allow_api_keys = bool).
non_secret_type(p) if {
	t := object.get(p, "type", "")
	is_string(t)
	regex.match(`(?i)^\s*(bool|boolean|int|number)\s*$`, t)
}

deny contains f if {
	some p in params
	p._meta.name in secret_param_names
	not non_secret_type(p)
	d := default_value(p)
	literal(d)
	f := lib.finding(p, default_key(p), sprintf("%s %q looks secret and has a literal default (%s); pass it from Key Vault instead", [kind_of(p), lib.text(p._meta.name), masked(d)]))
}

deny contains f if {
	some p in params
	p._meta.name in secret_param_names
	not non_secret_type(p)
	not has_literal_default(p)
	not secure(p)
	f := lib.finding(p, secure_path(p), sprintf("%s %q looks secret but is not declared secure (%s)", [kind_of(p), lib.text(p._meta.name), secure_hint(p)]))
}

has_literal_default(p) if literal(default_value(p))

masked(d) := mask(d) if is_string(d)

else := "an object"

# ── 2. places that hold a secret literally (Kubernetes env, Azure ML) ──

# Kubernetes container env entries with a secret-looking name and a literal value.
specific contains {"resource": ps.resource, "path": sprintf("%s.env[%d].value", [c.path, i]), "what": sprintf("env %q of container %q", [lib.text(e.name), lib.text(c.container.name)]), "value": e.value} if {
	some ps in lib.pod_specs
	ps.resource._meta.type != "k8s:core/Secret"
	some c in lib.containers(ps)
	env := object.get(c.container, "env", [])
	is_array(env) # `env:` left empty is null: regorus fails `some .. in` on it
	some i, e in env
	e.name in secret_env_names
	v := lib.get(e, ["value"], "")
	literal(v)
}

# The distinct env entry names that look secret: each name is tested once, not once per entry.
secret_env_names contains name if {
	some name in {e.name |
		some ps in lib.pod_specs
		some c in lib.containers(ps)
		env := object.get(c.container, "env", [])
		is_array(env)
		some e in env
	}
	secret_name(name)
}

aml_secret_paths := {
	"Microsoft.MachineLearningServices/workspaces/connections": [
		["properties", "credentials", "key"],
		["properties", "credentials", "clientSecret"],
		["properties", "credentials", "sas"],
	],
	"Microsoft.MachineLearningServices/workspaces/datastores": [
		["properties", "credentials", "secrets", "key"],
		["properties", "credentials", "secrets", "sasToken"],
		["properties", "credentials", "secrets", "clientSecret"],
	],
}

# Azure ML connections and datastores with literal credentials.
specific contains {"resource": r, "path": lib.path_str(path), "what": sprintf("%s %s", [kind, lib.path_str(path)]), "value": v} if {
	some t, paths in aml_secret_paths
	some r in lib.resources(t)
	lib.format(r) == "aml"
	kind := aml_kind(t)
	some path in paths
	v := lib.get(r, path, "")
	literal(v)
}

aml_kind(t) := "connection" if endswith(t, "/connections")

else := "datastore"

aml_env_types := {
	"Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
	"Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
	"Microsoft.MachineLearningServices/workspaces/jobs",
}

# Azure ML deployments and jobs with literal secret-looking environment variables.
specific contains {"resource": r, "path": lib.path_str(["properties", "environmentVariables", k]), "what": sprintf("environment variable %q", [lib.text(k)]), "value": v} if {
	some r in lib.resources_of(aml_env_types)
	lib.format(r) == "aml"
	vars := lib.get(r, ["properties", "environmentVariables"], {})
	is_object(vars)
	lib.known(vars)
	some k, v in vars
	secret_name(k)
	literal(v)
}

deny contains f if {
	some s in specific
	f := lib.finding(s.resource, s.path, sprintf("%s holds a secret literally (%s); reference it from Key Vault instead", [s.what, masked(s.value)]))
}

specific_paths contains [s.resource._meta.id, s.path] if some s in specific

# ── 3. literal credentials anywhere ──

# Resources scanned for credential patterns: everything but Kubernetes Secrets (AIP-SEC-002) and
# secret-named parameters (reported as declarations above).
# Resources searched value by value: those whose JSON text matches a credential hint. The engine
# tests the hints once per resource in Python (input.views.credential_hinted); inputs without
# views (unit tests) test them here.
scanned[id] := r if {
	some id in input.views.credential_hinted
	r := input.resources[id]
	searched(r)
}

scanned[id] := r if {
	not input.views
	some id, r in input.resources
	searched(r)
	hinted(json.marshal(r))
}

searched(r) if {
	r._meta.type != "k8s:core/Secret"
	not secret_param(r)
}

secret_param(r) if {
	r._meta.type in param_types
	r._meta.name in secret_param_names
}

# Names are tested once each, not once per declaration (projects repeat them in every file).
param_names := {p._meta.name | some p in params}

secret_param_names := {n | some n in param_names; secret_name(n)}

# A superset of every pattern (the common.credential_hints parameter): a resource's JSON text is
# tested before its strings are walked.
hinted(text) if {
	some hint in lib.common("credential_hints")
	regex.match(hint, text)
}

# Every pattern as one alternation: one cheap test per string before the per-pattern work.
any_credential := concat("|", [sprintf("(?:%s)", [pat.regex]) | some pat in credential_patterns])

trim_marker(p) := array.slice(p, 0, count(p) - 1) if p[count(p) - 1] == "$unresolved"

else := p

# The name a value is held under: its key, or the sibling name of a {name, value} entry.
context_name(r, p) := n if {
	p[count(p) - 1] == "value"
	count(p) > 1
	n := object.get(r, array.concat(array.slice(p, 0, count(p) - 1), ["name"]), null)
	is_string(n)
} else := p[count(p) - 1]

# hits: every (resource, path, pattern index, matched text) where a string matches a pattern.
# An unresolved expression's text counts at the path of the expression: a literal key inside an
# interpolation is still in code.
hits contains {"id": r._meta.id, "path": path, "i": i, "m": m[0]} if {
	some r in scanned
	walk(r, [p, v])
	is_string(v)
	regex.match(any_credential, v)
	count(p) > 0
	p[0] != "_meta"
	q := trim_marker(p)
	path := lib.path_str(q)
	not [r._meta.id, path] in specific_paths
	some i, pat in credential_patterns
	m := regex.find_n(pat.regex, v, 1)
	count(m) == 1
	context_ok(pat, r, q)
}

# One finding per place: the first pattern that matches there.
deny contains f if {
	some h in hits
	h.i == min({g.i | some g in hits; g.id == h.id; g.path == h.path})
	r := input.resources[h.id]
	f := lib.finding(r, h.path, sprintf("%s is written literally at %s (%s); reference it from Key Vault instead", [credential_patterns[h.i].name, h.path, mask(trim_left(h.m, " \t\"'=;,:"))]))
}

context_ok(pat, _, _) if not pat.context

context_ok(pat, r, p) if {
	pat.context
	secret_name(context_name(r, p))
}
