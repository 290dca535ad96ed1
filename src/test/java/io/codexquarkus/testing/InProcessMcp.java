package io.codexquarkus.testing;

import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.McpServer;
import io.codexquarkus.mcp.server.EarlyAnswers;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.protocol.ClientIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real {@link McpServer} on in-memory pipes, for protocol tests that do not need a subprocess; {@code env} is the
 * server's environment (for its configuration and its sessions).
 */
public final class InProcessMcp {
    public final McpTestClient client;
    private final Thread server;

    public InProcessMcp(
            Path home,
            Path cwd,
            ModelClient model,
            ToolRouter tools,
            List<String> startupOverrides,
            Map<String, String> env) {
        this(home, cwd, model, tools, startupOverrides, env, false);
    }

    /**
     * The server behind {@link EarlyAnswers}, as {@code codex-quarkus mcp} starts it: stdin is read (and {@code
     * initialize} / {@code tools/list} answered) from now on, the server itself only after {@link #startServer}.
     */
    public static InProcessMcp withEarlyAnswers(Path home, Path cwd, ModelClient model, ToolRouter tools) {
        return new InProcessMcp(home, cwd, model, tools, List.of(), Map.of("SHELL", "/bin/bash"), true);
    }

    private InProcessMcp(
            Path home,
            Path cwd,
            ModelClient model,
            ToolRouter tools,
            List<String> startupOverrides,
            Map<String, String> env,
            boolean early) {
        try {
            Pipe toServer = Pipe.open();
            Pipe toClient = Pipe.open();
            InputStream pipeIn = Channels.newInputStream(toServer.source());
            OutputStream clientOut = Channels.newOutputStream(toServer.sink());
            InputStream clientIn = Channels.newInputStream(toClient.source());
            OutputStream serverOut = Channels.newOutputStream(toClient.sink());
            InputStream serverIn = early ? EarlyAnswers.start(pipeIn, serverOut, "codex_cli_rs", "0.1.0") : pipeIn;
            ConfigRequest startup = new ConfigRequest(
                    new CodexHome(home),
                    cwd,
                    Optional.empty(),
                    List.of(ConfigRequest.cliOverrides(startupOverrides)),
                    env);
            SessionServices services = new SessionServices(
                    model, tools, new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()), env);
            McpServer mcp = new McpServer(startup, services);
            Runnable serve = () -> {
                mcp.serve(serverIn, serverOut);
                try {
                    serverOut.close();
                } catch (IOException e) {
                    // the test side is gone
                }
            };
            Thread.Builder builder = Thread.ofPlatform().daemon().name("in-process-mcp");
            this.server = early ? builder.unstarted(serve) : builder.start(serve);
            this.client = new McpTestClient(clientOut, clientIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server of {@link #withEarlyAnswers} (the other constructor starts it at once). */
    public void startServer() {
        server.start();
    }

    public void close() throws InterruptedException {
        client.closeInput();
        server.join(10_000);
    }
}
