# Sourced by the .ci interop scripts: their shared start. Usage, after `cd` to the project root and `root=$(pwd)`:
#   ci_begin NAME       defines check/fail printing "NAME: ok: …" / "NAME: FAIL: …" and the count of checks passed
#   ci_runner_jar       sets jar to the built runner jar, or fails
#   ci_require CMD...   fails naming the first command that is not installed
#   ci_npm_install DIR PREFIX FILE
#                       installs .ci/DIR's package-lock.json into target/PREFIX with npm ci, unless the lock there is
#                       the same and FILE (relative to target/PREFIX) exists; sets prefix; needs $work for its log

ci_begin() {
    ci_name=$1
    passed=0
    fail() {
        echo "$ci_name: FAIL: $*" >&2
        echo "$ci_name: $passed passed, 1 failed"
        exit 1
    }
    check() {
        passed=$((passed + 1))
        echo "$ci_name: ok: $*"
    }
}

ci_runner_jar() {
    jar=$(ls "$root"/target/codex-quarkus-*-runner.jar 2>/dev/null | head -n 1 || true)
    [ -n "$jar" ] && [ -f "$jar" ] || fail "no runner jar in target/; build it with ./mvnw package -DskipTests"
}

ci_require() {
    local command
    for command in "$@"; do
        command -v "$command" >/dev/null || fail "$command is not installed"
    done
}

ci_npm_install() { # dir prefix marker_file
    prefix="$root/target/$2"
    if ! cmp -s ".ci/$1/package-lock.json" "$prefix/package-lock.json" || [ ! -f "$prefix/$3" ]; then
        rm -rf "$prefix"
        mkdir -p "$prefix"
        cp ".ci/$1/package.json" ".ci/$1/package-lock.json" "$prefix/"
        npm ci --prefix "$prefix" --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 \
            || { cat "$work/npm.log" >&2; fail "npm ci of .ci/$1/package-lock.json failed"; }
    fi
}
