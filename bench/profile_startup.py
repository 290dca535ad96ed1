#!/usr/bin/env python3
"""Where codex-quarkus spends its start-up: JFR execution samples (1 ms period) of the real command with the
launcher's JVM flags and AOT cache, aggregated over several runs as inclusive % per method and per component.

    bench/profile_startup.py [--runs N] help|exec|mcp [--top 40] [--callers METHOD]...

help: `--help`; exec: one-message `exec` against the mock model; mcp: spawn until the `initialize` answer, then EOF.
JFR itself adds start-up work, so read the shares, not the absolute times. Output: a table per component
(Quarkus boot and configuration, picocli, Jackson, Vert.x/Netty, the app's own code, ...) and the top methods.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import codex_bench as cb  # noqa: E402

COMPONENTS = [
    ("app: agent runtime", ("io.codexquarkus.agent.", "io.codexquarkus.exec.", "io.codexquarkus.mcp.")),
    ("app: model client", ("io.codexquarkus.model.",)),
    ("app: config loading", ("io.codexquarkus.config.", "org.tomlj.")),
    ("app: auth", ("io.codexquarkus.auth.",)),
    ("app: tools/sandbox", ("io.codexquarkus.tools.", "io.codexquarkus.sandbox.")),
    ("picocli", ("picocli.", "io.quarkus.picocli.")),
    ("Jackson", ("com.fasterxml.jackson.",)),
    ("SmallRye Config", ("io.smallrye.config.",)),
    ("Quarkus REST client", ("io.quarkus.restclient", "io.quarkus.rest.client", "org.jboss.resteasy.")),
    ("Vert.x / Netty", ("io.vertx.", "io.netty.", "io.quarkus.vertx.")),
    ("ArC (CDI)", ("io.quarkus.arc.",)),
    ("Quarkus boot (all)", ("io.quarkus.runner.ApplicationImpl", "io.quarkus.runtime.Application.start")),
]


def jfr_samples(jfr_tool, path):
    text = subprocess.run([jfr_tool, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "128", path],
                          capture_output=True, text=True).stdout
    for chunk in text.split("jdk.ExecutionSample")[1:]:
        yield re.findall(r"^\s+([\w.$<>/]+)\(", chunk, re.M)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--callers", metavar="METHOD", action="append", default=[],
                        help="also show which of the app's methods lead to METHOD (repeatable)")
    parser.add_argument("workload", choices=["help", "exec", "mcp"])
    args = parser.parse_args()
    java_bin = os.path.join(cb.JAVA_HOME, "bin")
    target = cb.make_targets(["ours"])[0]
    mock = cb.Mock() if args.workload != "help" else None
    project = cb.prepare([target], mock)
    cb.train_ours([target])
    samples = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(args.runs):
                jfr = os.path.join(tmp, f"r{i}.jfr")
                env = target.environment()
                env["CODEX_QUARKUS_JAVA_OPTS"] = (f"-XX:StartFlightRecording:filename={jfr},settings=profile,"
                                                  "jdk.ExecutionSample#period=1ms -Xlog:jfr*=off")
                if args.workload == "mcp":
                    proc = subprocess.Popen(target.argv + ["mcp"], env=env, cwd=project, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                    proc.stdin.write(b'{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":'
                                     b'"2025-06-18","capabilities":{},"clientInfo":{"name":"p","version":"1"}}}\n')
                    proc.stdin.flush()
                    proc.stdout.readline()
                    proc.stdin.close()
                    proc.wait(60)
                else:
                    argv = target.argv + (["--help"] if args.workload == "help" else ["exec", cb.PLAIN_PROMPT])
                    subprocess.run(argv, env=env, cwd=project, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=120)
                time.sleep(0.2)
                samples.extend(jfr_samples(os.path.join(java_bin, "jfr"), jfr))
    finally:
        if mock:
            mock.close()
    n = len(samples)
    if not n:
        raise SystemExit("no samples (is JFR available?)")
    print(f"# {args.workload}: {n} execution samples (main and other Java threads) over {args.runs} runs")
    print("\n| component | inclusive share |\n|---|---|")
    for name, prefixes in COMPONENTS:
        hits = sum(1 for frames in samples if any(f.startswith(prefixes) for f in frames))
        print(f"| {name} | {hits * 100 / n:.0f}% |")
    inclusive = collections.Counter()
    for frames in samples:
        for f in set(frames):
            inclusive[f] += 1
    print(f"\n| top methods (inclusive) | share |\n|---|---|")
    shown = 0
    for method, hits in inclusive.most_common():
        if method.startswith(("java.", "jdk.", "sun.")):
            continue
        print(f"| {method} | {hits * 100 / n:.0f}% |")
        shown += 1
        if shown >= args.top:
            break
    for target_method in args.callers:
        # the app's innermost frame above METHOD: which of our own code paths pay for it
        callers = collections.Counter()
        for frames in samples:
            if target_method in frames:
                above = frames[frames.index(target_method) + 1:]
                ours = [f for f in above if f.startswith("io.codexquarkus.")]
                callers[ours[0] if ours else "(not under the app's code)"] += 1
        print(f"\n| callers of {target_method} | samples |\n|---|---|")
        for method, hits in callers.most_common(15):
            print(f"| {method} | {hits} |")


if __name__ == "__main__":
    main()
