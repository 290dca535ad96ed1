package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.ClientCommands;
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
import io.codexquarkus.sandbox.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code gitDiffToRemote} and {@code execOneOffCommand}: commands run for the client outside any conversation. */
final class ToolingMethods {
    private final ConfigRequest startup;
    private final ClientCommands commands;

    ToolingMethods(ConfigRequest startup, ClientCommands commands) {
        this.startup = startup;
        this.commands = commands;
    }

    void register(Map<String, MethodHandler> methods) {
        methods.put("gitDiffToRemote", this::gitDiffToRemote);
        methods.put("execOneOffCommand", this::execOneOffCommand);
    }

    private JsonNode gitDiffToRemote(RequestContext request) throws InterruptedException {
        Params params = Params.of(request);
        String given = params.requiredString("cwd");
        Path cwd = startup.cwd().resolve(given);
        Optional<ClientCommands.GitDiff> diff = commands.gitDiffToRemote(cwd);
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
        if (!(policy instanceof SandboxPolicy.DangerFullAccess) && !commands.canSandbox()) {
            throw McpException.internal("exec failed: no sandbox is available on this host to enforce the "
                    + policy.mode().wire() + " policy; pass sandboxPolicy {\"mode\":\"danger-full-access\"} to"
                    + " run the command unsandboxed");
        }
        Optional<Duration> timeout =
                timeoutMs.isPresent() ? Optional.of(Duration.ofMillis(timeoutMs.getAsLong())) : Optional.empty();
        ClientCommands.Result output;
        try {
            output = commands.exec(
                    command, cwd, policy, config.shellEnvironmentPolicy(), timeout, request.cancellation());
        } catch (CodexException e) {
            // the sandbox cannot enforce the policy, or the program is missing or cannot start
            throw McpException.internal("exec failed: " + e.getMessage());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("execOneOffCommand was interrupted");
        }
        return Json.tree(new ConversationResponses.ExecOneOffCommandResponse(
                output.exitCode(), output.stdout(), output.stderr()));
    }
}
