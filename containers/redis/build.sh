#!/usr/bin/env bash
# Builds the offline equivalent of the official redis image from Debian bookworm packages (Redis 7.0).
# usage: containers/redis/build.sh [TAG]   (default: the "offline" tag of image.json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/debian-rootfs.sh
. "$here/../lib/debian-rootfs.sh"
tag=${1:-$(sed -n 's/.*"offline": *"\([^"]*\)".*/\1/p' "$here/image.json")}

scratch_dir
root=$LAB_SCRATCH/rootfs
rootfs_init "$root"
rootfs_install "$root" redis-server
install -m 755 "$here/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$root/data"
chroot "$root" chown redis:redis /data
rootfs_clean "$root"
rootfs_import "$root" "$tag" \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["redis-server"]' \
  'WORKDIR /data' \
  'VOLUME /data' \
  'EXPOSE 6379' \
  'ENV LANG=C.UTF-8'
step "built $tag"
