package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.failed;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ResponseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server may close a kept-alive connection just as the next request goes out on it: that request never reached the
 * server, and is sent once more on a new connection, outside the retry budget (the tests allow no retries at all). A
 * connection that closes on its first request is a real failure and is not sent again. A raw socket server, so that
 * each request's fate is chosen; whether the client reuses a connection for its next request is its pool's choice, so
 * the tests send requests until one goes out on a kept-alive connection.
 */
class StaleConnectionTest {
    private static final String ANSWER = Sse.textAnswer("resp_stale", "fresh");
    /** Sequential requests sent until one reuses a connection; each one does with a fair chance. */
    private static final int ATTEMPTS = 40;

    /** What the server saw, in order: "fresh" or "kept-alive" for each request, "closed" for one left unanswered. */
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** What the server does with a request; {@code keptAlive}: the connection has answered one before. */
    private interface Plan {
        /** {@code true}: answer it and keep the connection open; {@code false}: close the connection unanswered. */
        boolean answer(boolean keptAlive);
    }

    private String serve(Plan plan) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serveConnection(socket, plan));
                } catch (IOException e) {
                    // closed by the test
                }
            }
        });
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void serveConnection(Socket socket, Plan plan) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (boolean keptAlive = false; readRequest(in); keptAlive = true) {
                seen.add(keptAlive ? "kept-alive" : "fresh");
                if (!plan.answer(keptAlive)) {
                    seen.add("closed");
                    return;
                }
                byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads one request (head and Content-Length body); {@code false} at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).lines().toList()) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(
                        line.substring("content-length:".length()).trim());
            }
        }
        return in.readNBytes((int) length).length == length;
    }

    private static ModelClient client() {
        return ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()));
    }

    private static List<ResponseEvent> stream(ModelClient client, String base) {
        ModelFixtures.Provider provider = ModelFixtures.provider(base);
        provider.requestMaxRetries = 0;
        provider.streamMaxRetries = 0;
        return collect(client.stream(request(provider.build(), "gpt-5", prompt("hi"))));
    }

    @Test
    void aKeptAliveConnectionClosedUnderTheNextRequestSendsItOnceMore() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        String base = serve(keptAlive -> !(keptAlive && closes.compareAndSet(0, 1)));
        try (ModelClient client = client()) {
            for (int i = 0; i < ATTEMPTS && closes.get() == 0; i++) {
                List<ResponseEvent> events = stream(client, base);
                assertThat(events.getLast()).as(events + " / " + seen).isInstanceOf(ResponseEvent.Completed.class);
                assertThat(events).noneMatch(e -> e instanceof ResponseEvent.StreamRetry);
            }
        }
        assertThat(closes.get())
                .as("a request went out on a kept-alive connection: " + seen)
                .isEqualTo(1);
        int closed = seen.indexOf("closed");
        assertThat(seen.subList(closed - 1, closed + 1)).containsExactly("kept-alive", "closed");
        assertThat(seen.subList(closed + 1, seen.size()))
                .as("sent once more (on a new connection, or on another kept-alive one the pool had) and answered")
                .hasSize(1)
                .containsAnyOf("fresh", "kept-alive");
    }

    @Test
    void aNewConnectionClosedBeforeAnsweringFailsWithoutAnotherTry() throws Exception {
        String base = serve(keptAlive -> false);
        try (ModelClient client = client()) {
            String message = failed(stream(client, base)).error().message();

            assertThat(message).contains("Connection was closed");
        }
        assertThat(seen).containsExactly("fresh", "closed");
    }

    @Test
    void aRequestSentOnceMoreThatFailsAgainIsReported() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        // answered until a request goes out on a kept-alive connection; that one and the next are closed unanswered
        String base = serve(keptAlive -> {
            if ((closes.get() == 0 && !keptAlive) || closes.get() >= 2) {
                return true;
            }
            closes.incrementAndGet();
            return false;
        });
        try (ModelClient client = client()) {
            List<ResponseEvent> events = List.of();
            for (int i = 0; i < ATTEMPTS && closes.get() == 0; i++) {
                events = stream(client, base);
            }

            assertThat(closes.get())
                    .as("a request went out on a kept-alive connection: " + seen)
                    .isEqualTo(2);
            assertThat(failed(events).error().message()).contains("Connection was closed");
        }
        assertThat(seen.subList(seen.size() - 4, seen.size()))
                .as("sent once more, and not a third time")
                .startsWith("kept-alive", "closed")
                .endsWith("closed");
    }
}
