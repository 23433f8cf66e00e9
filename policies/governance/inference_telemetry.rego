# METADATA
# title: Inference telemetry and cluster monitoring are on
# description: >-
#   Chapter 6 adds to traditional monitoring the monitoring of token usage and inference logs, and
#   model drift detection: without request telemetry a degraded or abused model goes unnoticed.
#   Online deployments must send Application Insights telemetry (appInsightsEnabled,
#   app_insights_enabled; a data_collector for drift monitoring is recommended) and AKS clusters
#   must run Container insights (the omsagent add-on) or Azure Monitor managed Prometheus
#   (azureMonitorProfile; Terraform oms_agent or monitor_metrics).
# custom:
#   id: AIP-GOV-002
#   severity: low
#   pillar: governance
#   checklist: access-logs
#   formats: [arm, bicep, terraform, aml]
#   fix: Enable Application Insights on deployments and Container insights on clusters.
package aipolicy.rules.governance.inference_telemetry

import data.aipolicy.lib
import rego.v1

deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

cluster_type := "Microsoft.ContainerService/managedClusters"

deny contains f if {
	some r in lib.resources(deployment_type)
	v := lib.get(r, ["properties", "appInsightsEnabled"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, "properties.appInsightsEnabled", sprintf("online deployment %q sends no Application Insights telemetry (appInsightsEnabled is not true)%s", [lib.text(r._meta.name), drift_hint(r)]))
}

drift_hint(r) := "; add a data_collector as well to monitor drift" if {
	lib.format(r) == "aml"
	not lib.present(r, ["properties", "dataCollector"])
} else := ""

monitored(c) if lib.truthy(lib.get(c, ["properties", "addonProfiles", "omsagent", "enabled"], false))

monitored(c) if lib.truthy(lib.get(c, ["properties", "azureMonitorProfile", "metrics", "enabled"], false))

monitored(c) if lib.truthy(lib.get(c, ["properties", "azureMonitorProfile", "containerInsights", "enabled"], false))

# Nothing is said about a setting that cannot be resolved.
monitored(c) if {
	some path in [
		["properties", "addonProfiles", "omsagent", "enabled"],
		["properties", "azureMonitorProfile", "metrics", "enabled"],
		["properties", "azureMonitorProfile", "containerInsights", "enabled"],
	]
	lib.unresolved(lib.get(c, path, false))
}

deny contains f if {
	some c in lib.resources(cluster_type)
	not monitored(c)
	f := lib.finding(c, monitoring_path(c), sprintf("AKS cluster %q has neither Container insights (omsagent add-on) nor Azure Monitor metrics (azureMonitorProfile) enabled", [lib.text(c._meta.name)]))
}

monitoring_path(c) := "properties.addonProfiles.omsagent.enabled" if lib.present(c, ["properties", "addonProfiles", "omsagent"])

else := "properties.azureMonitorProfile" if lib.present(c, ["properties", "azureMonitorProfile"])

else := "properties.addonProfiles"
