import type { Command } from "commander";
import { DEMO, createFake, seedDemo } from "../fakeWorld.js";
import type { Runner } from "../runner.js";
import type { GlobalOptions } from "../session.js";
import { wholeNumber } from "../refs.js";

/** `aks-acr fake serve`: the demo fake world over loopback HTTP, for kubectl, scripts and other processes. */
export function registerFakeCommands(program: Command, runner: Runner): void {
  const fake = program.command("fake").summary("the fake Azure, for clients outside this process").description("Fake Azure commands: serve.");
  fake
    .command("serve")
    .summary("serve the fake Azure (ARM, token endpoint, cluster API) on 127.0.0.1")
    .description(
      `Serves a fake Azure seeded like --fake (resource group ${DEMO.resourceGroup}, cluster ${DEMO.cluster}, registry ${DEMO.registry} holding ${DEMO.image}) over plain HTTP on 127.0.0.1 until SIGINT or SIGTERM. ` +
        "It accepts any token, so it listens on loopback only. Prints the URL (with --output json: one JSON line with url, clusterUrl, subscriptionId and tenantId).",
    )
    .option("-p, --port <port>", "port to listen on (0: any free port)", wholeNumber(0), 0)
    .action(async (flags: { port: number }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const azure = await createFake();
      seedDemo(azure);
      const server = await azure.listen({ port: flags.port });
      const clusterUrl = server.clusterUrl(DEMO.cluster);
      const out = runner.io.stdout;
      if (globals.output === "json") {
        out.write(`${JSON.stringify({ url: server.url, clusterUrl, subscriptionId: azure.subscriptionId, tenantId: azure.tenantId, ...DEMO })}\n`);
      } else {
        out.write(
          [
            `Fake Azure listening on ${server.url} (loopback only; any bearer token is accepted)`,
            `  tenant ${azure.tenantId}, subscription ${azure.subscriptionId}`,
            `  resource group ${DEMO.resourceGroup}: cluster ${DEMO.cluster}, registry ${DEMO.registry} (${DEMO.image}), not attached`,
            `  ARM:     ${server.url}/subscriptions/${azure.subscriptionId}/… with "Authorization: Bearer <token>"`,
            `  token:   curl -H Metadata:true "${server.url}/msi/token?resource=https://management.azure.com/"`,
            `  kubectl: kubectl --server=${clusterUrl} get pods`,
            "Press Ctrl+C to stop.",
            "",
          ].join("\n"),
        );
      }
      await untilSignal();
      await server.close();
    });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
