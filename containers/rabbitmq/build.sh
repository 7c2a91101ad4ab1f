#!/usr/bin/env bash
# Builds the offline equivalent of the official rabbitmq:3.10-management image from Debian bookworm
# packages (rabbitmq-server 3.10), with the management and prometheus plugins enabled.
# usage: containers/rabbitmq/build.sh [TAG]   (default: the "offline" tag of image.json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/debian-rootfs.sh
. "$here/../lib/debian-rootfs.sh"
tag=${1:-$(sed -n 's/.*"offline": *"\([^"]*\)".*/\1/p' "$here/image.json")}

scratch_dir
root=$LAB_SCRATCH/rootfs
rootfs_init "$root"
rootfs_install "$root" rabbitmq-server
step "plugins, config, entrypoint"
install -m 755 "$here/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
# Like the official image: the plugins enabled offline (no node needed), settings in conf.d.
echo '[rabbitmq_management,rabbitmq_prometheus].' >"$root/etc/rabbitmq/enabled_plugins"
mkdir -p "$root/etc/rabbitmq/conf.d"
install -m 644 "$here/10-defaults.conf" "$root/etc/rabbitmq/conf.d/10-defaults.conf"
# Debian's rabbitmq-env.conf names the node after the build host's resolver; the image's own names it.
: >"$root/etc/rabbitmq/rabbitmq-env.conf"
in_chroot "$root" chown -R rabbitmq:rabbitmq /etc/rabbitmq /var/lib/rabbitmq
rootfs_clean "$root"
rootfs_import "$root" "$tag" \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["rabbitmq-server"]' \
  'ENV RABBITMQ_LOGS=- HOME=/var/lib/rabbitmq LANG=C.UTF-8' \
  'ENV PATH=/usr/lib/rabbitmq/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  'VOLUME /var/lib/rabbitmq' \
  'EXPOSE 4369 5671 5672 15671 15672 15691 15692 25672'
step "built $tag"
