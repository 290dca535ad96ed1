package io.codexquarkus.exec.output;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.config.CodexConfig;

/** Renders a session's events for {@code exec}: human text or JSONL. */
public interface EventProcessor {
    /** What the run loop should do after an event. */
    enum Status {
        RUNNING,
        /** The task ended: shut the session down. */
        INITIATE_SHUTDOWN,
        /** The session is gone: stop reading. */
        SHUTDOWN
    }

    /** Called once before the session starts. */
    void printConfigSummary(CodexConfig config, String prompt);

    Status process(Event event);
}
