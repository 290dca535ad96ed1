package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.ClientCommands;
import io.codexquarkus.agent.session.Cancellation;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
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
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("sha", diff.get().sha());
        result.put("diff", diff.get().diff());
        return result;
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
        Cancellation cancellation = new Cancellation();
        request.onCancel(cancellation::cancel);
        ClientCommands.Result output;
        try {
            output = commands.exec(command, cwd, policy, config.shellEnvironmentPolicy(), timeout, cancellation);
        } catch (CodexException e) {
            // the sandbox cannot enforce the policy, or the program is missing or cannot start
            throw McpException.internal("exec failed: " + e.getMessage());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("execOneOffCommand was interrupted");
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("exitCode", output.exitCode());
        result.put("stdout", output.stdout());
        result.put("stderr", output.stderr());
        return result;
    }
}
