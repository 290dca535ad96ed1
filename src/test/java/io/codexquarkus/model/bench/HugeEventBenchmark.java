package io.codexquarkus.model.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.ModelClientOptions;
import io.codexquarkus.model.ModelClients;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One huge SSE event: a Responses stream whose {@code output_item.done} carries a message of {@code bench.megabytes}
 * MiB (30 by default), served from 127.0.0.1 in 8 KiB writes. Reports the time from the request to {@code Completed}
 * per run. A parser that re-scans its buffer on every chunk is quadratic here; ours should be well under a second.
 * Run it with {@code bench/model/huge-event.sh}.
 */
public final class HugeEventBenchmark {
    private static final int WRITE_SIZE = 8 * 1024;

    @Test
    @EnabledIfSystemProperty(named = "codex.bench", matches = "huge-event")
    void run() throws Exception {
        int megabytes = Integer.getInteger("bench.megabytes", 30);
        byte[] stream = stream(megabytes);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, stream.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < stream.length; i += WRITE_SIZE) {
                    out.write(stream, i, Math.min(WRITE_SIZE, stream.length - i));
                }
            } catch (IOException e) {
                // the client gave up
            }
        });
        server.start();
        ModelProviderInfo provider = new ModelProviderInfo(
                "bench",
                "Bench",
                Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                Optional.of("BENCH_API_KEY"),
                Optional.empty(),
                WireApi.RESPONSES,
                Map.of(),
                Map.of(),
                Map.of(),
                0,
                0,
                120_000,
                ModelProviderInfo.DEFAULT_REQUEST_MAX_RETRY_DELAY_MS,
                false,
                Optional.empty());
        ModelRequest request = new ModelRequest(
                provider,
                "gpt-5",
                "bench-conversation",
                Optional.empty(),
                ReasoningSummary.AUTO,
                Optional.empty(),
                new ClientIdentity(ClientIdentity.DEFAULT_ORIGINATOR, "0.1.0", Optional.empty()),
                new Prompt("bench", List.of(ResponseItem.Message.user("go")), List.of(), false, Optional.empty()));
        ModelClientOptions options =
                ModelClientOptions.defaults().withEnvironment(Map.of("BENCH_API_KEY", "sk-bench")::get);
        System.out.printf(Locale.ROOT, "stream: one event of %.1f MiB%n", stream.length / 1048576.0);
        int runs = Integer.getInteger("bench.runs", 5);
        long[] millis = new long[runs];
        try (ModelClient client = ModelClients.create(AuthProvider.none(), options)) {
            for (int i = 0; i < runs; i++) {
                AtomicLong textChars = new AtomicLong();
                long start = System.nanoTime();
                ResponseEvent last = client.stream(request)
                        .onItem()
                        .invoke(event -> {
                            if (event instanceof ResponseEvent.OutputItemDone done
                                    && done.item() instanceof ResponseItem.Message message) {
                                textChars.set(message.content().toString().length());
                            }
                        })
                        .collect()
                        .last()
                        .await()
                        .atMost(Duration.ofMinutes(5));
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %d ms, last event %s, message %d chars%n",
                        i + 1,
                        millis[i],
                        last.getClass().getSimpleName(),
                        textChars.get());
                assertThat(last).isInstanceOf(ResponseEvent.Completed.class);
            }
        } finally {
            server.stop(0);
        }
        long[] sorted = millis.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT, "median %d ms (min %d, max %d)%n", sorted[runs / 2], sorted[0], sorted[runs - 1]);
    }

    private static byte[] stream(int megabytes) {
        StringBuilder text = new StringBuilder(megabytes * 1048576);
        String words = "the model writes a very long answer, line after line ✓ é\n";
        while (text.length() < megabytes * 1048576) {
            text.append(words);
        }
        String item = "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":" + Json.write(text.toString())
                + "}]}";
        String out = event("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\"}}")
                + event(
                        "response.output_item.done",
                        "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":" + item + "}")
                + event(
                        "response.completed",
                        "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"usage\":"
                                + "{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2}}}");
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }
}
