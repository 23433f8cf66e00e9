# Unknown-safe value access. A value the scanner could not resolve statically is the object
# {"$unresolved": "<expression>"}; every test below is false on it, so no rule fires on an unknown.
package aipolicy.lib

import rego.v1

# The key test first: it fails at once on strings, numbers and most objects.
unresolved(v) if {
	_ = v["$unresolved"]
	is_object(v)
}

# One expression on the common path, no function call (~2 µs instead of ~5): the key is absent
# (OPA refuses `not _ = v[k]`, so the value is compared with itself). The else branch keeps a
# set that holds "$unresolved" known, as unresolved(v) wants an object.
known(v) if {
	not v["$unresolved"] == v["$unresolved"]
} else if {
	is_set(v)
}

# get(obj, path, fallback): the value at path (an array of keys and indices), the fallback when
# absent, or the unresolved marker when the value or any object above it is unresolved.
# Fast path: a value that is there (the marker included) is returned by one lookup; only an
# absent value pays for the walk that looks for an unresolved object above it. Paths of one to
# three keys (nearly all) check their one or two prefixes inline, shortest first, without the
# numbers.range/array.slice walk (~7 µs a prefix). A one-key path checks obj itself (the walk
# over numbers.range(1, 0) = [1, 0] does too).
get(obj, path, fallback) := v if {
	v := object.get(obj, path, _absent)
	v != _absent
} else := marker if {
	count(path) == 2
	marker := object.get(obj, [path[0]], null)
	_ = marker["$unresolved"]
	is_object(marker)
} else := fallback if {
	count(path) == 2
} else := obj if {
	count(path) == 1
	_ = obj["$unresolved"]
	is_object(obj)
} else := fallback if {
	count(path) == 1
} else := marker if {
	count(path) == 3
	marker := object.get(obj, [path[0]], null)
	_ = marker["$unresolved"]
	is_object(marker)
} else := marker if {
	count(path) == 3
	marker := object.get(obj, [path[0], path[1]], null)
	_ = marker["$unresolved"]
	is_object(marker)
} else := fallback if {
	count(path) == 3
} else := markers[0] if {
	# the shortest unresolved prefix: iterating with `some i` returned one value per unresolved
	# prefix, and two (an object holding a "$unresolved" key beside a marker) failed the rule
	markers := [marker |
		some i in numbers.range(1, count(path) - 1)
		marker := object.get(obj, array.slice(path, 0, i), null)
		unresolved(marker)
	]
	count(markers) > 0
} else := fallback

_absent := {"$aipolicy_absent": true}

# present(obj, path): the path is written (with any value, unresolved included).
present(obj, path) if {
	object.get(obj, path, "__absent__") != "__absent__"
}

is_true(v) if v == true

is_false(v) if v == false

# Booleans as Terraform/AML may spell them after normalization.
# Else chains: a boolean stops at the first test, without the string body.
truthy(v) if {
	v == true
} else if {
	is_string(v)
	lower(v) in {"true", "enabled", "yes"}
}

falsy(v) if {
	v == false
} else if {
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

# number(v): a number as it is, a decimal string ("3", "-0.5", "007") as its value, else undefined.
# An else chain: a number stops at the first test, without the string bodies. regorus's to_number
# fails (and the whole rule with it) on leading zeros and beyond 1e308: the usual spelling is
# converted at once, leading zeros are stripped first, and an integer part of more than 308 digits
# is no number.
number(v) := v if {
	is_number(v)
} else := to_number(v) if {
	is_string(v)
	regex.match(`^-?(0|[1-9][0-9]{0,307})(\.[0-9]+)?$`, v)
} else := to_number(t) if {
	is_string(v)
	regex.match(`^-?0[0-9]+(\.[0-9]+)?$`, v)
	t := regex.replace(v, `^(-?)0+([0-9])`, "${1}${2}")
	regex.match(`^-?(0|[1-9][0-9]{0,307})(\.[0-9]+)?$`, t)
}

# empty(v): v is null or an empty array, object, set or string (count(v) == 0, which fails the rule
# in regorus on a number, a boolean or null). null counts as empty: an explicit null is an omission.
empty(v) if {
	v == null
} else if {
	not is_number(v)
	not is_boolean(v)
	count(v) == 0
}

# text(v): v as message text. A string as it is; an unresolved value as its expression, ${...};
# anything else as JSON. Rules quote names with sprintf's %q, which regorus accepts for strings
# only: a name written as var.x or as a number made the whole rule fail, so %q arguments go
# through text().
text(v) := v if {
	is_string(v)
} else := concat("", ["${", v["$unresolved"], "}"]) if {
	is_string(v["$unresolved"])
} else := sprintf("%v", [v])

# Property paths as the findings contract writes them: properties.list[0]["a.b"].
# Numbers as [0], plain segments (a letter, _, $ or @, then letters, digits, _, $, @ or -) as
# .name (the first without its dot), other strings as ["a.b"]; other values add nothing.
# No regex (~10 µs a call in regorus). Fast path, an array of plain segments only, in a few
# builtin calls: the joined text holds only identifier characters and dots; wrapped in dots it
# holds no ".." (an empty segment) and no dot before a digit or '-' (a segment starting with
# one); and it splits into as many parts as there are segments (no segment holds a dot).
path_str(p) := joined if {
	is_array(p)
	every seg in p {
		is_string(seg)
	}
	joined := concat(".", p)
	trim(strings.replace_n(_bad_starts, concat("", [".", joined, "."])), _path_chars) == ""
	count(split(joined, ".")) == count(p)
} else := concat("", [s | some i, seg in p; s := _seg(i, seg)])

_path_chars := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$@-."

# Each mapped to "!", which is not in _path_chars.
_bad_starts := {
	"..": "!", ".-": "!",
	".0": "!", ".1": "!", ".2": "!", ".3": "!", ".4": "!",
	".5": "!", ".6": "!", ".7": "!", ".8": "!", ".9": "!",
}

_seg(i, seg) := sprintf("[%d]", [seg]) if {
	is_number(seg)
} else := seg if {
	i == 0
	_plain(seg)
} else := sprintf(".%s", [seg]) if {
	i > 0
	_plain(seg)
} else := sprintf("[%q]", [seg]) if {
	is_string(seg)
	not _plain(seg)
}

_plain(seg) if {
	is_string(seg)
	seg != ""
	trim(seg, _seg_chars) == ""
	not contains("0123456789-", substring(seg, 0, 1))
}

_seg_chars := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$@-"
