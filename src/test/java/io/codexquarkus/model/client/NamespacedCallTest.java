package io.codexquarkus.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.ModelFixtures;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A call of a namespace's function (MCP tools on the Responses API): read with its {@code namespace}, sent back with
 * it on the Responses API, and under its flat {@code <namespace>__<name>} on Chat Completions, which has no namespaces.
 */
class NamespacedCallTest {
    private static final String STREAMED = """
            {"type":"function_call","id":"fc_1","status":"completed","name":"get_sum","namespace":"mcp__docs",\
            "arguments":"{\\"a\\":1}","call_id":"call_1"}""";

    @Test
    void theNamespaceIsReadAndSentBack() throws Exception {
        ResponseItem item = Json.MAPPER.treeToValue(Json.parse(STREAMED), ResponseItem.class);

        assertThat(item)
                .isEqualTo(new ResponseItem.FunctionCall("fc_1", "get_sum", "mcp__docs", "{\"a\":1}", "call_1"));
        assertThat(ItemTrees.tree(item))
                .isEqualTo(Json.parse("{\"type\":\"function_call\",\"name\":\"get_sum\",\"namespace\":\"mcp__docs\","
                        + "\"arguments\":\"{\\\"a\\\":1}\",\"call_id\":\"call_1\"}"));
        assertThat(ItemTrees.tree(new ResponseItem.FunctionCall(null, "shell", "{}", "call_2"))
                        .has("namespace"))
                .isFalse();
    }

    @Test
    void chatCompletionsGetsTheFlatName() throws Exception {
        ResponseItem call = Json.MAPPER.treeToValue(Json.parse(STREAMED), ResponseItem.class);
        Prompt prompt = new Prompt(
                "instructions",
                List.of(
                        ResponseItem.Message.user("add"),
                        call,
                        ResponseItem.FunctionCallOutput.of("call_1", "1", true)),
                List.of(),
                false,
                Optional.empty());
        ModelRequest request = ModelFixtures.request(
                ModelFixtures.provider("http://localhost:1").build(), "gpt-oss", prompt);

        JsonNode body = ChatRequestBody.build(request);

        assertThat(body.findValuesAsText("name")).contains("mcp__docs__get_sum");
    }
}
