#!/usr/bin/env bash
# Builds the operator tools the tests use, from the Go module proxy, into a cache
# outside the repository, and prints the path of the one asked for:
#   deploy/tools.sh promtool      # -> ~/.cache/dmap-tools/bin/promtool
#   deploy/tools.sh kustomize     # renders deploy/k8s
#   deploy/tools.sh kubeconform   # validates what kustomize rendered
#   deploy/tools.sh k8s-schemas   # -> a folder of kubeconform's JSON Schemas
# kubeconform downloads its schemas from GitHub by default, which is not reachable
# here: k8s-schemas derives them from the OpenAPI document in the k8s.io/kubernetes
# module (deploy/k8s_schemas.py). A tool already built at the pinned version is reused.
set -euo pipefail
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-v0.316.0}"  # the module of Prometheus 3.x
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.2}"       # v5.8.3 needs Go 1.27
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.7.0}"
KUBERNETES_VERSION="${KUBERNETES_VERSION:-v1.34.1}"
TOOLS_DIR="${DMAP_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dmap-tools}"
HERE="$(cd "$(dirname "$0")" && pwd)"

tool="${1:?usage: deploy/tools.sh promtool|kustomize|kubeconform|k8s-schemas}"
case "$tool" in
  promtool) module="github.com/prometheus/prometheus/cmd/promtool@${PROMETHEUS_VERSION}" ;;
  kustomize) module="sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}" ;;
  kubeconform) module="github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}" ;;
  k8s-schemas) module="k8s.io/kubernetes@${KUBERNETES_VERSION}" ;;
  *) echo "unknown tool: $tool (known: promtool, kustomize, kubeconform, k8s-schemas)" >&2
     exit 2 ;;
esac
if [ "$tool" = k8s-schemas ]; then
  out="$TOOLS_DIR/k8s-schemas-${KUBERNETES_VERSION}"
  stamp="$out/.complete"
else
  out="$TOOLS_DIR/bin/$tool"
  stamp="$TOOLS_DIR/bin/.$tool.version"
fi
if [ -e "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$module" ]; then
  echo "$out"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "go is not installed: cannot build $tool ($module); install Go 1.24+ first" >&2
  exit 1
fi
mkdir -p "$TOOLS_DIR/bin"
export GOFLAGS="-buildvcs=false" GOTOOLCHAIN=local
if [ "$tool" = k8s-schemas ]; then
  # Only the module's api/openapi-spec/swagger.json is read.
  src=$(go mod download -json "$module" | python3 -c \
        'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error")))')
  rm -rf "$out"
  python3 "$HERE/k8s_schemas.py" "$src/api/openapi-spec/swagger.json" "$out" >&2
else
  # Quietly: the build takes a few minutes the first time; the tests print this path.
  GOBIN="$TOOLS_DIR/bin" go install "$module" >&2
fi
echo "$module" > "$stamp"
echo "$out"
