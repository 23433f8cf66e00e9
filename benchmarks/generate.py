"""Synthetic but realistic AI-platform projects for the benchmark, written to a folder.

Each generator writes files the way teams lay them out (one module or manifest per component,
several resources each, some with findings, some clean), deterministic for a given size.

    python benchmarks/generate.py OUT_DIR [--kind kubernetes|arm-bicep|terraform|scale-kubernetes|scale-terraform]
                                         [--files N] [--resources N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

MODELS = ("llama-3-8b", "mistral-7b", "whisper-large", "bge-embed", "sdxl", "phi-3-mini", "gpt-router")
IMAGES = ("nvcr.io/nvidia/tritonserver:24.05-py3", "vllm/vllm-openai:v0.5.0", "ghcr.io/huggingface/text-generation-inference:2.0")


def _k8s_app(i: int) -> str:
    """A model server: Deployment, Service, HPA and (every third) an Ingress; 3-4 objects."""
    name = f"{MODELS[i % len(MODELS)]}-{i}"
    gpu = i % 2 == 0
    limits = '              nvidia.com/gpu: "1"\n' if gpu else ""
    tolerations = (
        "      tolerations:\n        - key: nvidia.com/gpu\n          operator: Exists\n          effect: NoSchedule\n"
        if gpu else ""
    )
    probe = "" if i % 5 == 0 else (
        "          readinessProbe:\n            httpGet: {path: /health, port: 8000}\n            periodSeconds: 10\n"
        "          livenessProbe:\n            httpGet: {path: /health, port: 8000}\n            initialDelaySeconds: 30\n"
    )
    docs = [f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: inference
  labels: {{app: {name}, tier: model-server}}
spec:
  replicas: {1 + i % 3}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}, tier: model-server}}
    spec:
      serviceAccountName: {name}
      automountServiceAccountToken: false
      securityContext: {{runAsNonRoot: true, runAsUser: 1000}}
{tolerations}      containers:
        - name: server
          image: {IMAGES[i % len(IMAGES)]}
          args: ["--model", "/models/{name}", "--port", "8000"]
          ports: [{{containerPort: 8000, name: http}}]
          env:
            - {{name: MODEL_NAME, value: {name}}}
            - name: HF_TOKEN
              valueFrom: {{secretKeyRef: {{name: hf-token, key: token}}}}
          resources:
            requests: {{cpu: "2", memory: 8Gi}}
            limits:
              memory: 16Gi
{limits}{probe}          securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}}
          volumeMounts: [{{name: models, mountPath: /models, readOnly: true}}]
      volumes:
        - name: models
          persistentVolumeClaim: {{claimName: models-{i % 7}}}
""", f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: inference
  annotations:
    service.beta.kubernetes.io/azure-load-balancer-internal: "{'true' if i % 4 else 'false'}"
spec:
  type: {'LoadBalancer' if i % 6 == 0 else 'ClusterIP'}
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: 8000, name: http}}]
""", f"""apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
  namespace: inference
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {name}}}
  minReplicas: 1
  maxReplicas: {4 + i % 8}
  metrics:
    - type: Resource
      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 70}}}}
"""]
    if i % 3 == 0:
        docs.append(f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
  namespace: inference
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "20"
spec:
  ingressClassName: nginx
  tls: [{{hosts: [{name}.models.example.com], secretName: tls-{name}}}]
  rules:
    - host: {name}.models.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {{service: {{name: {name}, port: {{number: 80}}}}}}
""")
    return "---\n".join(docs)


