package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.rollout.CompactedHistory;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Automatic compaction: one summarisation request over the whole history, then the history becomes the initial
 * context plus a bridge message (recent user messages and the summary), recorded as a {@code compacted} rollout line.
 * Runs inside a task, between two model requests, so the turn goes on with the shorter history.
 */
final class Compactor {
    /** Our summarisation instruction, sent as the last user message unless {@code compact_prompt} replaces it. */
    static final String DEFAULT_PROMPT = """
            Stop the task for a moment: the conversation is about to be cut to fit the context window, and only \
            what you write now will remain of it. Write a handover note for whoever continues the work (it will be \
            you, without this history). Cover:
            - the goal the user set and any constraints or preferences they stated;
            - what has been done so far: files created or changed, commands run and what they showed;
            - decisions taken and why, including approaches that failed and should not be retried;
            - the current state and the exact next steps.
            Be concrete (paths, names, commands, error messages) and brief. Do not call tools; answer with the note \
            only.""";

    private Compactor() {}

    /** The token count that starts a compaction: {@code model_auto_compact_token_limit}, else the family default. */
    static Optional<Long> limit(Session session, TurnContext turn) {
        return session.config()
                .modelAutoCompactTokenLimit()
                .or(() -> ModelFamily.find(turn.model()).autoCompactTokenLimit());
    }

    /** Whether the last request's usage reached the limit. */
    static boolean due(Session session, TurnContext turn) {
        long used = session.contextTokens();
        return used >= 0 && limit(session, turn).map(l -> used >= l).orElse(false);
    }

    /**
     * Summarises and replaces the history; empty on success (or when the task was interrupted: the caller checks),
     * else the model error that stopped it. When even the summarisation request does not fit, the oldest items are
     * left out of it one by one, as long as anything but the initial context is left.
     */
    static Optional<ModelError> compact(Session session, Task task) throws InterruptedException {
        TurnContext turn = task.turn();
        String instruction =
                session.config().compactPrompt().filter(p -> !p.isBlank()).orElse(DEFAULT_PROMPT);
        List<ResponseItem> snapshot = session.history().snapshot();
        List<ResponseItem> input = new ArrayList<>(session.history().promptInput());
        int keep = CompactedHistory.leadingContext(input);
        while (true) {
            List<ResponseItem> requestInput = new ArrayList<>(input);
            requestInput.add(ResponseItem.Message.user(instruction));
            Prompt prompt = new Prompt(Instructions.base(turn), requestInput, List.of(), false, Optional.empty());
            Attempt attempt = summarise(session, task, Task.modelRequest(session, turn, prompt));
            if (!task.isRunning()) {
                return Optional.empty();
            }
            if (attempt.error().isEmpty()) {
                List<ResponseItem> replacement = CompactedHistory.build(
                        CompactedHistory.initialContext(snapshot),
                        CompactedHistory.userMessages(snapshot),
                        attempt.summary());
                session.replaceHistory(replacement, attempt.summary());
                task.emit(new EventMsg.ContextCompacted());
                return Optional.empty();
            }
            ModelError error = attempt.error().get();
            if (error.kind() != ModelError.Kind.CONTEXT_WINDOW_EXCEEDED || !dropOldest(input, keep)) {
                return Optional.of(error);
            }
        }
    }

    /** What one summarisation request returned: the summary text, or the error that ended it. */
    private record Attempt(String summary, Optional<ModelError> error) {}

    private static Attempt summarise(Session session, Task task, ModelRequest request) throws InterruptedException {
        String summary = "";
        try (ModelStream stream = new ModelStream(session.services().modelClient().stream(request))) {
            Runnable unregister = task.cancellation().onCancel(stream::close);
            try {
                ResponseEvent event;
                while ((event = stream.next()) != null) {
                    switch (event) {
                        case ResponseEvent.OutputItemDone done -> {
                            if (done.item() instanceof ResponseItem.Message m && "assistant".equals(m.role())) {
                                summary = text(m);
                            }
                        }
                        case ResponseEvent.StreamRetry retry -> {
                            task.emit(new EventMsg.StreamError(retry.message()));
                            summary = "";
                        }
                        case ResponseEvent.Completed completed -> {
                            completed
                                    .usage()
                                    .ifPresent(usage -> task.emit(new EventMsg.TokenCount(session.addTokenUsage(
                                            usage,
                                            task.turn().modelContextWindow().orElse(null)))));
                            return new Attempt(summary, Optional.empty());
                        }
                        case ResponseEvent.Failed failed -> {
                            return new Attempt("", Optional.of(failed.error()));
                        }
                        default -> {
                            // deltas and reasoning of the summary are not shown: the summary is internal
                        }
                    }
                }
            } finally {
                unregister.run();
            }
        }
        return new Attempt(
                "",
                Optional.of(ModelError.of(
                        ModelError.Kind.STREAM, "stream disconnected before completion: stream closed early")));
    }

    /**
     * Leaves the oldest item after the first {@code keep} out of {@code input}, with the outputs of a call it drops
     * (an output without its call is rejected); false when nothing is left to drop.
     */
    static boolean dropOldest(List<ResponseItem> input, int keep) {
        if (input.size() <= keep) {
            return false;
        }
        ResponseItem dropped = input.remove(keep);
        Set<String> calls = new HashSet<>();
        switch (dropped) {
            case ResponseItem.FunctionCall call -> calls.add(call.callId());
            case ResponseItem.CustomToolCall call -> calls.add(call.callId());
            case ResponseItem.LocalShellCall call -> {
                if (call.callId() != null) {
                    calls.add(call.callId());
                }
            }
            default -> {
                // not a call: nothing depends on it
            }
        }
        input.removeIf(item -> switch (item) {
            case ResponseItem.FunctionCallOutput out -> calls.contains(out.callId());
            case ResponseItem.CustomToolCallOutput out -> calls.contains(out.callId());
            default -> false;
        });
        return true;
    }

    private static String text(ResponseItem.Message message) {
        StringBuilder out = new StringBuilder();
        for (ContentItem part : message.content()) {
            if (part instanceof ContentItem.OutputText t && !t.text().isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(t.text());
            }
        }
        return out.toString();
    }
}
