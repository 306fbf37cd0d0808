# Sourced by scripts/test: installs what the browser tests (the chess sample's BrowserIT, the console's
# ConsoleBrowserIT) need, when it is missing:
# Debian's chromium (apt-get, as root) and the npm package playwright-core from its package-lock.json (npm ci). Never
# downloads a browser. Idempotent: does nothing when both are there. A failed install only warns: BrowserIT then
# fails and says what is missing.
# Works under `set -euo pipefail`; all helper names start with _cruster_.

_cruster_browser_dirs() {
  local repo
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  printf '%s\n' "$repo/samples/chess-cluster/src/test/browser" "$repo/admin/src/test/browser"
}

_cruster_browser_setup() {
  local dir
  if [[ ! -x /usr/bin/chromium ]]; then
    if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
      echo "browser: installing Debian's chromium with apt-get"
      if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
        >/tmp/cruster-apt-chromium.log 2>&1 </dev/null; then
        echo "browser: warning: apt-get install chromium failed (log: /tmp/cruster-apt-chromium.log)" >&2
      fi
    else
      echo "browser: warning: /usr/bin/chromium is missing; install Debian's chromium (as root: apt-get install chromium)" >&2
    fi
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "browser: warning: npm is missing; install Node.js 20 or newer with npm" >&2
    return 0
  fi
  for dir in $(_cruster_browser_dirs); do
    if [[ ! -f $dir/node_modules/playwright-core/package.json ]] ||
      ! grep -q '"version": "1.65.2"' "$dir/node_modules/playwright-core/package.json"; then
      echo "browser: installing playwright-core into ${dir#"$PWD"/} (npm ci; no browser download)"
      if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error); then
        echo "browser: warning: npm ci in $dir failed" >&2
      fi
    fi
  done
  return 0
}

_cruster_browser_setup
