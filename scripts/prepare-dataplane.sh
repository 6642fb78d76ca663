#!/usr/bin/env bash
# Provisions what the dataplane suite (test/dataplane/) needs on a Debian 12 machine, idempotently:
#   1. apt packages that are missing (docker.io, debootstrap, gcc + libc6-dev for the static probe, tools);
#   2. a Docker engine: starts `dockerd` in the background when the socket does not answer, waits for it;
#   3. the node image `kprc-node:<hash>`, hash = sha256 of test/dataplane/image/{Dockerfile,packages.txt}
#      (the suite computes the same tag), built once: `docker build` from debian:bookworm-slim when a
#      registry answers, otherwise debootstrap (minbase bookworm) + `docker import` — no registry needed.
#      The debootstrap tarball is cached in $KPRC_IMAGE_CACHE (default /var/cache/kprc) for re-imports;
#   4. a smoke run of the image with the capabilities the suite uses.
# Runs as root. Environment: KPRC_DEBIAN_MIRROR (default http://deb.debian.org/debian),
# KPRC_IMAGE_BUILD=auto|dockerfile|debootstrap (default auto).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'prepare-dataplane: %s\n' "$*" >&2; }
started=$(date +%s)

image_dir=test/dataplane/image
mirror=${KPRC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache_dir=${KPRC_IMAGE_CACHE:-/var/cache/kprc}
build_mode=${KPRC_IMAGE_BUILD:-auto}
hash=$(cat "$image_dir/Dockerfile" "$image_dir/packages.txt" | sha256sum | cut -c1-12)
image="kprc-node:$hash"

install_missing_packages() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v gcc >/dev/null || need+=(gcc)
  [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/aarch64-linux-gnu/libc.a ] || need+=(libc6-dev)
  command -v iptables-restore >/dev/null || need+=(iptables)
  command -v nft >/dev/null || need+=(nftables)
  command -v ip >/dev/null || need+=(iproute2)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

start_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  log "starting dockerd (log: /var/log/kprc-dockerd.log)"
  nohup dockerd >/var/log/kprc-dockerd.log 2>&1 &
  for _ in $(seq 1 150); do
    if docker info >/dev/null 2>&1; then return; fi
    sleep 0.2
  done
  log "dockerd did not answer within 30 s; tail of its log:"
  tail -20 /var/log/kprc-dockerd.log >&2 || true
  exit 1
}

build_with_dockerfile() {
  log "building $image from debian:bookworm-slim"
  docker build -q -t "$image" --label kprc.recipe="$hash" "$image_dir" >/dev/null
}

build_with_debootstrap() {
  local tarball="$cache_dir/kprc-node-$hash.tar"
  if [ ! -s "$tarball" ]; then
    local root
    root=$(mktemp -d /tmp/kprc-rootfs.XXXXXX)
    log "debootstrap minbase bookworm from $mirror (about 30-50 s)"
    debootstrap --variant=minbase --include="$(paste -sd, "$image_dir/packages.txt")" \
      bookworm "$root" "$mirror" >/tmp/kprc-debootstrap.log 2>&1 ||
      { tail -20 /tmp/kprc-debootstrap.log >&2; rm -rf "$root"; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    mkdir -p "$cache_dir"
    rm -f "$cache_dir"/kprc-node-*.tar # tarballs of older recipes
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  log "importing $tarball as $image"
  docker import -c 'CMD ["sleep","infinity"]' -c "LABEL kprc.recipe=$hash" "$tarball" "$image" >/dev/null
}

registry_reachable() {
  timeout 30 docker pull -q debian:bookworm-slim >/dev/null 2>&1
}

build_image() {
  if docker image inspect "$image" >/dev/null 2>&1; then
    log "$image present"
    return
  fi
  case "$build_mode" in
    dockerfile) build_with_dockerfile ;;
    debootstrap) build_with_debootstrap ;;
    auto) if registry_reachable; then build_with_dockerfile; else build_with_debootstrap; fi ;;
    *) log "KPRC_IMAGE_BUILD must be auto, dockerfile or debootstrap"; exit 2 ;;
  esac
}

smoke() {
  docker run --rm --cap-add NET_ADMIN --cap-add NET_RAW "$image" \
    sh -c 'iptables -t nat -N KPRC-SMOKE && nft list tables >/dev/null && ip -br addr >/dev/null && conntrack -L >/dev/null 2>&1' ||
    { log "smoke run of $image failed"; exit 1; }
}

install_missing_packages
start_docker
build_image
smoke
log "ready: $image ($(($(date +%s) - started)) s)"
