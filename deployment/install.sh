#!/bin/sh
# Installs codex-quarkus: the launcher and the application jar into a prefix, a `codex-quarkus` symlink into a bin
# directory, and the launcher's AOT caches trained for this machine's JDK. Idempotent: running it again updates the
# installation in place (an unchanged jar keeps its caches). --uninstall removes exactly what it installed.
#
#   deployment/install.sh [--prefix DIR] [--bin-dir DIR] [--jar PATH] [--no-train]
#   deployment/install.sh --uninstall [--prefix DIR] [--bin-dir DIR]
#
#   --prefix DIR   where the files go (default ~/.local/share/codex-quarkus)
#   --bin-dir DIR  where the codex-quarkus symlink goes (default ~/.local/bin)
#   --jar PATH     install this built jar instead of building one with ./mvnw -q package -DskipTests
#   --no-train     skip training the AOT caches (the first commands then train them in the background)
#
# Layout: PREFIX/codex-quarkus (launcher), PREFIX/lib/codex-quarkus-runner.jar, PREFIX/aot/io/codexquarkus/testing/
# (the mock model that drives the training workload, run by the JDK's source launcher), the caches PREFIX/lib/codex-quarkus-runner.{cli,exec,mcp}.aot, and PREFIX/install-manifest.txt
# listing every installed path for --uninstall. At the end it prints how to enable shell completion.
set -eu
unset CODEX_QUARKUS_JAR

say() { printf '%s\n' "$*"; }
die() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 2
}

source_dir=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$source_dir/.." && pwd -P)
prefix=${HOME:?HOME is not set}/.local/share/codex-quarkus
bin_dir=$HOME/.local/bin
jar=
train=yes
uninstall=no
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --bin-dir) [ $# -ge 2 ] || die "--bin-dir needs a directory"; bin_dir=$2; shift 2 ;;
        --bin-dir=*) bin_dir=${1#*=}; shift ;;
        --jar) [ $# -ge 2 ] || die "--jar needs a path"; jar=$2; shift 2 ;;
        --jar=*) jar=${1#*=}; shift ;;
        --no-train) train=no; shift ;;
        --uninstall) uninstall=yes; shift ;;
        -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
    esac
