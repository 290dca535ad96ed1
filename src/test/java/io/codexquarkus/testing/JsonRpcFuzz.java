package io.codexquarkus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded generator of JSON-RPC lines, right and wrong (framing, types, ids, sizes), with what the server must answer
 * to each, and the check of a server's whole output against them. Every request whose id the server can read has a
 * unique id, so "exactly one answer per id" is checkable; lines whose id a mutation may have changed use ids of their
 * own ({@code "mut…"}), which are only required to be answered at most once each.
 */
public final class JsonRpcFuzz {
    /** What one line must get: {@code code} 0 = a result, null id = no answer with an id. */
    public record Expect(String rawId, int code) {}

    public record Generated(String text, List<Expect> expected, int mutatedLines, int lines) {
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final String NO_QUOTE_ALPHABET = "{}[]:,0123456789.eE+-truefalsn \t\r\\/xyz#";

    private final SplittableRandom random;
    private final int limit;
    private int counter;

    public JsonRpcFuzz(long seed, int limit) {
        this.random = new SplittableRandom(seed);
        this.limit = limit;
    }

    public Generated generate(int lines) {
        StringBuilder out = new StringBuilder();
        List<Expect> expected = new ArrayList<>();
        int mutated = 0;
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(100);
            String id = nextId();
            String line;
            if (kind < 30) {
                line = valid(id);
                expected.add(new Expect(id, 0));
            } else if (kind < 60) {
                int[] code = new int[1];
                line = wrongWithId(id, code);
                expected.add(new Expect(id, code[0]));
            } else if (kind < 75) {
                line = garbageWithoutQuotes();
            } else if (kind < 82) {
                line = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/fuzz-" + counter++ + "\""
                        + (random.nextBoolean() ? ",\"params\":{}" : "") + "}";
            } else if (kind < 86) {
                line = "{\"jsonrpc\":\"2.0\",\"id\":\"resp" + counter++ + "\",\"result\":{}}";
            } else {
                line = mutate(valid("\"mut" + counter++ + "\""));
                mutated++;
            }
            out.append(line).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        return new Generated(out.toString(), expected, mutated, lines);
    }

    private String nextId() {
        int n = counter++;
        return switch (random.nextInt(8)) {
            case 0 -> Integer.toString(1_000_000 + n);
            case 1 -> "\"req" + n + "\"";
            case 2 -> "\"req" + n + "\\ud800x\"";
            case 3 -> "\"req" + n + "\\u0041\\n\\\"é\"";
            case 4 -> (1_000_000 + n) + "e400";
            case 5 -> "-" + (1_000_000 + n) + ".50";
            case 6 -> "\"req" + n + "-" + "w".repeat(random.nextInt(200)) + "\"";
            default -> "1" + "0".repeat(30) + n;
        };
    }

    private String ws() {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\t";
            case 2 -> "\r";
            case 3 -> " \r\t ";
            default -> "";
        };
    }

    private String valid(String id) {
        List<String> members = new ArrayList<>(List.of(
                "\"jsonrpc\"" + ws() + ":" + ws() + "\"2.0\"",
                "\"id\"" + ws() + ":" + ws() + id,
                "\"method\":" + ws() + "\"ping\""));
        if (random.nextBoolean()) {
            members.add("\"params\":{\"pad\":\"" + "p".repeat(random.nextInt(Math.max(1, limit / 2))) + "\"}");
        }
        java.util.Collections.shuffle(members, new Random(random.nextLong()));
        return ws() + "{" + ws() + String.join("," + ws(), members) + ws() + "}" + ws();
    }

