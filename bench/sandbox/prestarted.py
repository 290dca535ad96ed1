#!/usr/bin/env python3
"""What a sandboxed `true` costs the shell tool when a helper was started ahead (HelperPrestarter), beside the same
helper started for the command, a plain `true` and upstream Codex's own `codex sandbox -- true`, interleaved in one run.

    python3 bench/sandbox/prestarted.py [RUNS]        (default 21 runs per variant, after 2 warm-up rounds)

Variants (workspace-write without network, the layers with the most set-up, as bench/sandbox/compare.sh):
  plain       true
  cold        the helper exactly as the shell tool starts it when none waits (slim jar + AOT cache), spawn to exit
  prestarted  the same helper started with --await-request and left to link its system calls (1 s), then timed
              from the moment the request is written to its stdin to the command's exit: what a command pays when a
              helper is waiting for it. The helper's own start is then off the command's path, not free: it is
              the `cold` figure, spent while the model is still answering.
  upstream    codex 0.153.4 `codex sandbox -- true` (native musl binary from npm, its default read-only policy, as
              bench/sandbox/compare.sh), installed into bench/.cache by bench/codex_bench.py
"""

import os
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import codex_bench  # noqa: E402  (the upstream install)
LAUNCHER = os.path.join(ROOT, "deployment", "codex-quarkus")
MAGIC = 0x43515052


def helper_command(env):
    """The helper command the shell tool runs, once its AOT cache is trained (from `sandbox doctor`)."""
    for _ in range(30):
        doctor = subprocess.run([LAUNCHER, "sandbox", "doctor"], capture_output=True, text=True, env=env).stdout
        lines = [line for line in doctor.splitlines() if line.startswith("helper cache:")]
        if lines and "(ready)" in lines[0]:
            helper = next(line for line in doctor.splitlines() if line.startswith("helper:"))
            return helper.split(":", 1)[1].split()
        subprocess.run([LAUNCHER, "sandbox", "linux", "--full-auto", "--", "true"], capture_output=True, env=env)
        time.sleep(2)
    raise SystemExit("the helper's AOT cache was not trained within a minute")


def frame(cwd, args, env):
    def entries(items):
        out = struct.pack(">i", len(items))
        for item in items:
            data = item.encode()
            out += struct.pack(">i", len(data)) + data
        return out
    return struct.pack(">i", MAGIC) + entries([cwd]) + entries(args) + entries(env)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory(dir="/var/tmp") as work:
        env = dict(os.environ, CODEX_HOME=os.path.join(work, "codex-home"))
        os.makedirs(env["CODEX_HOME"])
        helper = helper_command(env)
        args = ["--sandbox-policy-cwd", work, "--sandbox-policy", '{"mode":"workspace-write"}', "--", "true"]
        command_env = ["PATH=" + os.environ.get("PATH", "/usr/bin:/bin")]
        upstream = codex_bench.upstream_binary("0.153.4")
        times = {"plain": [], "cold": [], "prestarted": [], "upstream": []}
        for round_no in range(runs + 2):
            for name in times:
                if name == "plain":
                    start = time.perf_counter()
                    subprocess.run(["true"], check=True)
                elif name == "upstream":
                    start = time.perf_counter()
                    subprocess.run([upstream, "sandbox", "--", "true"], cwd=work, env=env, check=True,
                                   stdout=subprocess.DEVNULL)
                elif name == "cold":
                    start = time.perf_counter()
                    subprocess.run(helper + args, cwd=work, check=True, stdout=subprocess.DEVNULL)
                else:
                    waiting = subprocess.Popen(helper + ["--await-request"], cwd="/", env={}, stdin=subprocess.PIPE,
                                               stdout=subprocess.DEVNULL)
                    time.sleep(1.0)  # started and linked: blocked reading its request
                    start = time.perf_counter()
                    waiting.stdin.write(frame(work, args, command_env))
                    waiting.stdin.close()
                    # a blocking wait4: Popen.wait(timeout) polls with sleeps of up to 50 ms, which added ~30 ms
                    # to this figure before 2026-12-06 23:30 UTC
                    watchdog = threading.Timer(30, waiting.kill)
                    watchdog.start()
                    _, status = os.waitpid(waiting.pid, 0)
                    watchdog.cancel()
                    waiting.returncode = os.waitstatus_to_exitcode(status)
                    if waiting.returncode != 0:
                        raise SystemExit(f"the prestarted helper exited {waiting.returncode}")
                elapsed = (time.perf_counter() - start) * 1000
                if round_no >= 2:
                    times[name].append(elapsed)
        plain = statistics.median(times["plain"])
        print(f"| variant | median | min–max | overhead over plain `true` |\n|---|---|---|---|")
        for name, values in times.items():
            median = statistics.median(values)
            overhead = "—" if name == "plain" else f"{median - plain:.1f} ms"
            print(f"| {name} | {median:.1f} ms | {min(values):.1f}–{max(values):.1f} | {overhead} |")


if __name__ == "__main__":
    main()
