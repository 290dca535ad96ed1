#!/usr/bin/env python3
"""Side-by-side benchmarks of codex-quarkus and upstream Codex (npm @openai/codex), same machine, same run.

    bench/codex_bench.py [--runs N] [--targets ours,0.153.4,0.80.0] WORKLOAD...

Workloads: help, exec, exec-shell, long, mcp, startup, first-command (or "all"). Every workload runs against every target in the same run,
interleaved (run i of every target before run i+1 of any), after one warm-up run per target, and prints the medians,
the min/max and the ratio ours/upstream (below 1.00 = codex-quarkus is faster). Raw figures go to
bench/out/<workload>-<timestamp>.json.

- Upstream binaries are installed with npm into bench/.cache/codex-<version>/ on first use and run directly (the
  native binary, not the node wrapper, so upstream is measured at its fastest); a target named <version>-npm
  (e.g. 0.153.4-npm) runs the same install through its npm launcher (node bin/codex.js), as users start it.
- startup: every figure from the spawn, as a user feels it: --help to exit, mcp to the initialize answer and to the
  first tools/call answered, exec with one shell call (two model turns) to its final answer on stdout and to exit.
- first-command: a fresh `mcp` server's first `codex` call runs one shell command (`echo`, the session's default
  sandbox) while the model takes THINK_MS per answer, as a real one does: the command's own time (exec_command_begin
  to exec_command_end, as the client receives them) and the call from tools/call to its answer.
- The model is deployment/aot/io/codexquarkus/testing/MockModel.java on 127.0.0.1 (Responses API SSE; the training runs use the same mock).
- Before every measured run the script waits (up to 15 s) until the CPU is quiet, so no target pays for what the
  previous one left running.
- Each target gets its own CODEX_HOME under bench/.cache/work/<target>/ (upstream refuses helper binaries under /tmp)
  with a config.toml pointing at the mock, MOCK_API_KEY=dummy, stdin from /dev/null; the working directory is a
  git repository so no target needs a flag to skip the repository check.
- The mcp workload measures codex-quarkus a second time in MCP 2026-07-28 (interleaved with the rest): spawn and
  server/discover, tools/list, 1 call, 8 parallel calls, and one call under the tasks extension polled with tasks/get
  to completion; a second table sets those beside its 2025-era figures (upstream has no 2026-07-28 era).
- codex-quarkus runs through deployment/codex-quarkus with its AOT caches trained beforehand (--aot-train); set
  BENCH_OURS_AOT=off to measure it without caches, BENCH_OURS_JAVA_OPTS to add JVM options, BENCH_OURS_LAUNCHER to
  measure another installation (e.g. ~/.local/share/codex-quarkus/codex-quarkus).
"""

import argparse
import datetime
import functools
import io
import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "bench", ".cache")
WORK = os.path.join(CACHE, "work")
OUT = os.path.join(ROOT, "bench", "out")
LAUNCHER = os.path.join(ROOT, "deployment", "codex-quarkus")
MOCK = os.path.join(ROOT, "deployment", "aot", "io", "codexquarkus", "testing", "MockModel.java")
JAVA_HOME = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/temurin-25-jdk-amd64"
UPSTREAM_VERSIONS = ["0.153.4", "0.80.0"]

PLAIN_PROMPT = "Say hello."
SHELL_PROMPT = "Run a command, then summarise. [[shell]]"
LONG_PROMPT = "Stream a long answer. [[long]]"
THINK_MS = 500
THINKING_SHELL_PROMPT = f"[mock: hold {THINK_MS} ms] Run a command, then summarise. [[shell]]"


# --------------------------------------------------------------------------------------------------------------------
# targets


