package io.codexquarkus.sandbox;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.sandbox.linux.LinuxSandboxHelper;
import io.codexquarkus.sandbox.linux.LinuxSandboxMain;
import io.codexquarkus.sandbox.seatbelt.SeatbeltPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Turns "run this command under this policy" into what to spawn. {@code tools.process.SandboxedExec} asks {@link
 * #platformSandbox()} and {@link #requireAvailable}, then {@link #prepare} per command; it spawns the returned {@link
 * SpawnSpec} itself (stdio, timeouts, process group), so the sandbox adds no process handling of its own. On Linux the spec starts the helper, which applies the
 * policy and becomes the command (same pid, so exit status and signals are the command's); on macOS it starts {@code
 * /usr/bin/sandbox-exec}.
 */
public final class SandboxManager {
    private final String osName;
    private final LinuxSandboxHelper linuxHelper;
    private static final Logger LOG = Logger.getLogger(SandboxManager.class);

    private final AtomicBoolean fallbackLogged = new AtomicBoolean();
    private volatile LinuxCapabilities linuxCapabilities;

    public SandboxManager(String osName, LinuxSandboxHelper linuxHelper) {
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.linuxHelper = linuxHelper;
    }

    /**
     * The manager for this process: its OS, and the helper named by {@code CODEX_LINUX_SANDBOX_EXE} or else this JVM
     * running {@link LinuxSandboxMain} from this application's own class path.
     */
    public static SandboxManager forCurrentProcess() {
        return forEnvironment(System.getenv());
    }

    public static SandboxManager forEnvironment(Map<String, String> processEnv) {
        String os = System.getProperty("os.name", "");
        LinuxSandboxHelper helper = isLinux(os) ? LinuxSandboxHelper.forCurrentProcess(processEnv) : null;
        return new SandboxManager(os, helper);
    }

