package io.codexquarkus.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.tools.command.CommandSummaries;
import io.codexquarkus.tools.git.GitDiffToRemote;
import io.codexquarkus.tools.process.ExecOutput;
import io.codexquarkus.tools.process.ExecSpawnException;
import io.codexquarkus.tools.process.OutputListener;
import io.codexquarkus.tools.process.ProcessRunner;
import io.codexquarkus.tools.process.SandboxedExec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a front end runs for its client outside any conversation — a one-off command under a sandbox policy, the git
 * diff against the remote — and how it shows a command, so that front ends need not reach into the tools or the
 * sandbox. The sandbox is probed on first use (one-off commands are rare). Thread-safe.
 */
public final class ClientCommands {
    private final Map<String, String> processEnv;
    private final ProcessRunner runner = new ProcessRunner();
    private SandboxedExec exec;

    /** @param processEnv this process's environment: commands get what their environment policy keeps of it */
    public ClientCommands(Map<String, String> processEnv) {
        this.processEnv = Map.copyOf(processEnv);
    }

    /** What a one-off command printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** The commit a remote already has and the working tree's diff against it. */
    public record GitDiff(String sha, String diff) {}

    /** Whether this host can confine commands to a policy short of danger-full-access. */
    public boolean canSandbox() {
        return exec().platformSandbox() != SandboxType.NONE;
    }

    /**
     * Runs {@code argv} in {@code cwd} under {@code policy} (the host's sandbox, or none for danger-full-access) with
     * captured output, and waits for it.
     *
     * @param timeout how long it may run; empty means the shell tool's default
     * @throws io.codexquarkus.common.CodexException when the sandbox cannot enforce the policy here or the program
     *     cannot start; the message is one line
     */
    public Result exec(
            List<String> argv,
            Path cwd,
            SandboxPolicy policy,
            ShellEnvironmentPolicy environment,
            Optional<Duration> timeout,
            Cancellation cancellation)
            throws ExecSpawnException {
        SandboxedExec sandboxed = exec();
        SandboxType type =
                policy instanceof SandboxPolicy.DangerFullAccess ? SandboxType.NONE : sandboxed.platformSandbox();
        ExecOutput output = sandboxed.run(new SandboxedExec.Request(
                type,
                policy,
                cwd,
                cwd,
                argv,
                environment,
                timeout,
                cancellation,
                new SandboxedExec.Output.Captured(OutputListener.NONE)));
        return new Result(output.exitCode(), output.stdout(), output.stderr());
    }

    /** The diff, or empty when {@code cwd} is not in a git work tree or no remote-tracking ref is usable. */
    public Optional<GitDiff> gitDiffToRemote(Path cwd) throws InterruptedException {
        return new GitDiffToRemote(runner, processEnv)
                .diff(cwd)
                .map(result -> new GitDiff(result.sha(), result.diff()));
    }

    /** The display summary of a command ({@code parsed_cmd}: reads, listings, searches, unknown), as JSON. */
    public static JsonNode parsedCommand(List<String> argv) {
        return Json.tree(CommandSummaries.summarise(argv));
    }

    private synchronized SandboxedExec exec() {
        if (exec == null) {
            exec = new SandboxedExec(SandboxManager.forEnvironment(processEnv), runner, processEnv);
        }
        return exec;
    }
}
