/** The api-versions the resolvers speak. */
export const MANAGED_CLUSTERS_API = "2026-04-01";
export const REGISTRIES_API = "2025-11-01";
export const SUBSCRIPTIONS_API = "2022-12-01";
export const ROLE_ASSIGNMENTS_API = "2022-04-01";
