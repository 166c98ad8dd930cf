# Sourced by the scripts that need the servers: builds what is missing (scripts/servers.sh build)
# and exports the variables it prints. Each line must be RAMPART_<NAME>=<value>: anything else on
# servers.sh's stdout (a tool's stray output, an escape sequence) fails here, naming the line,
# instead of becoming a broken variable. No eval: a value is never run as shell code.
#   export_servers_env
export_servers_env() {
  local output line
  output=$(bash "$(dirname "${BASH_SOURCE[0]}")/servers.sh" build) || return
  while IFS= read -r line; do
    if [[ ! $line =~ ^RAMPART_[A-Z0-9_]+=[^[:cntrl:]]+$ ]]; then
      printf 'scripts/servers.sh build printed a line that is not RAMPART_<NAME>=<value>: %q\n' \
        "$line" >&2
      return 1
    fi
    export "${line%%=*}=${line#*=}"
  done <<<"$output"
}
