package aipolicy.lib.azure_test

import data.aipolicy.lib
import rego.v1

# nodeTaints written as a string or null: regorus failed `some .. in` on it, and with it every rule
# that asks for a pool's taints. (Tests of lib rules, such as node_pools, belong to rule packages: a
# package under aipolicy.lib evaluating them is part of the document it evaluates.)
test_taints_of_non_arrays if {
	count(lib.taints({"nodeTaints": "sku=gpu:NoSchedule"})) == 0
	count(lib.taints({"nodeTaints": null})) == 0
	lib.taints({"nodeTaints": ["sku=gpu:NoSchedule", 7]}) == [{"key": "sku", "value": "gpu", "effect": "NoSchedule"}]
}
