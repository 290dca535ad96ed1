package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fake rollout files in both layouts: the current {@code {"type","payload"}} lines and the 2025 bare-meta one. */
final class RolloutFiles {
    private RolloutFiles() {}

    /** {@code sessions/YYYY/MM/DD/rollout-<fileTime>-<id>.jsonl}. */
    static Path path(Path home, String fileTime, String id) throws IOException {
        Path dir = home.resolve("sessions")
                .resolve(fileTime.substring(0, 4))
                .resolve(fileTime.substring(5, 7))
                .resolve(fileTime.substring(8, 10));
        Files.createDirectories(dir);
        return dir.resolve("rollout-" + fileTime + "-" + id + ".jsonl");
    }

    /** A rollout as this build writes it: meta, context, a user message and an answer (items and events). */
    static Path current(Path home, String fileTime, String id, String timestamp, String userText) throws IOException {
        List<String> lines = new ArrayList<>();
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("id", id);
        meta.put("timestamp", timestamp);
        meta.put("cwd", "/tmp");
        meta.put("originator", "codex_cli_rs");
        meta.put("cli_version", "0.0.0");
        meta.putNull("instructions");
        lines.add(line(timestamp, "session_meta", meta));
        String context = "<environment_context>\n  <cwd>/tmp</cwd>\n</environment_context>";
        lines.add(line(timestamp, "response_item", userItem(context)));
        lines.add(line(timestamp, "response_item", userItem(userText)));
        lines.add(line(
                timestamp,
                "event_msg",
                Json.MAPPER
                        .createObjectNode()
                        .put("type", "user_message")
                        .put("message", context)
                        .put("kind", "environment_context")));
        lines.add(line(
                timestamp,
                "event_msg",
                Json.MAPPER
                        .createObjectNode()
                        .put("type", "user_message")
                        .put("message", userText)
                        .put("kind", "plain")));
        ObjectNode answer =
                Json.MAPPER.createObjectNode().put("type", "message").put("role", "assistant");
        answer.putArray("content")
                .addObject()
                .put("type", "output_text")
                .put("text", "Hi " + userText.substring(userText.length() - 1));
        lines.add(line(timestamp, "response_item", answer));
        lines.add(line(
                timestamp,
                "event_msg",
                Json.MAPPER
                        .createObjectNode()
                        .put("type", "agent_message")
                        .put("message", "Hi " + userText.substring(userText.length() - 1))));
        Path file = path(home, fileTime, id);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** A 0.34-era rollout: the bare session meta, then bare response items. */
    static Path legacy(Path home, String fileTime, String id, String timestamp, String userText) throws IOException {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("id", id);
        meta.put("timestamp", timestamp);
        meta.putNull("instructions");
        String text = String.join(
                "\n",
                Json.write(meta),
                Json.write(userItem("<user_instructions>\nbe brief\n</user_instructions>")),
                Json.write(userItem(userText)));
        Path file = path(home, fileTime, id);
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static ObjectNode userItem(String text) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("type", "message").put("role", "user");
        item.putArray("content").addObject().put("type", "input_text").put("text", text);
        return item;
    }

    private static String line(String timestamp, String type, ObjectNode payload) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("timestamp", timestamp);
        line.put("type", type);
        line.set("payload", payload);
        return Json.write(line);
    }
}
