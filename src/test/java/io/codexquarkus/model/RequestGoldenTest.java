package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.auth.ModelAuth;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModelServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact requests both wire APIs send (method, path and query, headers, body), pinned by golden files in {@code
 * src/test/resources/golden/model/}. Transport headers (Host, Content-Length, Connection) are left out.
 */
class RequestGoldenTest {
    private static final List<String> TRANSPORT_HEADERS = List.of("host", "content-length", "connection");

    @RegisterExtension
    static final MockModelServer MODEL = MockModelServer.perClass();

    @BeforeEach
    void reset() {
        MODEL.server().always(new MockModel.Sse(Sse.textAnswer("resp_g", "ok") + Sse.chat("[DONE]")));
    }

    /** A conversation with every item type, as the agent would re-send it. */
    static List<ResponseItem> history() {
        return List.of(
                ResponseItem.Message.developer("Follow the repository conventions."),
                new ResponseItem.Message(
                        "msg_u1",
                        "user",
                        List.of(
                                new ContentItem.InputText("Fix the failing test ✓"),
                                new ContentItem.InputImage("data:image/png;base64,iVBORw0KGgo="))),
                new ResponseItem.Reasoning(
                        "rs_1",
                        List.of(ResponseItem.SummaryText.of("**Looking at the test**")),
                        List.of(new ResponseItem.ReasoningContent("reasoning_text", "I should run it.")),
                        "gAAAAB-encrypted"),
                new ResponseItem.FunctionCall("fc_1", "shell", "{\"command\":[\"cargo\",\"test\"]}", "call_1"),
                ResponseItem.FunctionCallOutput.of(
                        "call_1", "{\"output\":\"1 failed\",\"metadata\":{\"exit_code\":101}}", false),
                new ResponseItem.LocalShellCall(
                        "lsh_1",
                        "call_2",
                        "completed",
                        new ResponseItem.LocalShellAction("exec", List.of("ls", "-la"), 1000L, "/repo", null, null)),
                ResponseItem.FunctionCallOutput.of("call_2", "total 0", true),
                new ResponseItem.CustomToolCall(
                        "ctc_1", "completed", "call_3", "apply_patch", "*** Begin Patch\n*** End Patch\n"),
                new ResponseItem.CustomToolCallOutput("call_3", "Success. Updated the following files:\nM a.rs\n"),
                new ResponseItem.WebSearchCall(
                        "ws_1", "completed", Json.parse("{\"type\":\"search\",\"query\":\"rust test\"}")),
                new ResponseItem.Other(),
                new ResponseItem.Reasoning(
                        "rs_2", List.of(), List.of(new ResponseItem.ReasoningContent("text", "plain thought")), null),
                new ResponseItem.Message(
                        "msg_a1", "assistant", List.of(new ContentItem.OutputText("The test passes now."))));
    }

    static List<JsonNode> tools() {
        return List.of(
                Json.parse("""
                        {"type":"function","name":"shell","description":"Runs a command.","strict":false,
                         "parameters":{"type":"object","properties":{"command":{"type":"array",
                         "items":{"type":"string"}},"workdir":{"type":"string"}},"required":["command"],
                         "additionalProperties":false}}"""),
                Json.parse("""
                        {"type":"custom","name":"apply_patch","description":"Edits files.",
                         "format":{"type":"grammar","syntax":"lark","definition":"start: patch"}}"""),
                Json.parse("{\"type\":\"local_shell\"}"),
                Json.parse("{\"type\":\"web_search\"}"));
    }

    private static JsonNode captured() {
        List<MockModel.Request> requests = MODEL.server().requests();
        assertThat(requests).hasSize(1);
        MockModel.Request request = requests.getFirst();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("method", request.method());
        out.put("url", request.path());
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach((key, value) -> {
            String name = key.toLowerCase(Locale.ROOT);
            if (!TRANSPORT_HEADERS.contains(name)) {
                headers.put(name, value);
            }
        });
        out.set("headers", Json.MAPPER.valueToTree(headers));
        out.set("body", Json.parse(request.body()));
        return out;
    }

    private static void send(ModelRequest request, AuthProvider login, Map<String, String> env) {
        try (ModelClient client = ModelClients.create(login, ModelFixtures.options(env, new RecordingSleeper()))) {
            List<ResponseEvent> events = collect(client.stream(request));
            assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        }
    }

