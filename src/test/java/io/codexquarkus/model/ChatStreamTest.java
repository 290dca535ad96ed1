package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModel.Reply;
import io.codexquarkus.testing.MockModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chat Completions streams: deltas, reasoning, and tool calls assembled from pieces spread over many chunks. */
class ChatStreamTest {
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

    /** {@code body} cut into {@code chunks} pieces over 300 ms. */
    private static Reply sse(String body, int chunks) {
        return new MockModel.Dribbled(body, chunks, Duration.ofMillis(300));
    }

    /** The replies answer in order: the first to the first request, and so on; the last one repeats. */
    private static void serve(Reply... replies) {
        MODEL.server().sequence(replies);
    }

    private static List<ResponseEvent> stream() {
        List<ResponseEvent> events = collect(client.stream(
                request(ModelFixtures.provider(MODEL.baseUrl()).chat().build(), "gpt-oss:20b", prompt("hi"))));
        assertThat(MODEL.server().requests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.method() + " " + r.path()).isEqualTo("POST /v1/chat/completions"));
        return events;
    }

    private static String content(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":" + Json.write(text) + "},\"finish_reason\":null}]}";
    }

    private static String finish(String reason) {
        return "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    @Test
    void textAnswer() {
        serve(sse(
                Sse.chat(
                        "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                        content("Hel"),
                        content("lo ✓"),
                        finish("stop"),
                        "[DONE]"),
                9));

        assertThat(stream())
                .containsExactly(
                        new ResponseEvent.OutputTextDelta("Hel"),
                        new ResponseEvent.OutputTextDelta("lo ✓"),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Message(
                                null, "assistant", List.of(new ContentItem.OutputText("Hello ✓")))),
                        new ResponseEvent.Completed("", Optional.empty()));
    }

    @Test
    void toolCallAssembledFromManyChunks() {
        List<String> chunks = new ArrayList<>();
        chunks.add("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"shell\","
                + "\"arguments\":\"\"}}]}}]}");
        for (String piece : List.of("{\"com", "mand\":", " [\"ls\"", ", \"-la\"", "]}")) {
            chunks.add("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                    + "{\"arguments\":" + Json.write(piece) + "}}]}}]}");
        }
        chunks.add(finish("tool_calls"));
        chunks.add("[DONE]");
        serve(sse(Sse.chat(chunks.toArray(String[]::new)), 31));

        assertThat(stream())
                .containsExactly(
                        new ResponseEvent.OutputItemDone(new ResponseItem.FunctionCall(
                                null, "shell", "{\"command\": [\"ls\", \"-la\"]}", "call_abc")),
                        new ResponseEvent.Completed("", Optional.empty()));
    }

    @Test
    void parallelToolCallsAreKeptApartByIndex() {
        serve(sse(
                Sse.chat(
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":"
                                + "{\"name\":\"read\",\"arguments\":\"{\\\"p\\\":\"}},{\"index\":1,\"id\":\"call_2\","
                                + "\"function\":{\"name\":\"list\",\"arguments\":\"{}\"}}]}}]}",
                        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}]}",
                        finish("tool_calls")),
                5));

        assertThat(stream())
                .containsExactly(
                        new ResponseEvent.OutputItemDone(
                                new ResponseItem.FunctionCall(null, "read", "{\"p\":1}", "call_1")),
                        new ResponseEvent.OutputItemDone(new ResponseItem.FunctionCall(null, "list", "{}", "call_2")),
                        new ResponseEvent.Completed("", Optional.empty()));
    }

    @Test
    void reasoningInItsSeveralShapesThenTextAndUsage() {
        serve(sse(
                Sse.chat(
                        "{\"choices\":[{\"delta\":{\"reasoning\":\"Let me \"}}]}",
                        "{\"choices\":[{\"delta\":{\"reasoning\":{\"text\":\"think \"}}}]}",
                        "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hard.\"}}]}",
                        content("Done."),
                        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,"
                                + "\"completion_tokens\":50,\"total_tokens\":150,\"prompt_tokens_details\":"
                                + "{\"cached_tokens\":25},\"completion_tokens_details\":{\"reasoning_tokens\":10}}}",
                        "[DONE]"),
                11));

        assertThat(stream())
                .containsExactly(
                        new ResponseEvent.ReasoningContentDelta("Let me "),
                        new ResponseEvent.ReasoningContentDelta("think "),
                        new ResponseEvent.ReasoningContentDelta("hard."),
                        new ResponseEvent.OutputTextDelta("Done."),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Reasoning(
                                null,
                                List.of(),
                                List.of(new ResponseItem.ReasoningContent("reasoning_text", "Let me think hard.")),
                                null)),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Message(
                                null, "assistant", List.of(new ContentItem.OutputText("Done.")))),
                        new ResponseEvent.Completed("", Optional.of(new TokenUsage(100, 25, 50, 10, 150))));
    }

    @Test
    void doneWithoutFinishReasonFlushesTheAnswer() {
        serve(sse(Sse.chat(content("ok"), "[DONE]"), 3));

        assertThat(stream())
                .containsExactly(
                        new ResponseEvent.OutputTextDelta("ok"),
                        new ResponseEvent.OutputItemDone(
                                new ResponseItem.Message(null, "assistant", List.of(new ContentItem.OutputText("ok")))),
                        new ResponseEvent.Completed("", Optional.empty()));
    }

    @Test
    void aStreamEndingWithoutFinishOrDoneIsRetried() {
        serve(sse(Sse.chat(content("Hel")), 2), sse(Sse.chat(content("Hello"), finish("stop")), 2));

        List<ResponseEvent> events = stream();

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.OutputTextDelta("Hel"),
                        new ResponseEvent.StreamRetry(
                                "stream error: stream disconnected before completion: stream closed before"
                                        + " finish_reason or [DONE]; retrying 1/2 in 200ms…",
                                1,
                                2,
                                Duration.ofMillis(200)),
                        new ResponseEvent.OutputTextDelta("Hello"),
                        new ResponseEvent.OutputItemDone(new ResponseItem.Message(
                                null, "assistant", List.of(new ContentItem.OutputText("Hello")))),
                        new ResponseEvent.Completed("", Optional.empty()));
    }

    @Test
    void anErrorChunkBreaksTheStream() {
        serve(
                sse(Sse.chat("{\"error\":{\"message\":\"model overloaded\",\"code\":503}}"), 1),
                sse(Sse.chat(content("fine"), finish("stop")), 1));

        List<ResponseEvent> events = stream();

        assertThat(((ResponseEvent.StreamRetry) events.getFirst()).message())
                .isEqualTo("stream error: stream disconnected before completion: model overloaded; retrying 1/2 in"
                        + " 200ms…");
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void anErrorChunkSayingTheContextIsFullEndsTheStreamWithoutRetry() {
        serve(
                sse(
                        Sse.chat("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\","
                                + "\"code\":\"context_length_exceeded\"}}"),
                        1),
                sse(Sse.chat(content("fine"), finish("stop")), 1));

        List<ResponseEvent> events = stream();

        assertThat(events).hasSize(1);
        ResponseEvent.Failed failed = (ResponseEvent.Failed) events.getFirst();
        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED);
    }

    @Test
    void aBadRequestWhoseMessageSaysTheContextIsFullIsAContextWindowError() {
        // vLLM-style body: no OpenAI error code, only the message says it
        serve(new MockModel.Status(
                400,
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens."
                        + " However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"code\":400}",
                Map.of()));

        List<ResponseEvent> events = stream();

        assertThat(((ResponseEvent.Failed) events.getLast()).error().kind())
                .isEqualTo(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED);
    }
}