class Target:
    def __init__(self, name, argv, mcp_args, env=None):
        self.name = name
        self.argv = argv
        self.mcp_args = mcp_args
        self.env = env or {}
        self.home = os.path.join(WORK, name, "home")

    def environment(self):
        env = dict(os.environ)
        for key in ("RUST_LOG", "CODEX_QUARKUS_JAVA_OPTS", "OPENAI_BASE_URL"):
            env.pop(key, None)
        env.update({"CODEX_HOME": self.home, "MOCK_API_KEY": "dummy", "OPENAI_API_KEY": "dummy", "NO_COLOR": "1",
                    "JAVA_HOME": JAVA_HOME})
        env.update(self.env)
        return env


def upstream_binary(version):
    prefix = os.path.join(CACHE, "codex-" + version)
    if not os.path.isdir(os.path.join(prefix, "node_modules", "@openai", "codex")):
        os.makedirs(prefix, exist_ok=True)
        print(f"installing @openai/codex@{version} into {prefix} ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", prefix, f"@openai/codex@{version}"],
                       check=True, stdout=subprocess.DEVNULL)
    for dirpath, _, files in os.walk(os.path.join(prefix, "node_modules")):
        if "codex" in files and "x86_64-unknown-linux-musl" in dirpath and platform.machine() in ("x86_64", "AMD64"):
            return os.path.join(dirpath, "codex")
        if "codex" in files and "aarch64-unknown-linux-musl" in dirpath and platform.machine() in ("aarch64", "arm64"):
            return os.path.join(dirpath, "codex")
    raise SystemExit(f"no native codex binary for {platform.machine()} under {prefix}")


def upstream_mcp_args(binary):
    """`codex mcp-server` from 0.44 on (`codex mcp` manages external servers there); `codex mcp` before."""
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return ["mcp-server"] if "mcp-server" in help_text else ["mcp"]


def make_targets(names):
    targets = []
    for name in names:
        if name == "ours":
            env = {}
            if os.environ.get("BENCH_OURS_AOT"):
                env["CODEX_QUARKUS_AOT"] = os.environ["BENCH_OURS_AOT"]
            if os.environ.get("BENCH_OURS_JAVA_OPTS"):
                env["CODEX_QUARKUS_JAVA_OPTS"] = os.environ["BENCH_OURS_JAVA_OPTS"]
            targets.append(Target("ours", [os.environ.get("BENCH_OURS_LAUNCHER", LAUNCHER)], ["mcp"], env))
        elif name.startswith("ours:"):  # another codex-quarkus launcher, e.g. ours:/tmp/variant/codex-quarkus
            launcher = name.split(":", 1)[1]
            targets.append(Target("ours-" + os.path.basename(os.path.dirname(launcher)), [launcher], ["mcp"]))
        elif name.endswith("-npm"):  # upstream as users start it: node and the npm package's launcher script
            version = name[:-len("-npm")]
            binary = upstream_binary(version)
            script = os.path.join(CACHE, "codex-" + version, "node_modules", "@openai", "codex", "bin", "codex.js")
            targets.append(Target("codex-" + name, ["node", script], upstream_mcp_args(binary)))
        else:
            binary = upstream_binary(name)
            targets.append(Target("codex-" + name, [binary], upstream_mcp_args(binary)))
    return targets


# --------------------------------------------------------------------------------------------------------------------
# the mock model


