package io.codexquarkus.model.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One item of the conversation history, serialised exactly as a Responses API input item (tag {@code type}). Item ids
 * are read from the stream but never written back ({@code WRITE_ONLY}); the Azure workaround re-inserts them where it
 * builds the request. Unknown item types read as {@link Other} and are never sent or stored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ResponseItem.Other.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ResponseItem.Message.class, name = "message"),
    @JsonSubTypes.Type(value = ResponseItem.Reasoning.class, name = "reasoning"),
    @JsonSubTypes.Type(value = ResponseItem.LocalShellCall.class, name = "local_shell_call"),
    @JsonSubTypes.Type(value = ResponseItem.FunctionCall.class, name = "function_call"),
    @JsonSubTypes.Type(value = ResponseItem.FunctionCallOutput.class, name = "function_call_output"),
    @JsonSubTypes.Type(value = ResponseItem.CustomToolCall.class, name = "custom_tool_call"),
    @JsonSubTypes.Type(value = ResponseItem.CustomToolCallOutput.class, name = "custom_tool_call_output"),
    @JsonSubTypes.Type(value = ResponseItem.WebSearchCall.class, name = "web_search_call")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ResponseItem {
    /** A chat message; {@code role} is {@code user}, {@code assistant} or {@code developer}. */
    record Message(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("role") String role,
            @JsonProperty("content") List<ContentItem> content)
            implements ResponseItem {
        public static Message user(String text) {
            return new Message(null, "user", List.of(new ContentItem.InputText(text)));
        }

        public static Message developer(String text) {
            return new Message(null, "developer", List.of(new ContentItem.InputText(text)));
        }

        public static Message assistant(String text) {
            return new Message(null, "assistant", List.of(new ContentItem.OutputText(text)));
        }
    }

    /**
     * Reasoning: summary parts always sent; raw content only when it holds nothing but {@code text} parts (never
     * {@code reasoning_text}); encrypted content as received.
     */
    record Reasoning(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("summary") List<SummaryText> summary,

            @JsonProperty("content") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<ReasoningContent> content,

            @JsonProperty("encrypted_content") @JsonInclude(JsonInclude.Include.ALWAYS)
            String encryptedContent)
            implements ResponseItem {}

    /** A summary part: {@code {"type":"summary_text","text":…}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SummaryText(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {
        public static SummaryText of(String text) {
            return new SummaryText("summary_text", text);
        }
    }

    /** A raw reasoning part: {@code reasoning_text} or {@code text}. */
    record ReasoningContent(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {}

    /** The model-native shell call of {@code codex-mini-latest}. */
    record LocalShellCall(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("call_id") @JsonInclude(JsonInclude.Include.ALWAYS)
            String callId,

            @JsonProperty("status") String status,
            @JsonProperty("action") LocalShellAction action)
            implements ResponseItem {}

    /** {@code {"type":"exec","command":[…],"timeout_ms":…,"working_directory":…,"env":…,"user":…}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LocalShellAction(
            @JsonProperty("type") String type,
            @JsonProperty("command") List<String> command,
            @JsonProperty("timeout_ms") Long timeoutMs,
            @JsonProperty("working_directory") String workingDirectory,
            @JsonProperty("env") Map<String, String> env,
            @JsonProperty("user") String user) {}

    /**
     * A function tool call; {@code arguments} is a JSON document in a string. {@code namespace} is set when the model
     * called a function of a {@code namespace} tool (MCP servers' tools on the Responses API): {@code name} is then the
     * function's name inside it. It goes back with the call in later requests, and is left out when absent.
     */
    record FunctionCall(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("name") String name,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("arguments") String arguments,
            @JsonProperty("call_id") String callId)
            implements ResponseItem {
        /** A call of a top-level function (no namespace). */
        public FunctionCall(String id, String name, String arguments, String callId) {
            this(id, name, null, arguments, callId);
        }
    }

    /**
     * The answer to a function or local-shell call. {@code output} is sent as a bare string; {@code success} is local
     * bookkeeping and never serialised.
     */
    record FunctionCallOutput(
            @JsonProperty("call_id") String callId,
            @JsonProperty("output") String output,

            @JsonProperty(value = "success", access = JsonProperty.Access.WRITE_ONLY)
            Boolean success)
            implements ResponseItem {
        public static FunctionCallOutput of(String callId, String output, boolean success) {
            return new FunctionCallOutput(callId, output, success);
        }
    }

    /** A freeform (custom) tool call such as {@code apply_patch}: {@code input} is raw text. */
    record CustomToolCall(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("status") String status,
            @JsonProperty("call_id") String callId,
            @JsonProperty("name") String name,
            @JsonProperty("input") String input)
            implements ResponseItem {}

    record CustomToolCallOutput(
            @JsonProperty("call_id") String callId,
            @JsonProperty("output") String output) implements ResponseItem {}

    record WebSearchCall(
            @JsonProperty(value = "id", access = JsonProperty.Access.WRITE_ONLY)
            String id,

            @JsonProperty("status") String status,
            @JsonProperty("action") JsonNode action)
            implements ResponseItem {}

    /** Any item type this build does not know; kept out of history, requests and rollouts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Other() implements ResponseItem {}
}
