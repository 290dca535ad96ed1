package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.functionCall;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code view_image} in real turns: the model calls it, and the next request carries the picture, as an {@code
 * input_image} message on the Responses API and as an {@code image_url} part on Chat Completions; the rollout keeps it.
 */
class ViewImageTurnTest {
    private static final String PNG_URL = TestImages.PNG_URL;

    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private AgentHarness harness;

    @BeforeEach
    void wire() throws IOException {
        harness = new AgentHarness(model, home, work);
        Files.write(work.resolve("pixel.png"), TestImages.PNG);
    }

    @AfterEach
    void unwire() throws InterruptedException {
        harness.close();
    }

    /** config.toml for the mock provider on {@code wire}, with {@code extraToml} at the top level. */
    static void writeConfig(MockModelServer model, Path home, String wire, String extraToml) throws IOException {
        Files.writeString(home.resolve("config.toml"), """
                model = "mock-model"
                model_provider = "mock"
                %s
                [model_providers.mock]
                name = "mock"
                base_url = "%s"
                wire_api = "%s"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(extraToml, model.baseUrl(), wire));
    }

    private Codex start() throws InterruptedException {
        return harness.start(harness.config(work, "never", "read-only"));
    }

    private static String viewImage(String callId, String path) {
        return functionCall(callId, "view_image", Map.of("path", path));
    }

    @Test
    void onTheResponsesApiTheNextRequestCarriesTheImageRightAfterTheCallOutput() throws Exception {
        model.script(items("resp_1", viewImage("call_img", "pixel.png")), answer("resp_2", "A single pixel."));
        Codex codex = start();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "look at pixel.png", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.getFirst().path("tools").findValuesAsText("name")).contains("view_image");
        List<JsonNode> input = new ArrayList<>();
        requests.get(1).path("input").forEach(input::add);
        assertThat(functionCallOutput(requests.get(1), "call_img")).isEqualTo("attached local image path");
        int output = indexOf(input, "function_call_output");
        JsonNode image = input.get(output + 1);
        assertThat(image)
                .isEqualTo(Json.parse("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                        + "\"image_url\":\"" + PNG_URL + "\"}]}"));
        assertThat(input).hasSize(output + 2); // nothing after the picture: it is the last thing the model sees
        assertThat(Files.readString(codex.rolloutPath()))
                .as("the rollout records the image message")
                .contains("\"input_image\"")
                .contains(PNG_URL);
    }

    @Test
    void onChatCompletionsTheImageIsAnImageUrlPartAfterTheToolMessage() throws Exception {
        writeConfig(model, home, "chat", "");
        String call = Sse.chat(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_img\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"view_image\",\"arguments\":"
                        + Json.write(Json.write(Map.of("path", "pixel.png"))) + "}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]");
        String done = Sse.chat(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A single pixel.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "[DONE]");
        model.script(call, done);
        Codex codex = start();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "look at pixel.png", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(2);
        JsonNode messages = requests.get(1).path("messages");
        JsonNode tool = messages.get(messages.size() - 2);
        assertThat(tool)
                .isEqualTo(Json.parse(
                        "{\"role\":\"tool\",\"tool_call_id\":\"call_img\",\"content\":\"attached local image path\"}"));
        assertThat(messages.get(messages.size() - 1))
                .isEqualTo(
                        Json.parse("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                                + PNG_URL + "\"}}]}"));
    }

    @Test
    void aMissingFileIsTheCallsOutputAndNoImageIsSent() throws Exception {
        model.script(items("resp_1", viewImage("call_img", "gone.png")), answer("resp_2", "No such picture."));
        Codex codex = start();

        AgentHarness.runTurn(codex, "look at gone.png", AgentHarness.NO_APPROVAL);

        JsonNode second = model.requests().get(1);
        assertThat(functionCallOutput(second, "call_img"))
                .isEqualTo("unable to locate image at `" + work.resolve("gone.png") + "`: no such file");
        assertThat(second.path("input").findValues("image_url")).isEmpty();
    }

    @Test
    void whenViewImageIsOffItIsNeitherOfferedNorRun() throws Exception {
        writeConfig(model, home, "responses", "[tools]\nview_image = false\n");
        model.script(items("resp_1", viewImage("call_img", "pixel.png")), answer("resp_2", "ok"));
        Codex codex = start();

        AgentHarness.runTurn(codex, "look", AgentHarness.NO_APPROVAL);

        List<JsonNode> requests = model.requests();
        assertThat(requests.getFirst().path("tools").findValuesAsText("name")).doesNotContain("view_image");
        assertThat(functionCallOutput(requests.get(1), "call_img")).isEqualTo("unsupported call: view_image");
        assertThat(requests.get(1).path("input").findValues("image_url")).isEmpty();
    }

    private static int indexOf(List<JsonNode> input, String type) {
        for (int i = 0; i < input.size(); i++) {
            if (type.equals(input.get(i).path("type").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in " + input);
    }
}