def _bicep(i: int) -> str:
    """Storage, an Azure OpenAI account with a deployment, a private endpoint: 4 resources."""
    public = "'Enabled'" if i % 4 == 0 else "'Disabled'"
    return f"""@description('Location of every resource')
param location string = resourceGroup().location
param prefix string = 'ai{i}'
param subnetId string

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {{
  name: '${{prefix}}st${{uniqueString(resourceGroup().id)}}'
  location: location
  sku: {{ name: 'Standard_ZRS' }}
  kind: 'StorageV2'
  properties: {{
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: {str(i % 3 == 0).lower()}
    publicNetworkAccess: {public}
    supportsHttpsTrafficOnly: true
  }}
}}

resource openai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {{
  name: '${{prefix}}-oai'
  location: location
  kind: 'OpenAI'
  sku: {{ name: 'S0' }}
  identity: {{ type: 'SystemAssigned' }}
  properties: {{
    customSubDomainName: '${{prefix}}-oai'
    publicNetworkAccess: {public}
    disableLocalAuth: {str(i % 2 == 0).lower()}
    networkAcls: {{ defaultAction: 'Deny' }}
  }}
}}

resource chat 'Microsoft.CognitiveServices/accounts/deployments@2023-05-01' = {{
  parent: openai
  name: 'gpt-4o'
  sku: {{ name: 'Standard', capacity: {10 + i % 50} }}
  properties: {{
    model: {{ format: 'OpenAI', name: 'gpt-4o', version: '2024-05-13' }}
    raiPolicyName: 'Microsoft.Default'
  }}
}}

resource pe 'Microsoft.Network/privateEndpoints@2023-04-01' = {{
  name: '${{prefix}}-oai-pe'
  location: location
  properties: {{
    subnet: {{ id: subnetId }}
    privateLinkServiceConnections: [
      {{
        name: 'oai'
        properties: {{ privateLinkServiceId: openai.id, groupIds: [ 'account' ] }}
      }}
    ]
  }}
}}

output endpoint string = openai.properties.endpoint
"""


def _arm(i: int) -> str:
    """An ARM template: Key Vault, ML workspace, online endpoint and a diagnostic setting."""
    ws = f"mlw-{i}"
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
            "workspaceName": {"type": "string", "defaultValue": ws},
        },
        "variables": {"kvName": f"[concat('kv-', uniqueString(resourceGroup().id), '{i}')]"},
        "resources": [
            {
                "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-02-01", "name": "[variables('kvName')]",
                "location": "[parameters('location')]",
                "properties": {
                    "tenantId": "[subscription().tenantId]", "sku": {"family": "A", "name": "standard"},
                    "enableRbacAuthorization": True, "enablePurgeProtection": i % 3 != 0,
                    "enableSoftDelete": True, "publicNetworkAccess": "Disabled" if i % 2 else "Enabled",
                },
            },
            {
                "type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01",
                "name": "[parameters('workspaceName')]", "location": "[parameters('location')]",
                "identity": {"type": "SystemAssigned"}, "sku": {"name": "Basic", "tier": "Basic"},
                "dependsOn": ["[resourceId('Microsoft.KeyVault/vaults', variables('kvName'))]"],
                "properties": {
                    "keyVault": "[resourceId('Microsoft.KeyVault/vaults', variables('kvName'))]",
                    "publicNetworkAccess": "Disabled" if i % 4 else "Enabled",
                    "managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"},
                    "hbiWorkspace": i % 5 == 0,
                },
            },
            {
                "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "apiVersion": "2024-04-01",
                "name": f"[concat(parameters('workspaceName'), '/ep-{i}')]", "location": "[parameters('location')]",
                "identity": {"type": "SystemAssigned"},
                "dependsOn": ["[resourceId('Microsoft.MachineLearningServices/workspaces', parameters('workspaceName'))]"],
                "properties": {"authMode": "Key" if i % 3 == 0 else "AADToken", "publicNetworkAccess": "Disabled"},
            },
            {
                "type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview",
                "name": "diag", "scope": "[resourceId('Microsoft.MachineLearningServices/workspaces', parameters('workspaceName'))]",
                "properties": {
                    "workspaceId": "[resourceId('Microsoft.OperationalInsights/workspaces', 'law')]",
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                },
            },
        ],
    }
    return json.dumps(template, indent=2) + "\n"