done
case $prefix in /*) ;; *) prefix=$(pwd -P)/$prefix ;; esac
case $bin_dir in /*) ;; *) bin_dir=$(pwd -P)/$bin_dir ;; esac
manifest=$prefix/install-manifest.txt
launcher=$prefix/codex-quarkus
link=$bin_dir/codex-quarkus

if [ "$uninstall" = yes ]; then
    if [ ! -f "$manifest" ]; then
        say "nothing to uninstall: no $manifest"
        exit 0
    fi
    # a training the first commands started in the background would write its cache after the rest is gone: let it
    # finish first (a lock older than 10 minutes is a killed training's and is ignored, as the launcher does)
    for cache_dir in "$prefix/lib" "${XDG_CACHE_HOME:-$HOME/.cache}/codex-quarkus"; do
        waited=0
        while [ $waited -lt 120 ] && [ -n "$(find "$cache_dir" -maxdepth 1 -name 'codex-quarkus-runner.*.aot.lock' \
            -mmin -10 2>/dev/null)" ]; do
            [ $waited -gt 0 ] || say "waiting for a background AOT cache training in $cache_dir to finish ..."
            sleep 1
            waited=$((waited + 1))
        done
    done
    # the caches the launcher and the sandbox helper trained next to the jar (or in the user's cache directory)
    if [ -x "$launcher" ]; then
        CODEX_QUARKUS_JAR=$prefix/lib/codex-quarkus-runner.jar "$launcher" --aot-clear >/dev/null 2>&1 || true
    fi
    # (the sandbox helper keeps a slim jar and its own cache there: X.linux-sandbox.jar, X.linux-sandbox.aot[.jdk])
    for base in "$prefix/lib/codex-quarkus-runner" "${XDG_CACHE_HOME:-$HOME/.cache}/codex-quarkus/codex-quarkus-runner"; do
        for f in "$base.linux-sandbox.jar" "$base.linux-sandbox.aot" "$base.linux-sandbox.aot.jdk" \
            "$base.linux-sandbox.aot.training"; do
            if [ -e "$f" ]; then
                rm -f "$f" && say "removed $f"
            fi
        done
    done
    # every installed path, deepest first; a symlink only while it still points at this installation
    sort -r "$manifest" | while IFS= read -r path; do
        [ "$path" != "$prefix" ] || continue # removed last, once the manifest is gone
        if [ -L "$path" ]; then
            if [ "$(readlink "$path")" = "$launcher" ]; then
                rm -f "$path" && say "removed $path"
            else
                say "kept $path (it no longer points at $launcher)"
            fi
        elif [ -d "$path" ]; then
            rmdir "$path" 2>/dev/null && say "removed $path/" || say "kept $path/ (not empty)"
        elif [ -e "$path" ]; then
            rm -f "$path" && say "removed $path"
        fi
    done
    rm -f "$manifest"
    rmdir "$prefix" 2>/dev/null && say "removed $prefix/" || true
    say "uninstalled codex-quarkus from $prefix"
    exit 0
fi

# 1. the jar: given, or built from this checkout
if [ -z "$jar" ]; then
    # ./mvnw selects a JDK 25 itself (JAVA_HOME, PATH, then the usual install locations)
    say "building: (cd $repo && ./mvnw -q package -DskipTests)"
    (cd "$repo" && ./mvnw -q package -DskipTests) || die "the build failed"
    for candidate in "$repo"/target/codex-quarkus-*-runner.jar; do
        [ -f "$candidate" ] && jar=$candidate
    done
    [ -n "$jar" ] || die "the build produced no target/codex-quarkus-*-runner.jar"
fi
[ -f "$jar" ] || die "no such jar: $jar"
unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | grep -q '^Main-Class:' || die "$jar is not a runnable jar"

# 2. the files, each recorded in the manifest (kept sorted and unique, so reinstalling adds nothing twice)
record() {
    touch "$manifest"
    { cat "$manifest"; printf '%s\n' "$@"; } | sort -u >"$manifest.tmp" && mv -f "$manifest.tmp" "$manifest"
}
mock_dir=aot/io/codexquarkus/testing
mkdir -p "$prefix/lib" "$prefix/$mock_dir"
record "$prefix" "$prefix/lib" "$prefix/aot" "$prefix/aot/io" "$prefix/aot/io/codexquarkus" "$prefix/$mock_dir"
if [ ! -d "$bin_dir" ]; then
    mkdir -p "$bin_dir"
    record "$bin_dir"
fi

install_file() { # source destination mode
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        say "unchanged $2"
    else
        cp "$1" "$2.tmp.$$" && chmod "$3" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
        say "installed $2"
    fi
    record "$2"
}
install_file "$source_dir/codex-quarkus" "$launcher" 755
for source in "$source_dir/$mock_dir"/*.java; do
    install_file "$source" "$prefix/$mock_dir/$(basename "$source")" 644
done
install_file "$jar" "$prefix/lib/codex-quarkus-runner.jar" 644

if [ -L "$link" ] && [ "$(readlink "$link")" = "$launcher" ]; then
    say "unchanged $link -> $launcher"
elif [ -e "$link" ] || [ -L "$link" ]; then
    die "$link exists and is not this installation's link; remove it or choose another --bin-dir"
else
    ln -s "$launcher" "$link"
    say "linked $link -> $launcher"
fi
record "$link"

# 3. the AOT caches, trained on this machine's JDK (the launcher retrains them by itself when the JDK changes)
if [ "$train" = yes ]; then
    say "training the AOT caches (help, cli, exec, mcp; about 3-30 s each) ..."
    "$launcher" --aot-train help cli exec mcp || say "warning: some caches were not trained; the first commands will train them in the background"
fi
"$launcher" --aot-status | sed 's/^/  /'
"$launcher" --version >/dev/null || die "the installed launcher does not run"
say "done: $("$launcher" --version) in $prefix"
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) say "note: $bin_dir is not on PATH; add it, e.g. export PATH=\"$bin_dir:\$PATH\"" ;;
esac
# shell completion is the user's choice to make in their own rc file: say how, do not edit it
say "shell completion: add this line to ~/.bashrc (bash) or ~/.zshrc (zsh, with 'zsh' instead of 'bash'):"
say "  source <(\"$link\" completion bash)"
