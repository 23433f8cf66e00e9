# METADATA
# title: SAS tokens are short-lived
# description: >-
#   Chapter 6 recommends SAS tokens with a short TTL for temporary dataset access. A SAS token is a
#   bearer credential: once leaked it opens the training data until it expires. A storage account's
#   SAS expiration policy (sasPolicy.sasExpirationPeriod, D.HH:MM:SS) bounds how long the tokens it
#   accepts should live; it must be set and at most the sas_max_expiration parameter (1 day by
#   default).
# custom:
#   id: AIP-DATA-005
#   severity: medium
#   pillar: data
#   checklist: identity-no-static-keys
#   fix: Add a SAS expiration policy (for example 1 day, action Log or Block).
#   formats: [arm, bicep, terraform]
package aipolicy.rules.data.sas_expiration

import data.aipolicy.lib
import rego.v1

period_path := ["properties", "sasPolicy", "sasExpirationPeriod"]

max_text := lib.param("AIP-DATA-005", "sas_max_expiration")

max_seconds := seconds(max_text)

# Computed once, not per finding (lib.path_str ~20 µs a call).
period_str := lib.path_str(period_path)

policy_str := lib.path_str(["properties", "sasPolicy"])

# period(r): lib.get(r, period_path, null) with plain references (an absent 3-key path cost ~30 µs
# in lib.get): the value, else the unresolved properties or sasPolicy above it, else null.
period(r) := v if {
	v := r.properties.sasPolicy.sasExpirationPeriod
} else := m if {
	m := r.properties
	lib.unresolved(m)
} else := m if {
	m := r.properties.sasPolicy
	lib.unresolved(m)
} else := null

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	period(r) == null
	f := lib.finding(r, at_policy(r), sprintf("storage account %q has no SAS expiration policy; SAS tokens of any lifetime are accepted silently", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	v := period(r)
	is_string(v)
	seconds(v) > max_seconds
	f := lib.finding(r, period_str, sprintf("storage account %q allows SAS tokens valid for %s, longer than %s", [lib.text(r._meta.name), v, max_text]))
}

# "D.HH:MM:SS" or "HH:MM:SS" -> seconds. At most 100 digits a field: the arithmetic below fails in
# regorus beyond 1e308.
seconds(p) := s if {
	is_string(p)
	m := regex.find_all_string_submatch_n(`^(?:([0-9]{1,100})\.)?([0-9]{1,100}):([0-9]{1,100}):([0-9]{1,100})$`, trim_space(p), 1)
	count(m) == 1
	g := m[0]
	s := (((num(g[1]) * 24) + num(g[2])) * 60 + num(g[3])) * 60 + num(g[4])
}

# Digits to a number; leading zeros dropped first (not every engine parses "08").
num(digits) := 0 if trim_left(digits, "0") == ""

else := to_number(trim_left(digits, "0"))

at_policy(r) := policy_str if {
	_ = r.properties.sasPolicy
} else := ""
