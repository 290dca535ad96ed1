package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.model.protocol.ResponseItem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Appends a session's transcript to {@code $CODEX_HOME/sessions/YYYY/MM/DD/rollout-<local time>-<id>.jsonl}, one JSON
 * line per record, flushed line by line so a crash loses nothing already said. Thread-safe.
 */
public final class RolloutRecorder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RolloutRecorder.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");
    private static final DateTimeFormatter DIR_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The event types a rollout keeps (the rest are transient UI events). */
    private static final List<String> PERSISTED_EVENTS = List.of(
            "user_message",
            "agent_message",
            "agent_reasoning",
            "agent_reasoning_raw_content",
            "token_count",
            "context_compacted",
            "turn_aborted");

    private final Path path;
    private BufferedWriter writer;

    private RolloutRecorder(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Creates a new rollout file and writes its {@code session_meta} line. */
    public static RolloutRecorder create(CodexHome home, String conversationId, Instant start, SessionMeta meta) {
        LocalDateTime local = LocalDateTime.ofInstant(start, ZoneId.systemDefault());
        Path dir = home.sessionsDir().resolve(DIR_TIME.format(local));
        Path file = dir.resolve("rollout-" + FILE_TIME.format(local) + "-" + conversationId + ".jsonl");
        home.ensureExists();
        RolloutRecorder recorder = open(file);
        recorder.write(RolloutLine.SESSION_META, Json.tree(meta));
        return recorder;
    }

    /** Reopens an existing rollout for appending (resumed sessions write no new meta line). */
    public static RolloutRecorder append(Path file) {
        return open(file);
    }

    private static RolloutRecorder open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            BufferedWriter writer = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new RolloutRecorder(file, writer);
        } catch (IOException e) {
            throw CodexException.failure("failed to initialize rollout recorder: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public void recordItem(ResponseItem item) {
        if (item instanceof ResponseItem.Other) {
            return;
        }
        write(RolloutLine.RESPONSE_ITEM, Json.tree(item));
    }

    public void recordItems(List<ResponseItem> items) {
        items.forEach(this::recordItem);
    }

    /** Writes the event if it is one a rollout keeps; returns whether it did. */
    public boolean recordEvent(EventMsg msg) {
        if (!isPersisted(msg)) {
            return false;
        }
        write(RolloutLine.EVENT_MSG, Json.tree(msg));
        return true;
    }

    public static boolean isPersisted(EventMsg msg) {
        return PERSISTED_EVENTS.contains(msg.type());
    }

    /** The {@code compacted} line: from here on the history is {@code item}'s replacement. */
    public void recordCompacted(CompactedItem item) {
        write(RolloutLine.COMPACTED, Json.tree(item));
    }

    public void recordTurnContext(TurnContextLine context) {
        write(RolloutLine.TURN_CONTEXT, Json.tree(context));
    }

    private synchronized void write(String type, JsonNode payload) {
        if (writer == null) {
            return;
        }
        RolloutLine line = new RolloutLine(timestamp(Instant.now()), type, payload);
        try {
            writer.write(Json.write(line));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            LOG.warnf("failed to write rollout %s: %s", path, e.getMessage());
        }
    }

    /** UTC, millisecond precision, {@code Z} suffix. */
    public static String timestamp(Instant instant) {
        return UTC_MILLIS.format(instant);
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw CodexException.failure("Failed to shutdown rollout recorder", e);
        } finally {
            writer = null;
        }
    }
}
