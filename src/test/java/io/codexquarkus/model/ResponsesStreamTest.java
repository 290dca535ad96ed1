package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.provider;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Responses API streams served by the mock model as real chunked SSE, events split across chunks. */
class ResponsesStreamTest {
    @RegisterExtension
    static final MockModelServer MODEL = MockModelServer.perClass();

    private static ModelClient client;

    @BeforeAll
    static void start() {
        client = ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @BeforeEach
    void reset() {
        MODEL.reset();
    }

    private void serve(String sse, int chunks) {
        MODEL.server().script(new MockModel.Dribbled(sse, chunks, Duration.ofMillis(300)));
    }

    private List<ResponseEvent> stream(String model) {
        return collect(client.stream(request(provider(MODEL.baseUrl()).build(), model, prompt("hi"))));
    }

    @Test
    void textAnswerArrivesAsCreatedDeltasMessageAndCompleted() {
        serve(Sse.textAnswer("resp_1", "Hel", "lo, ", "wörld ✓"), 17);

        List<ResponseEvent> events = stream("gpt-5");

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.Created(),
                        new ResponseEvent.OutputTextDelta("Hel"),
                        new ResponseEvent.OutputTextDelta("lo, "),
                        new ResponseEvent.OutputTextDelta("wörld ✓"),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Message(
                                "msg_1", "assistant", List.of(new ContentItem.OutputText("Hello, wörld ✓")))),
                        new ResponseEvent.Completed("resp_1", Optional.of(new TokenUsage(10, 0, 5, 0, 15))));
        assertThat(MODEL.server().requests())
                .singleElement()
                .satisfies(r -> assertThat(r.method() + " " + r.path()).isEqualTo("POST /v1/responses"));
    }

    @Test
    void functionCallItemIsParsed() {
        serve(Sse.responses(Sse.created("resp_2"), """
                        {"type":"response.output_item.added","output_index":0,"item":{"type":"function_call",
                         "id":"fc_1","status":"in_progress","arguments":"","call_id":"call_1","name":"shell"}}""", """
                        {"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,
                         "delta":"{\\"command\\":"}""", """
                        {"type":"response.output_item.done","output_index":0,"item":{"type":"function_call",
                         "id":"fc_1","status":"completed","arguments":"{\\"command\\":[\\"ls\\",\\"-la\\"]}",
                         "call_id":"call_1","name":"shell"}}""", Sse.completed("resp_2")), 9);

        List<ResponseEvent> events = stream("gpt-5");

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.Created(),
                        new ResponseEvent.OutputItemDone(new ResponseItem.FunctionCall(
                                "fc_1", "shell", "{\"command\":[\"ls\",\"-la\"]}", "call_1")),
                        new ResponseEvent.Completed("resp_2", Optional.of(new TokenUsage(10, 0, 5, 0, 15))));
    }

    @Test
    void reasoningSummaryDeltasPartsAndTheReasoningItem() {
        serve(
                Sse.responses(Sse.created("resp_3"), """
                        {"type":"response.output_item.added","output_index":0,
                         "item":{"type":"reasoning","id":"rs_1","summary":[]}}""", """
                        {"type":"response.reasoning_summary_part.added","item_id":"rs_1","output_index":0,
                         "summary_index":0,"part":{"type":"summary_text","text":""}}""", """
                        {"type":"response.reasoning_summary_text.delta","item_id":"rs_1","output_index":0,
                         "summary_index":0,"delta":"**Planning**"}""", """
                        {"type":"response.reasoning_summary_text.done","item_id":"rs_1","output_index":0,
                         "summary_index":0,"text":"**Planning**"}""", """
                        {"type":"response.reasoning_summary_part.added","item_id":"rs_1","output_index":0,
                         "summary_index":1,"part":{"type":"summary_text","text":""}}""", """
                        {"type":"response.reasoning_summary_text.delta","item_id":"rs_1","output_index":0,
                         "summary_index":1,"delta":"Listing files"}""", """
                        {"type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,
                         "content_index":0,"delta":"raw thought"}""", """
                        {"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning",
                         "id":"rs_1","summary":[{"type":"summary_text","text":"**Planning**"},
                         {"type":"summary_text","text":"Listing files"}],"encrypted_content":"gAAAA-opaque"}}""", Sse.completed("resp_3")),
                23);

        List<ResponseEvent> events = stream("gpt-5-codex");

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.Created(),
                        new ResponseEvent.ReasoningSummaryPartAdded(),
                        new ResponseEvent.ReasoningSummaryDelta("**Planning**"),
                        new ResponseEvent.ReasoningSummaryPartAdded(),
                        new ResponseEvent.ReasoningSummaryDelta("Listing files"),
                        new ResponseEvent.ReasoningContentDelta("raw thought"),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Reasoning(
                                "rs_1",
                                List.of(
                                        ResponseItem.SummaryText.of("**Planning**"),
                                        ResponseItem.SummaryText.of("Listing files")),
                                null,
                                "gAAAA-opaque")),
                        new ResponseEvent.Completed("resp_3", Optional.of(new TokenUsage(10, 0, 5, 0, 15))));
    }

    @Test
    void usageMapsCachedAndReasoningDetails() {
        serve(Sse.responses(Sse.created("resp_4"), """
                        {"type":"response.completed","response":{"id":"resp_4","status":"completed",
                         "usage":{"input_tokens":12345,"input_tokens_details":{"cached_tokens":10240},
                         "output_tokens":678,"output_tokens_details":{"reasoning_tokens":512},
                         "total_tokens":13023}}}"""), 4);

        List<ResponseEvent> events = stream("o3");

        ResponseEvent.Completed completed = (ResponseEvent.Completed) events.getLast();
        assertThat(completed.usage()).contains(new TokenUsage(12345, 10240, 678, 512, 13023));
        assertThat(completed.usage().orElseThrow().blendedTotal()).isEqualTo(12345 - 10240 + 678);
    }

    @Test
    void usageWithoutDetailsDefaultsToZeroAndMissingUsageIsEmpty() {
        serve(Sse.responses("""
                        {"type":"response.completed","response":{"id":"resp_5",
                         "usage":{"input_tokens":3,"output_tokens":4,"total_tokens":7}}}"""), 2);
        assertThat(((ResponseEvent.Completed) stream("gpt-5").getLast()).usage())
                .contains(new TokenUsage(3, 0, 4, 0, 7));

        serve(Sse.responses("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_6\",\"usage\":null}}"), 1);
        assertThat(stream("gpt-5").getLast()).isEqualTo(new ResponseEvent.Completed("resp_6", Optional.empty()));
    }

    @Test
    void webSearchBeginCustomToolCallAndIgnoredEvents() {
        serve(
                Sse.responses(
                        Sse.created("resp_7"),
                        "{\"type\":\"response.in_progress\",\"response\":{\"id\":\"resp_7\"}}",
                        """
                        {"type":"response.output_item.added","output_index":0,
                         "item":{"type":"web_search_call","id":"ws_1","status":"in_progress"}}""",
                        """
                        {"type":"response.output_item.done","output_index":0,"item":{"type":"web_search_call",
                         "id":"ws_1","status":"completed","action":{"type":"search","query":"weather"}}}""",
                        """
                        {"type":"response.custom_tool_call_input.delta","item_id":"ctc_1","delta":"*** Begin"}""",
                        """
                        {"type":"response.output_item.done","output_index":1,"item":{"type":"custom_tool_call",
                         "id":"ctc_1","status":"completed","call_id":"call_9","name":"apply_patch",
                         "input":"*** Begin Patch\\n*** End Patch"}}""",
                        """
                        {"type":"response.output_item.done","output_index":2,"item":{"type":"image_generation_call",
                         "id":"ig_1"}}""",
                        "{\"type\":\"response.output_text.done\",\"text\":\"x\"}",
                        Sse.completed("resp_7")),
                11);

        List<ResponseEvent> events = stream("gpt-5");

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.Created(),
                        new ResponseEvent.WebSearchCallBegin("ws_1"),
                        new ResponseEvent.OutputItemDone(new ResponseItem.WebSearchCall(
                                "ws_1", "completed", Json.parse("{\"type\":\"search\",\"query\":\"weather\"}"))),
                        new ResponseEvent.OutputItemDone(new ResponseItem.CustomToolCall(
                                "ctc_1", "completed", "call_9", "apply_patch", "*** Begin Patch\n*** End Patch")),
                        new ResponseEvent.Completed("resp_7", Optional.of(new TokenUsage(10, 0, 5, 0, 15))));
    }
}
