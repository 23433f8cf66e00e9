"""Terraform -> canonical mapping (normalize/azurerm.py and its tables)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from aipolicy.model import Ref, unresolved
from aipolicy.normalize.azurerm import (
    TRANSFORMS, azurerm_tables, kubernetes_table, parse_path, pick_major, to_resource,
)
from aipolicy.normalize.terraform_model import TfResource

CONTROLS = Path("/work/shared/spec/controls.yaml")
SPEC_KEYS = {"arm_type", "api_version", "name", "attributes", "defaults", "set", "computed", "refs",
             "extends", "mode", "_file"}
BLOCK_KEYS = {"attributes", "defaults", "set", "computed"}
RULE_KEYS = {"to", "transform", "block", "each", "route", "key", "key_prefix", "values", "extra", "sep"}


def tf(tf_type: str, attrs: dict[str, Any], major: int = 5, lines: dict | None = None,
       refs: list | None = None, name: str = "x") -> TfResource:
    return TfResource(tf_type=tf_type, name=name, address=f"{tf_type}.{name}", file="main.tf", line=1,
                      end_line=50, attrs=attrs, lines=lines or {}, provider_major=major, refs=refs or [])


def props(tf_type: str, attrs: dict[str, Any], major: int = 5) -> dict[str, Any]:
    return to_resource(tf(tf_type, attrs, major)).body.get("properties", {})


# ───────────── tables ─────────────


def _check_block(spec: dict[str, Any], where: str) -> None:
    assert set(spec) <= BLOCK_KEYS | SPEC_KEYS, where
    for attr, rule in (spec.get("attributes") or {}).items():
        if isinstance(rule, str):
            assert parse_path(rule), f"{where}.{attr}"
            continue
        assert set(rule) <= RULE_KEYS, f"{where}.{attr}: {set(rule) - RULE_KEYS}"
        names = rule.get("transform") or []
        for name in [names] if isinstance(names, str) else names:
            assert name in TRANSFORMS, f"{where}.{attr}: unknown transform {name}"
        assert rule.get("each", "object") in ("object", "list", "map"), f"{where}.{attr}"
        if "block" in rule:
            _check_block(rule["block"] or {}, f"{where}.{attr}")
        else:
            assert rule.get("to"), f"{where}.{attr} has no target"


def test_every_table_loads_and_names_valid_transforms() -> None:
    tables = azurerm_tables()
    assert len(tables) > 40
    for tf_type, spec in tables.items():
        assert set(spec) <= SPEC_KEYS, tf_type
        assert spec.get("mode") in (None, "azapi", "passthrough"), tf_type
        _check_block(spec, tf_type)
        for kind in (spec.get("refs") or {}).values():
            kind = kind if isinstance(kind, str) else kind["kind"]
            assert kind in {"reference", "parent", "scope", "private_endpoint", "policy_of", "key_of"}
    k8s = kubernetes_table()
    for tf_type, spec in k8s["types"].items():
        assert spec["kind"] and spec["apiVersion"] and spec["fields"], tf_type
    assert set(k8s["singles"]) and all(isinstance(v, str) for v in k8s["arrays"].values())


def test_every_terraform_type_in_controls_has_a_table() -> None:
    if not CONTROLS.exists():
        pytest.skip("controls.yaml not available")
    text = yaml.safe_dump(yaml.safe_load(CONTROLS.read_text()))
    named: set[str] = set()
    for m in re.finditer(r"\b((?:azurerm|azuread|azapi|kubernetes)_[a-z0-9_]+)(\(_v\d\))?", text):
        named.add(m.group(1))
        if m.group(2):
            named.add(m.group(1) + m.group(2)[1:-1])
    known = set(azurerm_tables()) | set(kubernetes_table()["types"])
    assert named and not named - known, sorted(named - known)


def test_pick_major_uses_the_newest_entry_not_above() -> None:
    assert pick_major({3: True, 5: False}, 4) is True
    assert pick_major({3: True, 5: False}, 6) is False
    assert pick_major({3: True, 5: False}, 2) is True
    assert pick_major({"enabled": True}, 4) == {"enabled": True}


# ───────────── storage ─────────────


def test_storage_account_defaults_per_major_and_spellings() -> None:
    base = {"name": "sa", "account_tier": "Standard", "account_replication_type": "ZRS"}
    for major, public in ((3, True), (4, True), (5, False)):
        body = to_resource(tf("azurerm_storage_account", base, major)).body
        assert body["properties"]["allowBlobPublicAccess"] is public
        assert body["properties"]["allowSharedKeyAccess"] is True
        assert body["properties"]["minimumTlsVersion"] == "TLS1_2"
        assert body["properties"]["supportsHttpsTrafficOnly"] is True
        assert body["sku"] == {"name": "Standard_ZRS"} and body["kind"] == "StorageV2"
    assert props("azurerm_storage_account", dict(base, enable_https_traffic_only=False), 3)["supportsHttpsTrafficOnly"] is False
    assert props("azurerm_storage_account", dict(base, https_traffic_only_enabled=False), 4)["supportsHttpsTrafficOnly"] is False
    assert props("azurerm_storage_account", dict(base, allow_blob_public_access=True), 5)["allowBlobPublicAccess"] is True


def test_storage_account_blocks_lines_refs_and_markers() -> None:
    res = to_resource(tf("azurerm_storage_account", {
        "name": "sa", "location": "westeurope", "account_tier": "Standard",
        "account_replication_type": unresolved("var.repl"),
        "shared_access_key_enabled": False,
        "public_network_access_enabled": False,
        "network_rules": [{"default_action": "Deny", "ip_rules": ["1.2.3.4"], "bypass": ["AzureServices", "Logging"],
                           "virtual_network_subnet_ids": [unresolved("azurerm_subnet.a.id")]}],
        "sas_policy": [{"expiration_period": "1.00:00:00"}],
        "customer_managed_key": [{"key_vault_key_id": "https://kv/keys/k", "user_assigned_identity_id": "/id"}],
        "blob_properties": [{"versioning_enabled": True, "delete_retention_policy": [{}]}],
        "identity": [{"type": "SystemAssigned, UserAssigned", "identity_ids": ["/uai"]}],
    }, 4, lines={("shared_access_key_enabled",): 7, ("account_replication_type",): 5,
                 ("network_rules", 0): 9, ("network_rules", 0, "default_action"): 10,
                 ("network_rules", 0, "virtual_network_subnet_ids"): 12},
        refs=[(("network_rules", 0, "virtual_network_subnet_ids", 0), "azurerm_subnet.a")]))
    p = res.body["properties"]
    assert res.type == "Microsoft.Storage/storageAccounts" and res.name == "sa" and res.source_type == "azurerm_storage_account"
    assert p["publicNetworkAccess"] == "Disabled"
    assert p["networkAcls"]["defaultAction"] == "Deny"
    assert p["networkAcls"]["bypass"] == "AzureServices, Logging"
    assert p["networkAcls"]["ipRules"] == [{"value": "1.2.3.4", "action": "Allow"}]
    assert p["sasPolicy"] == {"sasExpirationPeriod": "1.00:00:00", "expirationAction": "Log"}
    assert p["encryption"]["keySource"] == "Microsoft.Keyvault"
    assert p["encryption"]["keyVaultProperties"]["keyIdentifier"] == "https://kv/keys/k"
    assert p["blobServiceProperties"]["isVersioningEnabled"] is True
    assert p["blobServiceProperties"]["deleteRetentionPolicy"] == {"enabled": True, "days": 7}
    assert res.body["identity"] == {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": {"/uai": {}}}
    assert res.body["sku"]["name"] == {"$unresolved": "var.repl"}
    assert res.lines["properties.allowSharedKeyAccess"] == 7
    assert res.lines["properties.networkAcls.defaultAction"] == 10
    assert res.line_of("properties.networkAcls.ipRules") == 9
    assert res.line_of("properties.minimumTlsVersion") == 1  # a default has no line of its own
    assert ("sku.name", 5) in res.unresolved
    assert ("properties.networkAcls.virtualNetworkRules[0].id", 12) in res.unresolved
    assert res.refs == [Ref("properties.networkAcls.virtualNetworkRules[0]", "azurerm_subnet.a", "reference")]
    assert res.id == "main.tf::azurerm_storage_account.x" and (res.line, res.end_line) == (1, 50)


def test_blob_properties_absent_means_no_soft_delete_view() -> None:
    p = props("azurerm_storage_account", {"name": "sa", "blob_properties": [{}]})
    assert p["blobServiceProperties"]["isVersioningEnabled"] is False
    assert p["blobServiceProperties"]["deleteRetentionPolicy"] == {"enabled": False}
    assert "blobServiceProperties" not in props("azurerm_storage_account", {"name": "sa"})


def test_storage_container_name_access_and_parent() -> None:
    sa_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa"
    res = to_resource(tf("azurerm_storage_container", {"name": "models", "storage_account_id": sa_id,
                                                       "container_access_type": "blob"}))
    assert res.type == "Microsoft.Storage/storageAccounts/blobServices/containers"
    assert res.name == "sa/default/models" and res.body["properties"]["publicAccess"] == "Blob"
    old = to_resource(tf("azurerm_storage_container", {"name": "m", "storage_account_name": "sa"}, 3,
                         refs=[(("storage_account_name",), "azurerm_storage_account.sa")]))
    assert old.name == "sa/default/m" and old.body["properties"]["publicAccess"] == "None"
    assert old.refs == [Ref("parent", "azurerm_storage_account.sa", "parent")]
    unknown = to_resource(tf("azurerm_storage_container", {"name": "m", "storage_account_id": unresolved("azurerm_storage_account.sa.id")}))
    assert unknown.name == "m" and unknown.body["name"] == "m"


def test_storage_attachments_keep_terraform_type_and_point_at_the_account() -> None:
    rules = to_resource(tf("azurerm_storage_account_network_rules", {
        "storage_account_id": unresolved("azurerm_storage_account.sa.id"), "default_action": "Deny"},
        refs=[(("storage_account_id",), "azurerm_storage_account.sa")]))
    assert rules.type == "terraform:azurerm_storage_account_network_rules"
    assert rules.body["properties"]["networkAcls"] == {"defaultAction": "Deny", "bypass": "AzureServices"}
    assert rules.refs == [Ref("parent", "azurerm_storage_account.sa", "key_of")]
    cmk = to_resource(tf("azurerm_storage_account_customer_managed_key", {
        "storage_account_id": "x", "key_vault_key_id": "https://kv/keys/k"},
        refs=[(("storage_account_id",), "azurerm_storage_account.sa")]))
    assert cmk.body["properties"]["encryption"]["keySource"] == "Microsoft.Keyvault"
    assert cmk.refs[0].kind == "key_of"


# ───────────── cognitive services ─────────────


def test_cognitive_account_local_auth_negated_with_its_line() -> None:
    res = to_resource(tf("azurerm_cognitive_account", {
        "name": "oai", "kind": "OpenAI", "sku_name": "S0", "local_auth_enabled": False,
        "network_acls": [{"default_action": "Deny", "ip_rules": ["10.0.0.0/24"]}],
        "customer_managed_key": [{"key_vault_key_id": "k", "identity_client_id": "c"}],
        "identity": [{"type": "SystemAssigned"}]}, lines={("local_auth_enabled",): 13}))
    assert res.body["kind"] == "OpenAI" and res.body["sku"] == {"name": "S0"}
    assert res.body["properties"]["disableLocalAuth"] is True
    assert res.lines["properties.disableLocalAuth"] == 13
    assert res.body["properties"]["networkAcls"] == {"defaultAction": "Deny", "ipRules": [{"value": "10.0.0.0/24"}]}
    assert res.body["properties"]["encryption"]["keySource"] == "Microsoft.KeyVault"
    assert res.body["identity"] == {"type": "SystemAssigned"}
    omitted = props("azurerm_cognitive_account", {"name": "oai"})
    assert omitted["disableLocalAuth"] is False and omitted["publicNetworkAccess"] == "Enabled"
    marker = props("azurerm_cognitive_account", {"name": "oai", "local_auth_enabled": unresolved("var.x")})
    assert marker["disableLocalAuth"] == {"$unresolved": "var.x"}


def test_ai_services_spellings() -> None:
    res = to_resource(tf("azurerm_ai_services", {
        "name": "ais", "sku_name": "S0", "local_authentication_enabled": False, "public_network_access": "Disabled"}, 4))
    assert res.type == "Microsoft.CognitiveServices/accounts" and res.body["kind"] == "AIServices"
    assert res.body["properties"]["disableLocalAuth"] is True
    assert res.body["properties"]["publicNetworkAccess"] == "Disabled"


def test_cognitive_deployment_sku_scale_and_defaults() -> None:
    acc = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai"
    res = to_resource(tf("azurerm_cognitive_deployment", {
        "name": "gpt4o", "cognitive_account_id": acc, "rai_policy_name": "strict",
        "model": [{"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}],
        "sku": [{"name": "GlobalStandard", "capacity": 50}]}))
    assert res.type == "Microsoft.CognitiveServices/accounts/deployments" and res.name == "oai/gpt4o"
    assert res.body["sku"] == {"name": "GlobalStandard", "capacity": 50}
    assert res.body["properties"]["model"]["version"] == "2024-08-06"
    assert res.body["properties"]["raiPolicyName"] == "strict"
    assert res.body["properties"]["versionUpgradeOption"] == "OnceNewDefaultVersionAvailable"
    old = to_resource(tf("azurerm_cognitive_deployment", {"name": "d", "scale": [{"type": "Standard", "capacity": 500}]}, 3))
    assert old.body["sku"] == {"name": "Standard", "capacity": 500}
    assert to_resource(tf("azurerm_cognitive_deployment", {"name": "d", "sku": [{"name": "Standard"}]})).body["sku"]["capacity"] == 1


def test_rai_policy_content_filters_and_cmk_resource() -> None:
    res = to_resource(tf("azurerm_cognitive_account_rai_policy", {
        "name": "p", "base_policy_name": "Microsoft.Default",
        "content_filter": [{"name": "Jailbreak", "filter_enabled": False, "block_enabled": True,
                            "severity_threshold": "High", "source": "Prompt"}]},
        refs=[(("cognitive_account_id",), "azurerm_cognitive_account.oai")]))
    assert res.type == "Microsoft.CognitiveServices/accounts/raiPolicies"
    assert res.body["properties"]["contentFilters"] == [
        {"name": "Jailbreak", "enabled": False, "blocking": True, "severityThreshold": "High", "source": "Prompt"}]
    assert res.refs == [Ref("parent", "azurerm_cognitive_account.oai", "parent")]
    cmk = to_resource(tf("azurerm_cognitive_account_customer_managed_key", {"key_vault_key_id": "k"},
                         refs=[(("cognitive_account_id",), "azurerm_cognitive_account.oai")]))
    assert cmk.type == "terraform:azurerm_cognitive_account_customer_managed_key"
    assert cmk.body["properties"]["encryption"]["keySource"] == "Microsoft.KeyVault"
    assert cmk.refs[0].kind == "key_of"


# ───────────── machine learning ─────────────


def test_ml_workspace_encryption_network_and_defaults() -> None:
    res = to_resource(tf("azurerm_machine_learning_workspace", {
        "name": "ws", "identity": [{"type": "UserAssigned", "identity_ids": [unresolved("azurerm_user_assigned_identity.u.id")]}],
        "public_network_access_enabled": False,
        "encryption": [{"key_vault_id": "/kv", "key_id": "https://kv/keys/k"}],
        "managed_network": [{"isolation_mode": "AllowOnlyApprovedOutbound"}]}, 4))
    p = res.body["properties"]
    assert p["encryption"]["keyVaultProperties"] == {"keyVaultArmId": "/kv", "keyIdentifier": "https://kv/keys/k"}
    assert p["managedNetwork"]["isolationMode"] == "AllowOnlyApprovedOutbound"
    assert p["publicNetworkAccess"] == "Disabled"
    assert res.body["identity"]["userAssignedIdentities"] == {"azurerm_user_assigned_identity.u.id": {}}
    assert props("azurerm_machine_learning_workspace", {"name": "ws"}, 4)["publicNetworkAccess"] == "Enabled"
    assert "publicNetworkAccess" not in props("azurerm_machine_learning_workspace", {"name": "ws"}, 3)


def test_ml_compute_cluster_scale_ssh_and_defaults() -> None:
    ws = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws"
    res = to_resource(tf("azurerm_machine_learning_compute_cluster", {
        "name": "gpu", "machine_learning_workspace_id": ws, "vm_size": "Standard_NC6s_v3", "vm_priority": "Dedicated",
        "local_auth_enabled": False, "node_public_ip_enabled": False,
        "scale_settings": [{"max_node_count": 4, "min_node_count": 0, "scale_down_nodes_after_idle_duration": "PT30M"}],
        "ssh": [{"admin_username": "azure", "admin_password": "p@ss"}]}, 4,
        refs=[(("machine_learning_workspace_id",), "azurerm_machine_learning_workspace.ws")]))
    assert res.type == "Microsoft.MachineLearningServices/workspaces/computes" and res.name == "ws/gpu"
    p = res.body["properties"]
    assert p["computeType"] == "AmlCompute" and p["disableLocalAuth"] is True
    inner = p["properties"]
    assert inner["scaleSettings"] == {"maxNodeCount": 4, "minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT30M"}
    assert inner["userAccountCredentials"]["adminUserPassword"] == "p@ss"
    assert inner["enableNodePublicIp"] is False and inner["remoteLoginPortPublicAccess"] == "Disabled"
    assert res.refs == [Ref("parent", "azurerm_machine_learning_workspace.ws", "parent")]
    old = props("azurerm_machine_learning_compute_cluster", {"name": "c"}, 3)
    assert "remoteLoginPortPublicAccess" not in old["properties"] and old["properties"]["enableNodePublicIp"] is True
    assert props("azurerm_machine_learning_compute_cluster", {"name": "c", "ssh_public_access_enabled": True}, 4)[
        "properties"]["remoteLoginPortPublicAccess"] == "Enabled"


def test_ml_compute_instance_ssh_presence() -> None:
    p = props("azurerm_machine_learning_compute_instance", {"name": "ci", "virtual_machine_size": "Standard_DS3_v2",
                                                             "ssh": [{"public_key": "ssh-rsa AAA"}]})
    assert p["computeType"] == "ComputeInstance"
    assert p["properties"]["sshSettings"] == {"sshPublicAccess": "Enabled", "adminPublicKey": "ssh-rsa AAA"}
    assert props("azurerm_machine_learning_compute_instance", {"name": "ci"})["properties"]["sshSettings"] == {
        "sshPublicAccess": "Disabled"}


# ───────────── key vault ─────────────


def test_key_vault_rbac_spellings_and_defaults_per_major() -> None:
    assert props("azurerm_key_vault", {"name": "kv"}, 3)["enableRbacAuthorization"] is False
    assert props("azurerm_key_vault", {"name": "kv"}, 4)["enableRbacAuthorization"] is False
    assert "enableRbacAuthorization" not in props("azurerm_key_vault", {"name": "kv"}, 5)  # required in 5.0
    assert props("azurerm_key_vault", {"name": "kv", "enable_rbac_authorization": True}, 3)["enableRbacAuthorization"] is True
    assert props("azurerm_key_vault", {"name": "kv", "rbac_authorization_enabled": True}, 5)["enableRbacAuthorization"] is True
    p = props("azurerm_key_vault", {"name": "kv", "purge_protection_enabled": True, "sku_name": "premium",
                                    "network_acls": [{"default_action": "Deny", "bypass": "AzureServices"}]})
    assert p["enablePurgeProtection"] is True and p["enableSoftDelete"] is True
    assert p["networkAcls"] == {"defaultAction": "Deny", "bypass": "AzureServices"}
    assert to_resource(tf("azurerm_key_vault", {"name": "kv", "sku_name": "premium"})).body["sku"] == {
        "name": "premium", "family": "A"}


def test_key_vault_secret_and_key_expiry_and_rotation() -> None:
    kv = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    sec = to_resource(tf("azurerm_key_vault_secret", {"name": "s", "key_vault_id": kv, "value": "v",
                                                      "expiration_date": "2030-01-01T00:00:00Z"}))
    assert sec.name == "kv/s" and sec.body["properties"]["attributes"]["exp"] == 1893456000
    key = to_resource(tf("azurerm_key_vault_key", {"name": "k", "key_type": "RSA", "rotation_policy": [{
        "expire_after": "P90D", "notify_before_expiry": "P29D", "automatic": [{"time_before_expiry": "P30D"}]}]}))
    rp = key.body["properties"]["rotationPolicy"]
    assert rp["attributes"]["expiryTime"] == "P90D"
    assert {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "Rotate"}} in rp["lifetimeActions"]
    assert {"trigger": {"timeBeforeExpiry": "P29D"}, "action": {"type": "Notify"}} in rp["lifetimeActions"]
    assert props("azurerm_key_vault_secret", {"name": "s", "expiration_date": "not a date"})["attributes"]["exp"] == "not a date"


# ───────────── container registry ─────────────


def test_container_registry() -> None:
    res = to_resource(tf("azurerm_container_registry", {
        "name": "acr", "sku": "Premium", "admin_enabled": True,
        "network_rule_set": [{"default_action": "Deny", "ip_rule": [{"action": "Allow", "ip_range": "1.2.3.4/32"}]}],
        "encryption": [{"key_vault_key_id": "k", "identity_client_id": "c"}]}))
    p = res.body["properties"]
    assert res.body["sku"] == {"name": "Premium"}
    assert p["adminUserEnabled"] is True and p["anonymousPullEnabled"] is False
    assert p["networkRuleSet"] == {"defaultAction": "Deny", "ipRules": [{"action": "Allow", "value": "1.2.3.4/32"}]}
    assert p["encryption"]["status"] == "enabled" and p["encryption"]["keyVaultProperties"]["keyIdentifier"] == "k"
    assert props("azurerm_container_registry", {"name": "acr"})["adminUserEnabled"] is False


# ───────────── AKS ─────────────


def test_aks_default_node_pool_and_renames_per_major() -> None:
    new = to_resource(tf("azurerm_kubernetes_cluster", {
        "name": "aks", "identity": [{"type": "SystemAssigned"}],
        "default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3,
                               "auto_scaling_enabled": True, "min_count": 1, "max_count": 5,
                               "host_encryption_enabled": True, "zones": [1, 2, 3]}]}, 4,
        lines={("default_node_pool", 0): 20, ("default_node_pool", 0, "vm_size"): 22}))
    pool = new.body["properties"]["agentPoolProfiles"][0]
    assert pool == {"mode": "System", "name": "system", "vmSize": "Standard_D4s_v5", "count": 3,
                    "enableAutoScaling": True, "minCount": 1, "maxCount": 5, "enableEncryptionAtHost": True,
                    "availabilityZones": ["1", "2", "3"], "enableNodePublicIp": False, "enableFIPS": False,
                    "osDiskType": "Managed", "type": "VirtualMachineScaleSets"}
    assert new.lines["properties.agentPoolProfiles[0].vmSize"] == 22
    assert new.line_of("properties.agentPoolProfiles[0].nodeTaints") == 20
    old = to_resource(tf("azurerm_kubernetes_cluster", {"name": "aks", "default_node_pool": [{
        "vm_size": "Standard_NC6", "enable_auto_scaling": True, "enable_host_encryption": True,
        "node_taints": ["sku=gpu:NoSchedule"]}]}, 3)).body["properties"]["agentPoolProfiles"][0]
    assert old["enableAutoScaling"] is True and old["enableEncryptionAtHost"] is True
    assert old["nodeTaints"] == ["sku=gpu:NoSchedule"]


def test_aks_identity_rbac_network_monitoring_and_oidc_defaults() -> None:
    p = props("azurerm_kubernetes_cluster", {
        "name": "aks", "local_account_disabled": True, "role_based_access_control_enabled": True,
        "azure_active_directory_role_based_access_control": [{"azure_rbac_enabled": True, "tenant_id": "t"}],
        "private_cluster_enabled": False,
        "api_server_access_profile": [{"authorized_ip_ranges": ["10.0.0.0/24"]}],
        "network_profile": [{"network_plugin": "azure", "network_policy": "cilium"}],
        "oms_agent": [{"log_analytics_workspace_id": "/law"}], "monitor_metrics": [{}],
        "workload_identity_enabled": True}, 4)
    assert p["aadProfile"] == {"enableAzureRBAC": True, "tenantID": "t", "managed": True}
    assert p["disableLocalAccounts"] is True and p["enableRBAC"] is True
    assert p["apiServerAccessProfile"]["authorizedIPRanges"] == ["10.0.0.0/24"]
    assert p["apiServerAccessProfile"]["enablePrivateCluster"] is False
    assert p["networkProfile"]["networkPolicy"] == "cilium"
    assert p["addonProfiles"]["omsagent"] == {"enabled": True, "config": {"logAnalyticsWorkspaceResourceID": "/law"}}
    assert p["azureMonitorProfile"]["metrics"]["enabled"] is True
    assert p["securityProfile"]["workloadIdentity"]["enabled"] is True
    assert p["oidcIssuerProfile"]["enabled"] is False  # 4.x default
    assert props("azurerm_kubernetes_cluster", {"name": "aks"}, 5)["oidcIssuerProfile"]["enabled"] is True
    omitted = props("azurerm_kubernetes_cluster", {"name": "aks"}, 3)
    assert omitted["disableLocalAccounts"] is False and omitted["enableRBAC"] is True
    assert "aadProfile" not in omitted and "addonProfiles" not in omitted
    old = props("azurerm_kubernetes_cluster", {"name": "aks", "api_server_authorized_ip_ranges": ["1.1.1.1/32"],
                                               "azure_active_directory_role_based_access_control": [{"managed": True}]}, 3)
    assert old["apiServerAccessProfile"]["authorizedIPRanges"] == ["1.1.1.1/32"]
    assert old["aadProfile"] == {"managed": True, "enableAzureRBAC": False}


def test_aks_node_pool() -> None:
    aks = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
    res = to_resource(tf("azurerm_kubernetes_cluster_node_pool", {
        "name": "gpu", "kubernetes_cluster_id": aks, "vm_size": "Standard_NC24ads_A100_v4", "node_count": 1,
        "auto_scaling_enabled": True, "min_count": 0, "max_count": 4, "node_taints": "sku=gpu:NoSchedule",
        "zones": ["1", "2"], "host_encryption_enabled": True}, 4,
        refs=[(("kubernetes_cluster_id",), "azurerm_kubernetes_cluster.aks")]))
    assert res.type == "Microsoft.ContainerService/managedClusters/agentPools" and res.name == "aks/gpu"
    p = res.body["properties"]
    assert (p["vmSize"], p["count"], p["minCount"], p["maxCount"]) == ("Standard_NC24ads_A100_v4", 1, 0, 4)
    assert p["enableAutoScaling"] is True and p["enableEncryptionAtHost"] is True
    assert p["nodeTaints"] == ["sku=gpu:NoSchedule"] and p["availabilityZones"] == ["1", "2"]
    assert p["mode"] == "User"
    assert res.refs == [Ref("parent", "azurerm_kubernetes_cluster.aks", "parent")]
    old = props("azurerm_kubernetes_cluster_node_pool", {"name": "p", "enable_auto_scaling": True,
                                                         "availability_zones": [1]}, 3)
    assert old["enableAutoScaling"] is True and old["availabilityZones"] == ["1"] and old["enableEncryptionAtHost"] is False


# ───────────── network ─────────────


def test_nsg_inline_rules_and_rule_resource() -> None:
    rule = {"name": "ssh", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
            "source_address_prefix": "*", "destination_port_range": "22"}
    res = to_resource(tf("azurerm_network_security_group", {"name": "nsg", "security_rule": [rule]},
                         lines={("security_rule", 0): 5, ("security_rule", 0, "destination_port_range"): 9}))
    sr = res.body["properties"]["securityRules"][0]
    assert sr["name"] == "ssh" and sr["properties"]["destinationPortRange"] == "22"
    assert sr["properties"]["sourceAddressPrefix"] == "*" and sr["properties"]["access"] == "Allow"
    assert res.lines["properties.securityRules[0].properties.destinationPortRange"] == 9
    assert res.line_of("properties.securityRules[0].properties.access") == 5
    one = to_resource(tf("azurerm_network_security_rule", dict(rule, network_security_group_name="nsg")))
    assert one.type == "Microsoft.Network/networkSecurityGroups/securityRules" and one.name == "nsg/ssh"
    assert one.body["properties"]["direction"] == "Inbound"


def test_subnet_vnet_and_nsg_association() -> None:
    sub = to_resource(tf("azurerm_subnet", {"name": "snet", "virtual_network_name": "vnet",
                                            "address_prefixes": ["10.0.0.0/24"],
                                            "private_endpoint_network_policies_enabled": False}, 3))
    assert sub.name == "vnet/snet" and sub.body["properties"]["privateEndpointNetworkPolicies"] == "Disabled"
    assert props("azurerm_subnet", {"name": "s"}, 4)["privateEndpointNetworkPolicies"] == "Disabled"
    assert props("azurerm_subnet", {"name": "s", "enforce_private_link_endpoint_network_policies": True}, 3)[
        "privateEndpointNetworkPolicies"] == "Disabled"
    vnet = props("azurerm_virtual_network", {"name": "v", "address_space": ["10.0.0.0/16"], "subnet": [
        {"name": "a", "address_prefixes": ["10.0.1.0/24"], "security_group": "/nsg"}]})
    assert vnet["subnets"] == [{"name": "a", "properties": {"addressPrefixes": ["10.0.1.0/24"],
                                                            "networkSecurityGroup": {"id": "/nsg"}}}]
    assoc = to_resource(tf("azurerm_subnet_network_security_group_association", {
        "subnet_id": unresolved("azurerm_subnet.a.id"), "network_security_group_id": unresolved("azurerm_network_security_group.n.id")},
        refs=[(("subnet_id",), "azurerm_subnet.a"), (("network_security_group_id",), "azurerm_network_security_group.n")]))
    assert assoc.type == "terraform:azurerm_subnet_network_security_group_association"
    assert assoc.refs == [Ref("properties.subnet.id", "azurerm_subnet.a", "key_of"),
                          Ref("properties.networkSecurityGroup.id", "azurerm_network_security_group.n", "reference")]


def test_private_endpoint_connections_and_refs() -> None:
    res = to_resource(tf("azurerm_private_endpoint", {
        "name": "pe", "subnet_id": "/snet",
        "private_service_connection": [
            {"name": "c", "private_connection_resource_id": unresolved("azurerm_cognitive_account.oai.id"),
             "subresource_names": ["account"], "is_manual_connection": False},
            {"name": "m", "private_connection_resource_id": "/x", "is_manual_connection": True}]},
        lines={("private_service_connection", 0, "private_connection_resource_id"): 8},
        refs=[(("private_service_connection", 0, "private_connection_resource_id"), "azurerm_cognitive_account.oai"),
              (("subnet_id",), "azurerm_subnet.a")]))
    p = res.body["properties"]
    assert p["subnet"] == {"id": "/snet"}
    assert p["privateLinkServiceConnections"][0]["properties"]["privateLinkServiceId"] == {
        "$unresolved": "azurerm_cognitive_account.oai.id"}
    assert p["privateLinkServiceConnections"][0]["properties"]["groupIds"] == ["account"]
    assert p["manualPrivateLinkServiceConnections"][0]["properties"]["privateLinkServiceId"] == "/x"
    assert res.refs == [
        Ref("properties.privateLinkServiceConnections[0].properties.privateLinkServiceId",
            "azurerm_cognitive_account.oai", "private_endpoint"),
        Ref("properties.subnet", "azurerm_subnet.a", "reference")]
    assert ("properties.privateLinkServiceConnections[0].properties.privateLinkServiceId", 8) in res.unresolved


def test_application_gateway_probes_and_zones() -> None:
    res = to_resource(tf("azurerm_application_gateway", {
        "name": "agw", "zones": ["1", "2", "3"], "sku": [{"name": "WAF_v2", "tier": "WAF_v2", "capacity": 2}],
        "probe": [{"name": "health", "protocol": "Https", "path": "/healthz", "interval": 30}],
        "backend_http_settings": [{"name": "be", "port": 443, "protocol": "Https", "probe_name": "health",
                                   "cookie_based_affinity": "Disabled"}]}))
    assert res.body["zones"] == ["1", "2", "3"] and res.body["sku"]["name"] == "WAF_v2"
    p = res.body["properties"]
    assert p["probes"] == [{"name": "health", "properties": {"protocol": "Https", "path": "/healthz", "interval": 30}}]
    assert p["backendHttpSettingsCollection"][0]["properties"]["probe"] == {"id": "health"}


# ───────────── monitoring ─────────────


def test_diagnostic_setting_logs_scope_and_destinations() -> None:
    res = to_resource(tf("azurerm_monitor_diagnostic_setting", {
        "name": "diag", "target_resource_id": unresolved("azurerm_cognitive_account.oai.id"),
        "log_analytics_workspace_id": "/law",
        "enabled_log": [{"category_group": "audit"}, {"category": "RequestResponse"}],
        "enabled_metric": [{"category": "AllMetrics"}]},
        refs=[(("target_resource_id",), "azurerm_cognitive_account.oai")]))
    assert res.type == "Microsoft.Insights/diagnosticSettings"
    assert res.body["properties"]["logs"] == [{"enabled": True, "categoryGroup": "audit"},
                                              {"enabled": True, "category": "RequestResponse"}]
    assert res.body["properties"]["workspaceId"] == "/law"
    assert res.body["properties"]["metrics"] == [{"enabled": True, "category": "AllMetrics"}]
    assert res.refs == [Ref("scope", "azurerm_cognitive_account.oai", "scope")]
    old = props("azurerm_monitor_diagnostic_setting", {"name": "d", "log": [{"category": "Audit"}, {"category": "X", "enabled": False}],
                                                      "metric": [{"category": "AllMetrics", "enabled": False}]}, 3)
    assert old["logs"] == [{"category": "Audit", "enabled": True}, {"category": "X", "enabled": False}]
    assert old["metrics"] == [{"category": "AllMetrics", "enabled": False}]


def test_application_insights_minimal() -> None:
    res = to_resource(tf("azurerm_application_insights", {"name": "ai", "application_type": "web",
                                                          "local_authentication_enabled": False}))
    assert res.type == "Microsoft.Insights/components" and res.body["kind"] == "web"
    assert res.body["properties"]["disableLocalAuth"] is True


# ───────────── API management ─────────────


def test_api_management_service_and_api() -> None:
    svc = to_resource(tf("azurerm_api_management", {"name": "apim", "sku_name": "Premium_2", "publisher_name": "c",
                                                    "publisher_email": "a@b.c"}))
    assert svc.body["sku"] == {"name": "Premium", "capacity": 2}
    assert svc.body["properties"]["virtualNetworkType"] == "None"
    api = to_resource(tf("azurerm_api_management_api", {"name": "llm", "api_management_name": "apim",
                                                        "subscription_required": False, "path": "llm"}))
    assert api.type == "Microsoft.ApiManagement/service/apis" and api.name == "apim/llm"
    assert api.body["properties"]["subscriptionRequired"] is False
    assert props("azurerm_api_management_api", {"name": "a"})["subscriptionRequired"] is True


def test_api_management_policies_point_at_what_they_govern() -> None:
    xml = "<policies><inbound><rate-limit-by-key calls='10' renewal-period='60' counter-key='@(x)'/></inbound></policies>"
    api_pol = to_resource(tf("azurerm_api_management_api_policy", {
        "api_name": "llm", "api_management_name": "apim", "xml_content": xml}, lines={("xml_content",): 4},
        refs=[(("api_name",), "azurerm_api_management_api.llm"), (("api_management_name",), "azurerm_api_management.apim")]))
    assert api_pol.type == "Microsoft.ApiManagement/service/apis/policies" and api_pol.name == "apim/llm/policy"
    assert api_pol.body["properties"] == {"format": "rawxml", "value": xml}
    assert api_pol.lines["properties.value"] == 4
    assert api_pol.refs[0] == Ref("parent", "azurerm_api_management_api.llm", "policy_of")
    prod = to_resource(tf("azurerm_api_management_product_policy", {"product_id": "starter", "api_management_name": "apim",
                                                                    "xml_content": xml},
                          refs=[(("product_id",), "azurerm_api_management_product.p")]))
    assert prod.name == "apim/starter/policy" and prod.refs[0].kind == "policy_of"
    glob = to_resource(tf("azurerm_api_management_policy", {
        "api_management_id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/apim",
        "xml_content": xml}))
    assert glob.type == "Microsoft.ApiManagement/service/policies" and glob.name == "apim/policy"


def test_api_management_backend_circuit_breaker() -> None:
    res = to_resource(tf("azurerm_api_management_backend", {
        "name": "aoai", "api_management_name": "apim", "url": "https://x.openai.azure.com/openai", "protocol": "http",
        "circuit_breaker_rule": [{"name": "br", "trip_duration": "PT1M", "accept_retry_after_enabled": True,
                                  "failure_condition": [{"count": 3, "interval_duration": "PT1M",
                                                         "status_code_range": [{"min": 429, "max": 429}]}]}]}))
    rule = res.body["properties"]["circuitBreaker"]["rules"][0]
    assert rule == {"name": "br", "tripDuration": "PT1M", "acceptRetryAfter": True,
                    "failureCondition": {"count": 3, "interval": "PT1M", "statusCodeRanges": [{"min": 429, "max": 429}]}}
    assert res.name == "apim/aoai" and res.body["properties"]["url"].startswith("https://")


# ───────────── front door, budgets, web, data ─────────────


def test_front_door_origin_group_and_origins() -> None:
    prof = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Cdn/profiles/fd"
    og = to_resource(tf("azurerm_cdn_frontdoor_origin_group", {
        "name": "og", "cdn_frontdoor_profile_id": prof,
        "health_probe": [{"protocol": "Https", "interval_in_seconds": 30, "path": "/health"}],
        "load_balancing": [{}]}))
    assert og.name == "fd/og" and og.body["properties"]["healthProbeSettings"] == {
        "probeProtocol": "Https", "probeIntervalInSeconds": 30, "probePath": "/health", "probeRequestType": "HEAD"}
    assert "healthProbeSettings" not in props("azurerm_cdn_frontdoor_origin_group", {"name": "og"})
    origin = to_resource(tf("azurerm_cdn_frontdoor_origin", {
        "name": "o1", "cdn_frontdoor_origin_group_id": prof + "/originGroups/og", "host_name": "a.example.com",
        "certificate_name_check_enabled": True, "enabled": False},
        refs=[(("cdn_frontdoor_origin_group_id",), "azurerm_cdn_frontdoor_origin_group.og")]))
    assert origin.name == "fd/og/o1" and origin.body["properties"]["enabledState"] == "Disabled"
    assert origin.refs == [Ref("parent", "azurerm_cdn_frontdoor_origin_group.og", "parent")]
    assert props("azurerm_cdn_frontdoor_origin", {"name": "o", "health_probes_enabled": True}, 3)["enabledState"] == "Enabled"


@pytest.mark.parametrize("tf_type,scope_attr", [
    ("azurerm_consumption_budget_resource_group", "resource_group_id"),
    ("azurerm_consumption_budget_subscription", "subscription_id"),
    ("azurerm_consumption_budget_management_group", "management_group_id"),
])
def test_budgets_notifications_become_an_object(tf_type: str, scope_attr: str) -> None:
    res = to_resource(tf(tf_type, {"name": "b", scope_attr: "/scope", "amount": 1000,
                                   "notification": [{"operator": "GreaterThan", "threshold": 80, "contact_emails": ["a@b.c"]},
                                                    {"operator": "GreaterThan", "threshold": 100, "enabled": False}]},
                         refs=[((scope_attr,), "x.y")]))
    assert res.type == "Microsoft.Consumption/budgets" and res.body["scope"] == "/scope"
    n = res.body["properties"]["notifications"]
    assert n["notification0"] == {"operator": "GreaterThan", "threshold": 80, "contactEmails": ["a@b.c"],
                                  "enabled": True, "thresholdType": "Actual"}
    assert n["notification1"]["enabled"] is False
    assert res.body["properties"]["timeGrain"] == "Monthly"
    assert res.refs == [Ref("scope", "x.y", "scope")]


@pytest.mark.parametrize("tf_type,kind", [("azurerm_linux_web_app", "app,linux"), ("azurerm_windows_web_app", "app"),
                                          ("azurerm_app_service", "app")])
def test_web_apps(tf_type: str, kind: str) -> None:
    res = to_resource(tf(tf_type, {"name": "w", "https_only": True, "site_config": [{"ftps_state": "FtpsOnly"}],
                                   "app_settings": {"A": "1"}}))
    assert res.type == "Microsoft.Web/sites" and res.body["kind"] == kind
    assert res.body["properties"]["httpsOnly"] is True
    sc = res.body["properties"]["siteConfig"]
    assert sc["minTlsVersion"] == "1.2" and sc["ftpsState"] == "FtpsOnly" and sc["appSettings"] == [{"name": "A", "value": "1"}]
    assert props(tf_type, {"name": "w", "site_config": [{"min_tls_version": "1.0"}]}, 3)["siteConfig"]["minTlsVersion"] == "1.0"
    assert props(tf_type, {"name": "w"})["httpsOnly"] is False


def test_redis_mssql_messaging_and_search_tls_defaults() -> None:
    assert props("azurerm_redis_cache", {"name": "r"}, 3)["minimumTlsVersion"] == "1.0"
    assert props("azurerm_redis_cache", {"name": "r"}, 4)["minimumTlsVersion"] == "1.0"
    assert props("azurerm_redis_cache", {"name": "r"}, 5)["minimumTlsVersion"] == "1.2"
    assert props("azurerm_redis_cache", {"name": "r", "enable_non_ssl_port": True}, 3)["enableNonSslPort"] is True
    assert props("azurerm_mssql_server", {"name": "s"})["minimalTlsVersion"] == "1.2"
    assert props("azurerm_mssql_server", {"name": "s", "minimum_tls_version": "1.0"}, 3)["minimalTlsVersion"] == "1.0"
    for tf_type in ("azurerm_eventhub_namespace", "azurerm_servicebus_namespace"):
        assert "minimumTlsVersion" not in props(tf_type, {"name": "n"}, 3)
        assert props(tf_type, {"name": "n"}, 4)["minimumTlsVersion"] == "1.2"
    assert props("azurerm_eventhub_namespace", {"name": "n", "local_authentication_enabled": False})["disableLocalAuth"] is True
    search = props("azurerm_search_service", {"name": "s", "public_network_access_enabled": False,
                                              "allowed_ips": ["1.2.3.4"]})
    assert search["publicNetworkAccess"] == "Disabled" and search["networkRuleSet"]["ipRules"] == [{"value": "1.2.3.4"}]


# ───────────── identity ─────────────


def test_federated_identity_credential_spellings() -> None:
    uai = "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u"
    new = to_resource(tf("azurerm_federated_identity_credential", {
        "name": "gh", "user_assigned_identity_id": uai, "issuer": "https://token.actions.githubusercontent.com",
        "subject": "repo:o/r:ref:refs/heads/main", "audience": ["api://AzureADTokenExchange"]}))
    assert new.name == "u/gh" and new.body["properties"]["audiences"] == ["api://AzureADTokenExchange"]
    old = to_resource(tf("azurerm_federated_identity_credential", {"name": "gh", "parent_id": uai}, 4,
                         refs=[(("parent_id",), "azurerm_user_assigned_identity.u")]))
    assert old.name == "u/gh" and old.refs == [Ref("parent", "azurerm_user_assigned_identity.u", "parent")]


@pytest.mark.parametrize("tf_type", ["azuread_application_password", "azuread_service_principal_password",
                                     "azuread_application_federated_identity_credential"])
def test_azuread_types_keep_their_attributes(tf_type: str) -> None:
    res = to_resource(tf(tf_type, {"application_id": unresolved("azuread_application.a.id"), "display_name": "ci"},
                         lines={("display_name",): 3}, refs=[(("application_id",), "azuread_application.a")]))
    assert res.type == f"terraform:{tf_type}" and res.body["display_name"] == "ci"
    assert res.lines == {"display_name": 3} and res.unresolved == [("application_id", 1)]
    assert res.refs == [Ref("application_id", "azuread_application.a", "reference")]


# ───────────── azapi ─────────────


def test_azapi_resource_maps_directly() -> None:
    ws = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/ws"
    res = to_resource(tf("azapi_resource", {
        "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01",
        "name": "ep", "parent_id": ws, "location": "westeurope", "identity": [{"type": "SystemAssigned"}],
        "body": {"properties": {"authMode": "Key", "publicnetworkaccess": "Enabled"}}},
        lines={("body", "properties", "authMode"): 9},
        refs=[(("parent_id",), "azurerm_machine_learning_workspace.ws"), (("body", "properties", "x"), "a.b")]))
    assert res.type == "Microsoft.MachineLearningServices/workspaces/onlineEndpoints" and res.name == "ws/ep"
    assert res.body["apiVersion"] == "2024-10-01" and res.body["location"] == "westeurope"
    assert res.body["identity"] == {"type": "SystemAssigned"}
    assert res.body["properties"] == {"authMode": "Key", "publicNetworkAccess": "Enabled"}
    assert res.lines["properties.authMode"] == 9
    assert res.refs == [Ref("parent", "azurerm_machine_learning_workspace.ws", "parent"),
                        Ref("properties.x", "a.b", "reference")]


def test_azapi_body_as_json_text_or_marker() -> None:
    top = to_resource(tf("azapi_resource", {"type": "Microsoft.CognitiveServices/accounts@2024-10-01", "name": "oai",
                                            "parent_id": "/subscriptions/s/resourceGroups/r",
                                            "body": '{"kind": "OpenAI", "properties": {"disableLocalAuth": true}}'}))
    assert top.name == "oai" and top.body["kind"] == "OpenAI" and top.body["properties"]["disableLocalAuth"] is True
    unknown = to_resource(tf("azapi_resource", {"type": "Microsoft.Foo/bars@2020-01-01", "name": "b",
                                                "body": unresolved("local.body")}, lines={("body",): 4}))
    assert unknown.body["properties"] == {"$unresolved": "local.body"}
    assert unknown.unresolved == [("properties", 4)]


# ───────────── Kubernetes provider ─────────────


def _deployment(spec_extra: dict[str, Any] | None = None) -> dict[str, Any]:
    pod = {"container": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.0",
                          "resources": [{"limits": {"nvidia.com/gpu": "1", "memory": "32Gi"}, "requests": {"cpu": "4"}}],
                          "security_context": [{"privileged": False, "run_as_non_root": True,
                                                "capabilities": [{"drop": ["ALL"]}]}],
                          "liveness_probe": [{"http_get": [{"path": "/health", "port": 8000}]}],
                          "port": [{"container_port": 8000}],
                          "env": [{"name": "A", "value": "1"},
                                  {"name": "K", "value_from": [{"secret_key_ref": [{"name": "s", "key": "k"}]}]}]}],
           "toleration": [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}],
           "node_selector": {"accelerator": "nvidia"}, "automount_service_account_token": False,
           "host_network": False, "host_pid": False,
           "volume": [{"name": "dev", "host_path": [{"path": "/dev"}]}],
           "affinity": [{"node_affinity": [{"required_during_scheduling_ignored_during_execution": [
               {"node_selector_term": [{"match_expressions": [{"key": "gpu", "operator": "In", "values": ["a100"]}]}]}]}]}]}
    pod.update(spec_extra or {})
    return {"metadata": [{"name": "llm", "namespace": "ai", "labels": {"app": "llm"}}], "wait_for_rollout": True,
            "spec": [{"replicas": "2", "selector": [{"match_labels": {"app": "llm"}}],
                      "template": [{"metadata": [{"labels": {"app": "llm"}}], "spec": [pod]}]}]}


@pytest.mark.parametrize("tf_type", ["kubernetes_deployment", "kubernetes_deployment_v1"])
def test_kubernetes_deployment_shape(tf_type: str) -> None:
    res = to_resource(tf(tf_type, _deployment(), lines={
        ("spec", 0, "template", 0, "spec", 0, "container", 0, "image"): 30,
        ("spec", 0, "template", 0, "spec", 0, "container", 0): 28}))
    assert res.type == "k8s:apps/Deployment" and res.name == "llm" and res.format == "terraform"
    body = res.body
    assert (body["apiVersion"], body["kind"]) == ("apps/v1", "Deployment") and "waitForRollout" not in body
    assert body["metadata"] == {"name": "llm", "namespace": "ai", "labels": {"app": "llm"}}
    assert body["spec"]["replicas"] == 2 and body["spec"]["selector"] == {"matchLabels": {"app": "llm"}}
    pod = body["spec"]["template"]["spec"]
    c = pod["containers"][0]
    assert c["resources"] == {"limits": {"nvidia.com/gpu": "1", "memory": "32Gi"}, "requests": {"cpu": "4"}}
    assert c["securityContext"] == {"privileged": False, "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
    assert c["livenessProbe"] == {"httpGet": {"path": "/health", "port": 8000}}
    assert c["ports"] == [{"containerPort": 8000}]
    assert c["env"][1] == {"name": "K", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}
    assert pod["tolerations"] == [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]
    assert pod["nodeSelector"] == {"accelerator": "nvidia"} and pod["automountServiceAccountToken"] is False
    assert pod["hostPID"] is False and pod["volumes"] == [{"name": "dev", "hostPath": {"path": "/dev"}}]
    terms = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms[0]["matchExpressions"][0]["values"] == ["a100"]
    assert res.lines["spec.template.spec.containers[0].image"] == 30
    assert res.line_of("spec.template.spec.containers[0].livenessProbe") == 28


@pytest.mark.parametrize("tf_type,kind,group", [
    ("kubernetes_stateful_set_v1", "StatefulSet", "apps"), ("kubernetes_daemonset", "DaemonSet", "apps"),
    ("kubernetes_daemon_set_v1", "DaemonSet", "apps"), ("kubernetes_job_v1", "Job", "batch"),
    ("kubernetes_pod", "Pod", "core"), ("kubernetes_pod_v1", "Pod", "core"),
])
def test_kubernetes_workload_types(tf_type: str, kind: str, group: str) -> None:
    res = to_resource(tf(tf_type, {"metadata": [{"name": "w"}], "spec": [{"container": [{"name": "c", "image": "i"}]}]}))
    assert res.type == f"k8s:{group}/{kind}" and res.body["kind"] == kind
    assert res.body["metadata"]["namespace"] == "default"
    assert res.body["spec"]["containers"] == [{"name": "c", "image": "i"}]


def test_kubernetes_cron_job_and_hpa_and_pdb() -> None:
    cron = to_resource(tf("kubernetes_cron_job_v1", {"metadata": [{"name": "c"}], "spec": [{
        "schedule": "0 * * * *", "timezone": "UTC", "job_template": [{"metadata": [{}], "spec": [{"template": [{"spec": [{
            "container": [{"name": "t", "image": "i"}]}]}]}]}]}]}))
    assert cron.type == "k8s:batch/CronJob" and cron.body["spec"]["timeZone"] == "UTC"
    assert cron.body["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["name"] == "t"
    hpa = to_resource(tf("kubernetes_horizontal_pod_autoscaler_v2", {"metadata": [{"name": "h"}], "spec": [{
        "max_replicas": 8, "min_replicas": 2,
        "scale_target_ref": [{"api_version": "apps/v1", "kind": "Deployment", "name": "llm"}],
        "metric": [{"type": "Resource", "resource": [{"name": "cpu", "target": [{"type": "Utilization", "average_utilization": 70}]}]}]}]}))
    assert hpa.type == "k8s:autoscaling/HorizontalPodAutoscaler"
    assert hpa.body["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "llm"}
    assert hpa.body["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 70
    pdb = to_resource(tf("kubernetes_pod_disruption_budget_v1", {"metadata": [{"name": "p"}], "spec": [{
        "min_available": "1", "selector": [{"match_labels": {"app": "llm"}}]}]}))
    assert pdb.type == "k8s:policy/PodDisruptionBudget" and pdb.body["spec"]["minAvailable"] == 1
    v1 = to_resource(tf("kubernetes_horizontal_pod_autoscaler", {"metadata": [{"name": "h"}], "spec": [{
        "target_cpu_utilization_percentage": 60}]}))
    assert v1.body["spec"]["targetCPUUtilizationPercentage"] == 60


def test_kubernetes_rbac_secret_namespace() -> None:
    crb = to_resource(tf("kubernetes_cluster_role_binding_v1", {
        "metadata": [{"name": "b"}], "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}],
        "subject": [{"kind": "ServiceAccount", "name": "default", "namespace": "ai"}]}))
    assert crb.type == "k8s:rbac.authorization.k8s.io/ClusterRoleBinding" and "namespace" not in crb.body["metadata"]
    assert crb.body["roleRef"]["name"] == "cluster-admin" and crb.body["subjects"][0]["kind"] == "ServiceAccount"
    rb = to_resource(tf("kubernetes_role_binding", {"metadata": [{"name": "b", "namespace": "ai"}],
                                                    "role_ref": [{"kind": "Role", "name": "r"}], "subject": [{"kind": "User", "name": "u"}]}))
    assert rb.type == "k8s:rbac.authorization.k8s.io/RoleBinding" and rb.body["subjects"] == [{"kind": "User", "name": "u"}]
    cr = to_resource(tf("kubernetes_cluster_role", {"metadata": [{"name": "r"}], "rule": [
        {"api_groups": ["*"], "resources": ["*"], "verbs": ["*"], "non_resource_urls": ["/x"]}]}))
    assert cr.body["rules"] == [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"], "nonResourceURLs": ["/x"]}]
    sec = to_resource(tf("kubernetes_secret_v1", {"metadata": [{"name": "s"}], "data": {"api_key": "sk-123"},
                                                  "type": "Opaque"}, refs=[(("data", "api_key"), "random_password.p")]))
    assert sec.type == "k8s:core/Secret" and sec.body["data"] == {"api_key": "sk-123"} and sec.body["type"] == "Opaque"
    assert sec.refs == [Ref("data.api_key", "random_password.p", "reference")]
    ns = to_resource(tf("kubernetes_namespace_v1", {"metadata": [{"name": "ai", "labels": {"team": "ml"}}]}))
    assert ns.type == "k8s:core/Namespace" and ns.body["metadata"] == {"name": "ai", "labels": {"team": "ml"}}


def test_kubernetes_service_ingress_and_network_policy() -> None:
    svc = to_resource(tf("kubernetes_service_v1", {"metadata": [{"name": "s", "annotations": {
        "service.beta.kubernetes.io/azure-load-balancer-internal": "true"}}], "spec": [{
            "type": "LoadBalancer", "selector": {"app": "llm"}, "load_balancer_ip": "10.0.0.4",
            "port": [{"port": 80, "target_port": "8000"}]}]}))
    assert svc.type == "k8s:core/Service" and svc.body["spec"]["ports"] == [{"port": 80, "targetPort": 8000}]
    assert svc.body["spec"]["selector"] == {"app": "llm"} and svc.body["spec"]["loadBalancerIP"] == "10.0.0.4"
    ing = to_resource(tf("kubernetes_ingress_v1", {"metadata": [{"name": "i", "annotations": {
        "nginx.ingress.kubernetes.io/limit-rps": "10"}}], "spec": [{
            "ingress_class_name": "nginx", "tls": [{"hosts": ["a.example.com"], "secret_name": "t"}],
            "rule": [{"host": "a.example.com", "http": [{"path": [{"path": "/", "path_type": "Prefix", "backend": [
                {"service": [{"name": "s", "port": [{"number": 80}]}]}]}]}]}]}]}))
    assert ing.type == "k8s:networking.k8s.io/Ingress"
    spec = ing.body["spec"]
    assert spec["tls"] == [{"hosts": ["a.example.com"], "secretName": "t"}]
    assert spec["rules"][0]["http"]["paths"][0]["backend"]["service"] == {"name": "s", "port": {"number": 80}}
    np = to_resource(tf("kubernetes_network_policy_v1", {"metadata": [{"name": "deny"}], "spec": [{
        "pod_selector": [{}], "policy_types": ["Ingress"],
        "ingress": [{"from": [{"pod_selector": [{"match_labels": {"a": "b"}}]}], "ports": [{"port": "8000", "protocol": "TCP"}]}]}]}))
    assert np.type == "k8s:networking.k8s.io/NetworkPolicy"
    assert np.body["spec"]["podSelector"] == {}
    assert np.body["spec"]["ingress"][0]["from"] == [{"podSelector": {"matchLabels": {"a": "b"}}}]
    assert np.body["spec"]["ingress"][0]["ports"] == [{"port": "8000", "protocol": "TCP"}]


def test_kubernetes_markers_and_odd_values() -> None:
    res = to_resource(tf("kubernetes_deployment_v1", {
        "metadata": [{"name": unresolved("var.name")}],
        "spec": [{"replicas": unresolved("var.n"), "template": unresolved("local.tpl")}]},
        lines={("spec", 0, "replicas"): 6}))
    assert res.name == "x" and res.body["spec"]["replicas"] == {"$unresolved": "var.n"}
    assert ("spec.replicas", 6) in res.unresolved and ("spec.template", 1) in res.unresolved
    assert ("metadata.name", 1) in res.unresolved


# ───────────── odd input, unmapped types ─────────────


def test_odd_input_never_raises_and_keeps_values() -> None:
    res = to_resource(tf("azurerm_storage_account", {
        "name": "sa", "network_rules": "not a block", "blob_properties": [unresolved("var.bp")],
        "sas_policy": unresolved("local.sas"), "identity": "weird", "customer_managed_key": [],
        "tags": unresolved("local.tags")}, lines={("sas_policy",): 11}))
    p = res.body["properties"]
    assert p["networkAcls"] == "not a block"
    assert p["blobServiceProperties"] == {"$unresolved": "var.bp"}
    assert p["sasPolicy"] == {"$unresolved": "local.sas"}
    assert res.body["identity"] == "weird" and res.body["tags"] == {"$unresolved": "local.tags"}
    assert ("properties.sasPolicy", 11) in res.unresolved
    to_resource(tf("azurerm_kubernetes_cluster", {"name": 5, "default_node_pool": [1, None], "network_profile": [{}]}))
    to_resource(tf("azurerm_kubernetes_cluster_node_pool", {"name": "p", "kubernetes_cluster_id": "not-an-id"}))
    to_resource(tf("azapi_resource", {"type": 3, "body": "not json"}))
    to_resource(tf("kubernetes_pod", {"metadata": "x", "spec": [{"container": [None, "y"]}]}))


def test_unresolved_name_falls_back_to_the_terraform_label() -> None:
    res = to_resource(tf("azurerm_key_vault", {"name": unresolved("module.naming.key_vault.name_unique")}, name="kv"))
    assert res.name == "kv" and res.body["name"] == {"$unresolved": "module.naming.key_vault.name_unique"}
    assert ("name", 1) in res.unresolved


def test_unmapped_types_keep_their_attributes() -> None:
    res = to_resource(tf("azurerm_resource_group", {"name": "rg", "location": "westeurope"}, lines={("location",): 3}))
    assert res.type == "terraform:azurerm_resource_group" and res.body == {"name": "rg", "location": "westeurope"}
    assert res.name == "rg" and res.lines == {"location": 3}
