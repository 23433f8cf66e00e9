# METADATA
# title: TLS 1.2 or newer is the minimum
# description: >-
#   Chapter 6 protects data in transit by enforcing HTTPS with TLS 1.2+. Prompts, completions,
#   training data and model weights cross the wire between clients, apps and data stores; a service
#   that still accepts TLS 1.0 or 1.1 lets a client negotiate a protocol with known weaknesses.
#   Storage accounts, App Service / Function apps, Azure Cache for Redis, SQL servers, Event Hubs and
#   Service Bus namespaces must set their minimum TLS version to 1.2 or newer. An omitted storage
#   minimumTlsVersion takes the API's documented default, TLS 1.0 (Terraform's provider default,
#   TLS1_2, is applied by the mapping table); for the other services an omission passes.
# custom:
#   id: AIP-DATA-001
#   severity: high
#   pillar: data
#   checklist: encrypted
#   formats: [arm, bicep, terraform]
#   fix: Set the minimum to TLS 1.2.
package aipolicy.rules.data.min_tls_version

import data.aipolicy.lib
import rego.v1

# type -> [path, documented default when omitted (null: none documented, omission passes)]
settings := {
	"Microsoft.Storage/storageAccounts": [["properties", "minimumTlsVersion"], "TLS1_0"],
	"Microsoft.Web/sites": [["properties", "siteConfig", "minTlsVersion"], null],
	"Microsoft.Web/sites/slots": [["properties", "siteConfig", "minTlsVersion"], null],
	"Microsoft.Web/sites/config": [["properties", "minTlsVersion"], null],
	"Microsoft.Web/sites/slots/config": [["properties", "minTlsVersion"], null],
	"Microsoft.Cache/redis": [["properties", "minimumTlsVersion"], null],
	"Microsoft.Sql/servers": [["properties", "minimalTlsVersion"], null],
	"Microsoft.EventHub/namespaces": [["properties", "minimumTlsVersion"], null],
	"Microsoft.ServiceBus/namespaces": [["properties", "minimumTlsVersion"], null],
}

deny contains f if {
	some t, setting in settings
	some r in lib.resources(t)
	v := lib.get(r, setting[0], setting[1])
	v != null
	lib.known(v)
	not tls12_or_newer(v)
	f := lib.finding(r, at(r, setting[0]), sprintf("%s %q accepts TLS versions older than 1.2 (minimum %v)", [t, lib.text(r._meta.name), v]))
}

# "TLS1_2", "1.2", "1.3", "TLS1_3" and the like; "None" (SQL: no minimum) is not.
# An else chain (all bodies of a multi-body function are evaluated): the usual TLS1_2 / TLS1_3
# without the regex first.
tls12_or_newer(v) if {
	is_string(v)
	replace(trim_prefix(lower(v), "tls"), "_", ".") in {"1.2", "1.3"}
} else if {
	is_string(v)
	n := replace(trim_prefix(lower(v), "tls"), "_", ".")
	regex.match(`^[0-9]+\.[0-9]+$`, n)
	lib.number(n) >= 1.2 # to_number fails in regorus on "01.2"
} else if {
	is_number(v)
	v >= 1.2
}

# The setting's path when it is written, else the resource itself (an omitted setting).
at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
