import { createInterface } from "node:readline/promises";
import type { TokenCredential } from "@azure/core-auth";
import { createContext } from "../context.js";
import type { CliIo } from "./session.js";

const RESOURCE_GROUPS_API = "2021-04-01";

/**
 * After a live walkthrough: on a terminal, asks whether to delete the resource group it created;
 * otherwise prints the command that does. Deletion is started, not awaited: it takes minutes.
 */
export async function offerResourceGroupDeletion(
  target: { credential: TokenCredential; subscriptionId: string; resourceGroup: string },
  io: CliIo,
  stdin: NodeJS.ReadStream = process.stdin,
): Promise<void> {
  const { subscriptionId, resourceGroup } = target;
  const command = `az group delete --name ${resourceGroup} --subscription ${subscriptionId} --yes --no-wait`;
  if (!stdin.isTTY || !io.stdout.isTTY) {
    io.stdout.write(`The walkthrough's resources are in resource group ${resourceGroup}. Delete them with:\n  ${command}\n`);
    return;
  }
  const prompt = createInterface({ input: stdin, output: process.stdout });
  const answer = await prompt.question(`Delete resource group ${resourceGroup} and everything in it? [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    io.stdout.write(`Kept ${resourceGroup}. Delete it later with:\n  ${command}\n`);
    return;
  }
  const ctx = createContext({ credential: target.credential, subscriptionId });
  const path = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
  await ctx.arm.send({ method: "DELETE", path, apiVersion: RESOURCE_GROUPS_API, operation: `delete resource group ${resourceGroup}`, scope: path, allowStatus: [404] });
  io.stdout.write(`Deleting resource group ${resourceGroup}; Azure finishes it in a few minutes (az group show --name ${resourceGroup}).\n`);
}