class Mock:
    def __init__(self):
        os.makedirs(WORK, exist_ok=True)
        port_file = os.path.join(WORK, "mock.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.proc = subprocess.Popen([os.path.join(JAVA_HOME, "bin", "java"), "-XX:+UseSerialGC", MOCK, "serve",
                                      port_file], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not os.path.exists(port_file):
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit("the mock model did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read().strip())

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def prepare(targets, mock):
    project = os.path.join(WORK, "project")
    if not os.path.isdir(os.path.join(project, ".git")):
        os.makedirs(project, exist_ok=True)
        with open(os.path.join(project, "README.md"), "w") as f:
            f.write("benchmark workspace\n")
        subprocess.run(["git", "init", "-q", project], check=True)
    for target in targets:
        os.makedirs(target.home, exist_ok=True)
        with open(os.path.join(target.home, "config.toml"), "w") as f:
            f.write(f"""model = "mock-model"
model_provider = "mock"
approval_policy = "never"
check_for_update_on_startup = false

[model_providers.mock]
name = "mock"
base_url = "http://127.0.0.1:{mock.port if mock else 9}/v1"
wire_api = "responses"
env_key = "MOCK_API_KEY"
request_max_retries = 0
stream_max_retries = 0
""")
    return project


def train_ours(targets):
    if any(t.name.startswith("ours") for t in targets) and os.environ.get("BENCH_OURS_AOT") != "off":
        env = dict(os.environ, JAVA_HOME=JAVA_HOME)
        env.pop("CODEX_QUARKUS_JAVA_OPTS", None)
        for launcher in [t.argv[0] for t in targets if t.name.startswith("ours")]:
            status = subprocess.run([launcher, "--aot-status"], capture_output=True, text=True, env=env).stdout
            stale = [p for p in ("help", "cli", "exec", "mcp") if f"{p}: " in status and "fresh" not in
                     next(line for line in status.splitlines() if line.startswith(p + ":"))]
            if stale:
                print(f"training AOT caches of {launcher}: {' '.join(stale)} ...", file=sys.stderr)
                subprocess.run([launcher, "--aot-train", *stale], env=env, check=False)


# --------------------------------------------------------------------------------------------------------------------
# one process run: wall time, CPU time, peak RSS


def run_once(argv, env, cwd, expect=None, timeout=120):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out_chunks = []
    err_chunks = []
    seen = {}

    def read_out():  # in chunks, so the moment the expected text arrives is known ("spawn → final answer")
        data = b""
        needle = expect.encode() if expect else None
        while True:
            chunk = os.read(proc.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            data += chunk
            if needle and "answer" not in seen and needle in data:
                seen["answer"] = time.perf_counter() - start
        out_chunks.append(data)

    t_out = threading.Thread(target=read_out)
    t_err = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
    t_out.start()
    t_err.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
    t_out.join()
    t_err.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = out_chunks[0].decode(errors="replace")
    err = err_chunks[0].decode(errors="replace")
    ok = proc.returncode == 0 and (expect is None or expect in out)
    sample = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024, "ok": ok,
              "exit": proc.returncode, "stdout_tail": out[-300:], "stderr_tail": err[-600:]}
    if "answer" in seen:
        sample["answer"] = seen["answer"]
    return sample


def cpu_busy_fraction(window=0.25):
    """Share of all cores busy (not idle, not waiting on I/O) during the next `window` seconds."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v) - v[3] - v[4], sum(v)
    busy0, total0 = sample()
    time.sleep(window)
    busy1, total1 = sample()
    return (busy1 - busy0) / max(1, total1 - total0)


def settle(limit=15.0, threshold=0.15):
    """Waits (at most `limit` s) until the machine is quiet before a measured run.

    Why: a target's process can leave work behind after it exits (upstream's mcp-server leaves about a second of
    CPU, the mock model compiles and collects after a long stream); without this the next target in the
    interleaved order pays for it (codex-quarkus's initialize measured 835 ms right after a 0.153.4 session and
    370 ms after a pause). Every target gets the same treatment."""
    deadline = time.monotonic() + limit
    while cpu_busy_fraction() > threshold and time.monotonic() < deadline:
        pass


def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(samples, key):
    values = [s[key] for s in samples if s.get("ok", True) and key in s]
    if not values:
        return None
    return {"median": median(values), "min": min(values), "max": max(values), "n": len(values)}


def measure_process(name, targets, argv_for, cwd, runs, expect):
    print(f"\n## {name}", flush=True)
    results = {t.name: [] for t in targets}
    for i in range(runs + 1):
        for t in targets:
            settle()
            sample = run_once(argv_for(t), t.environment(), cwd, expect)
            if not sample["ok"]:
                print(f"  {t.name} run {i}: FAILED (exit {sample['exit']}): {sample['stderr_tail'][-400:]!r}"
                      f" stdout {sample['stdout_tail'][-200:]!r}", file=sys.stderr)
            if i > 0:  # run 0 is the warm-up
                results[t.name].append(sample)
    report(name, targets, results, [("wall", "s"), ("cpu", "s"), ("rss_mib", "MiB")])
    return results


def report(name, targets, results, keys):
    columns = [name] + [t.name for t in targets] + [f"ours/{t.name}" for t in targets if t.name != "ours"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for key, unit in keys:
        stats = {t.name: summarize(results[t.name], key) for t in targets}
        cells = []
        for t in targets:
            s = stats[t.name]
            cells.append("failed" if s is None else
                         f"**{fmt(s['median'], unit)}** ({fmt(s['min'], unit)}–{fmt(s['max'], unit)}, n={s['n']})")
        ratios = []
        for t in targets:
            if t.name == "ours":
                continue
            a, b = stats.get("ours"), stats[t.name]
            ratios.append("–" if not a or not b or not b["median"] else f"{a['median'] / b['median']:.2f}")
        print("| " + " | ".join([f"{key} ({unit})"] + cells + ratios) + " |")
    sys.stdout.flush()


def fmt(value, unit):
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    return f"{value:.0f}"


# --------------------------------------------------------------------------------------------------------------------
# MCP sessions


class McpSession:
    """A newline-delimited JSON-RPC client over a server's stdio; approves every server request."""

    def __init__(self, argv, env, cwd):
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.lock = threading.Lock()
        self.waiters = {}
        self.arrived = {}
        self.notifications = 0
        self.event_times = {}  # codex/event msg type -> arrival time of its first occurrence
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        # buffered: iterating the unbuffered pipe (bufsize=0, kept for stdin) reads one byte per system call, which
        # made a 2.7 KB tools/list answer cost ~1.5 ms in this client alone and favoured shorter answers
        for raw in io.BufferedReader(self.proc.stdout, 1 << 16):
            now = time.perf_counter()
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            if "method" in msg:
                if "id" in msg:  # a server request (elicitation): approve
                    self.send({"jsonrpc": "2.0", "id": msg["id"],
                               "result": {"decision": "approved", "action": "accept", "content": {}}})
                else:
                    self.notifications += 1
                    if msg["method"] == "codex/event":
                        kind = ((msg.get("params") or {}).get("msg") or {}).get("type")
                        with self.lock:
                            self.event_times.setdefault(kind, now)
                continue
            with self.lock:
                self.arrived[msg.get("id")] = (now, msg)
                waiter = self.waiters.pop(msg.get("id"), None)
            if waiter:
                waiter.put(None)

    def send(self, msg):
        data = (json.dumps(msg, separators=(",", ":")) + "\n").encode()
        with self.lock:
            self.proc.stdin.write(data)

    def request(self, rid, method, params=None):
        q = queue.Queue()
        with self.lock:
            self.waiters[rid] = q
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return q

    def wait(self, rid, q, timeout=120):
        try:
            with self.lock:
                done = rid in self.arrived
            if not done:
                q.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"no answer to request {rid} within {timeout} s")
        return self.arrived[rid]

    def initialize(self):
        """The 2025-era handshake as request 0: (arrival time of the answer, whether it is a result)."""
        q = self.request(0, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {"elicitation": {}},
                                           "clientInfo": {"name": "codex-bench", "version": "1"}})
        t, msg = self.wait(0, q, 60)
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return t, "result" in msg

    def call(self, rid, prompt, cwd):
        return self.request(rid, "tools/call", {"name": "codex", "arguments": {"prompt": prompt, "cwd": cwd}})

    def peak_rss_mib(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def ok_result(msg, expect):
    result = msg.get("result") or {}
    text = "".join(c.get("text", "") for c in result.get("content", []) if isinstance(c, dict))
    return not result.get("isError") and expect in text


def in_session(measure):
    """`measure(session, sample, cwd, ...)` becomes `f(target, cwd, ...) -> sample`, run against a fresh server of
    `target`; a request not answered in time fails the sample with its error."""
    @functools.wraps(measure)
    def run(target, cwd, *args, **kwargs):
        s = McpSession(target.argv + target.mcp_args, target.environment(), cwd)
        sample = {"ok": True}
        try:
            measure(s, sample, cwd, *args, **kwargs)
        except RuntimeError as e:
            sample["ok"] = False
            sample["error"] = str(e)
        finally:
            s.close()
        return sample
    return run


@in_session
def mcp_session(s, sample, cwd, long_call, full=True):
    """One session; `full=False` stops after the first tools/call (the start-up workload)."""
    t, ok = s.initialize()
    sample["initialize"] = t - s.t0
    sample["ok"] &= ok
    t0 = time.perf_counter()
    t, msg = s.wait(1, s.request(1, "tools/list", {}))
    sample["tools_list"] = t - t0
    sample["ok"] &= len(msg.get("result", {}).get("tools", [])) >= 2
    t0 = time.perf_counter()
    t, msg = s.wait(2, s.call(2, PLAIN_PROMPT, cwd))
    sample["call_1"] = t - t0
    sample["first_call"] = t - s.t0
    sample["ok"] &= ok_result(msg, "mock model")
    if not full:
        return
    rid = 3
    for n in (8, 32):
        t0 = time.perf_counter()
        pending = [(rid + k, s.call(rid + k, PLAIN_PROMPT, cwd)) for k in range(n)]
        last = t0
        for r, q in pending:
            t, msg = s.wait(r, q)
            last = max(last, t)
            sample["ok"] &= ok_result(msg, "mock model")
        sample[f"parallel_{n}"] = last - t0
        rid += n
    if long_call:
        t0 = time.perf_counter()
        t, msg = s.wait(rid, s.call(rid, LONG_PROMPT, cwd), 300)
        sample["long_call"] = t - t0
        sample["ok"] &= ok_result(msg, "w9999")
    sample["notifications"] = s.notifications
    sample["peak_rss_mib"] = s.peak_rss_mib()


@in_session
def mcp_first_command(s, sample, cwd):
    """A fresh server whose first call runs one command: the command's own time and the call's."""
    sample["ok"] &= s.initialize()[1]
    t0 = time.perf_counter()
    t, msg = s.wait(1, s.call(1, THINKING_SHELL_PROMPT, cwd))
    sample["call"] = t - t0
    sample["ok"] &= ok_result(msg, "done")
    with s.lock:
        begin = s.event_times.get("exec_command_begin")
        end = s.event_times.get("exec_command_end")
    if begin is None or end is None:
        sample["ok"] = False
        sample["error"] = "no exec_command_begin/end pair"
    else:
        sample["command"] = end - begin


def measure_first_command(targets, cwd, runs):
    print(f"\n## mcp: the first command of a fresh server (the model takes {THINK_MS} ms per answer; `echo` in the "
          "default sandbox)", flush=True)
    results = {t.name: [] for t in targets}
    for i in range(runs + 1):
        for t in targets:
            settle()
            sample = mcp_first_command(t, cwd)
            if not sample["ok"]:
                print(f"  {t.name} run {i}: FAILED {sample}", file=sys.stderr)
            if i > 0:
                results[t.name].append(sample)
    report("first command", targets, results, [("command", "s"), ("call", "s")])
    return results


MODERN = "2026-07-28"


def modern_params(params=None, tasks=False):
    """`params` with the per-request _meta of MCP 2026-07-28 (capabilities declared on every request)."""
    capabilities = {"extensions": {"io.modelcontextprotocol/tasks": {}}} if tasks else {}
    meta = {"io.modelcontextprotocol/protocolVersion": MODERN,
            "io.modelcontextprotocol/clientCapabilities": capabilities,
            "io.modelcontextprotocol/clientInfo": {"name": "codex-bench", "version": "1"}}
    return dict(params or {}, _meta=meta)


def modern_call(s, rid, prompt, cwd, tasks=False):
    return s.request(rid, "tools/call", modern_params({"name": "codex", "arguments": {"prompt": prompt, "cwd": cwd}},
                                                      tasks))


@in_session
def mcp_modern_session(s, sample, cwd):
    """The 2026-07-28 counterpart of mcp_session (codex-quarkus only; upstream has no such era): spawn and
    server/discover as the opening request (the modern era has no initialize), tools/list, 1 call, 8 parallel calls,
    then one call under the tasks extension: answered with a task that is polled with tasks/get (at the server's
    pollIntervalMs, as a client should) until it completes."""
    t, msg = s.wait(0, s.request(0, "server/discover", modern_params()), 60)
    sample["initialize"] = t - s.t0
    result = msg.get("result") or {}
    sample["ok"] &= MODERN in result.get("supportedVersions", []) and result.get("resultType") == "complete"
    t0 = time.perf_counter()
    t, msg = s.wait(1, s.request(1, "tools/list", modern_params()))
    sample["tools_list"] = t - t0
    sample["ok"] &= len(msg.get("result", {}).get("tools", [])) >= 2 and "ttlMs" in msg.get("result", {})
    t0 = time.perf_counter()
    t, msg = s.wait(2, modern_call(s, 2, PLAIN_PROMPT, cwd))
    sample["call_1"] = t - t0
    sample["ok"] &= ok_result(msg, "mock model") and msg["result"].get("resultType") == "complete"
    rid = 3
    t0 = time.perf_counter()
    pending = [(rid + k, modern_call(s, rid + k, PLAIN_PROMPT, cwd)) for k in range(8)]
    last = t0
    for r, q in pending:
        t, msg = s.wait(r, q)
        last = max(last, t)
        sample["ok"] &= ok_result(msg, "mock model")
    sample["parallel_8"] = last - t0
    rid += 8
    t0 = time.perf_counter()
    t, msg = s.wait(rid, modern_call(s, rid, PLAIN_PROMPT, cwd, tasks=True))
    task = msg.get("result") or {}
    sample["task_created"] = t - t0
    if task.get("resultType") != "task":
        raise RuntimeError(f"the call under the tasks extension was not answered with a task: {msg}")
    polls = 0
    while task.get("status") in ("working", "input_required") and time.perf_counter() - t0 < 120:
        time.sleep((task.get("pollIntervalMs") or 100) / 1000)
        rid += 1
        polls += 1
        t, msg = s.wait(rid, s.request(rid, "tasks/get", modern_params({"taskId": task["taskId"]}, tasks=True)))
        task = msg.get("result") or {}
    sample["task"] = t - t0
    sample["task_polls"] = polls
    if task.get("createdAt") and task.get("lastUpdatedAt"):  # the server's own view: creation to completion
        stamps = [datetime.datetime.fromisoformat(task[k].replace("Z", "+00:00"))
                  for k in ("createdAt", "lastUpdatedAt")]
        sample["task_turn"] = (stamps[1] - stamps[0]).total_seconds()
    sample["ok"] &= task.get("status") == "completed" and ok_result({"result": task.get("result")}, "mock model")
    sample["notifications"] = s.notifications
    sample["peak_rss_mib"] = s.peak_rss_mib()


def report_eras(results, legacy_name, modern_name, keys):
    """One codex-quarkus target in both eras: the 2025 figures, the 2026-07-28 ones, and their ratio."""
    print(f"| mcp eras | {legacy_name} 2025-06-18 | {legacy_name} {MODERN} | {MODERN}/2025 |")
    print("|---|---|---|---|")
    for key, unit, label in keys:
        a, b = summarize(results[legacy_name], key), summarize(results[modern_name], key)
        cells = ["–" if s is None else f"**{fmt(s['median'], unit)}** ({fmt(s['min'], unit)}–{fmt(s['max'], unit)}, "
                 f"n={s['n']})" for s in (a, b)]
        ratio = "–" if not a or not b or not a["median"] else f"{b['median'] / a['median']:.2f}"
        print("| " + " | ".join([f"{label} ({unit})"] + cells + [ratio]) + " |")
    sys.stdout.flush()


def measure_mcp(targets, cwd, runs, long_call):
    print("\n## mcp (one session per run: spawn, initialize, tools/list, 1 call, 8 parallel, 32 parallel"
          + (", 1 call streaming 10,000 deltas" if long_call else "") + "; codex-quarkus also in MCP 2026-07-28: "
          "spawn, server/discover, tools/list, 1 call, 8 parallel, 1 task polled to completion)", flush=True)
    results = {t.name: [] for t in targets}
    ours = [t for t in targets if t.name.startswith("ours")]
    results.update({t.name + "@" + MODERN: [] for t in ours})
    for i in range(runs + 1):
        for t in targets:
            settle()
            sample = mcp_session(t, cwd, long_call)
            if not sample["ok"]:
                print(f"  {t.name} run {i}: FAILED {sample}", file=sys.stderr)
            if i > 0:
                results[t.name].append(sample)
            if t in ours:  # the same target again in MCP 2026-07-28, interleaved like the rest
                settle()
                sample = mcp_modern_session(t, cwd)
                if not sample["ok"]:
                    print(f"  {t.name}@{MODERN} run {i}: FAILED {sample}", file=sys.stderr)
                if i > 0:
                    results[t.name + "@" + MODERN].append(sample)
    keys = [("initialize", "s"), ("tools_list", "s"), ("call_1", "s"), ("first_call", "s"), ("parallel_8", "s"),
            ("parallel_32", "s")]
    if long_call:
        keys.append(("long_call", "s"))
    keys.append(("peak_rss_mib", "MiB"))
    report("mcp", targets, results, keys)
    for t in ours:
        print(f"\n{t.name} in both eras: 2026-07-28 has no initialize, so its first row is spawn → server/discover "
              "answered; the task row is a call under the tasks extension, from the request to the tasks/get that "
              "says completed (polled at the server's pollIntervalMs)", flush=True)
        report_eras(results, t.name, t.name + "@" + MODERN,
                    [("initialize", "s", "spawn → initialize / server/discover"), ("tools_list", "s", "tools_list"),
                     ("call_1", "s", "call_1"), ("parallel_8", "s", "parallel_8"),
                     ("task_created", "s", "task created"),
                     ("task_turn", "s", "task created → completed (server clock)"),
                     ("task", "s", "task polled to completion"),
                     ("peak_rss_mib", "MiB", "peak_rss_mib")])
    return results


def measure_startup(targets, cwd, runs):
    """Start-up as a user feels it, every figure from the spawn: `--help` to exit; `mcp` to the initialize answer and
    to the first tools/call answered (initialize, tools/list, one plain codex call, then EOF); `exec` with one shell
    call (two model turns) to its final answer on stdout, and to exit. Interleaved like the rest."""
    print("\n## start-up (from spawn: --help to exit; mcp to initialize and to the first tools/call answered; exec "
          "with one shell call to its final answer and to exit)", flush=True)
    results = {t.name: [] for t in targets}
    for i in range(runs + 1):
        for t in targets:
            sample = {"ok": True}
            settle()
            help_run = run_once(t.argv + ["--help"], t.environment(), cwd, "exec")
            sample["help"] = help_run["wall"]
            settle()
            session = mcp_session(t, cwd, long_call=False, full=False)
            for key in ("initialize", "first_call"):
                if key in session:
                    sample[key] = session[key]
            settle()
            exec_run = run_once(t.argv + ["exec", SHELL_PROMPT], t.environment(), cwd, "done")
            sample["exec_answer"] = exec_run.get("answer", float("nan"))
            sample["exec_exit"] = exec_run["wall"]
            sample["ok"] = help_run["ok"] and session["ok"] and exec_run["ok"] and "answer" in exec_run
            if not sample["ok"]:
                print(f"  {t.name} run {i}: FAILED help={help_run['ok']} mcp={session} exec={exec_run}",
                      file=sys.stderr)
            if i > 0:
                results[t.name].append(sample)
    report("start-up", targets, results, [("help", "s"), ("initialize", "s"), ("first_call", "s"),
                                          ("exec_answer", "s"), ("exec_exit", "s")])
    return results


# --------------------------------------------------------------------------------------------------------------------


def machine():
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    java = subprocess.run([os.path.join(JAVA_HOME, "bin", "java"), "-version"], capture_output=True,
                          text=True).stderr.splitlines()
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "memory": mem, "kernel": platform.release(),
            "jdk": java[1] if len(java) > 1 else "?", "loadavg": open("/proc/loadavg").read().split()[:3]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "7")))
    parser.add_argument("--targets", default="ours," + ",".join(UPSTREAM_VERSIONS))
    parser.add_argument("workloads", nargs="+", choices=["help", "exec", "exec-shell", "long", "mcp", "startup", "first-command", "all"])
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs: the figures are medians")
    workloads = ["help", "exec", "exec-shell", "long", "mcp"] if "all" in args.workloads else args.workloads
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    targets = make_targets(names)
    info = machine()
    print(f"# codex-bench {info['date']}: {info['nproc']} cores, {info['memory']}, kernel {info['kernel']}, "
          f"{info['jdk']}; load {' '.join(info['loadavg'])}; {args.runs} runs + 1 warm-up per target")
    for t in targets:
        print(f"- {t.name}: {' '.join(t.argv)} (mcp: {' '.join(t.mcp_args)})")
    mock = Mock()
    raw = {"machine": info, "runs": args.runs, "targets": {t.name: t.argv for t in targets}}
    try:
        project = prepare(targets, mock)
        train_ours(targets)
        for w in workloads:
            if w == "help":
                raw[w] = measure_process("--help (whole process)", targets, lambda t: t.argv + ["--help"], project,
                                         args.runs, "exec")
            elif w == "exec":
                raw[w] = measure_process("exec: one-message turn", targets,
                                         lambda t: t.argv + ["exec", PLAIN_PROMPT], project, args.runs, "mock model")
            elif w == "exec-shell":
                raw[w] = measure_process("exec: a turn with one shell call", targets,
                                         lambda t: t.argv + ["exec", SHELL_PROMPT], project, args.runs, "done")
            elif w == "long":
                raw[w] = measure_process("exec: long turn, 10,000 streamed text deltas", targets,
                                         lambda t: t.argv + ["exec", LONG_PROMPT], project, args.runs, "w9999")
            elif w == "mcp":
                raw[w] = measure_mcp(targets, project, args.runs, long_call=True)
            elif w == "startup":
                raw[w] = measure_startup(targets, project, args.runs)
            elif w == "first-command":
                raw[w] = measure_first_command(targets, project, args.runs)
    finally:
        mock.close()
    info_after = open("/proc/loadavg").read().split()[:3]
    print(f"\nload average after: {' '.join(info_after)}")
    raw["loadavg_after"] = info_after
    os.makedirs(OUT, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(OUT, f"{'-'.join(workloads)}-{stamp}.json")
    with open(path, "w") as f:
        json.dump(raw, f, indent=1)
    print(f"raw figures: {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main()
