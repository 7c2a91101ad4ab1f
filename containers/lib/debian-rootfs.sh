# Shared steps of the offline recipes: a Debian bookworm root filesystem from Debian's own archive
# (debootstrap + apt in a chroot), turned into a local image with `docker import`. No container registry.
# Sourced by containers/<dep>/build.sh (which sets $here, its folder); needs root, debootstrap, a Docker engine.

LAB_DEBIAN_MIRROR=${LAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
LAB_DEBIAN_SECURITY_MIRROR=${LAB_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

step() { printf '==> [%4ss] %s\n' "$SECONDS" "$*"; }

# rootfs_init DIR: minimal bookworm (minbase: essential packages + apt), with security updates enabled.
# With LAB_ROOTFS_CACHE set, the fresh minbase is kept there as a tarball for a week, so the next
# recipe starts from it in seconds (the dist-upgrade below brings it up to date).
rootfs_init() {
  local dir=$1 cache=${LAB_ROOTFS_CACHE:+$LAB_ROOTFS_CACHE/bookworm-minbase.tar}
  if [ -n "$cache" ] && [ -n "$(find "$cache" -mtime -7 2>/dev/null)" ]; then
    step "bookworm minbase from $cache"
    mkdir -p "$dir"
    tar --numeric-owner -C "$dir" -xf "$cache"
  else
    step "debootstrap bookworm (minbase) from $LAB_DEBIAN_MIRROR"
    debootstrap --variant=minbase bookworm "$dir" "$LAB_DEBIAN_MIRROR" >"$dir.debootstrap.log" 2>&1 || {
      tail -n 20 "$dir.debootstrap.log" >&2
      return 1
    }
    rm -f "$dir.debootstrap.log" "$dir"/var/cache/apt/archives/*.deb
    if [ -n "$cache" ]; then
      mkdir -p "$LAB_ROOTFS_CACHE"
      tar --numeric-owner -C "$dir" -cf "$cache.$$" . && mv "$cache.$$" "$cache"
    fi
  fi
  cat >"$dir/etc/apt/sources.list" <<SOURCES
deb $LAB_DEBIAN_MIRROR bookworm main
deb $LAB_DEBIAN_MIRROR bookworm-updates main
deb $LAB_DEBIAN_SECURITY_MIRROR bookworm-security main
SOURCES
  # No daemon may start inside the chroot while packages install.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  # Like the official images: no docs or man pages; no message translations either.
  cat >"$dir/etc/dpkg/dpkg.cfg.d/lab-nodoc" <<'NODOC'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
NODOC
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
}

# rootfs_install DIR PKG...: patched packages (bookworm + updates + security), no recommends.
rootfs_install() {
  local dir=$1
  shift
  step "apt-get update (bookworm, bookworm-updates, bookworm-security)"
  in_chroot "$dir" apt-get update -qq
  step "apt-get dist-upgrade"
  in_chroot "$dir" apt-get -y -qq -o Dpkg::Use-Pty=0 dist-upgrade >/dev/null
  step "apt-get install $*"
  in_chroot "$dir" apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "$@" >/dev/null
}

in_chroot() {
  local dir=$1
  shift
  chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"
}

# rootfs_clean DIR: what an image does not need at run time.
rootfs_clean() {
  local dir=$1
  in_chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/debconf/*-old \
    "$dir"/var/log/apt/* "$dir"/var/log/dpkg.log "$dir"/var/log/bootstrap.log "$dir"/usr/share/man/* \
    "$dir"/usr/share/info/* "$dir"/usr/sbin/policy-rc.d "$dir"/tmp/* "$dir"/root/.bash_history
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  # Message translations: lab's containers speak English (the minbase installed some before the exclusion).
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf '{}' + 2>/dev/null || true
  : >"$dir/etc/resolv.conf"
}

# rootfs_import DIR TAG INSTRUCTION...: the folder becomes image TAG. `docker import` makes it a base
# image; a `docker build` FROM it adds the Dockerfile INSTRUCTIONs (import cannot set STOPSIGNAL).
rootfs_import() {
  local dir=$1 tag=$2
  shift 2
  local base="$tag-rootfs"
  step "docker import, docker build → $tag"
  tar --numeric-owner -C "$dir" -c . | docker import - "$base" >/dev/null
  {
    printf 'FROM %s\n' "$base"
    printf '%s\n' "$@"
    printf 'LABEL dev.lab.recipe=%s\n' "$(recipe_digest "$here")"
  } >"$LAB_SCRATCH/Dockerfile"
  # An empty context: everything the image needs is in the imported root filesystem.
  mkdir -p "$LAB_SCRATCH/context"
  docker build -q -t "$tag" -f "$LAB_SCRATCH/Dockerfile" "$LAB_SCRATCH/context" >/dev/null
  docker image rm "$base" >/dev/null
}

# recipe_digest DIR: what `lab images list` compares to tell an image built from an older recipe
# (harness/services/image-catalog.ts computes the same: the recipe's files, then lib's, in C order).
recipe_digest() {
  (
    LC_ALL=C
    cat "$1"/* "$1"/../lib/* | sha256sum | cut -c1-16
  )
}

# scratch_dir: a work folder removed on exit, whatever happens.
scratch_dir() {
  LAB_SCRATCH=$(mktemp -d "${TMPDIR:-/var/tmp}/lab-image.XXXXXX")
  trap 'rm -rf "$LAB_SCRATCH"' EXIT
}
