package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.model.protocol.ResponseItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** Reads rollout files back: to resume a session, and to find and list sessions. */
public final class RolloutReader {
    private static final Logger LOG = Logger.getLogger(RolloutReader.class);

    private RolloutReader() {}

    /**
     * A session as its rollout file tells it.
     *
     * @param history the conversation items in order, ready to send to the model again (after a {@code compacted}
     *     line: the history that compaction left)
     * @param events the persisted events, for UIs to redraw ({@code initial_messages})
     */
    public record Rollout(
            Path path,
            String conversationId,
            Optional<SessionMeta> meta,
            List<ResponseItem> history,
            List<EventMsg> events) {}

    public static Rollout read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CodexException.failure("failed to read rollout " + path + ": " + e.getMessage(), e);
        }
        if (lines.stream().allMatch(String::isBlank)) {
            throw CodexException.failure("empty session file: " + path);
        }
        String id = null;
        SessionMeta meta = null;
        List<ResponseItem> history = new ArrayList<>();
        List<EventMsg> events = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                RolloutLine parsed = Json.MAPPER.readValue(line, RolloutLine.class);
                JsonNode payload = parsed.payload();
                switch (parsed.type() == null ? "" : parsed.type()) {
                    case RolloutLine.SESSION_META -> {
                        if (id == null) {
                            meta = Json.MAPPER.treeToValue(payload, SessionMeta.class);
                            id = meta.id();
                        }
                    }
                    case RolloutLine.RESPONSE_ITEM -> {
                        ResponseItem item = Json.MAPPER.treeToValue(payload, ResponseItem.class);
                        if (!(item instanceof ResponseItem.Other)) {
                            history.add(item);
                        }
                    }
                    case RolloutLine.EVENT_MSG -> events.add(Json.MAPPER.treeToValue(payload, EventMsg.class));
                    case RolloutLine.COMPACTED -> {
                        CompactedItem compacted = Json.MAPPER.treeToValue(payload, CompactedItem.class);
                        List<ResponseItem> replacement = compacted.replacementHistory() != null
                                ? compacted.replacementHistory().stream()
                                        .filter(item -> !(item instanceof ResponseItem.Other))
                                        .toList()
                                : CompactedHistory.rebuild(history, compacted.message());
                        history.clear();
                        history.addAll(replacement);
                    }
                    default -> {
                        // turn_context and kinds of newer builds: not needed to resume
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("skipping unreadable rollout line in %s: %s", path, e.getMessage());
            }
        }
        if (id == null) {
            throw CodexException.failure("no session id found in " + path);
        }
        return new Rollout(path, id, Optional.ofNullable(meta), history, events);
    }

    /** The rollout file of a session id, searching {@code sessions/} newest first. */
    public static Optional<Path> findById(CodexHome home, String conversationId) {
        String suffix = "-" + conversationId + ".jsonl";
        return allRollouts(home).stream()
                .filter(p -> p.getFileName().toString().endsWith(suffix))
                .findFirst();
    }

    /** The newest rollout file. */
    public static Optional<Path> newest(CodexHome home) {
        return allRollouts(home).stream().findFirst();
    }

    /** Every rollout file under {@code sessions/}, newest first (paths and names sort by time). */
    public static List<Path> allRollouts(CodexHome home) {
        Path root = home.sessionsDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("rollout-") && name.endsWith(".jsonl") && Files.isRegularFile(p);
                    })
                    .sorted(Comparator.comparing((Path p) -> root.relativize(p).toString())
                            .reversed())
                    .toList();
        } catch (IOException e) {
            throw CodexException.failure("failed to list sessions in " + root + ": " + e.getMessage(), e);
        }
    }
}
