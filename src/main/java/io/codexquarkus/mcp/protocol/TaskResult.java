package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A task of the tasks extension ({@code io.modelcontextprotocol/tasks}) as the client sees it: the {@code
 * CreateTaskResult} a {@code tools/call} answers ({@code resultType: "task"}), and the {@code DetailedTask} of {@code
 * tasks/get} (its {@code resultType} is {@code complete}, added on the way out) with the payload of its status:
 * {@code inputRequests} when {@code input_required}, {@code result} when {@code completed}, {@code error} when {@code
 * failed}.
 *
 * @param createdAt ISO 8601
 * @param lastUpdatedAt ISO 8601
 * @param ttlMs lifetime from creation; null means unlimited (always written: the schema requires the key)
 * @param meta the thread the task's turn runs on, so that a client can continue it with {@code codex-reply} even when
 *     the task is lost with the server process
 */
@RegisterForReflection
@JsonPropertyOrder({
    "resultType",
    "taskId",
    "status",
    "statusMessage",
    "createdAt",
    "lastUpdatedAt",
    "ttlMs",
    "pollIntervalMs",
    "inputRequests",
    "result",
    "error",
    "_meta"
})
public record TaskResult(
        @JsonProperty("resultType") @JsonInclude(NON_NULL) String resultType,
        @JsonProperty("taskId") String taskId,
        @JsonProperty("status") TaskStatus status,

        @JsonProperty("statusMessage") @JsonInclude(NON_NULL)
        String statusMessage,

        @JsonProperty("createdAt") String createdAt,
        @JsonProperty("lastUpdatedAt") String lastUpdatedAt,
        @JsonProperty("ttlMs") Long ttlMs,

        @JsonProperty("pollIntervalMs") @JsonInclude(NON_NULL)
        Long pollIntervalMs,

        @JsonProperty("inputRequests") @JsonInclude(NON_NULL)
        JsonNode inputRequests,

        @JsonProperty("result") @JsonInclude(NON_NULL) JsonNode result,
        @JsonProperty("error") @JsonInclude(NON_NULL) JsonRpcError error,
        @JsonProperty("_meta") @JsonInclude(NON_NULL) Meta meta) {
    /** The {@code resultType} of a {@code CreateTaskResult}. */
    public static final String TASK = "task";

    /** {@code _meta} of a task: {@code threadId}, as in the {@code structuredContent} of the call's result. */
    @RegisterForReflection
    public record Meta(@JsonProperty("threadId") String threadId) {}
}
