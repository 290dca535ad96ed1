package io.codexquarkus.agent.handlers;

import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names MCP tools are offered under, as upstream allocates them: namespace {@code mcp__<server>} and function
 * {@code <tool>}, both sanitised to {@code [a-zA-Z0-9_]} (anything else, {@code -} included, becomes {@code _}, as
 * upstream's namespace-era sanitiser does: {@code get-sum} is offered as {@code get_sum}); the flat name {@code
 * mcp__<server>__<tool>} (what Chat Completions sees, and the key calls are looked up by) is at most 64 characters.
 * Names that collide after sanitising, or are too long, get {@code _} and the first 12 hex digits of the SHA-1 of the
 * server's and tool's raw names, the tool part truncated to make room.
 */
final class McpToolNames {
    static final String PREFIX = "mcp__";
    static final String DELIMITER = "__";
    static final int MAX_LENGTH = 64;
    private static final int HASH_LENGTH = 12;

    /** One offered tool: the namespace and function names the model sees, and the tool they stand for. */
    record Offered(String namespace, String name, McpTool tool) {
        String flatName() {
            return namespace + DELIMITER + name;
        }
    }

    private McpToolNames() {}

    /** The offered names of {@code tools}, keyed by flat name, sorted by flat name. */
    static Map<String, Offered> allocate(List<McpTool> tools) {
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (McpTool tool : tools) {
            Candidate candidate = new Candidate(tool);
            if (seen.add(candidate.rawToolIdentity)) {
                candidates.add(candidate);
            }
        }
        Map<String, Set<String>> namespaces = new HashMap<>();
        candidates.forEach(c ->
                namespaces.computeIfAbsent(c.namespace, k -> new HashSet<>()).add(c.rawNamespaceIdentity));
        for (Candidate c : candidates) {
            if (namespaces.get(c.namespace).size() > 1) {
                c.namespace = c.namespace + hashSuffix(c.rawNamespaceIdentity);
            }
        }
        Map<String, Set<String>> names = new HashMap<>();
        candidates.forEach(c -> names.computeIfAbsent(c.namespace + "\0" + c.name, k -> new HashSet<>())
                .add(c.rawToolIdentity));
        for (Candidate c : candidates) {
            if (names.get(c.namespace + "\0" + c.name).size() > 1) {
                c.name = c.name + hashSuffix(c.rawToolIdentity);
            }
        }
        candidates.sort(Comparator.comparing(c -> c.rawToolIdentity));
        Set<String> used = new HashSet<>();
        List<Offered> offered = new ArrayList<>();
        for (Candidate c : candidates) {
            offered.add(unique(c, used));
        }
        offered.sort(Comparator.comparing(Offered::flatName));
        Map<String, Offered> byName = new LinkedHashMap<>();
        offered.forEach(o -> byName.put(o.flatName(), o));
        return byName;
    }

    /** {@code value} with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _}. */
    static String sanitize(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.append(isAllowed(cp) ? (char) cp : '_'));
        return out.isEmpty() ? "_" : out.toString();
    }

    private static boolean isAllowed(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    }

    private static Offered unique(Candidate c, Set<String> used) {
        String flat = c.namespace + DELIMITER + c.name;
        if (flat.length() <= MAX_LENGTH && used.add(flat)) {
            return new Offered(c.namespace, c.name, c.tool);
        }
        for (int attempt = 0; ; attempt++) {
            String input = attempt == 0 ? c.rawToolIdentity : c.rawToolIdentity + "\0" + attempt;
            String suffix = hashSuffix(input);
            String namespace = c.namespace;
            String name;
            int room = MAX_LENGTH - namespace.length() - DELIMITER.length();
            if (room >= suffix.length()) {
                name = truncate(c.name, room - suffix.length()) + suffix;
            } else {
                namespace = truncate(namespace, MAX_LENGTH - suffix.length() - DELIMITER.length());
                name = suffix;
            }
            if (used.add(namespace + DELIMITER + name)) {
                return new Offered(namespace, name, c.tool);
            }
        }
    }

    private static String truncate(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }

    static String hashSuffix(String rawIdentity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(rawIdentity.getBytes(StandardCharsets.UTF_8));
            return "_" + HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** A tool on its way to an offered name; the raw identities keep servers and tools apart after sanitising. */
    private static final class Candidate {
        final McpTool tool;
        final String rawNamespaceIdentity;
        final String rawToolIdentity;
        String namespace;
        String name;

        Candidate(McpTool tool) {
            this.tool = tool;
            this.rawNamespaceIdentity = tool.server() + "\0" + tool.server() + "\0";
            this.rawToolIdentity = rawNamespaceIdentity + "\0" + tool.name() + "\0" + tool.name();
            String server = sanitize(tool.server());
            this.namespace = server.startsWith(PREFIX) ? server : PREFIX + server;
            this.name = sanitize(tool.name());
        }
    }
}
