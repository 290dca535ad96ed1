package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The tools list the build wrote is the one {@link ToolDefinitions} builds, down to the bytes sent. */
class PreparedToolsListTest {
    @Test
    void theBuildWroteTheListAndItIsTheSameAsTheOneBuiltNow() throws Exception {
        try (InputStream in =
                PreparedToolsList.class.getClassLoader().getResourceAsStream(PreparedToolsList.RESOURCE)) {
            assertThat(in)
                    .as("written by the build: " + PreparedToolsList.RESOURCE)
                    .isNotNull();
        }
        assertThat(PreparedToolsList.load()).isEqualTo(ToolDefinitions.toolsList());
        assertThat(Json.write(PreparedToolsList.load())).isEqualTo(Json.write(ToolDefinitions.toolsList()));
    }
}
