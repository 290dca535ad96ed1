package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexquarkus.config.WireEnum;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Typed reads of one request's {@code params}. Lenient where upstream was strict about framing (a missing {@code
 * params} reads as {@code {}}, unknown members are ignored), strict about content: a member of the wrong type, an
 * unknown enum value or an id that is not a UUID is a -32602 error that names the method and the member.
 */
final class Params {
    private final String method;
    private final JsonNode node;

    private Params(String method, JsonNode node) {
        this.method = method;
        this.node = node;
    }

    static Params of(RequestContext request) {
        return of(request.method(), request.params());
    }

    static Params of(String method, JsonNode params) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return new Params(method, MissingNode.getInstance());
        }
        if (!params.isObject()) {
            throw McpException.invalidParams(method + ": params must be an object");
        }
        return new Params(method, params);
    }

    /** The params of a nested object member (e.g. {@code overrides}), read with the same rules. */
    Optional<Params> object(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw invalid(name, "must be an object");
        }
        return Optional.of(new Params(method + " " + name, value));
    }

    JsonNode raw() {
        return node;
    }

    String method() {
        return method;
    }

    /** The member, or null when it is absent or JSON null. */
    JsonNode present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    Optional<String> string(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return Optional.of(value.textValue());
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    Optional<Boolean> bool(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalid(name, "must be a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    /** A non-negative integer. */
    OptionalLong count(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw invalid(name, "must be a non-negative integer");
        }
        return OptionalLong.of(value.longValue());
    }

    /** A UUID in its canonical text form (lower case), as Codex prints ids. */
    String requiredUuid(String name) {
        String text = requiredString(name);
        try {
            UUID parsed = UUID.fromString(text);
            if (!parsed.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException(text);
            }
            return parsed.toString();
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a UUID, got `" + text + "`");
        }
    }

    <E extends Enum<E> & WireEnum> Optional<E> enumValue(String name, Class<E> type) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireEnum.parse(type, text.get()));
        } catch (IllegalArgumentException e) {
            throw invalid(name, e.getMessage());
        }
    }

    List<String> requiredStringList(String name) {
        JsonNode value = present(name);
        if (value == null) {
            throw missing(name);
        }
        if (!value.isArray()) {
            throw invalid(name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw invalid(name, "must be an array of strings");
            }
            out.add(element.textValue());
        }
        return out;
    }

    McpException missing(String name) {
        return McpException.invalidParams(method + ": missing field `" + name + "`");
    }

    McpException invalid(String name, String problem) {
        return McpException.invalidParams(method + ": `" + name + "` " + problem);
    }
}
