"""The Debian Python SDK (python3-azure) against `aks-acr fake serve --tls`, for `npm run test:clients`.

Uses the official management clients unchanged, over TLS trusting the fake's CA (REQUESTS_CA_BUNDLE),
with ManagedIdentityCredential reading MSI_ENDPOINT as az does. Prints one JSON line per step:
{"step", "ok", "detail"}.
"""
import json
import os
import uuid

import requests
from azure.identity import ManagedIdentityCredential
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters
from azure.mgmt.containerregistry import ContainerRegistryManagementClient
from azure.mgmt.containerregistry.models import Registry, Sku
from azure.mgmt.containerservice import ContainerServiceClient

URL = os.environ["FAKE_URL"]
SUBSCRIPTION = os.environ["FAKE_SUBSCRIPTION_ID"]
ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
SCOPES = ["https://management.azure.com/.default"]


def step(name, body):
    try:
        detail = body()
        print(json.dumps({"step": name, "ok": True, "detail": detail}), flush=True)
    except Exception as error:  # every failure is reported as the step's, then the next step runs
        print(json.dumps({"step": name, "ok": False, "detail": f"{type(error).__name__}: {error}"[:400]}), flush=True)


credential = ManagedIdentityCredential()
options = {"base_url": URL, "credential_scopes": SCOPES}
registries = ContainerRegistryManagementClient(credential, SUBSCRIPTION, **options)
clusters = ContainerServiceClient(credential, SUBSCRIPTION, **options)
authorization = AuthorizationManagementClient(credential, SUBSCRIPTION, **options)
created = {}


def create_registry():
    registry = registries.registries.begin_create("rg", "acrpython", Registry(location="westeurope", sku=Sku(name="Basic"))).result()
    created["registry"] = registry
    assert registry.login_server == "acrpython.azurecr.io", registry.login_server
    return f"{registry.login_server}, provisioning {registry.provisioning_state}"


def list_registries():
    names = sorted(r.name for r in registries.registries.list())
    assert "acrpython" in names, names
    return ", ".join(names)


def list_clusters():
    names = sorted(c.name for c in clusters.managed_clusters.list())
    return f"{len(names)} cluster(s): {', '.join(names) or '(none)'}"


def assign_and_list():
    caller = requests.get(f"{URL}/_fake/state", timeout=30).json()["callerObjectId"]
    scope = created["registry"].id
    name = str(uuid.uuid4())
    parameters = RoleAssignmentCreateParameters(
        role_definition_id=f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{ACR_PULL}",
        principal_id=caller,
        principal_type="User",
    )
    assignment = authorization.role_assignments.create(scope, name, parameters)
    listed = [a for a in authorization.role_assignments.list_for_scope(scope) if a.name == name]
    assert len(listed) == 1, listed
    authorization.role_assignments.delete(scope, name)
    left = [a for a in authorization.role_assignments.list_for_scope(scope) if a.name == name]
    assert not left, left
    return f"AcrPull created ({assignment.name}), listed at the registry, deleted"


step("ContainerRegistryManagementClient registries.begin_create (long-running)", create_registry)
step("ContainerRegistryManagementClient registries.list", list_registries)
step("ContainerServiceClient managed_clusters.list", list_clusters)
step("AuthorizationManagementClient role_assignments create / list_for_scope / delete", assign_and_list)
