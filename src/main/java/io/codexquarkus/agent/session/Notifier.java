package io.codexquarkus.agent.session;

import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the configured {@code notify} program after a task completes, with Codex's JSON payload as last argument.
 * Fire and forget: the child is reaped in the background and killed if it outlives a minute.
 */
final class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private Notifier() {}

    static void turnComplete(CodexConfig config, String turnId, String input, String lastAssistantMessage) {
        if (config.notifyCommand().isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "agent-turn-complete");
        payload.put("turn-id", turnId);
        payload.put("input-messages", List.of(input));
        payload.put("last-assistant-message", lastAssistantMessage);
        List<String> command = new ArrayList<>(config.notifyCommand());
        command.add(Json.write(payload));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Thread.ofVirtual().start(() -> {
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                }
            });
        } catch (IOException e) {
            LOG.warnf("failed to run notify program %s: %s", config.notifyCommand(), e.getMessage());
        }
    }
}
