package io.codexquarkus.exec.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.McpInvocation;
import io.codexquarkus.agent.protocol.TokenUsageInfo;
import io.codexquarkus.common.Durations;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigDefaults;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code exec}'s human output: progress on stderr (header, commands with their duration, patches, reasoning, the
 * answer, tokens used), and the final answer alone on stdout so {@code codex-quarkus exec … > answer.md} works.
 */
public final class HumanEventPrinter implements EventProcessor {
    static final int MAX_OUTPUT_LINES = 20;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Style style;
    private final boolean showReasoning;
    private final boolean showRawReasoning;
    private final Map<String, Instant> patchStarts = new HashMap<>();
    private final Map<String, List<String>> commands = new HashMap<>();
    private final LastMessageWriter lastMessage;
    private TokenUsageInfo tokens;
    private boolean answering;
    private boolean reasoning;

    public HumanEventPrinter(
            PrintWriter out,
            PrintWriter err,
            Style style,
            boolean showReasoning,
            boolean showRawReasoning,
            LastMessageWriter lastMessage) {
        this.out = out;
        this.err = err;
        this.style = style;
        this.showReasoning = showReasoning;
        this.showRawReasoning = showRawReasoning;
        this.lastMessage = lastMessage;
    }

    @Override
    public void printConfigSummary(CodexConfig config, String prompt) {
        err.println("codex-quarkus v" + ConfigDefaults.VERSION);
        err.println("--------");
        ConfigSummary.entries(config).forEach((k, v) -> err.println(style.bold(k + ":") + " " + v));
        err.println("--------");
        err.println(style.cyan(style.bold("user")));
        err.println(prompt);
        err.flush();
    }

    @Override
    public Status process(Event event) {
        Status status = Status.RUNNING;
        switch (event.msg()) {
            case EventMsg.SessionConfigured configured ->
                err.println(style.bold("session id:") + " " + configured.sessionId());
            case EventMsg.ErrorEvent error -> err.println(style.red("ERROR:") + " " + error.message());
            case EventMsg.StreamError stream -> err.println(style.dim(stream.message()));
            case EventMsg.BackgroundEvent background -> err.println(style.dim(background.message()));
            case EventMsg.ContextCompacted compacted -> err.println(style.dim("context compacted"));
            case EventMsg.ExecCommandBegin begin -> {
                commands.put(begin.callId(), begin.command());
                err.println(style.magenta(style.bold("exec")));
                err.println(style.bold(Shlex.join(begin.command())) + " in " + begin.cwd());
            }
            case EventMsg.ExecCommandEnd end -> printCommandEnd(end);
            case EventMsg.McpToolCallBegin begin ->
                err.println(style.magenta("tool") + " " + style.bold(invocation(begin.invocation())));
            case EventMsg.McpToolCallEnd end -> printMcpEnd(end);
            case EventMsg.AgentReasoningDelta delta -> {
                if (showReasoning) {
                    if (!reasoning) {
                        err.println(style.italic(style.magenta("thinking")));
                        reasoning = true;
                    }
                    err.print(delta.delta());
                }
            }
            case EventMsg.AgentReasoning text -> {
                if (showReasoning) {
                    if (reasoning) {
                        err.println();
                    } else {
                        err.println(style.italic(style.magenta("thinking")));
                        err.println(text.text());
                    }
                    reasoning = false;
                }
            }
            case EventMsg.AgentReasoningSectionBreak sectionBreak -> {
                if (showReasoning) {
                    err.println();
                }
            }
            case EventMsg.AgentReasoningRawContent raw -> {
                if (showRawReasoning) {
                    err.println(style.italic(style.magenta("thinking")));
                    err.println(raw.text());
                }
            }
            case EventMsg.AgentMessageDelta delta -> {
                if (!answering) {
                    err.println(style.italic(style.magenta("codex")));
                    answering = true;
                }
                err.print(delta.delta());
            }
            case EventMsg.AgentMessage message -> {
                if (answering) {
                    err.println();
                } else {
                    err.println(style.italic(style.magenta("codex")));
                    err.println(message.message());
                }
                answering = false;
            }
            case EventMsg.PatchApplyBegin begin -> printPatchBegin(begin);
            case EventMsg.PatchApplyEnd end -> printPatchEnd(end);
            case EventMsg.TurnDiff diff -> {
                err.println(style.magenta(style.bold("turn diff:")));
                err.println(diff.unifiedDiff());
            }
            case EventMsg.PlanUpdate plan -> printPlan(plan);
            case EventMsg.TokenCount count -> tokens = count.info();
            case EventMsg.TurnAborted aborted ->
                err.println(style.red("task " + aborted.reason().wire()));
            case EventMsg.WebSearchEnd search -> err.println("🌐 Searched: " + search.query());
            case EventMsg.TaskComplete complete -> {
                if (tokens != null) {
                    err.println(style.bold("tokens used"));
                    err.println(String.format(
                            Locale.US, "%,d", tokens.totalTokenUsage().blendedTotal()));
                }
                if (complete.lastAgentMessage() != null) {
                    out.println(complete.lastAgentMessage());
                }
                lastMessage.write(complete.lastAgentMessage(), err);
                status = Status.INITIATE_SHUTDOWN;
            }
            case EventMsg.ShutdownComplete done -> status = Status.SHUTDOWN;
            default -> {
                // task_started, user_message, approvals, output deltas: nothing to show
            }
        }
        out.flush();
        err.flush();
        return status;
    }

