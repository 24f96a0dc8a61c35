/**
 * The lines `aks-acr fake serve` prints so a person can point the Azure CLI, kubectl and the SDKs
 * at it: the same commands docs/using-the-fake-from-other-clients.md shows and `npm run
 * test:clients` runs.
 */

/** The custom cloud's name in `az cloud register`. */
export const AZ_CLOUD_NAME = "FakeAzure";

/** The shell lines that set up the Azure CLI against an emulator at `url` (https) trusting `caFile`. */
export function azSetupLines(url: string, caFile: string): string[] {
  const graph = JSON.stringify(JSON.stringify({ endpoints: { microsoftGraphResourceId: `${url}/` } }));
  return [
    `export AZURE_CONFIG_DIR="$(mktemp -d)" REQUESTS_CA_BUNDLE=${caFile} MSI_ENDPOINT=${url}/msi/token AZURE_CORE_COLLECT_TELEMETRY=false`,
    `az cloud register --name ${AZ_CLOUD_NAME} --endpoint-resource-manager ${url}/ --endpoint-active-directory ${url} ` +
      `--endpoint-active-directory-resource-id https://management.core.windows.net/ --endpoint-active-directory-graph-resource-id ${url}/ ` +
      "--endpoint-management https://management.core.windows.net/ --suffix-acr-login-server-endpoint .azurecr.io",
    `az cloud update --name ${AZ_CLOUD_NAME} --cloud-config ${graph}`,
    `az cloud set --name ${AZ_CLOUD_NAME} && az login --identity`,
  ];
}
