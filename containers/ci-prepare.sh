#!/usr/bin/env bash
# Prepares a Debian machine (as root) for lab's container services with no container registry:
# installs docker.io and debootstrap if missing, starts dockerd if no engine answers, then builds
# lab's offline images. Idempotent: on a prepared machine it only checks (a few seconds).
# Needs lab's npm dependencies (npm ci) for the last step.
# usage: bash containers/ci-prepare.sh [services...]   (default: every service with a recipe)
# The Kafka recipe needs Maven (installed here if missing) and the toxiproxy recipe Go >= 1.23
# (`go` on PATH or /usr/local/go/bin/go; LAB_GO names another).
set -euo pipefail
lab_root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
log() { printf 'ci-prepare [%4ss] %s\n' "$SECONDS" "$*"; }

if [ "$(id -u)" != 0 ]; then
  echo 'ci-prepare: needs root (apt-get, dockerd, debootstrap); run it with sudo' >&2
  exit 4
fi

missing=()
command -v docker >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v mvn >/dev/null || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log 'no Docker engine answers: starting dockerd (log: /var/log/dockerd.log)'
  # Its own session: a Ctrl-C or the end of this script does not take the engine down.
  setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo 'ci-prepare: dockerd did not answer within 60 s; its last lines:' >&2
    tail -n 20 /var/log/dockerd.log >&2
    exit 4
  fi
fi
log "Docker engine $(docker info --format '{{.ServerVersion}}') answers"

node "$lab_root/bin/lab.js" images build "$@"
log 'ready'
