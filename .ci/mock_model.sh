# Sourced by the .ci scripts: starts the project's one mock model (deployment/aot/io/codexquarkus/testing/MockModel.java,
# the same program the tests compile and the AOT training runs) with the JDK's source launcher on a free loopback
# port. Usage: start_mock_model PORT_FILE LOG_FILE [ANSWER]; sets model_pid and model_port, or fails.
# The answer may hold {wire}, replaced by "responses" or "chat" after the wire API the request used.

# A Java 25 (the source launcher runs the mock's several files): JAVA_HOME when it is 25+, else the newest under
# /usr/lib/jvm, else PATH's java.
mock_model_java() {
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
        if grep -Eq '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$home/release" 2>/dev/null; then
            echo "$home/bin/java"
            return 0
        fi
    done
    command -v java
}

start_mock_model() { # port_file log_file [answer]
    rm -f "$1"
    "$(mock_model_java)" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        "$root/deployment/aot/io/codexquarkus/testing/MockModel.java" serve --port-file "$1" --log "$2" \
        ${3:+--answer "$3"} --until-killed >/dev/null 2>"$1.log" </dev/null &
    model_pid=$!
    # the source launcher compiles the mock first: allow it 30 s
    for _ in $(seq 1 300); do
        [ -s "$1" ] && break
        kill -0 "$model_pid" 2>/dev/null || { cat "$1.log" >&2; echo "the mock model did not start" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$1" ] || { cat "$1.log" >&2; echo "the mock model wrote no port within 30 s" >&2; return 1; }
    model_port=$(cat "$1")
}
