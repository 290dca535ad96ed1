package io.codexquarkus.agent.handlers;

import java.util.Optional;

/**
 * The {@code sandbox_permissions} argument of a {@code shell} call (upstream's {@code SandboxPermissions}): run as the
 * sandbox policy says, or ask the user to run this one command without the sandbox.
 */
enum SandboxPermissions {
    USE_DEFAULT("use_default"),
    REQUIRE_ESCALATED("require_escalated");

    private final String wire;

    SandboxPermissions(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    boolean requiresEscalation() {
        return this == REQUIRE_ESCALATED;
    }

    static Optional<SandboxPermissions> parse(String value) {
        for (SandboxPermissions permissions : values()) {
            if (permissions.wire.equals(value)) {
                return Optional.of(permissions);
            }
        }
        return Optional.empty();
    }
}
