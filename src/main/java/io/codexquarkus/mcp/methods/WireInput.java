package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The input shapes of the conversation methods: {@code InputItem} adjacently tagged with camelCase tags ({@code
 * {"type":"text","data":{"text":"Hi"}}}, {@code image} with {@code image_url}, {@code localImage} with {@code path}),
 * and the core {@code SandboxPolicy} object ({@code {"mode":"read-only"}}).
 */
final class WireInput {
    private WireInput() {}

    static List<InputItem> items(Params params) {
        JsonNode value = params.present("items");
        if (value == null) {
            throw params.missing("items");
        }
        if (!value.isArray()) {
            throw params.invalid("items", "must be an array of input items");
        }
        List<InputItem> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(item(params, "items[" + i + "]", value.get(i)));
        }
        return items;
    }

    private static InputItem item(Params params, String where, JsonNode node) {
        if (!node.isObject() || !node.path("type").isTextual()) {
            throw params.invalid(where, "must be an object {\"type\":…,\"data\":{…}}");
        }
        // the tagged form keeps fields under "data"; a flat {"type":"text","text":…} is accepted too
        JsonNode data = node.path("data").isObject() ? node.get("data") : node;
        String type = node.get("type").textValue();
        return switch (type) {
            case "text" -> new InputItem.Text(text(params, where, data, "text"));
            case "image" -> new InputItem.Image(text(params, where, data, "image_url"));
            case "localImage", "local_image" -> new InputItem.LocalImage(text(params, where, data, "path"));
            default ->
                throw params.invalid(
                        where, "has unknown type `" + type + "`, expected one of `text`, `image`, `localImage`");
        };
    }

    private static String text(Params params, String where, JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isTextual()) {
            throw params.invalid(where, "needs a string `data." + field + "`");
        }
        return value.textValue();
    }

    /**
     * {@code sandboxPolicy}, read by the shared mapper into the core type: tag {@code mode} (0.23–0.42), or {@code
     * type} as later builds write it.
     */
    static Optional<SandboxPolicy> sandboxPolicy(Params params, String name) {
        JsonNode value = params.present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw params.invalid(name, "must be an object such as {\"mode\":\"read-only\"}");
        }
        ObjectNode normalized = ((ObjectNode) value).deepCopy();
        if (!value.has("mode") && value.path("type").isTextual()) {
            normalized.set("mode", value.get("type"));
        }
        if (!normalized.path("mode").isTextual()) {
            throw params.invalid(name, "has no \"mode\"");
        }
        try {
            return Optional.of(Json.MAPPER.treeToValue(normalized, SandboxPolicy.class));
        } catch (InvalidTypeIdException e) {
            throw params.invalid(
                    name,
                    "unknown sandbox mode `" + e.getTypeId()
                            + "`, expected one of `danger-full-access`, `read-only`, `workspace-write`");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw params.invalid(name, reason);
        }
    }

    static Optional<ReasoningEffort> effort(Params params, String name) {
        return params.enumValue(name, ReasoningEffort.class);
    }

    static Optional<ReasoningSummary> summary(Params params, String name) {
        return params.enumValue(name, ReasoningSummary.class);
    }
}
