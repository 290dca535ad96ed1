package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.McpServer;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.testing.McpTestClient;
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

/** An MCP server on in-memory pipes (the real {@link McpServer}), with helpers for the Codex methods. */
final class MethodsHarness {
    final McpTestClient client;
    private final Thread server;

    MethodsHarness(
            Path home,
            Path cwd,
            ModelClient model,
            ToolRouter tools,
            List<String> startupOverrides,
            Map<String, String> env) {
        try {
            Pipe toServer = Pipe.open();
            Pipe toClient = Pipe.open();
            InputStream serverIn = Channels.newInputStream(toServer.source());
            OutputStream clientOut = Channels.newOutputStream(toServer.sink());
            InputStream clientIn = Channels.newInputStream(toClient.source());
            OutputStream serverOut = Channels.newOutputStream(toClient.sink());
            ConfigRequest startup = new ConfigRequest(
                    new CodexHome(home),
                    cwd,
                    Optional.empty(),
                    List.of(ConfigRequest.cliOverrides(startupOverrides)),
                    env);
            SessionServices services = new SessionServices(
                    model, tools, new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()), env);
            McpServer mcp = new McpServer(startup, services);
            this.server = Thread.ofPlatform().daemon().name("methods-mcp").start(() -> {
                mcp.serve(serverIn, serverOut);
                try {
                    serverOut.close();
                } catch (IOException e) {
                    // the test side is gone
                }
            });
            this.client = new McpTestClient(clientOut, clientIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and returns its {@code result}, failing the test on an error response. */
    JsonNode call(String method, String paramsJson) throws InterruptedException {
        JsonNode response = respond(method, paramsJson);
        assertThat(response.has("error")).as("%s answered %s", method, response).isFalse();
        return response.path("result");
    }

    /** Sends a request and returns the whole response (result or error). */
    JsonNode respond(String method, String paramsJson) throws InterruptedException {
        int id = client.request(method, paramsJson == null ? null : Json.parse(paramsJson));
        return client.readResponse(id);
    }

    /** Sends a request that must fail; returns its {@code error}. */
    JsonNode error(String method, String paramsJson) throws InterruptedException {
        JsonNode response = respond(method, paramsJson);
        assertThat(response.has("error")).as("%s answered %s", method, response).isTrue();
        return response.path("error");
    }

    void close() throws InterruptedException {
        client.closeInput();
        server.join(10_000);
    }
}
