// A CommonJS consumer: require() of the package and of its fakes, msw's setupServer, and one attach.
const assert = require("node:assert/strict");
const { setupServer } = require("msw/node");
const { integration } = require("aks-acr");
const { createFakeAzure } = require("aks-acr/fakes");

async function main() {
  const azure = createFakeAzure();
  azure.seed.cluster({ resourceGroup: "rg", name: "aks" });
  const registry = azure.seed.registry({ resourceGroup: "rg", name: "myacr" });
  const server = setupServer(...azure.handlers);
  server.listen({ onUnhandledRequest: "error" });
  try {
    const options = { credential: azure.credential(), subscriptionId: azure.subscriptionId };
    const result = await integration({ resourceGroup: "rg", name: "aks" }, options).attach("myacr");
    assert.equal(result.created, true);
    assert.equal(azure.state.roleAssignments({ scope: registry.id }).length, 1);
  } finally {
    server.close();
  }
}

main().then(
  () => console.log("require('aks-acr') attached through msw"),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
