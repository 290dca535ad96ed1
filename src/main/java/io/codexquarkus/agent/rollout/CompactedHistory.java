package io.codexquarkus.agent.rollout;

import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.ArrayList;
import java.util.List;

/**
 * What a conversation becomes after compaction: its initial context (developer instructions, user instructions,
 * environment context), then one user message that bridges to the old history with the recent user messages and the
 * summary. A live session and a resumed rollout build it with the same code, so both send the same request.
 */
public final class CompactedHistory {
    /** The first line of every bridge message; how a later compaction recognises an earlier one. */
    public static final String BRIDGE_HEADER =
            "This conversation continues from an earlier part that was summarised to free room in the context window.";

    /**
     * At most this many characters of earlier user messages go into the bridge (about 20k tokens), the newest kept:
     * the bridge must stay far below the window it is meant to free.
     */
    static final int USER_MESSAGES_MAX_CHARS = 80_000;

    private static final String USER_INSTRUCTIONS = "<user_instructions>";
    private static final String ENVIRONMENT_CONTEXT = "<environment_context>";

    private CompactedHistory() {}

    /** The compacted form of {@code history} with {@code summary}. */
    public static List<ResponseItem> rebuild(List<ResponseItem> history, String summary) {
        return build(initialContext(history), userMessages(history), summary);
    }

    public static List<ResponseItem> build(
            List<ResponseItem> initialContext, List<String> userMessages, String summary) {
        List<ResponseItem> out = new ArrayList<>(initialContext);
        out.add(ResponseItem.Message.user(bridge(userMessages, summary)));
        return out;
    }

    /**
     * The session's opening messages: the leading developer / user-instructions / environment-context messages, plus
     * the newest environment context sent later (a changed cwd or policy), so the model keeps knowing where it runs.
     */
    public static List<ResponseItem> initialContext(List<ResponseItem> history) {
        int leading = leadingContext(history);
        List<ResponseItem> prefix = new ArrayList<>(history.subList(0, leading));
        ResponseItem latestEnvironment = null;
        for (int i = leading; i < history.size(); i++) {
            if (history.get(i) instanceof ResponseItem.Message m
                    && "user".equals(m.role())
                    && text(m).startsWith(ENVIRONMENT_CONTEXT)) {
                latestEnvironment = history.get(i);
            }
        }
        if (latestEnvironment != null) {
            prefix.add(latestEnvironment);
        }
        return prefix;
    }

    /** How many items at the start of {@code history} are context messages (instructions, environment). */
    public static int leadingContext(List<ResponseItem> history) {
        int i = 0;
        while (i < history.size() && isContext(history.get(i))) {
            i++;
        }
        return i;
    }

    /** The text of the user's own messages, oldest first: no context messages, no earlier bridges. */
    public static List<String> userMessages(List<ResponseItem> history) {
        List<String> out = new ArrayList<>();
        for (ResponseItem item : history) {
            if (item instanceof ResponseItem.Message m && "user".equals(m.role()) && !isContext(m)) {
                String text = text(m);
                if (!text.isEmpty() && !text.startsWith(BRIDGE_HEADER)) {
                    out.add(text);
                }
            }
        }
        return out;
    }

    static String bridge(List<String> userMessages, String summary) {
        String messages = userMessages.isEmpty() ? "(none)" : newest(userMessages, USER_MESSAGES_MAX_CHARS);
        String summaryText = summary == null || summary.isBlank() ? "(no summary was produced)" : summary.strip();
        return BRIDGE_HEADER + "\n\n"
                + "What the user asked so far, oldest first:\n\n"
                + messages + "\n\n"
                + "Summary of the work up to that point, written before the earlier part was dropped:\n\n"
                + summaryText;
    }

    /** The newest messages that fit in {@code max} characters; a single oversized message keeps its start and end. */
    static String newest(List<String> messages, int max) {
        List<String> kept = new ArrayList<>();
        int used = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            String message = messages.get(i);
            int cost = message.length() + (kept.isEmpty() ? 0 : 2);
            if (used + cost > max) {
                if (kept.isEmpty()) {
                    int half = max / 2;
                    kept.add(message.substring(0, half) + "\n…[" + (message.length() - 2 * half)
                            + " characters left out]…\n" + message.substring(message.length() - half));
                } else {
                    kept.add("[" + (i + 1) + " earlier message(s) left out]");
                }
                break;
            }
            kept.add(message);
            used += cost;
        }
        return String.join("\n\n", kept.reversed());
    }

    private static boolean isContext(ResponseItem item) {
        if (!(item instanceof ResponseItem.Message m)) {
            return false;
        }
        if ("developer".equals(m.role()) || "system".equals(m.role())) {
            return true;
        }
        if (!"user".equals(m.role())) {
            return false;
        }
        String text = text(m);
        return text.startsWith(USER_INSTRUCTIONS) || text.startsWith(ENVIRONMENT_CONTEXT);
    }

    private static String text(ResponseItem.Message message) {
        StringBuilder out = new StringBuilder();
        for (ContentItem part : message.content()) {
            String piece = switch (part) {
                case ContentItem.InputText t -> t.text();
                case ContentItem.OutputText t -> t.text();
                case ContentItem.InputImage image -> "";
            };
            if (!piece.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(piece);
            }
        }
        return out.toString();
    }
}
