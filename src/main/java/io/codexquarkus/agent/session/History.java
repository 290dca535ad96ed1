package io.codexquarkus.agent.session;

import io.codexquarkus.model.protocol.ResponseItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The conversation as the model sees it, oldest first. Thread-safe. */
final class History {
    private final List<ResponseItem> items = new ArrayList<>();

    synchronized void add(ResponseItem item) {
        if (!(item instanceof ResponseItem.Other)) {
            items.add(item);
        }
    }

    synchronized void addAll(List<ResponseItem> more) {
        more.forEach(this::add);
    }

    /** Replaces the whole history (compaction). */
    synchronized void replace(List<ResponseItem> replacement) {
        items.clear();
        replacement.forEach(this::add);
    }

    synchronized List<ResponseItem> snapshot() {
        return List.copyOf(items);
    }

    /**
     * The input of the next request: the whole history, with a synthetic {@code "aborted"} output after every call
     * an interrupt left unanswered (the API rejects unanswered calls).
     */
    synchronized List<ResponseItem> promptInput() {
        Set<String> answered = new HashSet<>();
        for (ResponseItem item : items) {
            if (item instanceof ResponseItem.FunctionCallOutput out) {
                answered.add(out.callId());
            } else if (item instanceof ResponseItem.CustomToolCallOutput out) {
                answered.add(out.callId());
            }
        }
        List<ResponseItem> input = new ArrayList<>();
        for (ResponseItem item : items) {
            input.add(item);
            String dangling = switch (item) {
                case ResponseItem.FunctionCall call -> answered.contains(call.callId()) ? null : call.callId();
                case ResponseItem.LocalShellCall call ->
                    call.callId() == null || answered.contains(call.callId()) ? null : call.callId();
                case ResponseItem.CustomToolCall call -> answered.contains(call.callId()) ? null : call.callId();
                default -> null;
            };
            if (dangling != null) {
                input.add(
                        item instanceof ResponseItem.CustomToolCall
                                ? new ResponseItem.CustomToolCallOutput(dangling, "aborted")
                                : ResponseItem.FunctionCallOutput.of(dangling, "aborted", false));
            }
        }
        return input;
    }
}
