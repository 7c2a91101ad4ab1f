#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow linter) that test/ci-init.test.ts runs against
# the workflow `lab ci init` writes. Built from source through the Go module proxy, pinned;
# idempotent: does nothing when the pinned version is already installed.
# Installs into $(go env GOPATH)/bin (usually ~/go/bin), where the test looks for it.
set -euo pipefail
version="v1.7.12"
go="$(command -v go || echo /usr/local/go/bin/go)"
if [ ! -x "$go" ]; then
  echo "install-actionlint: Go not found (looked on PATH and at /usr/local/go/bin/go); install Go >= 1.24" >&2
  exit 4
fi
bin="$("$go" env GOPATH)/bin"
if [ -x "$bin/actionlint" ] && "$bin/actionlint" -version 2>/dev/null | head -n1 | grep -qx "$version"; then
  echo "actionlint $version already in $bin"
  exit 0
fi
echo "== building actionlint $version into $bin (go install)"
GOBIN="$bin" "$go" install "github.com/rhysd/actionlint/cmd/actionlint@$version"
"$bin/actionlint" -version | head -n1
