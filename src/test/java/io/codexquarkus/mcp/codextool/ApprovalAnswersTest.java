package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.Json;
import org.junit.jupiter.api.Test;

/** The codex tool's cwd parameter. */
class ApprovalAnswersTest {
    @Test
    void aCwdWithNulIsAnInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> CodexToolArgs.parse(Json.parse("{\"prompt\":\"hi\",\"cwd\":\"/tmp/a\\u0000b\"}")))
                .isInstanceOf(CodexToolArgs.InvalidArguments.class)
                .hasMessageContaining("`cwd`");
    }
}
