#!/usr/bin/env bash
# Builds Rampart's OCI images without a Docker daemon, and checks that they run: the operator and
# the billing gateway.
#
#   scripts/image.sh build    builds operator/target/rampart-operator-image.tar (rampart/operator:<version>)
#                             and billing-gateway/target/rampart-billing-gateway-image.tar
#                             (rampart/billing-gateway:<version>)
#   scripts/image.sh verify   unpacks each tar and runs it in a chroot as uid 65532 (needs root)
#
# Each image is a base of our own (glibc and friends from Debian, a jlinked Java runtime in
# /opt/java, the nonroot user, /tmp) with Jib's layers for the application on top. Both images share
# one base, whose runtime has the Java modules of both, so a registry stores its layers once. The
# base is built once per JDK, package versions, Java modules and recipe under
# $RAMPART_CACHE/image-base and reused; delete a directory there to rebuild it. The operator's image
# alone has one layer more, the pinned opa (from scripts/servers.sh) that TenantRoles' tests run in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh
source scripts/servers-env.sh

CACHE=${RAMPART_CACHE:-$HOME/.cache/rampart}
OPERATOR_TAR=operator/target/rampart-operator-image.tar
GATEWAY_TAR=billing-gateway/target/rampart-billing-gateway-image.tar
# The Maven modules with an image, each with target/runtime-classpath.txt after the build.
APPS=(operator billing-gateway)
# Runtime files the JVM needs from an OS (a distroless-style base), from this machine's apt sources.
DEBIAN_PACKAGES=(libc6 zlib1g libgcc-s1 ca-certificates tzdata)
# Modules jdeps cannot see or that we rely on explicitly: TLS to the API server with EC keys, the
# health endpoints' server, metrics, and the JNDI DNS provider netty falls back to.
EXTRA_MODULES=(jdk.crypto.ec jdk.httpserver jdk.management jdk.naming.dns)
NONROOT=65532
# Where the operator's image has opa, which the operator finds through RAMPART_OPA set in the image.
OPA_PATH=/usr/local/bin/opa

