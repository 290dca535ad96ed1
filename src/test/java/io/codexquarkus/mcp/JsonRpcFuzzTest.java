package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.JsonRpcFuzz;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test of the JSON-RPC layer: seeded streams of right, wrong and mutated lines, cut into reads at random
 * byte boundaries, against the real server on in-memory pipes. Properties: exactly one answer per readable request
 * id, with the expected outcome; only JSON-RPC on stdout; the server still answers afterwards. A failing seed is
 * replayed with {@code -Dfuzz.seed=N}.
 */
class JsonRpcFuzzTest {
    private static final int LIMIT = 16 * 1024;
    private static final int LINES = 400;

    @TempDir
    Path home;

    @TempDir
    Path work;

    static LongStream seeds() {
        String fixed = System.getProperty("fuzz.seed");
        return fixed != null ? LongStream.of(Long.parseLong(fixed)) : LongStream.of(1, 2, 3, 15, 2026, 0xC0DEC);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyReadableIdIsAnsweredOnceAndTheServerLives(long seed) throws Exception {
        InProcessMcp mcp = new InProcessMcp(
                home,
                work,
                new ScriptedModelClient(),
                McpProtocolTest.NO_TOOLS,
                List.of("mcp_server.max_message_bytes=" + LIMIT),
                Map.of("SHELL", "/bin/bash"));
        try {
            McpTestClient client = mcp.client;
            JsonRpcFuzz.Generated sent = new JsonRpcFuzz(seed, LIMIT).generate(LINES);
            SplittableRandom cuts = new SplittableRandom(seed);
            byte[] bytes = sent.bytes();
            for (int at = 0; at < bytes.length; ) {
                int size = Math.min(bytes.length - at, 1 + cuts.nextInt(3 * LIMIT));
                client.sendBytes(Arrays.copyOfRange(bytes, at, at + size));
                at += size;
            }
            // ping is answered on the reading thread, after every earlier line's answer or error
            int ping = client.request("ping", null);
            client.readResponse(ping);
            List<String> output = client.rawLines();
            JsonRpcFuzz.check(output.subList(0, output.size() - 1), sent, "seed " + seed + ": ");
            assertThat(sent.expected()).hasSizeGreaterThan(LINES / 3);
        } finally {
            mcp.close();
        }
    }
}
