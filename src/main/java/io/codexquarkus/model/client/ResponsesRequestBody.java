package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The {@code POST /responses} body, fields in Codex's order (the golden request tests compare bytes): model, instructions, input, tools,
 * tool_choice, parallel_tool_calls, reasoning, store, stream, include, prompt_cache_key, text.
 */
final class ResponsesRequestBody {
    private static final Logger LOG = Logger.getLogger(ResponsesRequestBody.class);

    private ResponsesRequestBody() {}

    static ObjectNode build(ModelRequest request, ModelFamily family, boolean azure) {
        Prompt prompt = request.prompt();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", request.model());
        body.put("instructions", prompt.instructions());
        ArrayNode input = body.putArray("input");
        for (ResponseItem item : prompt.input()) {
            if (item instanceof ResponseItem.Other) {
                continue;
            }
            ObjectNode node = ItemTrees.tree(withoutRawReasoning(item));
            String id = ItemTrees.id(item);
            input.add(azure && id != null && !id.isEmpty() ? withId(node, id) : node);
        }
        body.putArray("tools").addAll(prompt.tools());
        body.put("tool_choice", "auto");
        body.put("parallel_tool_calls", prompt.parallelToolCalls());
        boolean reasoning = family.supportsReasoningSummaries() || request.modelSupportsReasoningSummaries();
        if (reasoning) {
            ObjectNode node = body.putObject("reasoning");
            Optional<ReasoningEffort> effort = request.effort().or(family::defaultReasoningEffort);
            effort.ifPresent(e -> node.put("effort", e.wire()));
            if (request.summary() != ReasoningSummary.NONE) {
                node.put("summary", request.summary().wire());
            }
        }
        body.put("store", azure);
        body.put("stream", true);
        ArrayNode include = body.putArray("include");
        if (reasoning) {
            include.add("reasoning.encrypted_content");
        }
        body.put("prompt_cache_key", request.conversationId());
        Optional<Verbosity> verbosity = verbosity(request, family);
        if (verbosity.isPresent() || prompt.outputSchema().isPresent()) {
            ObjectNode text = body.putObject("text");
            verbosity.ifPresent(v -> text.put("verbosity", v.wire()));
            prompt.outputSchema().ifPresent(schema -> text.set("format", format(schema)));
        }
        return body;
    }

    private static Optional<Verbosity> verbosity(ModelRequest request, ModelFamily family) {
        if (family.supportsVerbosity()) {
            return request.verbosity().or(family::defaultVerbosity);
        }
        if (request.verbosity().isPresent()) {
            LOG.debugf("model_verbosity is ignored: model %s does not support it", request.model());
        }
        return Optional.empty();
    }

    private static ObjectNode format(JsonNode schema) {
        ObjectNode format = Json.MAPPER.createObjectNode();
        format.put("type", "json_schema");
        format.put("name", "codex_output_schema");
        format.set("schema", schema);
        format.put("strict", true);
        return format;
    }

    /** Raw reasoning goes back only when it is plain {@code text}; {@code reasoning_text} parts never do. */
    private static ResponseItem withoutRawReasoning(ResponseItem item) {
        if (item instanceof ResponseItem.Reasoning r
                && r.content() != null
                && !r.content().isEmpty()
                && !r.content().stream().allMatch(c -> "text".equals(c.type()))) {
            return new ResponseItem.Reasoning(r.id(), r.summary(), List.of(), r.encryptedContent());
        }
        return item;
    }

    /** The node with {@code "id"} right after its {@code "type"} tag. */
    private static ObjectNode withId(ObjectNode node, String id) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        boolean placed = false;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            out.set(field.getKey(), field.getValue());
            if (!placed && field.getKey().equals("type")) {
                out.put("id", id);
                placed = true;
            }
        }
        if (!placed) {
            out.put("id", id);
        }
        return out;
    }
}
