package io.codexquarkus.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.ModelFixtures;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatRequestBodyTest {
    private static JsonNode messages(List<ResponseItem> input) {
        Prompt prompt = new Prompt("sys", input, List.of(), false, Optional.empty());
        return ChatRequestBody.build(ModelFixtures.request(
                        ModelFixtures.provider("http://x/v1").chat().build(), "m", prompt))
                .get("messages");
    }

    @Test
    void consecutiveIdenticalAssistantMessagesAreSentOnce() {
        JsonNode messages = messages(List.of(
                ResponseItem.Message.user("q"),
                ResponseItem.Message.assistant("same"),
                ResponseItem.Message.assistant("same"),
                ResponseItem.Message.assistant("other"),
                ResponseItem.Message.user("again"),
                ResponseItem.Message.assistant("other")));
        assertThat(messages.findValuesAsText("content")).containsExactly("sys", "q", "same", "other", "again", "other");
    }

    @Test
    void reasoningIsDroppedWhenTheConversationEndsWithTheUser() {
        JsonNode messages = messages(List.of(
                ResponseItem.Message.user("q"),
                new ResponseItem.Reasoning(
                        null, List.of(), List.of(new ResponseItem.ReasoningContent("reasoning_text", "t")), null),
                ResponseItem.Message.assistant("a"),
                ResponseItem.Message.user("next")));
        assertThat(Json.write(messages)).doesNotContain("reasoning");
    }

    @Test
    void outputSchemaIsNotSupported() {
        Prompt prompt = new Prompt("sys", List.of(), List.of(), false, Optional.of(Json.parse("{}")));
        assertThatThrownBy(() -> ChatRequestBody.build(ModelFixtures.request(
                        ModelFixtures.provider("http://x/v1").chat().build(), "m", prompt)))
                .hasMessage("output_schema is not supported for Chat Completions API");
    }
}
