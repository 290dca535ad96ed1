package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpTestClient;

/** Raw MCP 2026-07-28 requests for the subprocess tests: the per-request {@code _meta}, calls and their retries. */
final class ModernCalls {
    static final String VERSION = "2026-07-28";

    private ModernCalls() {}

    static void assertNoServerRequest(McpTestClient client) {
        assertThat(client.seen())
                .as("a 2026-07-28 server never writes a JSON-RPC request")
                .noneMatch(m -> m.has("method") && m.has("id"));
    }

    /** Params with the per-request {@code _meta} of 2026-07-28; {@code token} becomes the progress token. */
    static ObjectNode params(boolean elicitation, Integer token) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        ObjectNode capabilities = meta.putObject("io.modelcontextprotocol/clientCapabilities");
        if (elicitation) {
            capabilities.putObject("elicitation").putObject("form");
        }
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "modern approval test")
                .put("version", "0");
        if (token != null) {
            meta.put("progressToken", token);
        }
        return params;
    }

    /** A modern {@code tools/call}; returns its id. */
    static int call(McpTestClient client, String tool, JsonNode arguments, boolean elicitation, int token) {
        ObjectNode params = params(elicitation, token);
        params.put("name", tool);
        params.set("arguments", arguments);
        return client.request("tools/call", params);
    }

    /** The retry of a call: new id, same name and arguments, the answers and the echoed state. */
    static int retry(McpTestClient client, JsonNode arguments, String requestState, JsonNode responses, int token) {
        ObjectNode params = params(true, token);
        params.put("name", "codex");
        params.set("arguments", arguments);
        params.set("inputResponses", responses);
        params.put("requestState", requestState);
        return client.request("tools/call", params);
    }

    static JsonNode answer(String key, String action, String decision) {
        ObjectNode responses = Json.MAPPER.createObjectNode();
        ObjectNode response = responses.putObject(key).put("action", action);
        if (decision != null) {
            response.putObject("content").put("decision", decision);
        }
        return responses;
    }
}
