package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.config.WireEnum;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of the {@code codex} tool (kebab-case on the wire), read strictly: unknown fields, wrong types and
 * unknown enum values are errors worded like upstream's serde messages.
 */
public record CodexToolArgs(
        String prompt,
        Optional<String> model,
        Optional<String> profile,
        Optional<String> cwd,
        Optional<AskForApproval> approvalPolicy,
        Optional<SandboxMode> sandbox,
        Map<String, JsonNode> config,
        Optional<String> baseInstructions,
        Optional<String> developerInstructions,
        Optional<String> compactPrompt) {
    static final List<String> FIELDS = List.of(
            "prompt",
            "model",
            "profile",
            "cwd",
            "approval-policy",
            "sandbox",
            "config",
            "base-instructions",
            "developer-instructions",
            "compact-prompt");

    /** Why the arguments could not be read; the message follows upstream's wording. */
    public static final class InvalidArguments extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidArguments(String message) {
            super(message);
        }
    }

    public static CodexToolArgs parse(JsonNode arguments) throws InvalidArguments {
        if (!arguments.isObject()) {
            throw new InvalidArguments("invalid type: expected a map of arguments");
        }
        for (Map.Entry<String, JsonNode> field : arguments.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InvalidArguments("unknown field `" + field.getKey() + "`, expected one of "
                        + String.join(
                                ", ", FIELDS.stream().map(f -> "`" + f + "`").toList()));
            }
        }
        String prompt =
                optionalString(arguments, "prompt").orElseThrow(() -> new InvalidArguments("missing field `prompt`"));
        Map<String, JsonNode> config = new LinkedHashMap<>();
        JsonNode configNode = arguments.get("config");
        if (configNode != null && !configNode.isNull()) {
            if (!configNode.isObject()) {
                throw new InvalidArguments("invalid type for `config`: expected a map");
            }
            configNode.properties().forEach(e -> config.put(e.getKey(), e.getValue()));
        }
        return new CodexToolArgs(
                prompt,
                optionalString(arguments, "model"),
                optionalString(arguments, "profile"),
                optionalPath(arguments, "cwd"),
                optionalEnum(arguments, "approval-policy", AskForApproval.class),
                optionalEnum(arguments, "sandbox", SandboxMode.class),
                config,
                optionalString(arguments, "base-instructions"),
                optionalString(arguments, "developer-instructions"),
                optionalString(arguments, "compact-prompt"));
    }

    static Optional<String> optionalString(JsonNode arguments, String field) throws InvalidArguments {
        JsonNode value = arguments.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidArguments("invalid type: " + describe(value) + ", expected a string for `" + field + "`");
        }
        return Optional.of(value.textValue());
    }

    /** A string that must name a path on this system (no NUL, nothing the file system refuses). */
    static Optional<String> optionalPath(JsonNode arguments, String field) throws InvalidArguments {
        Optional<String> text = optionalString(arguments, field);
        if (text.isPresent()) {
            try {
                var unused = Path.of(text.get());
            } catch (InvalidPathException e) {
                throw new InvalidArguments(
                        "invalid value for `" + field + "`: not a valid path (" + e.getReason() + ")");
            }
        }
        return text;
    }

    private static <E extends Enum<E> & WireEnum> Optional<E> optionalEnum(
            JsonNode arguments, String field, Class<E> type) throws InvalidArguments {
        Optional<String> text = optionalString(arguments, field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireEnum.parse(type, text.get()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArguments(e.getMessage());
        }
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case NUMBER -> (value.isIntegralNumber() ? "integer `" : "floating point `") + value + "`";
            case BOOLEAN -> "boolean `" + value + "`";
            case ARRAY -> "sequence";
            case OBJECT -> "map";
            case STRING -> "string \"" + value.textValue() + "\"";
            default -> "null";
        };
    }
}
