package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ExecDuration;
import io.codexquarkus.agent.protocol.McpCallOutcome;
import io.codexquarkus.agent.protocol.McpInvocation;
import io.codexquarkus.agent.session.ApprovalOutcome;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Calls to MCP servers' tools: a {@code function_call} whose namespace (Responses) or flat name (Chat) is one of the
 * offered {@code mcp__…} names. Asks for approval where {@link McpApproval} says so, emits {@code
 * mcp_tool_call_begin}/{@code mcp_tool_call_end}, and answers with the call's output ({@link McpToolOutput}).
 */
final class McpToolHandler {
    private McpToolHandler() {}

    /** The output for {@code call}, or empty when it is not a call of an MCP tool. */
    static Optional<ResponseItem> handle(ResponseItem.FunctionCall call, TaskScope scope) {
        String flat = flatName(call);
        if (!flat.startsWith(McpToolNames.PREFIX)) {
            return Optional.empty();
        }
        McpServerPool pool = scope.mcpServers();
        McpToolNames.Offered offered = McpToolNames.allocate(pool.tools()).get(flat);
        if (offered == null) {
            return Optional.of(failed(call, "unsupported call: " + flat));
        }
        String server = offered.tool().server();
        String tool = offered.tool().name();
        JsonNode arguments;
        try {
            arguments = arguments(call.arguments());
        } catch (IllegalArgumentException e) {
            return Optional.of(failed(call, "err: " + Json.write(e.getMessage())));
        }
        Optional<String> refusal = McpApproval.check(call.callId(), offered.tool(), arguments, scope);
        if (refusal.isPresent()) {
            return Optional.of(failed(call, refusal.get()));
        }
        McpInvocation invocation = new McpInvocation(server, tool, arguments);
        scope.emit(new EventMsg.McpToolCallBegin(call.callId(), invocation));
        Instant start = Instant.now();
        McpCallResult result = call(pool, server, tool, arguments, scope);
        ExecDuration duration = ExecDuration.of(Duration.between(start, Instant.now()));
        McpCallOutcome outcome = switch (result) {
            case McpCallResult.Ok ok -> McpCallOutcome.ok(ok.callToolResult());
            case McpCallResult.Err err -> McpCallOutcome.err(err.message());
        };
        scope.emit(new EventMsg.McpToolCallEnd(call.callId(), invocation, duration, outcome));
        McpToolOutput.images(result).ifPresent(scope::queueInput); // after the output, before the next request
        return Optional.of(McpToolOutput.of(call.callId(), result));
    }

    /** The flat name a call stands for; a namespace written with its trailing {@code __} is read the same. */
    static String flatName(ResponseItem.FunctionCall call) {
        String namespace = call.namespace();
        if (namespace == null) {
            return call.name();
        }
        return namespace.endsWith(McpToolNames.DELIMITER)
                ? namespace + call.name()
                : namespace + McpToolNames.DELIMITER + call.name();
    }

    private static McpCallResult call(
            McpServerPool pool, String server, String tool, JsonNode arguments, TaskScope scope) {
        try {
            JsonNode sent = arguments == null ? Json.MAPPER.createObjectNode() : arguments;
            return pool.call(server, tool, sent, scope.cancellation());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new McpCallResult.Err("tool call interrupted");
        } catch (RuntimeException e) {
            // the pool promises errors as values; a broken one must still not take the turn down
            return new McpCallResult.Err(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The model's arguments: nothing (blank) reads as null, anything else must be a JSON object. */
    static JsonNode arguments(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("failed to parse tool call arguments: " + e.getMessage(), e);
        }
        if (!parsed.isObject()) {
            throw new IllegalArgumentException("tool call arguments must be a JSON object");
        }
        return parsed;
    }

    private static ResponseItem failed(ResponseItem.FunctionCall call, String output) {
        return ResponseItem.FunctionCallOutput.of(call.callId(), output, false);
    }

    /** The {@code exec_approval_request} argv that stands for an MCP call: {@code mcp <server> <tool> <args>}. */
    static List<String> approvalCommand(String server, String tool, JsonNode arguments) {
        return List.of("mcp", server, tool, arguments == null ? "{}" : Json.write(arguments));
    }

    /** What the model is told when the user (or nobody) did not approve a call. */
    static String rejected(ApprovalOutcome outcome) {
        return outcome.reason()
                .map(reason -> "MCP tool call rejected: " + reason)
                .orElse("MCP tool call rejected by user");
    }
}
