package io.codexquarkus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Codex#events()}: events wait for a reader, each reaches exactly one, readers take turns (a {@code codex} call
 * then the {@code codex-reply} calls on the same thread), and the stream ends after {@code shutdown_complete}.
 */
class AgentEventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private Codex start() {
        ConversationManager manager = new ConversationManager(new SessionServices(
                model,
                NO_TOOLS,
                new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()),
                Map.of("SHELL", "/bin/bash")));
        CodexConfig config = ConfigLoader.load(
                        new ConfigRequest(new CodexHome(home), work, Optional.empty(), List.of(), Map.of()))
                .config();
        return manager.newConversation(config).codex();
    }

    private static List<EventMsg> readUntil(StreamCursor<Event> reader, Predicate<EventMsg> last)
            throws InterruptedException {
        List<EventMsg> seen = new ArrayList<>();
        while (true) {
            EventMsg msg = reader.next(WAIT)
                    .orElseThrow(() -> new AssertionError("no event within " + WAIT + "; got " + seen))
                    .msg();
            seen.add(msg);
            if (last.test(msg)) {
                return seen;
            }
        }
    }

    private static List<EventMsg> readToTheEnd(StreamCursor<Event> reader) throws InterruptedException {
        List<EventMsg> seen = new ArrayList<>();
        for (Optional<Event> next = reader.next(); next.isPresent(); next = reader.next()) {
            seen.add(next.get().msg());
        }
        return seen;
    }

    @Test
    void aReaderThatSubscribesAfterTheSessionEndedStillGetsEveryEvent() throws Exception {
        Codex codex = start();
        codex.submit(new Op.GetPath());
        codex.shutdown(WAIT); // every event of the session is emitted before anyone subscribed

        try (StreamCursor<Event> late = StreamCursor.open(codex.events())) {
            List<EventMsg> seen = readToTheEnd(late);
            assertThat(seen)
                    .map(EventMsg::type)
                    .containsExactly("session_configured", "conversation_path", "shutdown_complete");
        }
        try (StreamCursor<Event> after = StreamCursor.open(codex.events())) {
            assertThat(after.next()).isEmpty(); // taken once, and the stream stays complete
        }
    }

    @Test
    void readersTakeTurnsWithoutLosingOrRepeatingAnEvent() throws Exception {
        model.then(AgentCoreTest.answer("first")).then(AgentCoreTest.answer("second"));
        Codex codex = start();

        // the codex call: reads its turn, stops at task_complete
        try (StreamCursor<Event> call = StreamCursor.open(codex.events())) {
            codex.submit(new Op.UserInput(List.of(new InputItem.Text("one"))));
            List<EventMsg> first = readUntil(call, m -> m instanceof EventMsg.TaskComplete);
            assertThat(first.getFirst()).isInstanceOf(EventMsg.SessionConfigured.class);
            assertThat(((EventMsg.TaskComplete) first.getLast()).lastAgentMessage())
                    .isEqualTo("first");
        }

        // events of the next turn are emitted while nobody reads
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("two"))));
        // a reader that subscribes meanwhile waits behind an earlier one that is still open
        StreamCursor<Event> early = StreamCursor.open(codex.events());
        try (StreamCursor<Event> reply = StreamCursor.open(codex.events())) {
            EventMsg firstOfEarly = early.next(WAIT).orElseThrow().msg();
            assertThat(firstOfEarly).isInstanceOf(EventMsg.TaskStarted.class);
            early.close();

            List<EventMsg> second = readUntil(reply, m -> m instanceof EventMsg.TaskComplete);
            assertThat(second)
                    .noneMatch(m -> m instanceof EventMsg.TaskStarted || m instanceof EventMsg.SessionConfigured);
            assertThat(second)
                    .filteredOn(m -> m instanceof EventMsg.UserMessage)
                    .hasSize(1);
            assertThat(((EventMsg.TaskComplete) second.getLast()).lastAgentMessage())
                    .isEqualTo("second");
            assertThat(reply.next(Duration.ofMillis(200))).isEmpty();
        }

        codex.shutdown(WAIT);
        try (StreamCursor<Event> last = StreamCursor.open(codex.events())) {
            assertThat(readToTheEnd(last)).map(EventMsg::type).containsExactly("shutdown_complete");
        }
    }
}
