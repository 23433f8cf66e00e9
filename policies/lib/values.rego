# Unknown-safe value access. A value the scanner could not resolve statically is the object
# {"$unresolved": "<expression>"}; every test below is false on it, so no rule fires on an unknown.
package aipolicy.lib

import rego.v1

unresolved(v) if {
	is_object(v)
	_ = v["$unresolved"]
}

known(v) if not unresolved(v)

# get(obj, path, fallback): the value at path (an array of keys and indices), the fallback when
# absent, or the unresolved marker when the value or any object above it is unresolved.
# Fast path: a value that is there (the marker included) is returned by one lookup; only an
# absent value pays for the walk that looks for an unresolved object above it.
get(obj, path, fallback) := v if {
	v := object.get(obj, path, _absent)
	v != _absent
} else := marker if {
	some i in numbers.range(1, count(path) - 1)
	marker := object.get(obj, array.slice(path, 0, i), null)
	unresolved(marker)
} else := fallback

_absent := {"$aipolicy_absent": true}

# present(obj, path): the path is written (with any value, unresolved included).
present(obj, path) if {
	object.get(obj, path, "__absent__") != "__absent__"
}

is_true(v) if v == true

is_false(v) if v == false

# Booleans as Terraform/AML may spell them after normalization.
truthy(v) if v == true

truthy(v) if {
	is_string(v)
	lower(v) in {"true", "enabled", "yes"}
}

falsy(v) if v == false

falsy(v) if {
	is_string(v)
	lower(v) in {"false", "disabled", "no"}
}

# Case-insensitive comparison of enum values (ARM compares them case-insensitively).
eq_ci(v, s) if {
	is_string(v)
	lower(v) == lower(s)
}

in_ci(v, values) if {
	is_string(v)
	some s in values
	lower(v) == lower(s)
}

# A known value that is not (case-insensitively) the expected one.
not_eq_ci(v, s) if {
	known(v)
	not eq_ci(v, s)
}

number(v) := v if is_number(v)

number(v) := to_number(v) if {
	is_string(v)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, v)
}

# Property paths as the findings contract writes them: properties.list[0]["a.b"].
path_str(p) := concat("", [s | some i, seg in p; s := _seg(i, seg)])

_seg(_, seg) := sprintf("[%d]", [seg]) if is_number(seg)

_seg(i, seg) := seg if {
	is_string(seg)
	i == 0
	regex.match(`^[A-Za-z_$@][A-Za-z0-9_$@-]*$`, seg)
}

_seg(i, seg) := sprintf(".%s", [seg]) if {
	is_string(seg)
	i > 0
	regex.match(`^[A-Za-z_$@][A-Za-z0-9_$@-]*$`, seg)
}

_seg(_, seg) := sprintf("[%q]", [seg]) if {
	is_string(seg)
	not regex.match(`^[A-Za-z_$@][A-Za-z0-9_$@-]*$`, seg)
}
