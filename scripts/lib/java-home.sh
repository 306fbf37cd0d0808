# Sourced by other scripts: selects a JDK 21 or newer and exports JAVA_HOME, PATH and MAVEN_OPTS.
#
# Order of preference:
#   1. $JAVA_HOME, if it is a JDK >= 21;
#   2. the JDK of the default `java` on PATH, if >= 21;
#   3. the newest /usr/lib/jvm/* JDK whose bin/java reports >= 21.
# Also exports CRUSTER_JAVA_MAJOR (the feature version, e.g. 25).
# Works under `set -euo pipefail`; all helper names start with _cruster_.

_cruster_min_java=21

# Prints the feature version of a java binary ("17", "21", "25"), or nothing if it does not run.
_cruster_java_major() {
  local version
  # The version line looks like: openjdk version "25.0.1" 2025-10-21  (or "1.8.0_412" for Java 8).
  version=$("$1" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1) || true
  version=${version#1.}
  version=${version%%[.+-]*}
  [[ $version =~ ^[0-9]+$ ]] && printf '%s\n' "$version"
  return 0
}

# Succeeds and prints the major version if $1 is a JDK home (java and javac) with version >= 21.
_cruster_check_jdk() {
  local home=$1 major
  [[ -x $home/bin/java && -x $home/bin/javac ]] || return 1
  major=$(_cruster_java_major "$home/bin/java")
  [[ -n $major ]] && ((major >= _cruster_min_java)) || return 1
  printf '%s\n' "$major"
}

_cruster_find_jdk() {
  local home java major
  if [[ -n ${JAVA_HOME:-} ]]; then
    if major=$(_cruster_check_jdk "$JAVA_HOME"); then
      printf '%s %s\n' "$major" "$JAVA_HOME"
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is not a JDK >= $_cruster_min_java; looking for another one" >&2
  fi
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    home=$(dirname "$(dirname "$java")")
    if major=$(_cruster_check_jdk "$home"); then
      printf '%s %s\n' "$major" "$home"
      return 0
    fi
  fi
  local best_major=0 best_home=""
  for home in /usr/lib/jvm/*; do
    [[ -d $home && ! -L $home ]] || continue
    if major=$(_cruster_check_jdk "$home") && ((major > best_major)); then
      best_major=$major
      best_home=$home
    fi
  done
  if [[ -n $best_home ]]; then
    printf '%s %s\n' "$best_major" "$best_home"
    return 0
  fi
  return 1
}

_cruster_use_jdk() {
  local found major home opt
  if ! found=$(_cruster_find_jdk); then
    echo "error: no JDK >= $_cruster_min_java found (checked \$JAVA_HOME, the default java and /usr/lib/jvm/*)." >&2
    echo "       Install one (e.g. Temurin 21 or 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  major=${found%% *}
  home=${found#* }
  export JAVA_HOME=$home
  export CRUSTER_JAVA_MAJOR=$major
  case ":$PATH:" in
    ":$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  # JDK 24+ warns about native access and sun.misc.Unsafe (used by Maven's own libraries).
  local -a opts=(--enable-native-access=ALL-UNNAMED)
  ((major >= 24)) && opts+=(--sun-misc-unsafe-memory-access=allow)
  MAVEN_OPTS=${MAVEN_OPTS:-}
  for opt in "${opts[@]}"; do
    case " $MAVEN_OPTS " in
      *" $opt "*) ;;
      *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }$opt" ;;
    esac
  done
  export MAVEN_OPTS
}

# `return` works when sourced; `exit` covers running the file directly.
_cruster_use_jdk || return 1 2>/dev/null || exit 1