    /** The id first, so it is read whatever follows; {@code code} receives the error the line must get. */
    private String wrongWithId(String id, int[] code) {
        String head = "{\"id\":" + id + ",";
        switch (random.nextInt(9)) {
            case 0 -> {
                code[0] = -32600;
                return head + "\"jsonrpc\":" + pick("2.0", "2", "\"1.0\"", "null", "[\"2.0\"]")
                        + ",\"method\":\"ping\"}";
            }
            case 1 -> {
                code[0] = -32600;
                return head + "\"method\":\"ping\"}";
            }
            case 2 -> {
                code[0] = -32600;
                return head + "\"jsonrpc\":\"2.0\",\"method\":" + pick("1", "{}", "[]", "true", "null") + "}";
            }
            case 3 -> {
                code[0] = -32600;
                return head + "\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":" + pick("1", "\"x\"", "true") + "}";
            }
            case 4 -> {
                code[0] = -32601;
                return head + "\"jsonrpc\":\"2.0\",\"method\":\"fuzz/unknown\"}";
            }
            case 5 -> {
                code[0] = -32700;
                return head + "\"jsonrpc\":\"2.0\",\"method\":\"ping\"}"
                        + pick("x", "{}", " 1", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "]", "\"");
            }
            case 6 -> {
                code[0] = -32700;
                String whole = head + "\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"a\":[1,2,{\"b\":\"c\"}]}}";
                return whole.substring(0, head.length() + random.nextInt(whole.length() - head.length() - 1));
            }
            case 7 -> {
                code[0] = -32700;
                return head + "\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"s\":\"raw" + (char) 1
                        + "control\"}}";
            }
            default -> {
                code[0] = -32600;
                return head + "\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"pad\":\""
                        + "o".repeat(limit + random.nextInt(3 * limit)) + "\"}}";
            }
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String garbageWithoutQuotes() {
        int length = random.nextInt(4) == 0 ? random.nextInt(limit * 3) : random.nextInt(80);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(NO_QUOTE_ALPHABET.charAt(random.nextInt(NO_QUOTE_ALPHABET.length())));
        }
        return text.toString();
    }

    private String mutate(String line) {
        StringBuilder text = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, NO_QUOTE_ALPHABET.charAt(random.nextInt(NO_QUOTE_ALPHABET.length())));
                case 2 -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(20))));
                default -> text.setCharAt(at, '"');
            }
        }
        return text.toString();
    }

    /** The raw id token of a response line as the server wrote it, or null when it has none / it is null. */
    public static String rawId(String line) {
        String prefix = "{\"jsonrpc\":\"2.0\",\"id\":";
        if (!line.startsWith(prefix)) {
            return null;
        }
        int start = prefix.length();
        int end = start;
        if (line.charAt(start) == '"') {
            end = start + 1;
            while (line.charAt(end) != '"') {
                end += line.charAt(end) == '\\' ? 2 : 1;
            }
            end++;
        } else {
            while (end < line.length() && line.charAt(end) != ',') {
                end++;
            }
        }
        String token = line.substring(start, end);
        return token.equals("null") ? null : token;
    }

    /**
     * Checks a server's output lines against what was sent: every line JSON-RPC 2.0, exactly one answer per expected
     * id with the expected outcome, and no more answers to ids never sent as such than there were mutated lines.
     */
    public static void check(List<String> output, Generated sent, String context) {
        List<Expect> expected = sent.expected();
        int mutatedLines = sent.mutatedLines();
        Map<String, Integer> answers = new HashMap<>();
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : output) {
            JsonNode message = Json.parse(line);
            assertThat(message.path("jsonrpc").asText()).as(context + line).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error") || message.has("method"))
                    .as(line)
                    .isTrue();
            String id = rawId(line);
            if (id != null && !message.has("method")) {
                answers.merge(id, 1, Integer::sum);
                byId.put(id, message);
            }
        }
        Map<String, Expect> wanted = new HashMap<>();
        for (Expect expect : expected) {
            wanted.put(expect.rawId(), expect);
            assertThat(answers.getOrDefault(expect.rawId(), 0))
                    .as(context + "answers to id " + expect.rawId())
                    .isEqualTo(1);
            JsonNode answer = byId.get(expect.rawId());
            if (expect.code() == 0) {
                assertThat(answer.path("result")).as(answer.toString()).isEqualTo(Json.parse("{}"));
            } else {
                assertThat(answer.path("error").path("code").asInt())
                        .as(context + answer)
                        .isEqualTo(expect.code());
            }
        }
        int unexpected = 0;
        for (Map.Entry<String, Integer> answer : answers.entrySet()) {
            if (!wanted.containsKey(answer.getKey())) {
                // only a mutated line can carry an id that was never sent as such
                assertThat(answer.getKey())
                        .as(context + "answer to an id never sent")
                        .doesNotStartWith("\"req");
                unexpected += answer.getValue();
            }
        }
        assertThat(unexpected).as(context + "answers to mutated lines").isLessThanOrEqualTo(mutatedLines);
    }
}
