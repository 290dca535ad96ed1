package io.codexquarkus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.TurnAbortReason;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.testing.ScriptedModelClient;
import io.smallrye.mutiny.Multi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session machinery with a scripted model and no tools: events, history, rollouts, resume, interrupt. */
class AgentCoreTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ScriptedModelClient model = new ScriptedModelClient();

    private static final ToolRouter NO_TOOLS = new ToolRouter() {
        @Override
        public List<JsonNode> toolSpecs(TurnContext turn) {
            return List.of();
        }

        @Override
        public Optional<ResponseItem> handle(ResponseItem item, TaskScope scope) {
            return Optional.empty();
        }
    };

    private ConversationManager manager() {
        return new ConversationManager(new SessionServices(
                model,
                NO_TOOLS,
                new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()),
                Map.of("SHELL", "/bin/bash")));
    }

    private CodexConfig config() {
        return ConfigLoader.load(new ConfigRequest(new CodexHome(home), work, Optional.empty(), List.of(), Map.of()))
                .config();
    }

    static List<ResponseEvent> answer(String text) {
        return List.of(
                new ResponseEvent.Created(),
                new ResponseEvent.OutputTextDelta(text),
                new ResponseEvent.OutputItemDone(ResponseItem.Message.assistant(text)),
                new ResponseEvent.Completed("resp_1", Optional.of(new TokenUsage(10, 2, 5, 0, 15))));
    }

    static List<Event> readUntil(Codex codex, Predicate<EventMsg> last) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = AgentHarness.events(codex)
                    .next(Duration.ofSeconds(10))
                    .orElseThrow(() -> new AssertionError("no event within 10 s; got " + events));
            events.add(event);
            if (last.test(event.msg())) {
                return events;
            }
        }
    }

    @Test
    void plainAnswerProducesCodexEventSequence() throws Exception {
        model.then(answer("Hello there"));
        ConversationManager.NewConversation conversation = manager().newConversation(config());
        Codex codex = conversation.codex();
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("say hi"))));
        List<Event> events = readUntil(codex, m -> m instanceof EventMsg.TaskComplete);
        assertThat(events.getFirst().msg()).isInstanceOf(EventMsg.SessionConfigured.class);
        assertThat(events.getFirst().id()).isEmpty();
        assertThat(events.stream().map(e -> e.msg().type()).toList())
                .containsExactly(
                        "session_configured",
                        "task_started",
                        "user_message",
                        "agent_message_delta",
                        "agent_message",
                        "token_count",
                        "task_complete");
        assertThat(events.subList(1, events.size())).allMatch(e -> e.id().equals(subId));
        assertThat(((EventMsg.TaskComplete) events.getLast().msg()).lastAgentMessage())
                .isEqualTo("Hello there");
        JsonNode tokenCount = Json.tree(events.get(5).msg());
        assertThat(tokenCount
                        .path("info")
                        .path("total_token_usage")
                        .path("total_tokens")
                        .asLong())
                .isEqualTo(15);

        // the request carried the environment context then the user message
        List<ResponseItem> input = model.requests.getFirst().prompt().input();
        assertThat(text(input.getLast())).isEqualTo("say hi");
        assertThat(text(input.get(input.size() - 2))).startsWith("<environment_context>\n  <cwd>" + work);
        assertThat(model.requests.getFirst().conversationId()).isEqualTo(conversation.conversationId());

        codex.shutdown(Duration.ofSeconds(5));
        List<String> lines = Files.readAllLines(codex.rolloutPath());
        assertThat(Json.parse(lines.getFirst()).path("type").asText()).isEqualTo("session_meta");
        assertThat(Json.parse(lines.getFirst()).path("payload").path("id").asText())
                .isEqualTo(conversation.conversationId());
        assertThat(codex.rolloutPath().getFileName().toString())
                .matches("rollout-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-" + conversation.conversationId()
                        + "\\.jsonl");
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l).contains("\"type\":\"event_msg\"").contains("agent_message"));
    }

    @Test
    void theToolsHearOfEachModelRequestOnceItIsSentAndWhenItsStreamIsOver() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ToolRouter recording = new ToolRouter() {
            @Override
            public List<JsonNode> toolSpecs(TurnContext turn) {
                return List.of();
            }

            @Override
            public Runnable awaitingModel(TurnContext turn) {
                seen.add("awaiting model, requests sent: " + model.requests.size() + ", cwd " + turn.cwd());
                return () -> seen.add("stream over");
            }

            @Override
            public Optional<ResponseItem> handle(ResponseItem item, TaskScope scope) {
                seen.add("handle " + item.getClass().getSimpleName());
                return Optional.empty();
            }
        };
        model.then(answer("first")).then(answer("second"));
        Codex codex = new ConversationManager(new SessionServices(
                        model,
                        recording,
                        new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()),
                        Map.of("SHELL", "/bin/bash")))
                .newConversation(config())
                .codex();
        for (String prompt : List.of("one", "two")) {
            codex.submit(new Op.UserInput(List.of(new InputItem.Text(prompt))));
            readUntil(codex, m -> m instanceof EventMsg.TaskComplete);
        }
        codex.shutdown(Duration.ofSeconds(5));

        assertThat(seen)
                .containsExactly(
                        "awaiting model, requests sent: 1, cwd " + work,
                        "handle Message",
                        "stream over",
                        "awaiting model, requests sent: 2, cwd " + work,
                        "handle Message",
                        "stream over");
    }

    @Test
    void resumedSessionSendsEarlierItems() throws Exception {
        model.then(answer("first answer")).then(answer("second answer"));
        ConversationManager first = manager();
        Codex codex = first.newConversation(config()).codex();
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("remember 42"))));
        readUntil(codex, m -> m instanceof EventMsg.TaskComplete);
        codex.shutdown(Duration.ofSeconds(5));
        Path rollout = codex.rolloutPath();

        ConversationManager.NewConversation resumed = manager().resume(config(), rollout);
        assertThat(resumed.conversationId()).isEqualTo(codex.conversationId());
        assertThat(resumed.configured().initialMessages()).isNotNull();
        resumed.codex().submit(new Op.UserInput(List.of(new InputItem.Text("what number?"))));
        readUntil(resumed.codex(), m -> m instanceof EventMsg.TaskComplete);
        List<String> texts = model.requests.get(1).prompt().input().stream()
                .map(AgentCoreTest::text)
                .toList();
        assertThat(texts).contains("remember 42", "first answer", "what number?");
        assertThat(texts.getLast()).isEqualTo("what number?");
        resumed.codex().shutdown(Duration.ofSeconds(5));
    }

    @Test
    void interruptAbortsAStalledTurn() throws Exception {
        model.then(request ->
                Multi.createFrom().<ResponseEvent>emitter(emitter -> emitter.emit(new ResponseEvent.Created())));
        Codex codex = manager().newConversation(config()).codex();
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("hang"))));
        readUntil(codex, m -> m instanceof EventMsg.UserMessage);
        long start = System.nanoTime();
        codex.submit(new Op.Interrupt());
        List<Event> events = readUntil(codex, m -> m instanceof EventMsg.TurnAborted);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        Event aborted = events.getLast();
        assertThat(aborted.id()).isEqualTo(subId);
        assertThat(((EventMsg.TurnAborted) aborted.msg()).reason()).isEqualTo(TurnAbortReason.INTERRUPTED);
        codex.shutdown(Duration.ofSeconds(5));
        assertThat(AgentHarness.events(codex).next(Duration.ofSeconds(2)).map(Event::msg))
                .get()
                .isInstanceOf(EventMsg.ShutdownComplete.class);
    }

    @Test
    void modelFailureEndsTheTaskWithAnError() throws Exception {
        model.then(List.of(new ResponseEvent.Failed(io.codexquarkus.model.protocol.ModelError.of(
                io.codexquarkus.model.protocol.ModelError.Kind.RETRY_LIMIT,
                "exceeded retry limit, last status: 500 Internal Server Error"))));
        Codex codex = manager().newConversation(config()).codex();
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("hi"))));
        List<Event> events = readUntil(codex, m -> m instanceof EventMsg.TaskComplete);
        EventMsg.ErrorEvent error = events.stream()
                .map(Event::msg)
                .filter(EventMsg.ErrorEvent.class::isInstance)
                .map(EventMsg.ErrorEvent.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(error.message()).isEqualTo("exceeded retry limit, last status: 500 Internal Server Error");
        assertThat(Json.write(error))
                .isEqualTo("{\"type\":\"error\",\"message\":\"exceeded retry limit, last status: 500 Internal Server"
                        + " Error\",\"codex_error_info\":\"retry_limit_exceeded\"}");
        codex.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void agentsMdBecomesUserInstructions() throws IOException, InterruptedException {
        Files.writeString(work.resolve("AGENTS.md"), "Always answer in French.");
        Files.createDirectory(work.resolve(".git"));
        model.then(answer("Bonjour"));
        Codex codex = manager().newConversation(config()).codex();
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("hi"))));
        readUntil(codex, m -> m instanceof EventMsg.TaskComplete);
        assertThat(text(model.requests.getFirst().prompt().input().getFirst()))
                .isEqualTo("<user_instructions>\n\nAlways answer in French.\n\n</user_instructions>");
        codex.shutdown(Duration.ofSeconds(5));
    }

    static String text(ResponseItem item) {
        if (item instanceof ResponseItem.Message message) {
            return message.content().stream()
                    .map(c -> switch (c) {
                        case ContentItem.InputText t -> t.text();
                        case ContentItem.OutputText t -> t.text();
                        case ContentItem.InputImage i -> "<image>";
                    })
                    .reduce("", String::concat);
        }
        return item.getClass().getSimpleName();
    }
}
