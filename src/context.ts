import { createArmClient } from "./arm/client.js";
import type { ArmClient } from "./arm/types.js";
import type { Cloud } from "./cloud.js";
import { AksAcrError } from "./errors.js";
import { validateSubscriptionId } from "./ids.js";
import type { ClientOptions } from "./options.js";

/** What every feature needs to talk to Azure: one ARM client (one pipeline) and the caller's options. */
export interface Context {
  readonly arm: ArmClient;
  readonly cloud: Cloud;
  readonly options: ClientOptions;
  /**
   * The subscription of references that do not name one: `options.subscriptionId`, else
   * `AZURE_SUBSCRIPTION_ID`; throws `InvalidInput` naming `operation` when neither is set.
   */
  subscriptionId(operation: string): string;
}

/** A context whose calls all share one pipeline (one credential cache, one retry policy). */
export function createContext(options: ClientOptions = {}): Context {
  const arm = createArmClient(options);
  return {
    arm,
    cloud: arm.cloud,
    options,
    subscriptionId(operation: string): string {
      const subscriptionId = options.subscriptionId ?? nonEmpty(process.env["AZURE_SUBSCRIPTION_ID"]);
      if (subscriptionId === undefined) {
        throw new AksAcrError("InvalidInput", {
          operation,
          reason: "no subscription was given and AZURE_SUBSCRIPTION_ID is not set",
          fix: "Pass { subscriptionId } in the options, set AZURE_SUBSCRIPTION_ID, or reference the resource by its ARM id",
        });
      }
      return validateSubscriptionId(subscriptionId);
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
