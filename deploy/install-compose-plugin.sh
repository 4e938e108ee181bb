#!/usr/bin/env bash
# Installs the `docker compose` CLI plugin (used only to validate docker-compose.yml
# here, since no Docker engine runs on this machine). Built from source through
# the Go module proxy, as Docker's own package repository is not reachable.
set -euo pipefail
VERSION="${COMPOSE_VERSION:-v2.40.3}"
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

if docker compose version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "go is not installed: cannot build the docker compose plugin; its test will skip" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/docker/compose/v2@${VERSION}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
mkdir -p "$PLUGIN_DIR"
(cd "$work/src" && go build -trimpath -o "$PLUGIN_DIR/docker-compose" ./cmd)
docker compose version
