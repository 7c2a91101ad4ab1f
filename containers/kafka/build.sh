#!/usr/bin/env bash
# Builds the offline equivalent of the official apache/kafka image (one KRaft node, Java 17): the
# broker's jars from Maven Central (pom.xml, resolved by `mvn dependency:copy-dependencies` on this
# machine) on a Debian bookworm root filesystem with openjdk-17-jre-headless.
# usage: containers/kafka/build.sh [TAG]   (default: the "offline" tag of image.json)
# Needs Maven (`mvn`) and access to Maven Central (or a mirror in ~/.m2/settings.xml).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/debian-rootfs.sh
. "$here/../lib/debian-rootfs.sh"
tag=${1:-$(sed -n 's/.*"offline": *"\([^"]*\)".*/\1/p' "$here/image.json")}

scratch_dir
step "mvn dependency:copy-dependencies ($(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml"))"
cp "$here/pom.xml" "$LAB_SCRATCH/pom.xml"
mvn -B -q -f "$LAB_SCRATCH/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$LAB_SCRATCH/libs"

root=$LAB_SCRATCH/rootfs
rootfs_init "$root"
# The JRE's postinst wants the man page folders the no-docs rule leaves out, and runs java, which
# needs /proc: mounted for the install only, unmounted before anything removes the scratch folder.
mkdir -p "$root/usr/share/man/man1" "$root/proc"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$LAB_SCRATCH"' EXIT
rootfs_install "$root" openjdk-17-jre-headless
umount "$root/proc"
step "broker jars, config, run script, appuser"
mkdir -p "$root/opt/kafka/libs" "$root/opt/kafka/config" "$root/etc/kafka/docker" "$root/var/lib/kafka/data"
install -m 644 "$LAB_SCRATCH"/libs/*.jar "$root/opt/kafka/libs/"
install -m 644 "$here/log4j2.properties" "$root/opt/kafka/config/log4j2.properties"
install -m 644 "$here/server.properties" "$root/etc/kafka/docker/server.properties"
install -m 755 "$here/run" "$root/etc/kafka/docker/run"
# Like the official image: user appuser (uid 1000) owns the config and the data.
in_chroot "$root" useradd --uid 1000 --no-create-home --home-dir /home/appuser --shell /bin/bash appuser
in_chroot "$root" chown -R appuser:appuser /opt/kafka/config /var/lib/kafka
rootfs_clean "$root"
rootfs_import "$root" "$tag" \
  'USER appuser' \
  'WORKDIR /opt/kafka' \
  'ENTRYPOINT ["/etc/kafka/docker/run"]' \
  'VOLUME /var/lib/kafka/data' \
  'EXPOSE 9092' \
  'ENV LANG=C.UTF-8'
step "built $tag"
