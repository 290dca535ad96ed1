package io.codexquarkus.agent.handlers;

import static io.codexquarkus.testing.FakeMcpPool.tool;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.GoldenJson;
import io.codexquarkus.testing.FakeMcpPool;
import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MCP tools offered to the model, against golden files: on the Responses API one {@code namespace} per server, on
 * Chat Completions flat {@code mcp__<server>__<tool>} functions; names sanitised and capped at 64 characters, schemas
 * sanitised, what the pool filtered out ({@code enabled_tools} / {@code disabled_tools}) absent.
 */
class McpToolSpecsTest {
    private static final String LONG_TOOL =
            "summarise_the_entire_repository_history_and_every_open_pull_request_in_detail";

    /** Two servers as the pool lists them (servers by name, tools by name), filters applied by the pool. */
    static List<McpTool> tools() {
        List<McpTool> docs = List.of(
                tool("docs", "delete-page", "Deletes a page.", """
                        {"type":"object","properties":{"id":{"type":["string","null"]}},"required":["id"]}""", "{\"destructiveHint\":true}"),
                tool("docs", "get-sum", "Adds two numbers.", """
                        {"type":"object","properties":{"a":{"type":"number"},"b":{"minimum":0}}}""", null),
                tool("docs", "internal", "Never offered.", "{\"type\":\"object\"}", null),
                tool("docs", "search.v2", null, """
                        {"properties":{"tags":{"items":{"enum":["a","b"]}},"filter":true,\
                        "range":{"anyOf":[{"type":"integer"},{"format":"date"}]}}}""", null));
        List<McpTool> weather = List.of(
                tool("my weather!", LONG_TOOL, "Too long a name.", "{}", null),
                tool("my weather!", "now", "Current weather.", "{\"type\":\"object\",\"properties\":null}", null));
        List<McpTool> all = new ArrayList<>(FakeMcpPool.filter(docs, null, List.of("internal")));
        all.addAll(FakeMcpPool.filter(weather, List.of(LONG_TOOL, "now"), List.of()));
        return all;
    }

    @Test
    void responsesApiGetsOneNamespacePerServer() {
        List<JsonNode> specs = McpToolSpecs.specs(WireApi.RESPONSES, tools());

        GoldenJson.assertMatches("mcp-tools-responses.json", Json.tree(specs));
        assertThat(specs).extracting(s -> s.path("name").asText()).containsExactly("mcp__docs", "mcp__my_weather_");
        assertThat(specs).allSatisfy(s -> assertThat(s.path("type").asText()).isEqualTo("namespace"));
    }

    @Test
    void chatCompletionsGetsFlatFunctionsCappedAt64Characters() {
        List<JsonNode> specs = McpToolSpecs.specs(WireApi.CHAT, tools());

        GoldenJson.assertMatches("mcp-tools-chat.json", Json.tree(specs));
        List<String> names = specs.stream().map(s -> s.path("name").asText()).toList();
        assertThat(names).isSorted().doesNotContain("mcp__docs__internal");
        assertThat(names)
                .allSatisfy(
                        name -> assertThat(name).hasSizeLessThanOrEqualTo(64).matches("[a-zA-Z0-9_-]+"));
        assertThat(names).contains("mcp__docs__get_sum", "mcp__docs__search_v2", "mcp__my_weather___now");
        String capped = names.stream()
                .filter(n -> n.startsWith("mcp__my_weather___summarise"))
                .findFirst()
                .orElseThrow();
        assertThat(capped)
                .hasSize(64)
                .endsWith(McpToolNames.hashSuffix("my weather!\0my weather!\0\0" + LONG_TOOL + "\0" + LONG_TOOL));
    }

    @Test
    void namesAreStableAndMapBackToTheServersOwnNames() {
        Map<String, McpToolNames.Offered> first = McpToolNames.allocate(tools());
        Map<String, McpToolNames.Offered> second = McpToolNames.allocate(tools().reversed());

        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        McpToolNames.Offered getSum = first.get("mcp__docs__get_sum");
        assertThat(getSum.tool().server()).isEqualTo("docs");
        assertThat(getSum.tool().name()).isEqualTo("get-sum");
        assertThat(getSum.namespace()).isEqualTo("mcp__docs");
        assertThat(getSum.name()).isEqualTo("get_sum");
    }

    @Test
    void serversThatSanitiseToTheSameNameStayApart() {
        List<McpTool> clash = List.of(tool("a.b", "go", "", "{}", null), tool("a_b", "go", "", "{}", null));

        Map<String, McpToolNames.Offered> offered = McpToolNames.allocate(clash);

        assertThat(offered).hasSize(2);
        assertThat(offered.values()).extracting(McpToolNames.Offered::namespace).doesNotHaveDuplicates();
        assertThat(offered.values()).extracting(o -> o.tool().server()).containsExactlyInAnyOrder("a.b", "a_b");
    }
}
