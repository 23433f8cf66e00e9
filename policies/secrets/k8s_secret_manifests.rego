# METADATA
# title: Kubernetes Secret manifests with values are not committed
# description: >-
#   A Secret manifest only base64-encodes its values: committing one puts the credential in the
#   repository, which Chapter 6 rules out (secrets live in Key Vault, never in code). Secrets with
#   values in data or stringData (service-account-token Secrets excepted), and Terraform
#   kubernetes_secret(_v1) resources with literal values in data, fail; mount secrets from Key
#   Vault through the Secrets Store CSI driver or sync them with an external-secrets operator.
# custom:
#   id: AIP-SEC-002
#   severity: high
#   pillar: secrets
#   checklist: identity-no-static-keys
#   formats: [kubernetes, terraform]
#   fix: Use the Key Vault CSI driver (SecretProviderClass) or an external-secrets operator.
package aipolicy.rules.secrets.k8s_secret_manifests

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some r in lib.resources("k8s:core/Secret")
	not lib.eq_ci(lib.get(r, ["type"], "Opaque"), "kubernetes.io/service-account-token")
	lib.known(lib.get(r, ["type"], "Opaque"))
	some field in ["data", "stringData"]
	values := lib.get(r, [field], {})
	is_object(values)
	lib.known(values)
	keys := sort([k | some k, v in values; literal(v)])
	count(keys) > 0
	f := lib.finding(r, field, sprintf("Secret %q carries literal values in %s (%s); keep them in Key Vault and mount them with the CSI driver", [lib.text(r._meta.name), field, concat(", ", keys)]))
}

literal(v) if {
	is_string(v)
	v != ""
}