    @Test
    void responsesRequestWithChatGptLogin() {
        ModelFixtures.Provider provider =
                ModelFixtures.provider("http://127.0.0.1:" + MODEL.server().port() + "/backend-api/codex");
        provider.id = "openai";
        provider.name = "OpenAI";
        provider.envKey = Optional.empty();
        provider.requiresOpenaiAuth = true;
        provider.httpHeaders.put("version", "0.1.0");
        provider.envHttpHeaders.put("OpenAI-Organization", "OPENAI_ORGANIZATION");
        provider.envHttpHeaders.put("OpenAI-Project", "OPENAI_PROJECT");
        Prompt prompt = new Prompt(
                "You are Codex, a coding agent.",
                history(),
                tools(),
                true,
                Optional.of(Json.parse("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},"
                        + "\"required\":[\"answer\"],\"additionalProperties\":false}")));
        ModelRequest request = new ModelRequest(
                provider.build(),
                "gpt-5",
                ModelFixtures.CONVERSATION,
                Optional.of(ReasoningEffort.HIGH),
                ReasoningSummary.DETAILED,
                Optional.of(Verbosity.LOW),
                new ClientIdentity("codex_cli_rs", "0.1.0", Optional.of("claude-code; 1.0.42")),
                prompt);
        AuthProvider login = new AuthProvider() {
            @Override
            public Optional<ModelAuth> current() {
                return Optional.of(new ModelAuth.ChatGpt("chatgpt-access-token", Optional.of("acct-123")));
            }

            @Override
            public Optional<ModelAuth> refreshAfterUnauthorized() {
                return Optional.empty();
            }
        };

        send(request, login, Map.of("OPENAI_ORGANIZATION", "org-42", "OPENAI_PROJECT", " "));

        GoldenJson.assertMatches("responses-chatgpt-request.json", captured());
    }

    @Test
    void responsesRequestForAModelWithoutReasoning() {
        ModelFixtures.Provider provider = ModelFixtures.provider(MODEL.baseUrl());
        provider.queryParams.put("api-version", "2025-04-01-preview");
        provider.queryParams.put("flag", "a,b");
        Prompt prompt = new Prompt(
                "Be brief.", List.of(ResponseItem.Message.user("hello")), List.of(), false, Optional.empty());
        ModelRequest request = new ModelRequest(
                provider.build(),
                "gpt-4.1",
                ModelFixtures.CONVERSATION,
                Optional.of(ReasoningEffort.HIGH),
                ReasoningSummary.AUTO,
                Optional.of(Verbosity.HIGH),
                ModelFixtures.identity(),
                prompt);

        send(request, AuthProvider.none(), ModelFixtures.env());

        GoldenJson.assertMatches("responses-plain-request.json", captured());
    }

    @Test
    void azureRequestStoresAndSendsItemIds() {
        ModelFixtures.Provider provider =
                ModelFixtures.provider("http://127.0.0.1:" + MODEL.server().port() + "/openai");
        provider.name = "Azure";
        provider.envKey = Optional.of("AZURE_OPENAI_API_KEY");
        provider.queryParams.put("api-version", "2025-04-01-preview");
        Prompt prompt = new Prompt("Azure instructions.", history(), List.of(), false, Optional.empty());
        ModelRequest request = new ModelRequest(
                provider.build(),
                "gpt-5-codex",
                ModelFixtures.CONVERSATION,
                Optional.empty(),
                ReasoningSummary.NONE,
                Optional.of(Verbosity.LOW),
                ModelFixtures.identity(),
                prompt);

        send(request, AuthProvider.none(), Map.of("AZURE_OPENAI_API_KEY", "azure-key"));

        GoldenJson.assertMatches("responses-azure-request.json", captured());
    }

    @Test
    void chatRequest() {
        ModelFixtures.Provider provider =
                ModelFixtures.provider(MODEL.baseUrl()).chat();
        provider.id = "oss";
        provider.name = "gpt-oss";
        provider.envKey = Optional.empty();
        List<ResponseItem> input = new ArrayList<>(history());
        // the turn goes on after the answer: its reasoning rides on the assistant messages and tool calls
        input.add(new ResponseItem.Reasoning(
                null, List.of(), List.of(new ResponseItem.ReasoningContent("reasoning_text", "Check again.")), null));
        input.add(new ResponseItem.FunctionCall(null, "shell", "{\"command\":[\"git\",\"diff\"]}", "call_4"));
        input.add(ResponseItem.FunctionCallOutput.of("call_4", "diff --git", true));
        input.add(ResponseItem.Message.assistant("The test passes now."));
        Prompt prompt = new Prompt("You are a local model.", input, tools(), false, Optional.empty());
        ModelRequest request = new ModelRequest(
                provider.build(),
                "gpt-oss:20b",
                ModelFixtures.CONVERSATION,
                Optional.of(ReasoningEffort.LOW),
                ReasoningSummary.AUTO,
                Optional.empty(),
                ModelFixtures.identity(),
                prompt);

        send(request, AuthProvider.none(), Map.of());

        GoldenJson.assertMatches("chat-request.json", captured());
    }
}
