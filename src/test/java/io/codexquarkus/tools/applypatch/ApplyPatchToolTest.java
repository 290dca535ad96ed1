package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import org.junit.jupiter.api.Test;

class ApplyPatchToolTest {
    @Test
    void freeformToolCarriesTheLarkGrammar() {
        JsonNode tool = ApplyPatchTool.freeformDefinition();
        assertThat(tool.path("type").asText()).isEqualTo("custom");
        assertThat(tool.path("name").asText()).isEqualTo("apply_patch");
        assertThat(tool.path("description").asText()).isNotBlank();
        assertThat(tool.path("format").path("type").asText()).isEqualTo("grammar");
        assertThat(tool.path("format").path("syntax").asText()).isEqualTo("lark");
        String grammar = tool.path("format").path("definition").asText();
        assertThat(grammar)
                .startsWith("start: ")
                .contains(
                        "\"*** Begin Patch\" LF",
                        "\"*** End Patch\" LF?",
                        "\"*** Add File: \"",
                        "\"*** Delete File: \"",
                        "\"*** Update File: \"",
                        "\"*** Move to: \"",
                        "\"*** End of File\" LF",
                        "(\"@@\" | \"@@ \" /(.+)/) LF",
                        "(\"+\" | \"-\" | \" \") /(.*)/ LF",
                        "%import common.LF");
    }

    @Test
    void functionTool() {
        JsonNode tool = ApplyPatchTool.functionDefinition();
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("name").asText()).isEqualTo("apply_patch");
        assertThat(tool.path("parameters"))
                .isEqualTo(Json.parse("{\"type\":\"object\",\"properties\":{\"input\":{\"type\":\"string\","
                        + "\"description\":\"The entire contents of the apply_patch command\"}},"
                        + "\"required\":[\"input\"],\"additionalProperties\":false}"));
        assertThat(tool.path("description").asText()).contains("*** Begin Patch", "*** Move to:", "relative");
    }

    @Test
    void functionArguments() {
        assertThat(ApplyPatchTool.parseFunctionArguments("{\"input\":\"*** Begin Patch\\n*** End Patch\"}"))
                .isEqualTo("*** Begin Patch\n*** End Patch");
        assertThatThrownBy(() -> ApplyPatchTool.parseFunctionArguments("{}"))
                .hasMessage("failed to parse function arguments: missing field `input`");
        assertThatThrownBy(() -> ApplyPatchTool.parseFunctionArguments("{\"input\":1}"))
                .hasMessage("failed to parse function arguments: invalid type: integer `1`, expected a string");
        assertThatThrownBy(() -> ApplyPatchTool.parseFunctionArguments("not json"))
                .hasMessageStartingWith("failed to parse function arguments: ");
    }
}