    private static boolean isLinux(String os) {
        return os.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    private boolean isMac() {
        return osName.startsWith("mac") || osName.startsWith("darwin");
    }

    /**
     * The sandbox commands get on this host: {@link SandboxType#LINUX_SECCOMP} on Linux when Landlock and seccomp
     * are usable, {@link SandboxType#MACOS_SEATBELT} on macOS, else {@link SandboxType#NONE}.
     */
    public SandboxType platformSandbox() {
        if (isMac()) {
            return SandboxType.MACOS_SEATBELT;
        }
        if (linuxHelper != null && linuxCapabilities().usable()) {
            return SandboxType.LINUX_SECCOMP;
        }
        return SandboxType.NONE;
    }

    /** What this Linux host supports (probed once); {@code null} on other systems. */
    public LinuxCapabilities linuxCapabilities() {
        if (linuxHelper == null) {
            return null;
        }
        LinuxCapabilities probed = linuxCapabilities;
        if (probed == null) {
            probed = LinuxCapabilities.probe();
            linuxCapabilities = probed;
        }
        return probed;
    }

    /**
     * When this host has no mount namespaces for the sandbox, says so once in the log (on stderr) and returns true,
     * so the helper need not repeat it into every command's output.
     */
    private boolean fallbackReported() {
        LinuxCapabilities caps = linuxCapabilities();
        if (caps == null || caps.mountNamespaces() != LinuxCapabilities.MountNamespaces.UNAVAILABLE) {
            return false;
        }
        if (!fallbackLogged.getAndSet(true)) {
            LOG.warnf(
                    "no mount namespace for the sandbox (%s): Landlock alone guards the file system, so changes of"
                            + " permissions, owners, times and extended attributes outside the writable roots are"
                            + " not stopped, and .git and .codex under them stay writable",
                    caps.userNamespaces());
        }
        return true;
    }

    public LinuxSandboxHelper linuxHelper() {
        return linuxHelper;
    }

    /**
     * Fails with one line and {@link ExitCode#SANDBOX_UNAVAILABLE} when {@code type} cannot enforce {@code policy}
     * here. Danger-full-access needs nothing.
     */
    public void requireAvailable(SandboxType type, SandboxPolicy policy) {
        if (policy instanceof SandboxPolicy.DangerFullAccess || type == SandboxType.NONE) {
            return;
        }
        if (type == SandboxType.MACOS_SEATBELT && !isMac()) {
            throw new CodexException(
                    ExitCode.SANDBOX_UNAVAILABLE,
                    "the Seatbelt sandbox needs macOS (/usr/bin/sandbox-exec); on Linux use `codex-quarkus sandbox"
                            + " linux`");
        }
        if (type == SandboxType.LINUX_SECCOMP) {
            if (linuxHelper == null) {
                throw new CodexException(
                        ExitCode.SANDBOX_UNAVAILABLE,
                        "the Landlock/seccomp sandbox needs Linux; on macOS use `codex-quarkus sandbox macos`");
            }
            String missing = linuxCapabilities().missing();
            if (missing != null) {
                throw new CodexException(ExitCode.SANDBOX_UNAVAILABLE, "cannot sandbox commands: " + missing);
            }
        }
    }

    /**
     * What to spawn to run {@code command} under {@code policy}.
     *
     * @param policyCwd the directory the writable roots are derived from (the session's cwd)
     * @param commandCwd the command's working directory (may differ from {@code policyCwd})
     * @param env the command's complete environment; {@code CODEX_SANDBOX_NETWORK_DISABLED=1} is added whenever the
     *     policy denies network access, whatever the sandbox
     */
    public SpawnSpec prepare(
            SandboxType type,
            SandboxPolicy policy,
            Path policyCwd,
            Path commandCwd,
            List<String> command,
            Map<String, String> env) {
        return prepare(type, policy, policyCwd, commandCwd, command, env, false);
    }

    /**
     * What to spawn for a command the agent runs: as {@link #prepare(SandboxType, SandboxPolicy, Path, Path, List,
     * Map)}, and on Linux always through the helper, even without a sandbox, so that the command leads a process group
     * of its own (which is killed as a whole when the server stops) and dies with the server ({@code
     * PR_SET_PDEATHSIG}).
     */
    public SpawnSpec prepareAgentCommand(
            SandboxType type,
            SandboxPolicy policy,
            Path policyCwd,
            Path commandCwd,
            List<String> command,
            Map<String, String> env) {
        return prepare(type, policy, policyCwd, commandCwd, command, env, true);
    }

    private SpawnSpec prepare(
            SandboxType type,
            SandboxPolicy policy,
            Path policyCwd,
            Path commandCwd,
            List<String> command,
            Map<String, String> env,
            boolean agentCommand) {
        if (command.isEmpty()) {
            throw CodexException.usage("no command to run");
        }
        Map<String, String> childEnv = new LinkedHashMap<>(env);
        if (!policy.hasFullNetworkAccess()) {
            childEnv.put(SandboxEnv.NETWORK_DISABLED, "1");
        }
        boolean unsandboxed = type == SandboxType.NONE || policy instanceof SandboxPolicy.DangerFullAccess;
        if (agentCommand && linuxHelper != null && (unsandboxed || type == SandboxType.LINUX_SECCOMP)) {
            SandboxPolicy enforced = unsandboxed ? new SandboxPolicy.DangerFullAccess() : policy;
            return linuxSpawn(enforced, policyCwd, commandCwd, command, childEnv, true);
        }
        if (unsandboxed) {
            return new SpawnSpec(command, commandCwd, childEnv);
        }
        return switch (type) {
            case MACOS_SEATBELT -> {
                childEnv.put(SandboxEnv.SANDBOX, "seatbelt");
                yield new SpawnSpec(SeatbeltPolicy.command(policy, policyCwd, env, command), commandCwd, childEnv);
            }
            case LINUX_SECCOMP -> linuxSpawn(policy, policyCwd, commandCwd, command, childEnv, false);
            case NONE -> new SpawnSpec(command, commandCwd, childEnv);
        };
    }

    private SpawnSpec linuxSpawn(
            SandboxPolicy policy,
            Path policyCwd,
            Path commandCwd,
            List<String> command,
            Map<String, String> env,
            boolean processGroup) {
        if (linuxHelper == null) {
            throw new CodexException(ExitCode.SANDBOX_UNAVAILABLE, "the Landlock/seccomp sandbox needs Linux");
        }
        List<String> launch = linuxHelper.command();
        List<String> argv = new ArrayList<>(launch);
        if (processGroup) {
            argv.add(LinuxSandboxMain.PROCESS_GROUP);
        }
        if (!(policy instanceof SandboxPolicy.DangerFullAccess) && fallbackReported()) {
            argv.add(LinuxSandboxMain.QUIET_FALLBACK);
        }
        argv.add("--sandbox-policy-cwd");
        argv.add(policyCwd.toAbsolutePath().toString());
        argv.add("--sandbox-policy");
        argv.add(SandboxPolicyJson.write(policy));
        argv.add("--");
        argv.addAll(command);
        Map<String, String> helperEnv = env;
        if (linuxHelper.isJvm()) {
            helperEnv = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : env.entrySet()) {
                String name = LinuxSandboxHelper.JVM_ENV.contains(e.getKey())
                        ? LinuxSandboxMain.RESTORE_PREFIX + e.getKey()
                        : e.getKey();
                helperEnv.put(name, e.getValue());
            }
        }
        return new SpawnSpec(argv, commandCwd, helperEnv, linuxHelper.isJvm() ? launch.size() : 0);
    }

    /**
     * How the Linux helper's JVM is started, when commands here go through one: a helper started ahead with these
     * arguments (and {@link io.codexquarkus.sandbox.linux.PrestartRequest#AWAIT}) can take a command's place later.
     */
    public Optional<List<String>> helperLaunch() {
        if (linuxHelper == null || !linuxHelper.isJvm()) {
            return Optional.empty();
        }
        return Optional.of(linuxHelper.command());
    }
}
