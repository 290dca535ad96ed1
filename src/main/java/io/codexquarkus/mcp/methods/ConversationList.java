package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.mcp.protocol.ConversationResponses;
import io.codexquarkus.mcp.server.McpException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code listConversations}: the sessions recorded under {@code $CODEX_HOME/sessions}, newest first, a page at a time.
 * Each item is {@code {conversationId, path, preview, timestamp?}}; the preview is the first plain user message, and
 * sessions without one are left out (as upstream). The cursor is opaque to clients: {@code <file time>|<uuid>} of the
 * last item returned. Both rollout layouts are read: the current {@code {"type":…,"payload":…}} lines and the 2025
 * one whose first line is the bare session meta.
 */
final class ConversationList {
    static final int DEFAULT_PAGE_SIZE = 25;
    static final int MAX_PAGE_SIZE = 1_000;
    /** At most this many files are looked at per call, however few of them qualify. */
    static final int MAX_SCANNED_FILES = 10_000;
    /** The head of a rollout that is read for its meta and first user message. */
    static final int HEAD_BYTES = 1 << 20;

    static final int HEAD_LINES = 64;

    private static final Pattern FILE_NAME =
            Pattern.compile("rollout-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})-([0-9a-fA-F-]{36})\\.jsonl");
    private static final Pattern CURSOR =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})\\|([0-9a-fA-F-]{36})");
    /** Older builds put context before this marker in the user's first message. */
    private static final String USER_MESSAGE_BEGIN = "## My request for Codex:";

    private ConversationList() {}

    /** Position of a rollout in the listing: file time, then id, both descending. */
    record Key(String time, String id) implements Comparable<Key> {
        private static final Comparator<Key> ORDER =
                Comparator.comparing(Key::time).thenComparing(Key::id).reversed();

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }

        String cursor() {
            return time + "|" + id;
        }
    }

    private record Candidate(Key key, Path path) {}

    static JsonNode list(CodexHome home, Params params) {
        long requested = params.count("pageSize").orElse(DEFAULT_PAGE_SIZE);
        if (requested < 1) {
            throw params.invalid("pageSize", "must be at least 1");
        }
        int pageSize = (int) Math.min(requested, MAX_PAGE_SIZE);
        Optional<Key> after = params.string("cursor").map(text -> parseCursor(params, text));

        List<Candidate> candidates = new ArrayList<>();
        try {
            for (Path path : RolloutReader.allRollouts(home)) {
                Matcher m = FILE_NAME.matcher(path.getFileName().toString());
                if (m.matches()) {
                    candidates.add(new Candidate(new Key(m.group(1), m.group(2).toLowerCase(Locale.ROOT)), path));
                }
            }
        } catch (CodexException e) {
            throw McpException.internal("failed to list conversations: " + e.getMessage());
        }
        candidates.sort(Comparator.comparing(Candidate::key));

        List<ConversationResponses.ConversationSummary> items = new ArrayList<>();
        Key last = null;
        boolean more = false;
        int scanned = 0;
        for (Candidate candidate : candidates) {
            if (after.isPresent() && candidate.key().compareTo(after.get()) <= 0) {
                continue;
            }
            if (++scanned > MAX_SCANNED_FILES) {
                more = true;
                break;
            }
            Optional<ConversationResponses.ConversationSummary> summary = summarize(candidate.path());
            if (summary.isEmpty()) {
                continue;
            }
            if (items.size() == pageSize) {
                more = true;
                break;
            }
            items.add(summary.get());
            last = candidate.key();
        }
        String nextCursor = more && last != null ? last.cursor() : null;
        return Json.tree(new ConversationResponses.ListConversationsResponse(items, nextCursor));
    }

    private static Key parseCursor(Params params, String text) {
        Matcher m = CURSOR.matcher(text);
        if (!m.matches()) {
            throw params.invalid("cursor", "is not a cursor returned by listConversations: `" + text + "`");
        }
        try {
            UUID.fromString(m.group(2));
        } catch (IllegalArgumentException e) {
            throw params.invalid("cursor", "is not a cursor returned by listConversations: `" + text + "`");
        }
        return new Key(m.group(1), m.group(2).toLowerCase(Locale.ROOT));
    }

    /** The summary of one rollout, or empty when it has no session meta or no plain user message. */
    static Optional<ConversationResponses.ConversationSummary> summarize(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\n", HEAD_LINES + 1);
        JsonNode meta = null;
        String preview = null;
        for (int i = 0; i < Math.min(lines.length, HEAD_LINES) && preview == null; i++) {
            JsonNode line = parse(lines[i]);
            if (line == null) {
                continue;
            }
            if (line.path("payload").isObject() && line.path("type").isTextual()) {
                JsonNode payload = line.get("payload");
                switch (line.get("type").textValue()) {
                    case "session_meta" -> meta = meta == null ? payload : meta;
                    case "response_item" -> preview = userText(payload);
                    case "event_msg" -> preview = eventUserText(payload);
                    default -> {
                        // turn_context, compacted: no preview there
                    }
                }
            } else if (i == 0 && line.has("id") && !line.has("type")) {
                meta = line;
            } else {
                preview = userText(line);
            }
        }
        if (meta == null || !meta.path("id").isTextual() || preview == null) {
            return Optional.empty();
        }
        String timestamp = meta.path("timestamp").asText("");
        return Optional.of(new ConversationResponses.ConversationSummary(
                meta.get("id").textValue(),
                path.toAbsolutePath().toString(),
                preview,
                timestamp.isEmpty() ? null : timestamp));
    }

    private static JsonNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The plain text of a user {@code message} item; null for other items and for injected context. */
    private static String userText(JsonNode item) {
        if (!"message".equals(item.path("type").asText())
                || !"user".equals(item.path("role").asText())) {
            return null;
        }
        for (JsonNode content : item.path("content")) {
            if ("input_text".equals(content.path("type").asText())
                    && content.path("text").isTextual()) {
                String text = plain(content.get("text").textValue());
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static String eventUserText(JsonNode event) {
        if (!"user_message".equals(event.path("type").asText())) {
            return null;
        }
        String kind = event.path("kind").asText("plain");
        return "plain".equals(kind) && event.path("message").isTextual()
                ? plain(event.get("message").textValue())
                : null;
    }

    private static String plain(String text) {
        String stripped = text.strip();
        if (stripped.startsWith("<user_instructions>") || stripped.startsWith("<environment_context>")) {
            return null;
        }
        int marker = text.indexOf(USER_MESSAGE_BEGIN);
        return marker >= 0
                ? text.substring(marker + USER_MESSAGE_BEGIN.length()).strip()
                : text;
    }
}
