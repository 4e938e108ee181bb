#!/usr/bin/env bash
# Re-pin the Dockerfile's base image to the current digest of a tag (default
# python:3.11-slim): the digest of the multi-platform index, so amd64 and arm64
# builds both resolve. Needs a machine that reaches the registry, with one of
# `docker buildx`, `crane` or `skopeo`. Review the diff and rebuild.
set -euo pipefail
TAG="${1:-python:3.11-slim}"
DOCKERFILE="$(cd "$(dirname "$0")" && pwd)/Dockerfile"

if docker buildx version >/dev/null 2>&1; then
  digest=$(docker buildx imagetools inspect "$TAG" --format '{{json .Manifest}}' \
           | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
elif command -v crane >/dev/null; then
  digest=$(crane digest "$TAG")
elif command -v skopeo >/dev/null; then
  digest=$(skopeo inspect --raw "docker://$TAG" | sha256sum | awk '{print "sha256:" $1}')
else
  echo "pin-base-image.sh: needs docker buildx, crane or skopeo (and the registry)" >&2
  exit 1
fi
case "$digest" in
  sha256:????????????????????????????????????????????????????????????????) ;;
  *) echo "pin-base-image.sh: unexpected digest '$digest'" >&2; exit 1 ;;
esac
sed -i -E "s|^ARG PYTHON_IMAGE=.*|ARG PYTHON_IMAGE=${TAG}@${digest}|" "$DOCKERFILE"
grep '^ARG PYTHON_IMAGE=' "$DOCKERFILE"
