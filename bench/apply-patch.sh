#!/bin/sh
# Times the standalone apply_patch helper from the packaged jar: a one-line patch (JVM start-up dominates) and
# 200 chunks over a 20 000-line file. Run after `./mvnw -q package -DskipTests`.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${CODEX_QUARKUS_JAR:-$(ls "$here"/target/codex-quarkus-*-runner.jar | head -n 1)}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

seq 1 20000 | sed 's/^/line number /' > big.txt
printf 'hello\n' > small.txt
{
    echo '*** Begin Patch'
    echo '*** Update File: big.txt'
    i=50
    while [ "$i" -le 20000 ]; do
        echo '@@'
        echo " line number $((i - 1))"
        echo "-line number $i"
        echo "+line number $i (edited)"
        i=$((i + 100))
    done
    echo '*** End Patch'
} > big.patch
small_patch='*** Begin Patch
*** Update File: small.txt
@@
-hello
+hello again
*** End Patch'

run() {
    start=$(date +%s%N)
    "$java" -cp "$jar" io.codexquarkus.tools.applypatch.ApplyPatchMain "$@" > /dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

for n in 1 2 3 4 5; do
    printf 'hello\n' > small.txt
    echo "small patch run $n: $(run "$small_patch") ms"
done
for n in 1 2 3; do
    seq 1 20000 | sed 's/^/line number /' > big.txt
    echo "200 chunks / 20000 lines run $n: $(run "$(cat big.patch)") ms"
done
grep -c '(edited)' big.txt
