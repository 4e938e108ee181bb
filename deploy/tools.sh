#!/usr/bin/env bash
# Builds the operator tools the tests use, from the Go module proxy, into a cache
# outside the repository, and prints the path of the one asked for:
#   deploy/tools.sh promtool     # -> ~/.cache/dmap-tools/bin/promtool
# A tool already built at the pinned version is reused.
set -euo pipefail
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-v0.316.0}"  # the module of Prometheus 3.x
TOOLS_DIR="${DMAP_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dmap-tools}"

tool="${1:?usage: deploy/tools.sh promtool}"
case "$tool" in
  promtool) module="github.com/prometheus/prometheus/cmd/promtool@${PROMETHEUS_VERSION}" ;;
  *) echo "unknown tool: $tool (known: promtool)" >&2; exit 2 ;;
esac
bin="$TOOLS_DIR/bin/$tool"
stamp="$TOOLS_DIR/bin/.$tool.version"
if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$module" ]; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "go is not installed: cannot build $tool ($module); install Go 1.22+ first" >&2
  exit 1
fi
mkdir -p "$TOOLS_DIR/bin"
# Quietly: the build takes a few minutes the first time; the tests print this path.
GOBIN="$TOOLS_DIR/bin" GOFLAGS="-buildvcs=false" go install "$module" >&2
echo "$module" > "$stamp"
echo "$bin"
