package io.codexquarkus.mcp.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.server.McpConnection;
import io.codexquarkus.mcp.transport.StdioTransport;
import io.codexquarkus.testing.McpTestClient;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval service over a real connection (stdio pipes, the JSON-RPC codec, the outbound request table): the
 * client here answers, errs, stays silent or answers late, and the session stand-in records the ops it is handed.
 */
class ApprovalServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Event EXEC = new Event(
            "ev-1", new EventMsg.ExecApprovalRequest("call-1", List.of("touch", "a b"), "/tmp/work", "why not"));

    private final BlockingQueue<Op> ops = new LinkedBlockingQueue<>();
    private McpConnection connection;
    private McpTestClient client;
    private Thread server;

    @BeforeEach
    void connect() throws IOException {
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        StdioTransport transport = new StdioTransport(
                Channels.newInputStream(toServer.source()),
                Channels.newOutputStream(toClient.sink()),
                1 << 20,
                error -> {});
        connection = new McpConnection(transport, Map.of(), Map.of());
        server = Thread.ofVirtual().start(connection::serve);
        client = new McpTestClient(
                Channels.newOutputStream(toServer.sink()), Channels.newInputStream(toClient.source()));
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.closeInput();
        server.join(WAIT);
        client.close();
    }

    private ApprovalQuestion question() {
        return new ApprovalQuestion.Exec("thread-1", ops::add, EXEC, (EventMsg.ExecApprovalRequest) EXEC.msg());
    }

    private Op nextOp() throws InterruptedException {
        Op op = ops.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(op).as("an answer reached the session").isNotNull();
        return op;
    }

    private static ApprovalService.ClientRequest request() {
        return new ApprovalService.ClientRequest("execCommandApproval", Json.parse("{\"call_id\":\"call-1\"}"));
    }

    @Test
    void bothReplyShapesBecomeTheSessionsOp() throws Exception {
        ApprovalService service = new ApprovalService(connection, WAIT);
        CountDownLatch answered = new CountDownLatch(2);

        service.ask(question(), request(), answered::countDown);
        JsonNode first = client.readRequest("execCommandApproval");
        assertThat(first.path("params")).isEqualTo(Json.parse("{\"call_id\":\"call-1\"}"));
        client.respond(first.get("id"), Json.parse("{\"decision\":\"approved_for_session\"}"));
        assertThat(nextOp()).isEqualTo(new Op.ExecApproval("ev-1", ReviewDecision.APPROVED_FOR_SESSION, null));

        service.ask(question(), request(), answered::countDown);
        JsonNode second = client.readRequest("execCommandApproval");
        client.respond(second.get("id"), Json.parse("{\"action\":\"accept\",\"content\":{\"decision\":\"abort\"}}"));
        assertThat(nextOp()).isEqualTo(new Op.ExecApproval("ev-1", ReviewDecision.ABORT, null));
        assertThat(answered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeoutIsDeniedAndWithdrawn() throws Exception {
        ApprovalService service = new ApprovalService(connection, Duration.ofMillis(300));
        service.ask(question(), request(), () -> {});
        JsonNode request = client.readRequest("execCommandApproval");
        assertThat(nextOp())
                .isEqualTo(new Op.ExecApproval(
                        "ev-1", ReviewDecision.DENIED, "no answer to the approval request within 300ms"));
        JsonNode cancelled = client.readNotification("notifications/cancelled");
        assertThat(cancelled.path("params").path("requestId")).isEqualTo(request.get("id"));
    }

    @Test
    void anErrorReplyOrAnUnreadableOneIsDenied() throws Exception {
        ApprovalService service = new ApprovalService(connection, WAIT);
        service.ask(question(), request(), () -> {});
        client.respondError(client.readRequest("execCommandApproval").get("id"), -32000, "dialog closed");
        assertThat(nextOp())
                .isEqualTo(new Op.ExecApproval(
                        "ev-1",
                        ReviewDecision.DENIED,
                        "the MCP client answered the approval request with an error: -32000 dialog closed"));

        service.ask(question(), request(), () -> {});
        client.respond(client.readRequest("execCommandApproval").get("id"), Json.parse("{\"decision\":\"later\"}"));
        assertThat(nextOp())
                .isEqualTo(
                        new Op.ExecApproval("ev-1", ReviewDecision.DENIED, "the approval answer was not understood"));
    }

    @Test
    void withdrawalTellsTheClientAndDeniesOnceALateAnswerIsIgnored() throws Exception {
        ApprovalService service = new ApprovalService(connection, WAIT);
        service.ask(question(), request(), () -> {});
        JsonNode request = client.readRequest("execCommandApproval");
        service.withdrawAll("the turn was interrupted");
        JsonNode cancelled = client.readNotification("notifications/cancelled");
        assertThat(cancelled.path("params"))
                .isEqualTo(Json.parse(
                        "{\"requestId\":" + request.get("id") + ",\"reason\":\"the turn was interrupted\"}"));
        assertThat(nextOp())
                .isEqualTo(new Op.ExecApproval("ev-1", ReviewDecision.DENIED, "the approval request was cancelled"));

        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        // a later question still works, and the withdrawn one's answer never reached the session
        service.ask(question(), request(), () -> {});
        client.respond(client.readRequest("execCommandApproval").get("id"), Json.parse("{\"decision\":\"denied\"}"));
        assertThat(nextOp()).isEqualTo(new Op.ExecApproval("ev-1", ReviewDecision.DENIED, null));
        assertThat(ops).isEmpty();
        service.withdrawAll("nothing open");
        assertThat(client.seen().stream()
                        .filter(m -> "notifications/cancelled"
                                .equals(m.path("method").asText()))
                        .count())
                .as("only the open question was withdrawn")
                .isEqualTo(1);
    }

    @Test
    void anAnswerAfterTheSessionEndedIsLoggedOnce() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        CountDownLatch logged = new CountDownLatch(1);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
                logged.countDown();
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ApprovalService.class.getName());
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        try {
            CountDownLatch answered = new CountDownLatch(1);
            ApprovalQuestion ended = new ApprovalQuestion.Exec(
                    "thread-1",
                    op -> {
                        throw new IllegalStateException("session thread-1 is shut down");
                    },
                    EXEC,
                    (EventMsg.ExecApprovalRequest) EXEC.msg());
            new ApprovalService(connection, WAIT).ask(ended, request(), answered::countDown);
            client.respond(
                    client.readRequest("execCommandApproval").get("id"), Json.parse("{\"decision\":\"approved\"}"));
            assertThat(answered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(logged.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(records)
                    .singleElement()
                    .satisfies(r -> assertThat(formatted(r))
                            .isEqualTo("approval answer for call call-1 came after its conversation ended, ignored:"
                                    + " session thread-1 is shut down"));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
    }

    private static String formatted(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }
}
