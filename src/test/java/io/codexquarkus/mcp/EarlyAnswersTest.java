package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.codextool.ToolDefinitions;
import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code initialize} and {@code tools/list} answered before the server exists ({@link
 * io.codexquarkus.mcp.server.EarlyAnswers}), byte for byte as the server answers them, and the server, once up, knows
 * what the early {@code initialize} said and answers nothing twice.
 */
class EarlyAnswersTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private final List<InProcessMcp> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (InProcessMcp server : servers) {
            server.close();
        }
    }

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"elicitation\":{}},"
            + "\"clientInfo\":{\"name\":\"early client\",\"version\":\"7\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/list\"}";

    /** The raw answer lines to the opening exchange, then whatever else arrives up to the ping's answer. */
    private static List<String> openingExchange(McpTestClient client) throws InterruptedException {
        client.sendLine(INITIALIZE);
        client.readResponse(0);
        client.sendLine(INITIALIZED);
        client.sendLine(TOOLS_LIST);
        client.readUntil(m -> "list".equals(m.path("id").asText()), McpTestClient.TIMEOUT);
        return List.copyOf(client.rawLines());
    }

    @Test
    void theOpeningIsAnsweredBeforeTheServerIsUpAsTheServerAnswersIt() throws InterruptedException {
        InProcessMcp plain = new InProcessMcp(
                home,
                work,
                new ScriptedModelClient(),
                McpProtocolTest.NO_TOOLS,
                List.of(),
                Map.of("SHELL", "/bin/bash"));
        servers.add(plain);
        List<String> byServer = openingExchange(plain.client);

        InProcessMcp early =
                InProcessMcp.withEarlyAnswers(home, work, new ScriptedModelClient(), McpProtocolTest.NO_TOOLS);
        servers.add(early);
        List<String> beforeBoot = openingExchange(early.client); // no server thread has started yet

        assertThat(beforeBoot).hasSize(2).isEqualTo(byServer);
        assertThat(Json.parse(beforeBoot.get(1)).path("result")).isEqualTo(ToolDefinitions.toolsList());

        early.startServer();
        McpTestClient client = early.client;
        // the server replayed the early initialize: it knows the client (user agent suffix) and refuses a second one
        int agent = client.request("getUserAgent", null);
        assertThat(client.readResponse(agent).path("result").path("userAgent").asText())
                .endsWith("(early client; 7)");
        client.sendLine(INITIALIZE.replace("\"id\":0", "\"id\":5"));
        JsonNode again = client.readResponse(5);
        assertThat(again.path("error").path("message").asText()).contains("more than once");
        int list = client.request("tools/list", null);
        client.readResponse(list);
        assertThat(client.seen().stream()
                        .filter(m -> m.path("result").has("serverInfo"))
                        .count())
                .as("initialize answered once: %s", client.dump())
                .isEqualTo(1);
        assertThat(client.seen().stream()
                        .filter(m -> m.path("id").asText().equals("list"))
                        .count())
                .as("the early tools/list answered once")
                .isEqualTo(1);
    }

    @Test
    void anythingElseFirstIsLeftToTheServer() throws InterruptedException {
        InProcessMcp early =
                InProcessMcp.withEarlyAnswers(home, work, new ScriptedModelClient(), McpProtocolTest.NO_TOOLS);
        servers.add(early);
        McpTestClient client = early.client;
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"); // before initialize: declined
        client.sendLine(INITIALIZE);
        early.startServer();
        JsonNode list = client.readResponse(1);
        assertThat(list.path("result").path("tools").size()).isEqualTo(2);
        assertThat(client.readResponse(0).path("result").path("protocolVersion").asText())
                .isEqualTo("2025-06-18");
    }
}
