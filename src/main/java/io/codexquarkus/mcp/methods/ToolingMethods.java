package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.protocol.ConversationResponses;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.RequestContext;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.SpawnSpec;
import io.codexquarkus.tools.process.ExecOutput;
import io.codexquarkus.tools.process.ExecRequest;
import io.codexquarkus.tools.process.OutputListener;
import io.codexquarkus.tools.process.ProcessRunner;
import io.codexquarkus.tools.process.ShellEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** {@code gitDiffToRemote} and {@code execOneOffCommand}: commands run for the client outside any conversation. */
final class ToolingMethods {
    private final ConfigRequest startup;
    private final Map<String, String> processEnv;
    private final ProcessRunner runner = new ProcessRunner();
    private final Supplier<SandboxManager> sandbox;

    ToolingMethods(ConfigRequest startup, Map<String, String> processEnv, Supplier<SandboxManager> sandbox) {
        this.startup = startup;
        this.processEnv = Map.copyOf(processEnv);
        this.sandbox = sandbox;
    }

    void register(Map<String, MethodHandler> methods) {
        methods.put("gitDiffToRemote", this::gitDiffToRemote);
        methods.put("execOneOffCommand", this::execOneOffCommand);
    }

    private JsonNode gitDiffToRemote(RequestContext request) throws InterruptedException {
        Params params = Params.of(request);
        String given = params.requiredString("cwd");
        Path cwd = startup.cwd().resolve(given);
        Optional<GitDiffToRemote.Result> diff = new GitDiffToRemote(runner, processEnv).diff(cwd);
        if (diff.isEmpty()) {
            // upstream prints the path with Rust's Debug formatting: quoted
            throw McpException.invalidRequest("failed to compute git diff to remote for cwd: " + Json.write(given));
        }
        return Json.tree(new ConversationResponses.GitDiffToRemoteResponse(
                diff.get().sha(), diff.get().diff()));
    }

    /**
     * Runs an argv under the sandbox policy given, else the server's own ({@code sandbox_mode} of its startup config),
     * in {@code cwd} (default: the server's directory), with the environment {@code shell_environment_policy} allows.
     * A policy that needs a sandbox this host does not have is refused rather than run unconfined.
     */
    private JsonNode execOneOffCommand(RequestContext request) throws InterruptedException {
        Params params = Params.of(request);
        List<String> command = params.requiredStringList("command");
        if (command.isEmpty()) {
            throw McpException.invalidRequest("command must not be empty");
        }
        OptionalLong timeoutMs = params.count("timeoutMs");
        Optional<String> cwdParam = params.string("cwd");
        Optional<SandboxPolicy> policyParam = WireInput.sandboxPolicy(params, "sandboxPolicy");
        CodexConfig config;
        try {
            config = ConfigLoader.load(startup).config();
        } catch (CodexException e) {
            throw new McpException(JsonRpcError.INVALID_REQUEST, "error deriving config: " + e.getMessage());
        }
        Path cwd = cwdParam.map(c -> config.cwd().resolve(c)).orElse(config.cwd());
        if (!Files.isDirectory(cwd)) {
            throw params.invalid("cwd", "is not a directory: " + cwd);
        }
        SandboxPolicy policy =
                policyParam.orElseGet(() -> SandboxPolicy.from(config.sandboxMode(), config.sandboxWorkspaceWrite()));
        ExecOutput output;
        try {
            SandboxManager manager = sandbox.get();
            SandboxType type =
                    policy instanceof SandboxPolicy.DangerFullAccess ? SandboxType.NONE : manager.platformSandbox();
            if (type == SandboxType.NONE && !(policy instanceof SandboxPolicy.DangerFullAccess)) {
                throw McpException.internal("exec failed: no sandbox is available on this host to enforce the "
                        + policy.mode().wire() + " policy; pass sandboxPolicy {\"mode\":\"danger-full-access\"} to"
                        + " run the command unsandboxed");
            }
            manager.requireAvailable(type, policy);
            Map<String, String> env = ShellEnvironment.create(config.shellEnvironmentPolicy(), processEnv);
            if (type == SandboxType.NONE) {
                ProcessRunner.checkStartable(command.get(0), env, cwd); // a missing program stays a spawn error
            }
            SpawnSpec spawn = manager.prepareAgentCommand(type, policy, cwd, cwd, command, env);
            Optional<Duration> timeout =
                    timeoutMs.isPresent() ? Optional.of(Duration.ofMillis(timeoutMs.getAsLong())) : Optional.empty();
            output = runner.run(
                    new ExecRequest(spawn.argv(), spawn.cwd(), spawn.env(), timeout, request.cancellation()),
                    OutputListener.NONE);
        } catch (CodexException e) {
            // includes ExecSpawnException: the program is missing or cannot start
            throw McpException.internal("exec failed: " + e.getMessage());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("execOneOffCommand was interrupted");
        }
        return Json.tree(new ConversationResponses.ExecOneOffCommandResponse(
                output.exitCode(), output.stdout(), output.stderr()));
    }
}
