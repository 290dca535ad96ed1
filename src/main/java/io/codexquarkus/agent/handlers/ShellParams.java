package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of a {@code shell} call: {@code {command: [argv], workdir?, timeout_ms? (alias timeout),
 * sandbox_permissions? (use_default | require_escalated), justification?}}; unknown fields are ignored, as upstream
 * does (so the retired {@code with_escalated_permissions} flag asks for nothing).
 */
record ShellParams(
        List<String> command,
        Optional<String> workdir,
        Optional<Long> timeoutMs,
        SandboxPermissions sandboxPermissions,
        Optional<String> justification) {

    /** A command that runs as the sandbox policy says: patches and other internal shell calls. */
    static ShellParams plain(List<String> command) {
        return new ShellParams(
                command, Optional.empty(), Optional.empty(), SandboxPermissions.USE_DEFAULT, Optional.empty());
    }

    boolean requiresEscalation() {
        return sandboxPermissions.requiresEscalation();
    }

    /** Why the arguments are unusable; the model is told {@code failed to parse function arguments: <message>}. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static ShellParams parse(String argumentsJson) throws Invalid {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(argumentsJson);
        } catch (JsonProcessingException e) {
            throw new Invalid(e.getOriginalMessage());
        }
        if (args == null || !args.isObject()) {
            throw new Invalid("invalid type: expected a map");
        }
        JsonNode command = args.get("command");
        if (command == null) {
            throw new Invalid("missing field `command`");
        }
        if (!command.isArray()) {
            throw new Invalid("invalid type: expected a sequence of strings for `command`");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode word : command) {
            if (!word.isTextual()) {
                throw new Invalid("invalid type: expected a string in `command`");
            }
            argv.add(word.textValue());
        }
        JsonNode timeout = args.has("timeout_ms") ? args.get("timeout_ms") : args.get("timeout");
        Optional<Long> timeoutMs = Optional.empty();
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.isNumber() || timeout.asLong() < 0) {
                throw new Invalid("invalid type: expected a non-negative number for `timeout_ms`");
            }
            timeoutMs = Optional.of(timeout.asLong());
        }
        return new ShellParams(
                List.copyOf(argv),
                text(args, "workdir"),
                timeoutMs,
                sandboxPermissions(args.get("sandbox_permissions")),
                text(args, "justification"));
    }

    static ShellParams of(ResponseItem.LocalShellAction action) {
        return new ShellParams(
                action.command() == null ? List.of() : List.copyOf(action.command()),
                Optional.ofNullable(action.workingDirectory()),
                Optional.ofNullable(action.timeoutMs()),
                SandboxPermissions.USE_DEFAULT,
                Optional.empty());
    }

    private static SandboxPermissions sandboxPermissions(JsonNode value) throws Invalid {
        if (value == null || value.isNull()) {
            return SandboxPermissions.USE_DEFAULT;
        }
        if (!value.isTextual()) {
            throw new Invalid("invalid type: expected a string for `sandbox_permissions`");
        }
        return SandboxPermissions.parse(value.textValue())
                .orElseThrow(() -> new Invalid("unknown variant `" + value.textValue() + "`, expected `"
                        + SandboxPermissions.USE_DEFAULT.wire() + "` or `"
                        + SandboxPermissions.REQUIRE_ESCALATED.wire() + "` for `sandbox_permissions`"));
    }

    private static Optional<String> text(JsonNode args, String field) {
        JsonNode value = args.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
}
