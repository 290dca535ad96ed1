package io.codexquarkus.exec.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.TokenUsageInfo;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.model.protocol.TokenUsage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code exec --json}: one JSON object per line on stdout, Codex's thread events: {@code thread.started} (first line,
 * with the thread id), {@code turn.started}, {@code item.started/updated/completed}, {@code turn.completed} with
 * usage, {@code turn.failed}, {@code error}. Nothing else is written to stdout.
 */
public final class JsonlEventPrinter implements EventProcessor {
    private final PrintWriter out;
    private final PrintWriter err;
    private final LastMessageWriter lastMessage;
    private final Map<String, Map<String, Object>> runningCommands = new HashMap<>();
    private final Map<String, Map<String, Object>> runningPatches = new HashMap<>();
    private final Map<String, Map<String, Object>> runningTools = new HashMap<>();
    private int nextItem;
    private Map<String, Object> todoList;
    private TokenUsage turnStartUsage = TokenUsage.ZERO;
    private TokenUsageInfo tokens;
    private String failure;

    public JsonlEventPrinter(PrintWriter out, PrintWriter err, LastMessageWriter lastMessage) {
        this.out = out;
        this.err = err;
        this.lastMessage = lastMessage;
    }

    @Override
    public void printConfigSummary(CodexConfig config, String prompt) {
        // the JSONL stream starts with thread.started; the summary is for people
    }

    @Override
    public Status process(Event event) {
        switch (event.msg()) {
            case EventMsg.SessionConfigured configured ->
                emit(map("type", "thread.started", "thread_id", configured.sessionId()));
            case EventMsg.TaskStarted started -> {
                failure = null;
                turnStartUsage = tokens == null ? TokenUsage.ZERO : tokens.totalTokenUsage();
                emit(map("type", "turn.started"));
            }
            case EventMsg.AgentMessage message -> completed(item("agent_message", "text", message.message()));
            case EventMsg.AgentReasoning reasoning -> completed(item("reasoning", "text", reasoning.text()));
            case EventMsg.ExecCommandBegin begin -> {
                Map<String, Object> item = runningCommand(Shlex.join(begin.command()));
                runningCommands.put(begin.callId(), item);
                emit(map("type", "item.started", "item", item));
            }
            case EventMsg.ExecCommandEnd end -> {
                Map<String, Object> item = runningCommands.remove(end.callId());
                if (item == null) {
                    item = runningCommand("");
                }
                item.put("aggregated_output", end.aggregatedOutput());
                item.put("exit_code", end.exitCode());
                item.put("status", end.exitCode() == 0 ? "completed" : "failed");
                completed(item);
            }
            case EventMsg.McpToolCallBegin begin -> {
                Map<String, Object> item = McpItems.started(item("mcp_tool_call"), begin.invocation());
                runningTools.put(begin.callId(), item);
                emit(map("type", "item.started", "item", item));
            }
            case EventMsg.McpToolCallEnd end -> {
                Map<String, Object> item = runningTools.remove(end.callId());
                if (item == null) {
                    item = McpItems.started(item("mcp_tool_call"), end.invocation());
                }
                completed(McpItems.ended(item, end));
            }
            case EventMsg.PatchApplyBegin begin -> {
                Map<String, Object> item = item(
                        "file_change",
                        "changes",
                        changes(begin.changes() == null ? null : Json.tree(begin.changes())),
                        "status",
                        "in_progress");
                runningPatches.put(begin.callId(), item);
                emit(map("type", "item.started", "item", item));
            }
            case EventMsg.PatchApplyEnd end -> {
                Map<String, Object> item = runningPatches.remove(end.callId());
                if (item != null) {
                    item.put("status", end.success() ? "completed" : "failed");
                    completed(item);
                }
            }
            case EventMsg.PlanUpdate plan -> {
                List<Map<String, Object>> items = new ArrayList<>();
                if (plan.plan() != null) {
                    for (JsonNode step : Json.tree(plan.plan())) {
                        items.add(map(
                                "text",
                                step.path("step").asText(),
                                "completed",
                                "completed".equals(step.path("status").asText())));
                    }
                }
                if (todoList == null) {
                    todoList = item("todo_list", "items", items);
                    emit(map("type", "item.started", "item", todoList));
                } else {
                    todoList.put("items", items);
                    emit(map("type", "item.updated", "item", todoList));
                }
            }
            case EventMsg.WebSearchEnd search -> completed(item("web_search", "query", search.query()));
            case EventMsg.StreamError stream -> completed(item("error", "message", stream.message()));
            case EventMsg.BackgroundEvent background -> completed(item("error", "message", background.message()));
            case EventMsg.ContextCompacted compacted -> completed(item("context_compaction"));
            case EventMsg.TokenCount count -> tokens = count.info();
            case EventMsg.ErrorEvent error -> {
                failure = error.message();
                emit(map("type", "error", "message", error.message()));
            }
            case EventMsg.TurnAborted aborted ->
                failure = "turn " + aborted.reason().wire();
            case EventMsg.TaskComplete complete -> {
                if (todoList != null) {
                    completed(todoList);
                    todoList = null;
                }
                if (failure != null) {
                    emit(map("type", "turn.failed", "error", map("message", failure)));
                } else {
                    emit(map("type", "turn.completed", "usage", usage()));
                }
                lastMessage.write(complete.lastAgentMessage(), err);
                out.flush();
                return Status.INITIATE_SHUTDOWN;
            }
            case EventMsg.ShutdownComplete done -> {
                out.flush();
                return Status.SHUTDOWN;
            }
            default -> {
                // deltas, approvals, user messages and diffs have no thread event
            }
        }
        out.flush();
        return Status.RUNNING;
    }

    private Map<String, Object> usage() {
        TokenUsage total = tokens == null ? TokenUsage.ZERO : tokens.totalTokenUsage();
        return map(
                "input_tokens", total.inputTokens() - turnStartUsage.inputTokens(),
                "cached_input_tokens", total.cachedInputTokens() - turnStartUsage.cachedInputTokens(),
                "output_tokens", total.outputTokens() - turnStartUsage.outputTokens(),
                "reasoning_output_tokens", total.reasoningOutputTokens() - turnStartUsage.reasoningOutputTokens());
    }

    private static List<Map<String, Object>> changes(JsonNode changes) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (changes != null) {
            for (Map.Entry<String, JsonNode> entry : changes.properties()) {
                String kind =
                        entry.getValue().has("add") ? "add" : entry.getValue().has("delete") ? "delete" : "update";
                out.add(map("path", entry.getKey(), "kind", kind));
            }
        }
        return out;
    }

    /** A {@code command_execution} item that has not finished yet. */
    private Map<String, Object> runningCommand(String command) {
        return item(
                "command_execution",
                "command",
                command,
                "aggregated_output",
                "",
                "exit_code",
                null,
                "status",
                "in_progress");
    }

    private Map<String, Object> item(String type, Object... fields) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "item_" + nextItem++);
        item.put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            item.put((String) fields[i], fields[i + 1]);
        }
        return item;
    }

    private void completed(Map<String, Object> item) {
        emit(map("type", "item.completed", "item", item));
    }

    private void emit(Map<String, Object> line) {
        out.println(Json.write(line));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }
}
