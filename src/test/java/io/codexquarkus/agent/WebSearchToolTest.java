package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.GoldenJson;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tool list each wire API is offered, with and without {@code tools.web_search} (golden files {@code
 * tools-<wire>-web-search-<on|off>.json}), and the search events of a Responses turn.
 */
class WebSearchToolTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private AgentHarness harness;

    @BeforeEach
    void wire() {
        harness = new AgentHarness(model, home, work);
    }

    @AfterEach
    void unwire() throws InterruptedException {
        harness.close();
    }

    private Codex start() throws InterruptedException {
        return harness.start(harness.config(work, "never", "read-only"));
    }

    private static String chatAnswer(String text) {
        return Sse.chat(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + Json.write(text) + "}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]");
    }

    @ParameterizedTest(name = "{0}, web_search = {1}")
    @CsvSource({"responses, true", "responses, false", "chat, true", "chat, false"})
    void theOfferedToolsPerWireApi(String wire, boolean webSearch) throws Exception {
        ViewImageTurnTest.writeConfig(model, home, wire, "[tools]\nweb_search = " + webSearch + "\n");
        model.script(wire.equals("chat") ? chatAnswer("ok") : answer("resp_1", "ok"));
        Codex codex = start();

        AgentHarness.runTurn(codex, "hi", AgentHarness.NO_APPROVAL);

        JsonNode tools = model.requests().getFirst().path("tools");
        GoldenJson.assertMatches("tools-" + wire + "-web-search-" + (webSearch ? "on" : "off") + ".json", tools);
        List<String> types = new ArrayList<>();
        tools.forEach(tool -> types.add(tool.path("type").asText()));
        boolean offered = webSearch && wire.equals("responses");
        assertThat(types.contains("web_search")).as("web_search offered").isEqualTo(offered);
        if (offered) {
            // as upstream's legacy tools.web_search = true: the plain built-in tool, just before view_image
            int at = types.indexOf("web_search");
            assertThat(tools.get(at)).isEqualTo(Json.parse("{\"type\":\"web_search\"}"));
            assertThat(tools.get(at + 1).path("name").asText()).isEqualTo("view_image");
        }
        String viewImageName = wire.equals("chat") ? "/function/name" : "/name";
        assertThat(tools.get(tools.size() - 1).at(viewImageName).asText()).isEqualTo("view_image");
    }

    @Test
    void viewImageHasUpstreamsNameAndSchema() throws Exception {
        model.script(answer("resp_1", "ok"));
        AgentHarness.runTurn(start(), "hi", AgentHarness.NO_APPROVAL);
        JsonNode ours = null;
        for (JsonNode tool : model.requests().getFirst().path("tools")) {
            if ("view_image".equals(tool.path("name").asText())) {
                ours = tool.deepCopy();
            }
        }
        assertThat(ours).as("view_image offered by default").isNotNull();
        ((ObjectNode) ours).remove("description");
        ((ObjectNode) ours.path("parameters").path("properties").path("path")).remove("description");

        JsonNode anchor = Json.MAPPER.readTree(
                Files.readString(Path.of("src/test/resources/golden/model/anchor-0.153.4-model-tools.json")));
        JsonNode upstream = null;
        for (JsonNode tool : anchor.path("tools")) {
            if ("view_image".equals(tool.path("name").asText())) {
                upstream = tool;
            }
        }
        assertThat(ours).isEqualTo(upstream);
    }

    @Test
    void aSearchTheModelRunsIsAnnouncedWhenItStartsAndWhenItEnds() throws Exception {
        ViewImageTurnTest.writeConfig(model, home, "responses", "[tools]\nweb_search = true\n");
        model.script(Sse.responses(
                Sse.created("resp_1"),
                """
                {"type":"response.output_item.added","output_index":0,
                 "item":{"type":"web_search_call","id":"ws_1","status":"in_progress"}}""",
                """
                {"type":"response.output_item.done","output_index":0,"item":{"type":"web_search_call","id":"ws_1",
                 "status":"completed","action":{"type":"search","query":"sealed interfaces java"}}}""",
                Sse.assistantMessageDone("Sealed interfaces arrived in Java 17."),
                Sse.completed("resp_1")));
        Codex codex = start();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "when did sealed arrive?", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(turn.all(EventMsg.WebSearchBegin.class)).containsExactly(new EventMsg.WebSearchBegin("ws_1"));
        assertThat(turn.all(EventMsg.WebSearchEnd.class))
                .containsExactly(new EventMsg.WebSearchEnd("ws_1", "sealed interfaces java"));
        assertThat(turn.indexOf(EventMsg.WebSearchBegin.class)).isLessThan(turn.indexOf(EventMsg.WebSearchEnd.class));
        assertThat(turn.all(EventMsg.TaskComplete.class).getFirst().lastAgentMessage())
                .isEqualTo("Sealed interfaces arrived in Java 17.");
    }
}
