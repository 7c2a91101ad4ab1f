#!/usr/bin/env bash
# Builds the offline equivalent of the official postgres image from Debian bookworm packages (PostgreSQL 15).
# usage: containers/postgres/build.sh [TAG]   (default: the "offline" tag of image.json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/debian-rootfs.sh
. "$here/../lib/debian-rootfs.sh"
tag=${1:-$(sed -n 's/.*"offline": *"\([^"]*\)".*/\1/p' "$here/image.json")}
pg_major=15

scratch_dir
root=$LAB_SCRATCH/rootfs
rootfs_init "$root"
# Like the official image: no Debian "main" cluster; the entrypoint runs initdb into $PGDATA.
mkdir -p "$root/etc/postgresql-common/createcluster.d"
echo 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.d/lab.conf"
rootfs_install "$root" "postgresql-$pg_major" locales
step "locale en_US.UTF-8, folders"
in_chroot "$root" localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8
install -m 755 "$here/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$root/docker-entrypoint-initdb.d" "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
in_chroot "$root" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
chmod 1777 "$root/var/lib/postgresql/data"
chmod 3777 "$root/var/run/postgresql"
rootfs_clean "$root"
rootfs_import "$root" "$tag" \
  'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["postgres"]' \
  "ENV PATH=/usr/lib/postgresql/$pg_major/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  "ENV PG_MAJOR=$pg_major" \
  'ENV PGDATA=/var/lib/postgresql/data' \
  'ENV LANG=en_US.utf8' \
  'VOLUME /var/lib/postgresql/data' \
  'EXPOSE 5432' \
  'STOPSIGNAL SIGINT'
step "built $tag"
