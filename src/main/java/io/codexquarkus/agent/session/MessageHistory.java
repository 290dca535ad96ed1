package io.codexquarkus.agent.session;

import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.HistoryPersistence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** The global prompt history, {@code $CODEX_HOME/history.jsonl}: one line per entry, 0600, appended under a lock. */
final class MessageHistory {
    private static final Logger LOG = Logger.getLogger(MessageHistory.class);

    private MessageHistory() {}

    /** {@code history_log_id} (the file's inode) and {@code history_entry_count} (its line count). */
    record Metadata(long logId, long entryCount) {}

    static void append(CodexConfig config, String sessionId, String text) {
        if (config.history().persistence() != HistoryPersistence.SAVE_ALL) {
            return;
        }
        Path file = config.codexHome().historyFile();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("session_id", sessionId);
        entry.put("ts", System.currentTimeMillis() / 1000);
        entry.put("text", text);
        byte[] line = (Json.write(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            config.codexHome().ensureExists();
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    channel.write(ByteBuffer.wrap(line));
                } finally {
                    lock.release();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("failed to append to %s: %s", file, e.getMessage());
        }
    }

    static Metadata metadata(CodexConfig config) {
        Path file = config.codexHome().historyFile();
        if (!Files.isRegularFile(file)) {
            return new Metadata(0, 0);
        }
        try {
            Object inode = Files.getAttribute(file, "unix:ino");
            long count;
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                count = lines.count();
            }
            return new Metadata(inode instanceof Number n ? n.longValue() : 0, count);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new Metadata(0, 0);
        }
    }
}
