package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.McpServer;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.McpTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An MCP server on in-memory pipes (the real {@link McpServer}), with helpers for the Codex methods. */
final class MethodsHarness {
    final McpTestClient client;
    private final InProcessMcp mcp;

    MethodsHarness(
            Path home,
            Path cwd,
            ModelClient model,
            ToolRouter tools,
            List<String> startupOverrides,
            Map<String, String> env) {
        this.mcp = new InProcessMcp(home, cwd, model, tools, startupOverrides, env);
        this.client = mcp.client;
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
        mcp.close();
    }
}
