package aipolicy.lib.values_test

import data.aipolicy.lib
import rego.v1

marker := {"$unresolved": "var.x"}

test_path_str_plain if lib.path_str(["properties", "encryption", "keySource"]) == "properties.encryption.keySource"

test_path_str_identifier_chars if lib.path_str(["$schema", "@odata", "_a-1", "Z9"]) == "$schema.@odata._a-1.Z9"

test_path_str_empty if lib.path_str([]) == ""

test_path_str_index if lib.path_str(["properties", "list", 0, "name"]) == "properties.list[0].name"

test_path_str_numeric_first if lib.path_str([0, "name"]) == "[0].name"

test_path_str_dotted_segment if lib.path_str(["tags", "a.b"]) == `tags["a.b"]`

test_path_str_dotted_first if lib.path_str(["a.b", "c"]) == `["a.b"].c`

test_path_str_space if lib.path_str(["tags", "cost center"]) == `tags["cost center"]`

test_path_str_leading_digit if lib.path_str(["tags", "1st"]) == `tags["1st"]`

test_path_str_leading_dash if lib.path_str(["tags", "-x"]) == `tags["-x"]`

test_path_str_empty_segment if lib.path_str(["tags", "", "x"]) == `tags[""].x`

test_path_str_trailing_dot if lib.path_str(["tags", "x."]) == `tags["x."]`

test_path_str_non_ascii if lib.path_str(["tags", "é"]) == `tags["é"]`

test_path_str_other_values_skipped if lib.path_str(["a", true, null, "b"]) == "a.b"

test_get_present if lib.get({"a": {"b": 1}}, ["a", "b"], 0) == 1

test_get_absent if lib.get({"a": {"b": 1}}, ["a", "c"], 0) == 0

test_get_marker_value if lib.get({"a": marker}, ["a"], 0) == marker

test_get_under_marker if lib.get({"a": marker}, ["a", "b"], 0) == marker

test_get_deep_under_marker if lib.get({"a": {"b": marker}}, ["a", "b", "c", "d"], 0) == marker

test_get_under_marker_in_array if lib.get({"a": [marker]}, ["a", 0, "c"], 0) == marker

test_get_one_key_on_marker if lib.get(marker, ["a"], 0) == marker

test_get_two_keys_on_marker if lib.get(marker, ["a", "b"], 0) == 0

test_known if {
	lib.known("x")
	lib.known({"a": 1})
	lib.known(null)
	not lib.known(marker)
	lib.unresolved(marker)
	not lib.unresolved("$unresolved")
}

# An object holding a "$unresolved" key beside a marker: two unresolved prefixes of the path gave
# get two values ("functions must not produce multiple outputs"); the shortest one is returned.
test_get_two_unresolved_prefixes if {
	outer := {"$unresolved": "x", "b": marker}
	lib.get({"a": outer}, ["a", "b", "c", "d"], 0) == outer
}

long_digits := concat("", ["9" | some _ in numbers.range(1, 400)])

test_number if {
	lib.number(3) == 3
	lib.number("12") == 12
	lib.number("-0.5") == -0.5
	not lib.number("1e5")
	not lib.number("x")
	not lib.number(null)
}

# regorus's to_number fails on leading zeros and beyond 1e308 (the rule calling it failed).
test_number_leading_zeros if {
	lib.number("007") == 7
	lib.number("-01.5") == -1.5
	lib.number("00") == 0
	lib.number("00.25") == 0.25
}

test_number_too_long_is_no_number if {
	not lib.number(long_digits)
	not lib.number(concat("", ["0", long_digits]))
}

test_empty if {
	lib.empty(null)
	lib.empty([])
	lib.empty({})
	lib.empty("")
	not lib.empty([1])
	not lib.empty({"a": 1})
	not lib.empty(0)
	not lib.empty(false)
	not lib.empty(marker)
}
