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
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the model client: a recorded-style Responses stream of about 10 MB of {@code output_text.delta}
 * events, served from 127.0.0.1 in 16 KiB writes, pushed through {@link ModelClient#stream} and counted. Reports delta
 * events per second, MB/s and bytes allocated (all JVM threads, via {@code com.sun.management.ThreadMXBean}). Target:
 * 100,000 delta events/s. Run it with {@code bench/model/run.sh} (a JUnit wrapper, so it gets the test classpath).
 */
public final class ModelStreamBenchmark {
    private static final int TARGET_EVENTS_PER_SECOND = 100_000;
    private static final int WRITE_SIZE = 16 * 1024;

    /** Entry point for {@code bench/model/run.sh}; skipped in normal test runs. */
    @Test
    @EnabledIfSystemProperty(named = "codex.bench", matches = "model")
    void run() throws Exception {
        Result result = measure(
                Integer.getInteger("bench.megabytes", 10),
                Integer.getInteger("bench.warmups", 5),
                Integer.getInteger("bench.runs", 5));
        assertThat(result.events).isPositive();
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        measure(megabytes, 5, 5);
    }

    record Result(long events, double medianEventsPerSecond) {}

    static Result measure(int megabytes, int warmups, int runs) throws Exception {
        Stream recorded = recordedStream(megabytes * 1_000_000);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, recorded.bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < recorded.bytes.length; i += WRITE_SIZE) {
                    out.write(recorded.bytes, i, Math.min(WRITE_SIZE, recorded.bytes.length - i));
                }
            } catch (IOException e) {
                // the client went away; the next run starts a new exchange
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
                60_000,
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

        System.out.printf(
                Locale.ROOT,
                "stream: %.2f MB, %d output_text.delta events (%d bytes each on average), %d cores%n",
                recorded.bytes.length / 1e6,
                recorded.deltas,
                recorded.bytes.length / recorded.deltas,
                Runtime.getRuntime().availableProcessors());
        double[] rates = new double[runs];
        double[] cpuRates = new double[runs];
        long events = 0;
        try (ModelClient client = ModelClients.create(AuthProvider.none(), options)) {
            for (int i = 0; i < warmups + runs; i++) {
                boolean warmup = i < warmups;
                long allocatedBefore = allocatedBytes();
                long cpuBefore = cpuNanos();
                long start = System.nanoTime();
                Counts counts = consume(client, request);
                long nanos = System.nanoTime() - start;
                long cpu = cpuNanos() - cpuBefore;
                long allocated = allocatedBytes() - allocatedBefore;
                if (counts.deltas != recorded.deltas || counts.deltaChars != recorded.deltaChars || !counts.completed) {
                    throw new IllegalStateException("stream mismatch: got " + counts.deltas + " deltas / "
                            + counts.deltaChars + " chars, completed=" + counts.completed + "; expected "
                            + recorded.deltas + " / " + recorded.deltaChars);
                }
                double seconds = nanos / 1e9;
                double rate = counts.deltas / seconds;
                double perCpuSecond = counts.deltas / (cpu / 1e9);
                System.out.printf(
                        Locale.ROOT,
                        "%s %d: %.3f s, %,.0f delta events/s, %.1f MB/s, CPU %.3f s (%,.0f events per CPU-second),"
                                + " %,d bytes allocated (%,d per event)%n",
                        warmup ? "warmup" : "run",
                        warmup ? i + 1 : i - warmups + 1,
                        seconds,
                        rate,
                        recorded.bytes.length / 1e6 / seconds,
                        cpu / 1e9,
                        perCpuSecond,
                        allocated,
                        allocated / counts.deltas);
                if (!warmup) {
                    rates[i - warmups] = rate;
                    cpuRates[i - warmups] = perCpuSecond;
                    events = counts.deltas;
                }
            }
        } finally {
            server.stop(0);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double[] sortedCpu = cpuRates.clone();
        Arrays.sort(sortedCpu);
        System.out.printf(
                Locale.ROOT,
                "median %,.0f delta events/s (best %,.0f); median %,.0f events per CPU-second (client and server"
                        + " threads); load average %.1f - target %,d events/s: %s%n",
                median,
                sorted[sorted.length - 1],
                sortedCpu[sortedCpu.length / 2],
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                TARGET_EVENTS_PER_SECOND,
                median >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met");
        return new Result(events, median);
    }

    private static final class Counts {
        long deltas;
        long deltaChars;
        boolean completed;
    }

    private static Counts consume(ModelClient client, ModelRequest request) {
        Counts counts = new Counts();
        client.stream(request)
                .onItem()
                .invoke(event -> {
                    switch (event) {
                        case ResponseEvent.OutputTextDelta delta -> {
                            counts.deltas++;
                            counts.deltaChars += delta.delta().length();
                        }
                        case ResponseEvent.Completed completed -> counts.completed = true;
                        case ResponseEvent.Failed failed ->
                            throw new IllegalStateException(failed.error().message());
                        default -> {
                            // created, the final message item
                        }
                    }
                })
                .collect()
                .last()
                .await()
                .atMost(Duration.ofMinutes(2));
        return counts;
    }

    /** CPU time used so far by every live thread (the client's and the local server's). */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    /** Bytes allocated so far by every live thread (threads that ended in between are not counted). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    /** The encoded stream and what a consumer must count in it. */
    private static final class Stream {
        final byte[] bytes;
        final long deltas;
        final long deltaChars;

        Stream(byte[] bytes, long deltas, long deltaChars) {
            this.bytes = bytes;
            this.deltas = deltas;
            this.deltaChars = deltaChars;
        }
    }

    /** Events shaped like a real Responses stream: ids, sequence numbers, logprobs and obfuscation padding. */
    private static Stream recordedStream(int targetBytes) {
        String itemId = "msg_68c2f1a0b4e48190a3d5e7f9b1c3d5e70a1b2c3d4e5f6071";
        StringBuilder out = new StringBuilder(targetBytes + 200_000);
        StringBuilder text = new StringBuilder();
        int sequence = 0;
        out.append(event(
                "response.created",
                "{\"type\":\"response.created\",\"sequence_number\":" + sequence++
                        + ",\"response\":{\"id\":\"resp_bench\",\"object\":\"response\",\"status\":\"in_progress\","
                        + "\"model\":\"gpt-5\",\"output\":[]}}"));
        out.append(
                event(
                        "response.output_item.added",
                        "{\"type\":\"response.output_item.added\",\"sequence_number\":" + sequence++
                                + ",\"output_index\":0,\"item\":{\"id\":\"" + itemId
                                + "\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}}"));
        String[] words = {
            " the", " model", " streams", " its", " answer", " one", " token", " at", " a", " time", ",", " and",
            " Codex", " shows", " each", " delta", " as", " it", " arrives", ".", "\n", " `code`", " ✓", " é"
        };
        long deltas = 0;
        long deltaChars = 0;
        List<String> tail = new ArrayList<>();
        while (out.length() < targetBytes) {
            String word = words[(int) (deltas % words.length)];
            out.append(event(
                    "response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"sequence_number\":" + sequence++
                            + ",\"item_id\":\"" + itemId + "\",\"output_index\":0,\"content_index\":0,\"delta\":"
                            + Json.write(word) + ",\"logprobs\":[],\"obfuscation\":\"" + obfuscation(deltas) + "\"}"));
            text.append(word);
            deltas++;
            deltaChars += word.length();
        }
        String item = "{\"id\":\"" + itemId + "\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
                + "\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + Json.write(text.toString())
                + "}],\"role\":\"assistant\"}";
        tail.add(event(
                "response.output_item.done",
                "{\"type\":\"response.output_item.done\",\"sequence_number\":" + sequence++
                        + ",\"output_index\":0,\"item\":" + item + "}"));
        tail.add(event(
                "response.completed",
                "{\"type\":\"response.completed\",\"sequence_number\":" + sequence
                        + ",\"response\":{\"id\":\"resp_bench\",\"status\":\"completed\",\"output\":[" + item
                        + "],\"usage\":{\"input_tokens\":10,\"output_tokens\":" + deltas + ",\"total_tokens\":"
                        + (deltas + 10) + "}}}"));
        tail.forEach(out::append);
        return new Stream(out.toString().getBytes(StandardCharsets.UTF_8), deltas, deltaChars);
    }

    private static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    private static String obfuscation(long n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder out = new StringBuilder();
        long value = n * 2_654_435_761L + 12345;
        for (int i = 0; i < 8 + (int) (n % 6); i++) {
            out.append(alphabet.charAt((int) Math.floorMod(value >> (i * 3), (long) alphabet.length())));
        }
        return out.toString();
    }
}