def _terraform(i: int) -> str:
    """A module-sized .tf file: storage, Azure OpenAI, a GPU node pool, Key Vault: about 2 KB."""
    return f'''resource "azurerm_storage_account" "data_{i}" {{
  name                            = "aidata{i:05d}"
  resource_group_name             = var.resource_group_name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "{'ZRS' if i % 2 else 'LRS'}"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = {str(i % 3 == 0).lower()}
  public_network_access_enabled   = {str(i % 4 == 0).lower()}
  tags                            = local.tags
}}

resource "azurerm_cognitive_account" "openai_{i}" {{
  name                          = "oai-${{var.environment}}-{i}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  kind                          = "OpenAI"
  sku_name                      = "S0"
  custom_subdomain_name         = "oai-${{var.environment}}-{i}"
  local_auth_enabled            = {str(i % 2 == 0).lower()}
  public_network_access_enabled = false

  identity {{
    type = "SystemAssigned"
  }}

  network_acls {{
    default_action = "Deny"
  }}
}}

resource "azurerm_kubernetes_cluster_node_pool" "gpu_{i}" {{
  name                  = "gpu{i % 1000}"
  kubernetes_cluster_id = var.cluster_id
  vm_size               = "Standard_NC24ads_A100_v4"
  auto_scaling_enabled  = true
  min_count             = 0
  max_count             = {2 + i % 20}
  zones                 = ["1", "2", "3"]
  node_taints           = {'["nvidia.com/gpu=true:NoSchedule"]' if i % 3 else '[]'}
  node_labels = {{
    "workload" = "inference"
  }}
}}

resource "azurerm_key_vault" "kv_{i}" {{
  name                       = "kv-${{var.environment}}-{i}"
  location                   = var.location
  resource_group_name        = var.resource_group_name
  tenant_id                  = var.tenant_id
  sku_name                   = "standard"
  purge_protection_enabled   = {str(i % 5 != 0).lower()}
  soft_delete_retention_days = 90
  enable_rbac_authorization  = true
}}
'''


_TF_VARIABLES = '''variable "resource_group_name" {
  type    = string
  default = "rg-ai"
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "cluster_id" {
  type    = string
  default = "/subscriptions/0000/resourceGroups/rg-ai/providers/Microsoft.ContainerService/managedClusters/aks"
}

variable "tenant_id" {
  type    = string
  default = "00000000-0000-0000-0000-000000000000"
}

locals {
  tags = { owner = "ml-platform", cost_center = "ai" }
}
'''


def write(kind: str, out: Path, files: int = 0, resources: int = 0) -> Path:
    """Write one project of ``kind``; ``files`` (or ``resources`` for scale-*) sets the size."""
    root = out / (kind if not resources else f"{kind}-{resources}")
    root.mkdir(parents=True, exist_ok=True)
    if kind == "kubernetes":
        for i in range(files or 410):
            (root / f"{MODELS[i % len(MODELS)]}-{i}.yaml").write_text(_k8s_app(i))
    elif kind == "arm-bicep":
        for i in range(files or 630):
            if i % 2:
                (root / f"ai-{i}.bicep").write_text(_bicep(i))
            else:
                (root / f"ml-{i}.json").write_text(_arm(i))
    elif kind == "terraform":
        total = files or 1500
        stacks = max(1, total // 100)  # one stack (root module) per 100 files, each with its variables.tf
        for i in range(total - stacks):
            sub = root / f"stack-{i % stacks:02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"ai-{i}.tf").write_text(_terraform(i))
        for s in range(stacks):
            (root / f"stack-{s:02d}" / "variables.tf").write_text(_TF_VARIABLES)
    elif kind == "scale-kubernetes":  # about 3.3 objects per app, 10 apps per file
        apps = max(1, round(resources / 3.33))
        for f in range(0, apps, 10):
            (root / f"apps-{f // 10:05d}.yaml").write_text("---\n".join(_k8s_app(i) for i in range(f, min(f + 10, apps))))
    elif kind == "scale-terraform":  # 4 resources per file
        (root / "variables.tf").write_text(_TF_VARIABLES)
        for i in range(max(1, resources // 4)):
            (root / f"ai-{i}.tf").write_text(_terraform(i))
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--kind", default="kubernetes",
                    choices=("kubernetes", "arm-bicep", "terraform", "scale-kubernetes", "scale-terraform"))
    ap.add_argument("--files", type=int, default=0)
    ap.add_argument("--resources", type=int, default=1000)
    args = ap.parse_args()
    print(write(args.kind, args.out, args.files, args.resources if args.kind.startswith("scale-") else 0))


if __name__ == "__main__":
    main()
