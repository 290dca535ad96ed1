package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code codex-linux-sandbox}: the Linux sandbox helper, a plain {@code main} that never boots Quarkus. It applies the
 * policy to the thread it runs on ({@code no_new_privs}, Landlock rules for the file system unless the policy grants
 * full disk access, the seccomp network filter unless it grants network access) and then replaces itself with the
 * command through {@code execve}, so the command and everything it starts inherit the restrictions.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp codex-quarkus-runner.jar io.codexquarkus.sandbox.linux.LinuxSandboxMain \
 *     --sandbox-policy-cwd DIR --sandbox-policy '{"mode":"workspace-write"}' -- CMD ARGS…
 * </pre>
 *
 * Exit codes when the command never starts: 2 bad arguments, 4 the sandbox cannot be set up on this host, 126 the
 * command cannot be executed, 127 the command was not found. Otherwise the process <em>is</em> the command, so its
 * exit status and signals are the command's own.
 */
public final class LinuxSandboxMain {
    /** The name the helper goes by, as {@code argv[0]} (the arg0 dispatch) and in its messages. */
    public static final String ARG0 = "codex-linux-sandbox";

    /** Runs the whole setup on a scratch thread without executing anything, so an AOT cache can record it. */
    public static final String TRAINING_RUN = "--aot-training-run";

    /**
     * Prefix under which the launcher passes variables the helper's own JVM must not see (such as {@code
     * JAVA_TOOL_OPTIONS}); the helper restores their names before executing the command.
     */
    public static final String RESTORE_PREFIX = "CODEX_LINUX_SANDBOX_RESTORE_";

    /** Makes the command lead a process group of its own. */
    public static final String PROCESS_GROUP = HelperRequest.PROCESS_GROUP;

    /** Leaves the Landlock-only fallback unreported (the caller reported it once). */
    public static final String QUIET_FALLBACK = HelperRequest.QUIET_FALLBACK;

    static final String PREFIX = ARG0 + ": ";

    /** The shell's code for a command that cannot be executed. */
    private static final int CANNOT_EXECUTE = 126;