log() { printf '[image] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# --- build ---------------------------------------------------------------------------------------

# Prints "name version arch" for the candidate version of each Debian package; fails if apt lacks one.
resolve_packages() {
  local found
  found=$(apt-cache show --no-all-versions "${DEBIAN_PACKAGES[@]}" 2>/dev/null |
    awk '/^Package:/ {p=$2} /^Version:/ {v=$2} /^Architecture:/ {a=$2} /^$/ {if (p) print p, v, a; p=""}') ||
    return 1
  (($(wc -l <<<"$found") == ${#DEBIAN_PACKAGES[@]})) || return 1
  echo "$found"
}

# Prints the modules jdeps finds in the given jars or class directories, comma-separated.
jdeps_modules() {
  jdeps --print-module-deps --ignore-missing-deps --multi-release 21 "$@" 2>/dev/null | tail -n 1
}

# The Java modules one application needs: what jdeps finds in its classes and runtime
# dependencies. jdeps over the dependencies takes seconds, so its answer is kept per dependency
# list and JDK.
#   app_modules <Maven module directory>
app_modules() {
  local app=$1 classpath memo own
  classpath=$(<"$app/target/runtime-classpath.txt")
  memo=$CACHE/image-base/jdeps/$(sha256sum <<<"$classpath $JAVA_HOME" | cut -c1-16)
  if [[ ! -s $memo ]]; then
    mkdir -p "$(dirname "$memo")"
    local jars
    IFS=: read -ra jars <<<"$classpath"
    jdeps_modules "${jars[@]}" >"$memo.tmp"
    mv "$memo.tmp" "$memo"
  fi
  own=$(jdeps_modules "$app/target/classes")
  [[ $(<"$memo") == java.base* && $own == java.base* ]] ||
    die "jdeps found no modules (dependencies: $(<"$memo"), $app: $own)"
  echo "$(<"$memo"),$own"
}

# The Java modules of the shared base: every application's, plus EXTRA_MODULES that this JDK has
# (jdk.crypto.ec is deprecated for removal).
java_modules() {
  local app all=""
  for app in "${APPS[@]}"; do
    all+="$(app_modules "$app"),"
  done
  local available extra extras=()
  available=$(java --list-modules | sed 's/@.*//')
  for extra in "${EXTRA_MODULES[@]}"; do
    if grep -qx "$extra" <<<"$available"; then extras+=("$extra"); fi
  done
  tr ',' '\n' <<<"$all$(IFS=,; echo "${extras[*]}")" | grep . | LC_ALL=C sort -u | paste -sd, -
}

# Downloads the pinned packages and unpacks them into <rootfs>, recording what was used.
#   install_packages <rootfs> <packages file>
install_packages() {
  local rootfs=$1 packages=$2 debs name version
  debs=$(mktemp -d)
  # As root, apt drops to the _apt user, which cannot write to our private temporary directory.
  local sandbox=()
  if ((EUID == 0)); then sandbox=(-o APT::Sandbox::User=root); fi
  while read -r name version _; do
    (cd "$debs" && apt-get download -q "${sandbox[@]}" "$name=$version" >/dev/null)
  done <"$packages"
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$rootfs"
    # Package records where scanners (Trivy, Syft) look for them in distroless images.
    name=$(dpkg-deb -f "$deb" Package)
    mkdir -p "$rootfs/var/lib/dpkg/status.d"
    dpkg-deb -f "$deb" >"$rootfs/var/lib/dpkg/status.d/$name"
  done
  rm -rf "$debs"
  mkdir -p "$rootfs/usr/share/rampart"
  cp "$packages" "$rootfs/usr/share/rampart/packages.txt"
}

# What a container needs beyond the packages: users, a writable /tmp, name service and CA files.
finish_rootfs() {
  local rootfs=$1
  # Nothing reads docs or man pages in a container; keep the licences. The JVM converts charsets
  # itself, so glibc's iconv modules go too.
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  rm -rf "$rootfs"/usr/share/{man,lintian} "$rootfs"/usr/lib/x86_64-linux-gnu/gconv
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/home/nonroot:/sbin/nologin\n' \
    "$NONROOT" "$NONROOT" >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$NONROOT" >"$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  # The packages come from this machine's Debian release; scanners need it to match advisories.
  cp /etc/os-release "$rootfs/etc/os-release"
  if [[ -f /etc/debian_version ]]; then cp /etc/debian_version "$rootfs/etc/debian_version"; fi
  # What update-ca-certificates would generate (maintainer scripts don't run with dpkg-deb -x).
  find "$rootfs/usr/share/ca-certificates" -name '*.crt' -print0 | LC_ALL=C sort -z |
    xargs -0 cat >"$rootfs/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$rootfs"/{root,home/nonroot,tmp}
  chmod 700 "$rootfs/root" "$rootfs/home/nonroot"
  chmod 1777 "$rootfs/tmp"
  chmod 755 "$rootfs"
}

# Writes a reproducible gzipped layer of <dir>'s contents, owned by root except nonroot's home.
#   make_layer <dir> <out.tar.gz>; prints the layer's diff id (digest of the uncompressed tar)
make_layer() {
  local dir=$1 tar=${2%.gz} options=(--sort=name --mtime=@0 --numeric-owner --format=gnu)
  (cd "$dir" && find . -mindepth 1 -maxdepth 1 -printf '%P\0') | LC_ALL=C sort -z |
    tar -c "${options[@]}" --owner=0 --group=0 --exclude=home/nonroot -C "$dir" --null -T - -f "$tar"
  if [[ -d $dir/home/nonroot ]]; then
    tar -r "${options[@]}" --owner="$NONROOT" --group="$NONROOT" --no-recursion -C "$dir" \
      -f "$tar" home/nonroot
  fi
  echo "sha256:$(sha256sum "$tar" | cut -d' ' -f1)"
  gzip -n -f "$tar"
}

# Builds the base image into <dir>: rootfs/, java/ and base.tar (Docker-save layout, which Jib
# reads with tar://). Jib's own layers would follow symlinks on this machine (libc6 ships absolute
# ones, e.g. /lib64/ld-linux-x86-64.so.2), so the base's layers are made with tar instead.
#   build_base <dir> <packages file> <modules>
build_base() {
  local dir=$1 packages=$2 modules=$3 work=$1.partial
  rm -rf "$work" # left over from a build that failed
  mkdir -p "$work/rootfs" "$work/java/opt" "$work/tar"
  log "base: Debian packages"
  install_packages "$work/rootfs" "$packages"
  finish_rootfs "$work/rootfs"
  log "base: jlink $modules"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$work/java/opt/java"
  chmod 755 "$work/java" "$work/java/opt"
  local os_id java_id
  os_id=$(make_layer "$work/rootfs" "$work/tar/os.tar.gz")
  java_id=$(make_layer "$work/java" "$work/tar/java.tar.gz")
  jq -n --arg os "$os_id" --arg java "$java_id" --arg modules "$modules" '{
    architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
    config: {
      User: "65532:65532",
      Env: ["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java"]
    },
    rootfs: {type: "layers", diff_ids: [$os, $java]},
    history: [
      {created: "1970-01-01T00:00:00Z", created_by: "scripts/image.sh: Debian packages, users, /tmp"},
      {created: "1970-01-01T00:00:00Z", created_by: ("scripts/image.sh: jlink " + $modules)}
    ]}' >"$work/tar/config.json"
  jq -n '[{Config: "config.json", RepoTags: [], Layers: ["os.tar.gz", "java.tar.gz"]}]' \
    >"$work/tar/manifest.json"
  tar -c --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/tar" \
    -f "$work/base.tar" config.json manifest.json os.tar.gz java.tar.gz
  rm -rf "$work/tar"
  mv "$work" "$dir"
}

# The base's cache directory: JDK version, then a hash of everything that goes into the base,
# including this script's functions that build it, so a changed recipe is rebuilt.
base_dir() {
  local packages=$1 modules=$2 jdk hash
  jdk=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release")
  hash=$({
    cat "$packages" "$JAVA_HOME/release"
    echo "$modules $NONROOT"
    declare -f install_packages finish_rootfs make_layer build_base
  } | sha256sum | cut -c1-16)
  echo "$CACHE/image-base/$jdk-$hash"
}

build() {
  local start=$SECONDS packages modules base
  log "building the operator and the billing gateway"
  mvn -B -q -Dstyle.color=never -pl "$(IFS=,; echo "${APPS[*]}")" -am package dependency:build-classpath -DskipTests \
    -DskipITs -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
  modules=$(java_modules)

  packages=operator/target/image-packages.txt
  if ! resolve_packages >"$packages"; then
    log "apt lacks one of ${DEBIAN_PACKAGES[*]}: running apt-get update"
    apt-get update -qq
    resolve_packages >"$packages" || die "apt has no candidate for one of ${DEBIAN_PACKAGES[*]}"
  fi
  log "Debian packages (also in /usr/share/rampart/packages.txt):"
  sed 's/^/[image]   /' "$packages" >&2

  base=$(base_dir "$packages" "$modules")
  if [[ -f $base/base.tar ]]; then
    log "base: cached at $base"
  else
    mkdir -p "$(dirname "$base")"
    build_base "$base" "$packages" "$modules"
    log "base: built at $base"
  fi

  # opa, the same binary the tests and scripts/run.sh use, goes into the operator's image only: as a
  # Jib extra directory, a layer on top of the shared base (opa is a static Go binary, so it needs
  # nothing from the base). Jib's extra files are root's; the mode is set here, not taken from disk.
  # Jib's settings apply to every module of one run, so the operator has a run of its own.
  export_servers_env
  local extra=operator/target/image-opa
  rm -rf "$extra"
  install -D -m 755 "$RAMPART_OPA" "$extra$OPA_PATH"
  log "opa $RAMPART_OPA_VERSION: $RAMPART_OPA, at $OPA_PATH in the operator's image"

  log "Jib: $OPERATOR_TAR, $GATEWAY_TAR"
  local jib=(mvn -B -q -Dstyle.color=never jib:buildTar -Drampart.image.base="$base/base.tar"
    -Djib.disableUpdateChecks=true)
  "${jib[@]}" -pl operator -Djib.extraDirectories.paths="$PWD/$extra" \
    -Djib.extraDirectories.permissions="$OPA_PATH=755" -Djib.container.environment="RAMPART_OPA=$OPA_PATH"
  "${jib[@]}" -pl billing-gateway
  log "images: operator $(du -h "$OPERATOR_TAR" | cut -f1), billing gateway" \
    "$(du -h "$GATEWAY_TAR" | cut -f1) tar; Java runtime $(du -sh "$base/java/opt/java" | cut -f1)" \
    "unpacked; built in $((SECONDS - start)) s"
}

# --- verify --------------------------------------------------------------------------------------

FAILED=0
pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  FAILED=1
}

# Prints the paths of the image config and then of each layer, in order, in an unpacked image tar
# (OCI layout from Jib's OCI format, or Docker's manifest.json).
image_files() {
  local dir=$1 manifest
  if [[ -f $dir/index.json ]]; then
    manifest=$dir/blobs/$(jq -r '.manifests[0].digest | sub(":"; "/")' "$dir/index.json")
    jq -r '.config.digest, .layers[].digest | sub(":"; "/") | "blobs/" + .' "$manifest" |
      sed "s|^|$dir/|"
  else
    jq -r '.[0].Config, .[0].Layers[]' "$dir/manifest.json" | sed "s|^|$dir/|"
  fi
}

image_name() {
  if [[ -f $1/index.json ]]; then
    jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"] // "?"' "$1/index.json"
  else
    jq -r '.[0].RepoTags[0] // "?"' "$1/manifest.json"
  fi
}

# Mounts <root> the way the Deployment runs the image: read-only, with /proc and an empty writable
# /tmp (the emptyDir there).
mount_like_pod() {
  local root=$1
  mkdir -p "$root/proc"
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
}

# Unmounts everything under <work> and removes it; never removes while anything stays mounted.
cleanup_verify() {
  local work=$1
  umount -R "$work/root" 2>/dev/null || true
  if grep -q " $work/" /proc/mounts; then
    log "still mounted, left in place: $work"
  else
    rm -rf "$work"
  fi
}

# Runs the image's entrypoint (or the given command) in the chroot as nonroot, with the image's
# environment plus the given VAR=value settings.
#   run_in_image <root> <config> [VAR=value...] [-- command...]
run_in_image() {
  local root=$1 config=$2
  shift 2
  local settings=() command=() env=()
  while (($#)) && [[ $1 != -- ]]; do
    settings+=("$1")
    shift
  done
  if (($#)); then
    shift
    command=("$@")
  else
    mapfile -t command < <(jq -r '.config.Entrypoint[]' "$config")
  fi
  mapfile -t env < <(jq -r '.config.Env // [] | .[]' "$config")
  # chroot by its path: env -i would look it up in the image's PATH.
  env -i "${env[@]}" "${settings[@]}" \
    "$(command -v chroot)" --userspec="$NONROOT:$NONROOT" "$root" "${command[@]}"
}

# Checks on the image's files and configuration.
check_files() {
  local root=$1 config=$2 user special
  user=$(jq -r '.config.User // ""' "$config")
  if [[ $user == "$NONROOT:$NONROOT" || $user == "$NONROOT" ]]; then
    pass "image config user is $user"
  else
    fail "image config user is '$user', not $NONROOT:$NONROOT"
  fi

  special=$(find "$root" -xdev -perm /6000 -printf '/%P\n')
  if [[ -z $special ]]; then
    pass "no setuid or setgid files"
  else
    fail "setuid/setgid files: $special"
  fi

  if [[ $(stat -c %a "$root/tmp") == 1777 ]]; then
    pass "/tmp is world-writable with the sticky bit"
  else
    fail "/tmp is mode $(stat -c %a "$root/tmp"), not 1777"
  fi
}

# Checks that run the image's Java as nonroot on a read-only root, and that its runtime has the
# given modules.
#   check_java <root> <config> <module>...
check_java() {
  local root=$1 config=$2 out status
  shift 2
  out=$(run_in_image "$root" "$config" -- /opt/java/bin/java -XshowSettings:properties -version 2>&1) &&
    status=0 || status=$?
  if ((status == 0)) && grep -q 'user.name = nonroot' <<<"$out"; then
    pass "java $(sed -n 's/.*java.runtime.version = //p' <<<"$out") runs as nonroot (uid $NONROOT)"
  else
    fail "java -version as uid $NONROOT exited $status: $out"
  fi

  local modules module missing=()
  modules=$(run_in_image "$root" "$config" -- /opt/java/bin/java --list-modules 2>&1 | sed 's/@.*//')
  for module in "$@"; do
    grep -qx "$module" <<<"$modules" || missing+=("$module")
  done
  if ((${#missing[@]} == 0)); then
    pass "runtime has $*"
  else
    fail "runtime lacks ${missing[*]}"
  fi
}

# The operator's opa: root's and not writable by others, set in the image's environment as
# RAMPART_OPA, and the pinned version, run as nonroot on a read-only root.
check_opa() {
  local root=$1 config=$2 out status mode
  mode=$(stat -c '%a %u:%g' "$root$OPA_PATH" 2>&1) || true
  if [[ $mode == "755 0:0" ]]; then
    pass "$OPA_PATH is mode 755, owned by root"
  else
    fail "$OPA_PATH: $mode (wanted mode 755, owner 0:0)"
  fi
  if jq -e --arg env "RAMPART_OPA=$OPA_PATH" '.config.Env // [] | index($env)' "$config" >/dev/null; then
    pass "image config sets RAMPART_OPA=$OPA_PATH"
  else
    fail "image config does not set RAMPART_OPA=$OPA_PATH: $(jq -c '.config.Env' "$config")"
  fi
  out=$(run_in_image "$root" "$config" -- "$OPA_PATH" version 2>&1) && status=0 || status=$?
  if ((status == 0)) && grep -qx "Version: $OPA_VERSION" <<<"$out"; then
    pass "$OPA_PATH version as uid $NONROOT: $OPA_VERSION, the pinned version"
  else
    fail "$OPA_PATH version as uid $NONROOT exited $status, wanted version $OPA_VERSION: $out"
  fi
}

# The operator's entrypoint, as nonroot on a read-only root.
check_operator() {
  local root=$1 config=$2 out status
  check_java "$root" "$config" jdk.crypto.ec jdk.httpserver jdk.management
  check_opa "$root" "$config"

  # Exit status 2 and the message come from Main after the settings are read: the JVM, the
  # classpath and the main class all work.
  out=$(run_in_image "$root" "$config" RAMPART_HTTP_PORT=not-a-port 2>&1) && status=0 || status=$?
  if ((status == 2)) && grep -qF 'RAMPART_HTTP_PORT=not-a-port: not a whole number' <<<"$out"; then
    pass "entrypoint runs the operator: RAMPART_HTTP_PORT=not-a-port exits 2 with its message"
  else
    fail "entrypoint with RAMPART_HTTP_PORT=not-a-port exited $status: $out"
  fi
}

# Writes the gateway's configuration (database unreachable, webhook path <path>) where the pod
# mounts it, here in the pod's /tmp.
#   gateway_config <root> <path>
gateway_config() {
  mkdir -p "$1/tmp/config"
  jq -n --arg path "$2" '{
    listen: {webhooks: 0, admin: 0, management: 0},
    database: {url: "jdbc:postgresql://127.0.0.1:1/ledger", usernameFile: "db-username",
               passwordFile: "db-password"},
    webhooks: [{name: "payments", path: $path, provider: "stripe",
                signingSecrets: [{file: "payments.signing"}]}]}' >"$1/tmp/config/gateway.json"
}

# The billing gateway's entrypoint, as nonroot on a read-only root: an invalid configuration must
# exit 2 naming the field; a valid one whose database is unreachable must read every secret, load
# the database driver and pool, and exit 1, logging JSON lines that quote no secret.
check_gateway() {
  local root=$1 config=$2 out status
  check_java "$root" "$config" java.sql java.net.http jdk.httpserver jdk.management
  if [[ ! -e $root$OPA_PATH ]] && ! jq -e '.config.Env // [] | any(startswith("RAMPART_OPA="))' \
    "$config" >/dev/null; then
    pass "no opa in the gateway's image (the operator's alone)"
  else
    fail "the gateway's image has $OPA_PATH or RAMPART_OPA"
  fi

  local secrets=$root/tmp/secrets password signing
  password=verify-password-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  signing=whsec_verify$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  mkdir -p "$secrets"
  printf 'gateway\n' >"$secrets/db-username"
  printf '%s\n' "$password" >"$secrets/db-password"
  printf '%s\n' "$signing" >"$secrets/payments.signing"
  local env=(BILLING_GATEWAY_CONFIG=/tmp/config/gateway.json BILLING_GATEWAY_SECRETS_DIR=/tmp/secrets)

  gateway_config "$root" payments
  out=$(run_in_image "$root" "$config" "${env[@]}" 2>&1) && status=0 || status=$?
  if ((status == 2)) && grep -qF 'webhooks[0].path: must start with /' <<<"$out"; then
    pass "entrypoint runs the gateway: an invalid configuration exits 2 naming the field"
  else
    fail "gateway with webhook path 'payments' exited $status: $out"
  fi

  gateway_config "$root" /webhooks/payments
  out=$(run_in_image "$root" "$config" "${env[@]}" 2>&1) && status=0 || status=$?
  if ((status == 1)) && grep -qF 'the billing gateway could not start' <<<"$out"; then
    pass "gateway reads its secrets, loads the database driver and exits 1 without a database"
  else
    fail "gateway with an unreachable database exited $status: $out"
  fi
  if jq -e . >/dev/null 2>&1 <<<"$out"; then
    pass "gateway logs are JSON lines"
  else
    fail "gateway logs are not JSON lines: $out"
  fi
  if grep -qF -e "$password" -e "$signing" <<<"$out"; then
    fail "gateway output quotes a secret"
  else
    pass "gateway output quotes no secret"
  fi
}

# Unpacks <tar>, checks its files, mounts it like a pod and runs <check> on it.
#   verify_image <tar> <check function>
verify_image() {
  local tar=$1 check=$2 work root files config layer
  [[ -f $tar ]] || die "$tar is missing: run scripts/image.sh build first"
  work=$(mktemp -d)
  root=$work/root
  # shellcheck disable=SC2064 # $work is expanded now, on purpose
  trap "cleanup_verify '$work'" EXIT
  mkdir -p "$work/image" "$root"
  chmod 755 "$root" # the image's / for uid 65532
  tar -xf "$tar" -C "$work/image"
  mapfile -t files < <(image_files "$work/image")
  config=${files[0]}
  # Jib writes no whiteout files, so the layers unpacked in order are the image's file system.
  for layer in "${files[@]:1}"; do
    # Jib's layers carry libarchive's creation-time records, which GNU tar can ignore.
    tar -xzf "$layer" -C "$root" --numeric-owner --warning=no-unknown-keyword
  done
  echo "image $(image_name "$work/image"): $((${#files[@]} - 1)) layers," \
    "$(du -sh "$root" | cut -f1) unpacked"

  check_files "$root" "$config"
  mount_like_pod "$root"
  "$check" "$root" "$config"
  cleanup_verify "$work"
  trap - EXIT
}

verify() {
  if ((EUID != 0)); then
    echo "SKIP: image verify needs root (it mounts /proc and uses chroot); run it as root"
    return 0
  fi
  command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
  # Only the pinned version is needed here, which servers.sh prints without building anything (as
  # root, a build would go into root's cache).
  OPA_VERSION=$(bash scripts/servers.sh env | sed -n 's/^RAMPART_OPA_VERSION=//p')
  [[ -n $OPA_VERSION ]] || die "scripts/servers.sh env printed no RAMPART_OPA_VERSION"

  verify_image "$OPERATOR_TAR" check_operator
  verify_image "$GATEWAY_TAR" check_gateway

  if ((FAILED)); then
    echo "FAIL: image verification failed"
    return 1
  fi
  echo "PASS: images verified"
}

case ${1:-} in
  build) build ;;
  verify) verify ;;
  *)
    echo "usage: $0 build|verify" >&2
    exit 2
    ;;
esac
