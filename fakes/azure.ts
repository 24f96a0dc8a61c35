import type { TokenCredential } from "@azure/core-auth";
import type { HttpHandler } from "msw";
import { serveAcrDataPlane } from "./acr/dataPlane.js";
import { armRoutes } from "./arm/index.js";
import { graphRoutes } from "./graph/index.js";
import { createFaults, type Faults } from "./faults.js";
import { createDispatcher, type Dispatch, type DispatchHooks } from "./http/dispatch.js";
import { createHandlers } from "./http/handlers.js";
import { loginRoutes } from "./http/tokenEndpoint.js";
import { serveClusterApi } from "./kube/server.js";
import { Journal } from "./journal.js";
import type { ListenOptions, ListeningFake } from "./listen.js";
import { createSeeding, type Seeding } from "./seeding.js";
import { createState, type State } from "./state.js";
import { fakeCredential } from "./token.js";
import { ROLE_IDS } from "./world/builtinRoles.js";
import { newGuid } from "./world/ids.js";
import { addPrincipal, addRoleAssignment, addSubscription, loadBuiltinRoles } from "./world/seed.js";
import type { WorldKnobs } from "./world/world.js";
import { World } from "./world/world.js";

/** Options of {@link createFakeAzure}. */
export interface FakeAzureOptions {
  /** @default a random GUID */
  tenantId?: string;
  /** @default a random GUID */
  subscriptionId?: string;
  /**
   * Make the default caller Owner of the default subscription. With `false` the caller holds no
   * role at all, for tests of callers without permissions.
   * @default true
   */
  seed?: boolean;
  /** Seed of fault rules that fire with a `probability` and give no seed of their own. @default 1 */
  faultSeed?: number;
  /** Requests the journal (`requests`) keeps; older ones are let go. @default 10000 */
  journalSize?: number;
}

/** A faithful, stateful fake of ARM, Microsoft Graph, Entra ID's token endpoint and each cluster's API. */
export interface FakeAzure {
  /** The default tenant's id. */
  readonly tenantId: string;
  /** The default subscription's id. */
  readonly subscriptionId: string;
  /** Object id of the default caller (a user; Owner of the default subscription unless `seed: false`). */
  readonly callerObjectId: string;
  /** msw handlers: `setupServer(...azure.handlers)`. */
  readonly handlers: HttpHandler[];
  /** A TokenCredential naming the default caller, or the seeded principal with this object id. */
  credential(principalObjectId?: string): TokenCredential;
  /** Adds to the world directly, bypassing authorization. */
  readonly seed: Seeding;
  /** Reads what the world holds now. */
  readonly state: State;
  /** Every request answered, in order. */
  readonly requests: Journal;
  /** Empties {@link FakeAzure.requests}. */
  clearRequests(): void;
  /** Timing knobs (LRO polls, replication delay, …); the object is replaced by `reset()`. */
  readonly knobs: WorldKnobs;
  /** Back to the world as it was created: default tenant, subscription, caller, no requests. */
  reset(): void;
  /** The world's records, for what `seed` and `state` do not cover; `world.now` is the fake's clock. */
  readonly world: World;
  /** Answers one request as the fake Azure would (what the msw handlers and `listen()` call). */
  readonly dispatch: Dispatch;
  /** Deterministic fault rules in ARM's dialect (throttling, 5xx, drops, …); cleared by `reset()`. */
  readonly faults: Faults;
  /** Extension points: fault rules (`beforeRoute`) and non-ARM hosts (`clusterApi`). */
  readonly hooks: DispatchHooks;
  /** Serves this world over loopback HTTP(S) for kubectl and the Azure CLI. */
  listen(options?: ListenOptions): Promise<ListeningFake>;
}

/** A new fake Azure: one tenant, one subscription, and a default caller who owns it (unless `seed: false`). */
export function createFakeAzure(options: FakeAzureOptions = {}): FakeAzure {
  const tenantId = options.tenantId ?? newGuid();
  const subscriptionId = options.subscriptionId ?? newGuid();
  const callerObjectId = newGuid();
  const ownerAssignmentName = newGuid();
  const world = new World();
  const journal = new Journal(options.journalSize);
  const faults = createFaults(world, journal, { ...(options.faultSeed !== undefined && { seed: options.faultSeed }) });
  const hooks: DispatchHooks = { beforeRoute: [faults.hook], clusterApi: [serveAcrDataPlane, serveClusterApi] };
  const dispatch = faults.wrap(createDispatcher({ world, journal, routes: { arm: armRoutes, graph: graphRoutes, login: loginRoutes }, hooks }));

  const populate = (): void => {
    loadBuiltinRoles(world);
    addSubscription(world, { subscriptionId, tenantId, displayName: "Fake Azure subscription" });
    addPrincipal(world, { objectId: callerObjectId, tenantId, type: "User", displayName: "Fake Azure default caller" });
    if (options.seed ?? true) {
      addRoleAssignment(world, {
        name: ownerAssignmentName,
        scope: `/subscriptions/${subscriptionId}`,
        roleDefinitionName: ROLE_IDS.Owner,
        principalId: callerObjectId,
        createdBy: callerObjectId,
      });
    }
  };
  populate();

  const defaults = { tenantId, subscriptionId, callerObjectId };
  const fake: FakeAzure = {
    tenantId,
    subscriptionId,
    callerObjectId,
    handlers: createHandlers(dispatch),
    credential(principalObjectId = callerObjectId) {
      return fakeCredential(() => {
        const principal = world.principals.get(principalObjectId.toLowerCase());
        if (!principal) {
          throw new Error(`Failed to get a token for principal '${principalObjectId}': the fake Azure holds no such principal. Seed it first with azure.seed.principal().`);
        }
        return principal;
      }, () => world.now());
    },
    seed: createSeeding(world, defaults),
    state: createState(world),
    requests: journal,
    clearRequests: () => void journal.splice(0),
    get knobs() {
      return world.knobs;
    },
    reset() {
      world.clear();
      journal.splice(0);
      faults.clear();
      populate();
    },
    world,
    dispatch,
    faults,
    hooks,
    async listen(listenOptions) {
      const { listen } = await import("./listen.js");
      return listen(fake, listenOptions);
    },
  };
  return fake;
}
