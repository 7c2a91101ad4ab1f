#!/bin/sh
# The start-up contract of the official rabbitmq image, which @testcontainers/rabbitmq relies on:
# `rabbitmq-server` as the command, logs on stdout ("Server startup complete"), the default user
# from RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS (guest/guest otherwise, allowed from outside),
# runs as user rabbitmq with its data in /var/lib/rabbitmq.
set -e

# A first argument that is an option means rabbitmq-server.
if [ "${1#-}" != "$1" ]; then
  set -- rabbitmq-server "$@"
fi

if [ "$1" = 'rabbitmq-server' ] && [ "$(id -u)" = '0' ]; then
  conf=/etc/rabbitmq/conf.d/20-lab-env.conf
  : >"$conf"
  [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && echo "default_user = $RABBITMQ_DEFAULT_USER" >>"$conf"
  [ -n "${RABBITMQ_DEFAULT_PASS:-}" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS" >>"$conf"
  [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ] && echo "default_vhost = $RABBITMQ_DEFAULT_VHOST" >>"$conf"
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi

exec "$@"
