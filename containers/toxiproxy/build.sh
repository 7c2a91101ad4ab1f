#!/usr/bin/env bash
# Builds the offline equivalent of the official Toxiproxy image (ghcr.io/shopify/toxiproxy): the
# server and CLI built on this machine from the Go module proxy (github.com/Shopify/toxiproxy/v2,
# pinned below), static, copied into a minimal Debian bookworm root filesystem.
# usage: containers/toxiproxy/build.sh [TAG]   (default: the "offline" tag of image.json)
# Needs Go >= 1.23 (the module's go.mod): `go` on PATH, or LAB_GO=/path/to/go (default /usr/local/go/bin/go).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/debian-rootfs.sh
. "$here/../lib/debian-rootfs.sh"
tag=${1:-$(sed -n 's/.*"offline": *"\([^"]*\)".*/\1/p' "$here/image.json")}
version=2.12.0
go=${LAB_GO:-$(command -v go || echo /usr/local/go/bin/go)}

scratch_dir
step "go install github.com/Shopify/toxiproxy/v2 v$version ($("$go" version))"
# Static (no cgo), no paths of this machine in the binary; GOTOOLCHAIN=local: never fetch another Go.
mkdir -p "$LAB_SCRATCH/bin"
env GOBIN="$LAB_SCRATCH/bin" CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod \
  "$go" install -trimpath -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=$version" \
  "github.com/Shopify/toxiproxy/v2/cmd/server@v$version" "github.com/Shopify/toxiproxy/v2/cmd/cli@v$version"

root=$LAB_SCRATCH/rootfs
rootfs_init "$root"
rootfs_install "$root"
install -m 755 "$LAB_SCRATCH/bin/server" "$root/toxiproxy"
install -m 755 "$LAB_SCRATCH/bin/cli" "$root/toxiproxy-cli"
rootfs_clean "$root"
# The official image's contract: /toxiproxy listening on 8474 of every interface, /toxiproxy-cli beside it.
rootfs_import "$root" "$tag" \
  'ENTRYPOINT ["/toxiproxy"]' \
  'CMD ["-host=0.0.0.0"]' \
  'ENV LOG_LEVEL=info' \
  'EXPOSE 8474'
step "built $tag"
