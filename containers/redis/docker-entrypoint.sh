#!/bin/sh
# The start-up contract of the official redis image, which @testcontainers/redis relies on:
# `redis-server [--opt value]...` as the command, protected mode off, runs as user redis in /data.
set -e

# A first argument that is an option or a .conf file means redis-server.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ]; then
  # The official image compiles protected mode off (ports are only reachable once published);
  # Debian's build keeps it on, and then answers -DENIED to every client from outside the container.
  case " $* " in
  *' --protected-mode'*) ;;
  *) set -- "$@" --protected-mode no ;;
  esac
  if [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  um=$(umask)
  [ "$um" = '0022' ] && umask 0077
fi

exec "$@"
