/**
 * The steps of `npm run test:clients`: the seed walkthrough (README) as its users type it, with the
 * Azure CLI, kubectl and the Python SDK, each checked against what the fake's world holds after it
 * (read through the admin API). docs/using-the-fake-from-other-clients.md shows these commands.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ACR = "acrclients";
const LOGIN_SERVER = `${ACR}.azurecr.io`;
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

export async function checks(context) {
  const { tools, report, python } = context;
  if (!tools.az) report("Azure CLI steps", "SKIP", "az is not installed (apt-get install -y azure-cli)");
  else if (!existsSync(join(context.shim, "sitecustomize.py"))) report("Azure CLI steps", "SKIP", `no sitecustomize.py in ${context.shim} (set AZ_DEBIAN_SHIM to the folder with the Debian az shim)`);
  else await azSteps(context);
  if (!python) report("Python SDK steps", "SKIP", "no python3 with azure-mgmt-containerregistry, -containerservice, -authorization and azure-identity (apt-get install -y python3-azure)");
  else await pythonSteps(context);
}

async function azSteps(context) {
  const { info, env, exec, report, work, here, tools } = context;
  const az = (...args) => exec("az", args);
  const state = async () => JSON.parse((await exec(process.execPath, ["-e", "fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))", `${info.url}/_fake/state`])).stdout);
  const acrPullsOf = (world, principalId, scope) =>
    world.roleAssignments.filter((a) => a.principalId === principalId && a.roleDefinitionId.toLowerCase().endsWith(ACR_PULL) && (!scope || a.scope.toLowerCase() === scope.toLowerCase()));
  const kubeletOf = (world, name) => world.clusters.find((c) => c.name === name)?.kubeletObjectId;
  const registryId = (world) => world.registries.find((r) => r.name === ACR)?.id;
  const step = async (name, body) => {
    try {
      const [status, detail] = await body();
      report(name, status, detail);
      return status === "PASS";
    } catch (error) {
      report(name, "FAIL", error instanceof Error ? error.message : String(error));
      return false;
    }
  };
  const failed = (result) => ["FAIL", `exit ${result.code}: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" | ")}`];

  const setup = await exec("bash", ["-c", `set -e\n${info.azSetup.join("\n")}\necho "AZURE_CONFIG_DIR=$AZURE_CONFIG_DIR"`]);
  const configDir = /AZURE_CONFIG_DIR=(\S+)/.exec(setup.stdout)?.[1];
  if (setup.code !== 0 || !configDir) return report("az cloud register / update / set + az login --identity (the lines fake serve prints)", "FAIL", failed(setup)[1]);
  env.AZURE_CONFIG_DIR = configDir;
  report("az cloud register / update / set + az login --identity (the lines fake serve prints)", "PASS", `cloud FakeAzure, config in ${configDir}`);

  await step("az account show: the fake's subscription", async () => {
    const result = await az("account", "show", "-o", "json");
    return result.code === 0 && JSON.parse(result.stdout).id === info.subscriptionId ? ["PASS", info.subscriptionId] : failed(result);
  });
  await step(`az acr create -n ${ACR} -g rg --sku basic`, async () => {
    const result = await az("acr", "create", "-n", ACR, "-g", "rg", "--sku", "basic", "-o", "json");
    return result.code === 0 && JSON.parse(result.stdout).loginServer === LOGIN_SERVER ? ["PASS", `${LOGIN_SERVER} in ${result.ms} ms`] : failed(result);
  });
  await step(`az aks create -n aks -g rg --attach-acr ${ACR} (by name)`, async () => {
    const result = await az("aks", "create", "-n", "aks", "-g", "rg", "--attach-acr", ACR, "--no-ssh-key", "-o", "json");
    if (result.code !== 0) return failed(result);
    const world = await state();
    const pulls = acrPullsOf(world, kubeletOf(world, "aks"), registryId(world));
    return pulls.length === 1 ? ["PASS", `one AcrPull for the kubelet identity, ${result.ms} ms`] : ["FAIL", `${pulls.length} AcrPull assignments for the kubelet identity`];
  });
  await step("az aks create -n aks2 -g rg --attach-acr <registry resource id>", async () => {
    const id = registryId(await state());
    const result = await az("aks", "create", "-n", "aks2", "-g", "rg", "--attach-acr", id, "--no-ssh-key", "-o", "json");
    if (result.code !== 0) return failed(result);
    const world = await state();
    const pulls = acrPullsOf(world, kubeletOf(world, "aks2"), id);
    return pulls.length === 1 ? ["PASS", "one AcrPull for aks2's kubelet identity"] : ["FAIL", `${pulls.length} AcrPull assignments for aks2's kubelet identity`];
  });
  await step(`az acr import -n ${ACR} --source docker.io/library/nginx:latest --image nginx:v1 (in seconds)`, async () => {
    const result = await az("acr", "import", "-n", ACR, "--source", "docker.io/library/nginx:latest", "--image", "nginx:v1");
    if (result.code !== 0) return failed(result);
    const images = (await state()).registries.find((r) => r.name === ACR)?.images ?? [];
    if (!images.includes("nginx:v1")) return ["FAIL", `the registry holds ${images.join(", ") || "nothing"}`];
    return result.ms < 15_000 ? ["PASS", `${result.ms} ms`] : ["FAIL", `took ${result.ms} ms (a Retry-After of 0 makes az wait 30 s)`];
  });
  const kubeconfig = join(work, "aks.kubeconfig");
  const kubectl = (...args) => exec("kubectl", ["--kubeconfig", kubeconfig, ...args]);
  await step("az aks get-credentials -g rg -n aks --file <file>", async () => {
    const result = await az("aks", "get-credentials", "-g", "rg", "-n", "aks", "--file", kubeconfig);
    return result.code === 0 ? ["PASS", "kubeconfig written"] : failed(result);
  });
  await step(`az aks update -n aks -g rg --detach-acr ${ACR}`, async () => {
    const result = await az("aks", "update", "-n", "aks", "-g", "rg", "--detach-acr", ACR, "-o", "none");
    if (result.code !== 0) return failed(result);
    const world = await state();
    const pulls = acrPullsOf(world, kubeletOf(world, "aks"), registryId(world));
    return pulls.length === 0 ? ["PASS", "no AcrPull left for the kubelet identity"] : ["FAIL", `${pulls.length} AcrPull left`];
  });
  if (!tools.kubectl) {
    report("kubectl steps and az aks check-acr", "SKIP", "kubectl is not installed");
  } else {
    const manifest = join(work, "acr-nginx.yaml");
    writeFileSync(manifest, readFileSync(join(here, "acr-nginx.yaml"), "utf8").replace("ACR_LOGIN_SERVER", LOGIN_SERVER));
    await step("kubectl apply -f acr-nginx.yaml (validation on, the downloaded kubeconfig as is)", async () => {
      const result = await kubectl("apply", "-f", manifest);
      return result.code === 0 ? ["PASS", result.stdout.trim()] : failed(result);
    });
    await step("kubectl get pods: ErrImagePull before attach, 401 in kubectl describe pod", async () => {
      const pods = await until(async () => {
        const result = await kubectl("get", "pods", "-l", "app=nginx0", "--no-headers");
        const lines = result.stdout.trim().split("\n").filter(Boolean);
        return lines.length === 2 && lines.every((line) => /ErrImagePull|ImagePullBackOff/.test(line)) ? lines : undefined;
      }, 20_000);
      if (!pods) return ["FAIL", "the two pods did not show ErrImagePull / ImagePullBackOff within 20 s"];
      const describe = await kubectl("describe", "pod", "-l", "app=nginx0");
      return /401 Unauthorized/.test(describe.stdout) ? ["PASS", pods.map((line) => line.replace(/\s+/g, " ")).join("; ")] : ["FAIL", "describe pod names no 401"];
    });
    await step(`az aks check-acr --acr ${LOGIN_SERVER} before attach: the pull verdict FAILED`, async () => {
      const result = await az("aks", "check-acr", "-g", "rg", "-n", "aks", "--acr", LOGIN_SERVER);
      const text = `${result.stdout}${result.stderr}`;
      // az exits 0 here as against Azure: kubectl run's own --restart is Always (az sets the pod's
      // restartPolicy through --overrides), so kubectl does not wait for canipull's exit code.
      return /Validating image pull permission: (\u001b\[\d+m)?FAILED/.test(text) && /error status: 401/.test(text)
        ? ["PASS", `exit ${result.code}, canipull: FAILED with 401`]
        : ["FAIL", `exit ${result.code}: ${text.trim().split("\n").slice(-4).join(" | ")}`];
    });
  }
  await step(`az aks update -n aks -g rg --attach-acr ${ACR}: exactly one AcrPull (az 2.45 exits 1, its bug)`, async () => {
    const result = await az("aks", "update", "-n", "aks", "-g", "rg", "--attach-acr", ACR, "-o", "none");
    const world = await state();
    const pulls = acrPullsOf(world, kubeletOf(world, "aks"), registryId(world));
    if (pulls.length !== 1) return ["FAIL", `${pulls.length} AcrPull assignments for the kubelet identity; az exit ${result.code}`];
    if (result.code === 0) return ["PASS", "one AcrPull; az exited 0"];
    return /Could not create a role assignment/.test(result.stderr)
      ? ["PASS", "one AcrPull; az exited 1 after ARM's faithful 409 RoleAssignmentExists to its second attach (az 2.45 bug, documented)"]
      : failed(result);
  });
  if (tools.kubectl) {
    await step("kubectl get pods: two Running after attach", async () => {
      const pods = await until(async () => {
        const result = await kubectl("get", "pods", "-l", "app=nginx0", "--field-selector", "status.phase=Running", "--no-headers");
        const lines = result.stdout.trim().split("\n").filter(Boolean);
        return lines.length === 2 && lines.every((line) => /\s1\/1\s+Running\s/.test(line)) ? lines : undefined;
      }, 90_000);
      return pods ? ["PASS", pods.map((line) => line.replace(/\s+/g, " ")).join("; ")] : ["FAIL", "two Running pods did not appear within 90 s"];
    });
    await step(`az aks check-acr -g rg -n aks --acr ${LOGIN_SERVER}: the pull verdict`, async () => {
      const result = await az("aks", "check-acr", "-g", "rg", "-n", "aks", "--acr", LOGIN_SERVER);
      return result.code === 0 && result.stdout.includes(`Your cluster can pull images from ${LOGIN_SERVER}!`) ? ["PASS", lastLine(result.stdout)] : failed(result);
    });
  }
  await step(`az role assignment list --scope <${ACR} id>: AcrPull for the kubelet identity`, async () => {
    const world = await state();
    const result = await az("role", "assignment", "list", "--scope", registryId(world), "-o", "json");
    if (result.code !== 0) return failed(result);
    const kubelet = kubeletOf(world, "aks");
    const listed = JSON.parse(result.stdout).filter((a) => a.principalId === kubelet && String(a.roleDefinitionId).toLowerCase().endsWith(ACR_PULL));
    return listed.length === 1 ? ["PASS", `${JSON.parse(result.stdout).length} assignments listed, one AcrPull for aks's kubelet identity`] : ["FAIL", `${listed.length} AcrPull for the kubelet identity listed`];
  });
}

async function pythonSteps({ info, exec, report, here, python }) {
  const result = await exec(python, [join(here, "sdk_check.py")]);
  const lines = result.stdout.trim().split("\n").filter(Boolean);
  if (lines.length === 0) return report("Python SDK over TLS (python3-azure)", "FAIL", `exit ${result.code}: ${result.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  for (const line of lines) {
    const { step, ok, detail } = JSON.parse(line);
    report(`Python SDK: ${step}`, ok ? "PASS" : "FAIL", detail);
  }
  if (result.code !== 0) report("Python SDK script", "FAIL", `exit ${result.code} against ${info.url}: ${result.stderr.trim().split("\n").slice(-2).join(" | ")}`);
}

/** Polls `probe` every 500 ms until it returns a value or `timeoutMs` passes (a bounded wait). */
async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function lastLine(text) {
  return text.trim().split("\n").filter((line) => line.trim()).pop()?.trim() ?? "";
}
