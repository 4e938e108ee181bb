#!/usr/bin/env bash
# The official AsyncAPI parser (npm @asyncapi/parser) for the contract test, installed
# once into a cache outside the repository. Prints the node_modules directory.
#   --install-node  also install Debian's nodejs and npm when missing (root only; CI)
set -euo pipefail
VERSION=3.6.3
dir="${DMAP_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dmap/asyncapi-parser-$VERSION}"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "${1:-}" = "--install-node" ] && [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || true
    apt-get install -y -q nodejs npm >/dev/null
  else
    echo "node and npm are needed to validate the AsyncAPI document: install Node.js 18+" \
      "(Debian: 'apt-get install -y nodejs npm', or run this script as root with" \
      "--install-node)" >&2
    exit 1
  fi
fi
if [ ! -f "$dir/node_modules/@asyncapi/parser/package.json" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
    "@asyncapi/parser@$VERSION" >&2
fi
echo "$dir/node_modules"
