# METADATA
# title: Model endpoints are not reachable from the public internet
# description: >-
#   An inference endpoint that accepts traffic from the internet invites abuse of the model,
#   extraction attempts and data leakage. Chapter 6 restricts endpoint access to a private VNet
#   (public_network_access=disabled) behind firewall rules. Online endpoints must disable public
#   network access; Kubernetes LoadBalancer Services in front of inference workloads must be internal.
# custom:
#   id: AIP-NET-001
#   severity: high
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform, aml, kubernetes]
#   fix: Disable public network access and reach the endpoint through a private endpoint or internal load balancer.
package aipolicy.rules.network.endpoint_public_access

import data.aipolicy.lib
import rego.v1

endpoint_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"

internal_annotation := "service.beta.kubernetes.io/azure-load-balancer-internal"

deny contains f if {
	some r in lib.resources(endpoint_type)
	v := lib.get(r, ["properties", "publicNetworkAccess"], "Enabled")
	lib.not_eq_ci(v, "Disabled")
	f := lib.finding(r, "properties.publicNetworkAccess", sprintf("online endpoint %q accepts traffic from the public internet (publicNetworkAccess %v)", [lib.text(r._meta.name), v]))
}

deny contains f if {
	some svc in lib.resources("k8s:core/Service")
	lib.eq_ci(lib.get(svc, ["spec", "type"], ""), "LoadBalancer")
	not internal_lb(svc)
	some w in lib.selected(svc)
	lib.is_inference(w)
	f := lib.finding(svc, "spec.type", sprintf("LoadBalancer Service %q exposes inference workload %q publicly; annotate it %s: \"true\"", [lib.text(svc._meta.name), lib.text(w._meta.name), internal_annotation]))
}

internal_lb(svc) if {
	v := lib.get(svc, ["metadata", "annotations", internal_annotation], "false")
	lib.truthy(v)
}

internal_lb(svc) if {
	v := lib.get(svc, ["metadata", "annotations", internal_annotation], "false")
	lib.unresolved(v)
}
