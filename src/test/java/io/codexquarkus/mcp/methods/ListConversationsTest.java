package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listConversations} over fake rollout files of both layouts. */
class ListConversationsTest {
    static final String A = "0199a000-0000-7000-8000-00000000000a";
    static final String B = "0199a000-0000-7000-8000-00000000000b";
    static final String C = "0199a000-0000-7000-8000-00000000000c";
    static final String D = "0199a000-0000-7000-8000-00000000000d";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private MethodsHarness mcp;

    @BeforeEach
    void start() throws Exception {
        mcp = new MethodsHarness(home, work, new ScriptedModelClient(), new TestTools(), List.of(), Map.of());
        mcp.client.initialize(true);
    }

    @AfterEach
    void stop() throws InterruptedException {
        mcp.close();
    }

    @Test
    void pagesNewestFirstWithAnOpaqueCursor() throws Exception {
        Path a = RolloutFiles.current(home, "2025-01-03T12-00-00", A, "2025-01-03T12:00:00.000Z", "Hello A");
        Path b = RolloutFiles.legacy(home, "2025-01-02T12-00-00", B, "2025-01-02T12:00:00Z", "Hello B");
        Path c = RolloutFiles.current(home, "2025-01-01T12-00-00", C, "2025-01-01T12:00:00.000Z", "Hello C");
        // a session without any user message is not listed
        Path empty = RolloutFiles.path(home, "2025-01-02T18-00-00", D);
        Files.writeString(
                empty,
                "{\"timestamp\":\"x\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + D
                        + "\",\"timestamp\":\"2025-01-02T18:00:00Z\"}}\n",
                StandardCharsets.UTF_8);

        JsonNode first = mcp.call("listConversations", "{\"pageSize\":2}");
        assertThat(first.path("items"))
                .isEqualTo(Json.parse("[" + item(A, a, "Hello A", "2025-01-03T12:00:00.000Z") + ","
                        + item(B, b, "Hello B", "2025-01-02T12:00:00Z") + "]"));
        String cursor = first.path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();

        JsonNode second = mcp.call("listConversations", "{\"pageSize\":2,\"cursor\":" + Json.write(cursor) + "}");
        assertThat(second)
                .isEqualTo(Json.parse("{\"items\":[" + item(C, c, "Hello C", "2025-01-01T12:00:00.000Z") + "]}"));

        JsonNode all = mcp.call("listConversations", null);
        assertThat(all.path("items")).hasSize(3);
        assertThat(all.has("nextCursor")).isFalse();
    }

    @Test
    void emptyHomeAndBadParams() throws Exception {
        assertThat(mcp.call("listConversations", "{}")).isEqualTo(Json.parse("{\"items\":[]}"));
        JsonNode cursor = mcp.error("listConversations", "{\"cursor\":\"page-2\"}");
        assertThat(cursor.path("code").asInt()).isEqualTo(-32602);
        assertThat(cursor.path("message").asText())
                .isEqualTo("listConversations: `cursor` is not a cursor returned by listConversations: `page-2`");
        JsonNode size = mcp.error("listConversations", "{\"pageSize\":0}");
        assertThat(size.path("message").asText()).isEqualTo("listConversations: `pageSize` must be at least 1");
        JsonNode type = mcp.error("listConversations", "{\"pageSize\":\"ten\"}");
        assertThat(type.path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void previewSkipsInjectedContextAndOlderPrefixes() throws Exception {
        Path file = RolloutFiles.legacy(
                home,
                "2025-02-01T00-00-00",
                A,
                "2025-02-01T00:00:00Z",
                "<prior context> ## My request for Codex:Count to 5");
        JsonNode list = mcp.call("listConversations", "{}");
        assertThat(list.path("items"))
                .isEqualTo(Json.parse("[" + item(A, file, "Count to 5", "2025-02-01T00:00:00Z") + "]"));
    }

    private static String item(String id, Path path, String preview, String timestamp) {
        return "{\"conversationId\":\"" + id + "\",\"path\":" + Json.write(path.toString()) + ",\"preview\":"
                + Json.write(preview) + ",\"timestamp\":" + Json.write(timestamp) + "}";
    }
}
