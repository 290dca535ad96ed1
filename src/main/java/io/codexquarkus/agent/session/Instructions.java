package io.codexquarkus.agent.session;

import io.codexquarkus.common.CodexException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The base instructions of every request: the configured override, or our bundled prompt. */
final class Instructions {
    private static final String RESOURCE = "/io/codexquarkus/agent/base_instructions.md";
    private static final String BUNDLED = load();

    private Instructions() {}

    static String base(TurnContext turn) {
        return turn.baseInstructions().orElse(BUNDLED);
    }

    static String bundled() {
        return BUNDLED;
    }

    private static String load() {
        try (InputStream in = Instructions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw CodexException.failure("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
