package io.codexquarkus.agent.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The approval table for MCP calls, and what the model gets back from a call. */
class McpCallRulesTest {
    @ParameterizedTest(name = "{0} × {1}, annotations {2} → {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "UNTRUSTED      | read-only | {\"destructiveHint\":true} | ASK",
                "ON_FAILURE     | read-only | {\"destructiveHint\":true} | ASK",
                "ON_REQUEST     | read-only | {\"destructiveHint\":true} | ASK",
                "NEVER          | read-only | {\"destructiveHint\":true} | REFUSE",
                "NEVER          | danger    | {\"destructiveHint\":true} | RUN",
                "ON_REQUEST     | danger    | {\"destructiveHint\":true} | ASK",
                "UNTRUSTED      | read-only | {\"readOnlyHint\":false,\"openWorldHint\":true} | ASK",
                "UNTRUSTED      | read-only | {\"readOnlyHint\":false} | RUN",
                "UNTRUSTED      | read-only | {\"openWorldHint\":true} | RUN",
                "UNTRUSTED      | read-only | {\"readOnlyHint\":true,\"destructiveHint\":true} | ASK",
                "UNTRUSTED      | read-only | {} | RUN",
                "UNTRUSTED      | read-only | null | RUN",
                "NEVER          | read-only | null | RUN"
            })
    void approvalFollowsTheAnnotationsUnderEveryPolicy(
            AskForApproval policy, String sandbox, String annotations, McpApproval.Need expected) {
        SandboxPolicy sandboxPolicy =
                sandbox.equals("danger") ? new SandboxPolicy.DangerFullAccess() : new SandboxPolicy.ReadOnly();

        assertThat(McpApproval.need(policy, sandboxPolicy, Json.parse(annotations)))
                .isEqualTo(expected);
    }

    @Test
    void structuredContentWinsOverContent() {
        ResponseItem.FunctionCallOutput output = McpToolOutput.of(
                "c",
                new McpCallResult.Ok(Json.parse(
                        "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"structuredContent\":{\"n\":1}}")));

        assertThat(output.output()).isEqualTo("{\"n\":1}");
        assertThat(output.success()).isTrue();
    }

    @Test
    void contentIsSentAsItsJsonWithImagesReplacedByAPlaceholder() {
        ResponseItem.FunctionCallOutput output = McpToolOutput.of(
                "c",
                new McpCallResult.Ok(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"a chart\"},"
                        + "{\"type\":\"image\",\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}],"
                        + "\"isError\":true}")));

        assertThat(output.output())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"a chart\"},{\"type\":\"image\",\"mimeType\":\"image/png\","
                        + "\"data\":\"<image/png, attached as an image after this output>\"}]");
        assertThat(output.success()).isFalse();
    }

    @Test
    void imagesFollowTheOutputAsAUserMessageOfInputImages() {
        McpCallResult result = new McpCallResult.Ok(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"a chart\"},"
                + "{\"type\":\"image\",\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"},"
                + "{\"type\":\"image\",\"mimeType\":\"text/plain\",\"data\":\"bm90IGFuIGltYWdl\"}]}"));

        ResponseItem message = McpToolOutput.images(result).orElseThrow();

        assertThat(Json.tree(message).toString())
                .isEqualTo("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                        + "\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\"}]}");
        assertThat(McpToolOutput.images(new McpCallResult.Ok(Json.parse("{\"content\":[]}"))))
                .isEmpty();
        assertThat(McpToolOutput.images(new McpCallResult.Err("boom"))).isEmpty();
    }

    @Test
    void aCallWithoutResultIsAFailedErrOutput() {
        ResponseItem.FunctionCallOutput output =
                McpToolOutput.of("c", new McpCallResult.Err("tool call timed out after 60s"));

        assertThat(output.output()).isEqualTo("err: \"tool call timed out after 60s\"");
        assertThat(output.success()).isFalse();
    }

    @Test
    void callsAreLookedUpByTheirFlatName() {
        assertThat(McpToolHandler.flatName(new ResponseItem.FunctionCall(null, "get_sum", "mcp__docs", "{}", "c")))
                .isEqualTo("mcp__docs__get_sum");
        assertThat(McpToolHandler.flatName(new ResponseItem.FunctionCall(null, "get_sum", "mcp__docs__", "{}", "c")))
                .isEqualTo("mcp__docs__get_sum");
        assertThat(McpToolHandler.flatName(new ResponseItem.FunctionCall(null, "mcp__docs__get_sum", "{}", "c")))
                .isEqualTo("mcp__docs__get_sum");
    }

    @Test
    void argumentsMustBeAnObjectOrNothing() {
        assertThat(McpToolHandler.arguments("")).isNull();
        assertThat(McpToolHandler.arguments("{\"a\":1}")).isEqualTo(Json.parse("{\"a\":1}"));
        assertThatThrownBy(() -> McpToolHandler.arguments("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> McpToolHandler.arguments("{")).hasMessageContaining("failed to parse");
    }

    @Test
    void schemasGetTypesPropertiesAndItems() {
        assertThat(McpSchemas.parameters(Json.parse("{\"properties\":{\"b\":true,\"l\":{\"type\":\"array\"}}}")))
                .isEqualTo(Json.parse("{\"properties\":{\"b\":{\"type\":\"string\"},"
                        + "\"l\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"type\":\"object\"}"));
        assertThat(McpSchemas.parameters(Json.parse("{\"type\":\"object\"}")))
                .isEqualTo(Json.parse("{\"type\":\"object\",\"properties\":{}}"));
    }
}