    private LinuxSandboxMain() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(TRAINING_RUN)) {
            trainingRun();
            return;
        }
        PrintStream err = System.err;
        int code;
        try {
            if (args.length == 1 && args[0].equals(PrestartRequest.AWAIT)) {
                code = awaitRequest();
            } else {
                HelperRequest request = HelperRequest.parse(RawProcess.arguments(args));
                if (request == null) {
                    System.out.println(usage());
                    System.out.flush();
                    code = ExitCode.OK;
                } else {
                    code = run(request, RawProcess.environment(), false);
                }
            }
        } catch (CodexException e) {
            err.println(PREFIX + e.getMessage());
            code = e.exitCode();
        } catch (RuntimeException | Error e) {
            err.println(PREFIX + "internal error: " + e);
            code = ExitCode.FAILURE;
        }
        err.flush();
        System.exit(code);
    }

    /**
     * Whether this process was started as {@code codex-linux-sandbox} (its {@code argv[0]} basename), for a main
     * that dispatches on arg0 before doing anything else, as a native build must.
     */
    public static boolean invokedAsHelper() {
        List<byte[]> cmdline = RawProcess.commandLine();
        if (cmdline == null || cmdline.isEmpty()) {
            return false;
        }
        String argv0 = RawProcess.utf8(cmdline.get(0));
        return argv0.substring(argv0.lastIndexOf('/') + 1).equals(ARG0);
    }

    static String usage() {
        return "Usage: " + ARG0 + " --sandbox-policy-cwd <DIR> --sandbox-policy '<JSON>' -- <COMMAND> [ARGS...]\n"
                + "Runs COMMAND under the sandbox policy (Landlock + seccomp); the process becomes the command.";
    }

    /**
     * Sets up every layer and executes the command. Returns only when the command could not be executed, with the
     * exit code to report (or, on the unprivileged path, with the command's own exit code).
     *
     * @param training set up everything, report nothing, never fork, and leave the file descriptors alone
     */
    static int run(HelperRequest request, List<byte[]> rawEnv, boolean training) {
        try (Arena arena = Arena.ofConfined()) {
            return run(link(arena), request, rawEnv, training);
        }
    }

    private static Syscalls link(Arena arena) {
        try {
            return Syscalls.open(arena);
        } catch (UnsupportedOperationException e) {
            throw new CodexException(ExitCode.SANDBOX_UNAVAILABLE, e.getMessage());
        }
    }

    /**
     * Started ahead of its command ({@link PrestartRequest#AWAIT}): links the system calls (most of what starting a
     * helper costs) and waits for the request on stdin, then enters its working directory, takes {@code /dev/null} as
     * stdin as every command does, and goes on exactly as if it had been started with the request's arguments and
     * environment. A stdin that ends first means it was not needed: exit 0, nothing run.
     */
    private static int awaitRequest() {
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = link(arena);
            PrestartRequest prestart;
            try {
                prestart = PrestartRequest.readFrom(System.in);
            } catch (IOException e) {
                throw CodexException.usage("unreadable request on stdin: " + e.getMessage());
            }
            if (prestart == null) {
                return ExitCode.OK;
            }
            HelperRequest request = HelperRequest.parse(prestart.args());
            if (request == null) {
                throw CodexException.usage("a prestart request must name a command");
            }
            if (sys.call(sys.arch.proc().chdir(), sys.cString(prestart.cwd()).address(), 0, 0) < 0) {
                throw new CodexException(
                        CANNOT_EXECUTE,
                        "cannot enter the working directory " + prestart.cwd() + ": " + Errno.describe(sys.errno()));
            }
            long devNull = sys.call(
                    sys.arch.nr().openat(),
                    Syscalls.AT_FDCWD,
                    sys.cString("/dev/null").address(),
                    Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
            if (devNull < 0 || sys.call(sys.arch.proc().dup3(), devNull, 0, 0) < 0) {
                throw new CodexException(
                        CANNOT_EXECUTE, "cannot point stdin at /dev/null: " + Errno.describe(sys.errno()));
            }
            sys.close((int) devNull);
            return run(sys, request, prestart.env(), false);
        }
    }

    private static int run(Syscalls sys, HelperRequest request, List<byte[]> rawEnv, boolean training) {
        SandboxPolicy policy = request.policy();
        boolean fullNetwork = policy.hasFullNetworkAccess();
        List<byte[]> env = childEnvironment(rawEnv, fullNetwork);
        // read first: once the server is gone the helper is re-parented and must not run the command
        long parent = sys.call(sys.arch.proc().getppid());
        if (request.processGroup() && !training && sys.call(sys.arch.proc().setpgid(), 0, 0, 0) < 0) {
            throw new CodexException(
                    ExitCode.SANDBOX_UNAVAILABLE, "cannot start a process group: " + Errno.describe(sys.errno()));
        }
        SandboxSetup.Prepared prepared = SandboxSetup.prepare(sys, request, env, parent, training);
        HelperReport report = new HelperReport(
                prepared.confinement().view(), request.command().get(0), training);
        if (prepared.namespaces() == Confinement.Namespaces.FALLBACK && !training && !request.quietFallback()) {
            report.namespacesUnavailable(prepared.namespaceErrno());
        }
        if (prepared.namespaces() == Confinement.Namespaces.USER_NAMESPACE) {
            if (!Confinement.tieToParent(sys, parent)) {
                return report.parentGone();
            }
            int code = new ChildSupervisor(sys, prepared.confinement()).run(report);
            return code >= 0 ? code : report.exitCode();
        }
        Confinement confinement = prepared.confinement();
        confinement.enterAndExec(report, training);
        if (training) {
            return ExitCode.OK;
        }
        report.fatal(confinement.failedStep(), confinement.failedIndex(), confinement.failedErrno());
        return report.exitCode();
    }

    /**
     * The command's environment: the helper's own, with the variables the launcher set aside restored and {@code
     * CODEX_SANDBOX_NETWORK_DISABLED=1} added when the network is off.
     */
    static List<byte[]> childEnvironment(List<byte[]> raw, boolean networkAllowed) {
        byte[] restore = RESTORE_PREFIX.getBytes(StandardCharsets.UTF_8);
        byte[] networkFlag = "CODEX_SANDBOX_NETWORK_DISABLED=".getBytes(StandardCharsets.UTF_8);
        List<byte[]> env = new ArrayList<>(raw.size() + 1);
        boolean flagged = false;
        for (byte[] entry : raw) {
            if (RawProcess.startsWith(entry, restore)) {
                byte[] original = new byte[entry.length - restore.length];
                System.arraycopy(entry, restore.length, original, 0, original.length);
                env.add(original);
                continue;
            }
            flagged |= RawProcess.startsWith(entry, networkFlag);
            env.add(entry);
        }
        if (!networkAllowed && !flagged) {
            env.add("CODEX_SANDBOX_NETWORK_DISABLED=1".getBytes(StandardCharsets.UTF_8));
        }
        return env;
    }

    /**
     * The AOT training workload: a workspace-write policy without network, applied on a scratch thread (the
     * restrictions end with it) up to a failing exec, so every class and method handle the real run needs is
     * recorded. The main thread stays unrestricted so the JVM can write the cache at exit.
     */
    private static void trainingRun() {
        List<byte[]> args = new ArrayList<>();
        for (String arg : new String[] {
            HelperRequest.POLICY_CWD,
            ".",
            HelperRequest.POLICY,
            "{\"mode\":\"workspace-write\",\"writable_roots\":[\"/nonexistent-aot-training-root\"],"
                    + "\"network_access\":false,\"exclude_tmpdir_env_var\":false,\"exclude_slash_tmp\":false}",
            "--",
            "codex-linux-sandbox-aot-training-no-such-command"
        }) {
            args.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        HelperRequest request = HelperRequest.parse(args);
        List<byte[]> env = RawProcess.environment();
        recordPrestartFraming(args);
        RawProcess.arguments(new String[] {TRAINING_RUN});
        Thread thread = new Thread(new TrainingWorkload(request, env), "aot-training");
        thread.start();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A prestart request written and read back, so the cache also holds what a helper started ahead reads. */
    private static void recordPrestartFraming(List<byte[]> args) {
        try {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            new PrestartRequest(".", args, List.of()).writeTo(frame);
            PrestartRequest.readFrom(new ByteArrayInputStream(frame.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record TrainingWorkload(HelperRequest request, List<byte[]> env) implements Runnable {
        @Override
        public void run() {
            try {
                LinuxSandboxMain.run(request, env, true);
            } catch (CodexException e) {
                // a host without Landlock trains on the part that works
            }
        }
    }
}