    private void printCommandEnd(EventMsg.ExecCommandEnd end) {
        List<String> command = commands.remove(end.callId());
        String shown = command == null ? "exec('" + end.callId() + "')" : Shlex.join(command);
        String duration = Durations.format(end.duration().toDuration());
        if (end.exitCode() == 0) {
            err.println(style.green(style.bold(shown) + " succeeded in " + duration + ":"));
        } else {
            err.println(style.red(style.bold(shown) + " exited " + end.exitCode() + " in " + duration + ":"));
        }
        printHead(end.aggregatedOutput());
    }

    /** {@code server.tool(<compact JSON arguments>)}, {@code server.tool()} without arguments. */
    static String invocation(McpInvocation invocation) {
        JsonNode arguments = invocation.arguments();
        String shown = arguments == null || arguments.isNull() ? "" : Json.write(arguments);
        return invocation.server() + "." + invocation.tool() + "(" + shown + ")";
    }

    private void printMcpEnd(EventMsg.McpToolCallEnd end) {
        String line = style.bold(invocation(end.invocation()))
                + (end.isSuccess() ? " success" : " failed")
                + " in " + Durations.format(end.duration().toDuration()) + ":";
        err.println(end.isSuccess() ? style.green(line) : style.red(line));
        String result = end.result().ok() != null
                ? pretty(end.result().ok())
                : end.result().err();
        printHead(result);
    }

    /** JSON as serde_json's pretty printer writes it: two-space indent, {@code "key": value}, one array element a line. */
    static String pretty(JsonNode value) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withArrayIndenter(indenter)
                .withObjectIndenter(indenter);
        try {
            return Json.MAPPER.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    private void printHead(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        List<String> lines = text.lines().toList();
        lines.stream().limit(MAX_OUTPUT_LINES).forEach(line -> err.println(style.dim(line)));
        if (lines.size() > MAX_OUTPUT_LINES) {
            err.println(style.dim("… +" + (lines.size() - MAX_OUTPUT_LINES) + " lines"));
        }
    }

    private void printPatchBegin(EventMsg.PatchApplyBegin begin) {
        patchStarts.put(begin.callId(), Instant.now());
        err.println(style.magenta(style.bold("apply_patch")) + " auto_approved=" + begin.autoApproved() + ":");
        JsonNode changes = begin.changes() == null ? null : Json.tree(begin.changes());
        if (changes == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : changes.properties()) {
            String path = entry.getKey();
            JsonNode change = entry.getValue();
            if (change.has("add")) {
                err.println(style.green("A " + path));
                change.path("add").path("content").asText("").lines().forEach(l -> err.println(style.green("+" + l)));
            } else if (change.has("delete")) {
                err.println(style.red("D " + path));
            } else if (change.has("update")) {
                JsonNode update = change.path("update");
                String move = update.path("move_path").asText(null);
                err.println(style.cyan(move == null ? "M " + path : "R " + path + " -> " + move));
                update.path("unified_diff").asText("").lines().forEach(this::printDiffLine);
            }
        }
    }

    private void printDiffLine(String line) {
        if (line.startsWith("+") && !line.startsWith("+++")) {
            err.println(style.green(line));
        } else if (line.startsWith("-") && !line.startsWith("---")) {
            err.println(style.red(line));
        } else {
            err.println(line);
        }
    }

    private void printPatchEnd(EventMsg.PatchApplyEnd end) {
        Instant start = patchStarts.remove(end.callId());
        String elapsed = start == null ? "" : " in " + Durations.format(Duration.between(start, Instant.now()));
        String line = "apply_patch exited " + (end.success() ? 0 : 1) + elapsed + ":";
        err.println(end.success() ? style.green(line) : style.red(line));
        printHead(end.success() ? end.stdout() : end.stderr());
    }

    private void printPlan(EventMsg.PlanUpdate plan) {
        err.println(style.magenta(style.bold("plan")));
        if (plan.explanation() != null && !plan.explanation().isBlank()) {
            err.println(style.dim(plan.explanation()));
        }
        if (plan.plan() != null) {
            for (JsonNode item : Json.tree(plan.plan())) {
                String status = item.path("status").asText();
                String box = switch (status) {
                    case "completed" -> "[x]";
                    case "in_progress" -> "[>]";
                    default -> "[ ]";
                };
                String text = box + " " + item.path("step").asText();
                err.println("completed".equals(status) ? style.dim(text) : text);
            }
        }
    }
}
