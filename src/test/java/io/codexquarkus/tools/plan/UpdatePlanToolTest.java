package io.codexquarkus.tools.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdatePlanToolTest {
    private static void assertRejected(String json, String error) {
        assertThatThrownBy(() -> UpdatePlanTool.parseArguments(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failed to parse function arguments: " + error);
    }

    @Test
    void parsesAndSerialisesAsThePlanUpdatePayload() {
        UpdatePlanArgs args = UpdatePlanTool.parseArguments(
                "{\"explanation\":\"why\",\"plan\":[{\"step\":\"read code\",\"status\":\"completed\"},"
                        + "{\"step\":\"fix bug\",\"status\":\"in_progress\"},{\"step\":\"test\",\"status\":\"pending\"}]}");
        assertThat(args)
                .isEqualTo(new UpdatePlanArgs(
                        Optional.of("why"),
                        List.of(
                                new PlanItem("read code", StepStatus.COMPLETED),
                                new PlanItem("fix bug", StepStatus.IN_PROGRESS),
                                new PlanItem("test", StepStatus.PENDING))));
        assertThat(Json.write(args))
                .isEqualTo(
                        "{\"explanation\":\"why\",\"plan\":[{\"step\":\"read code\",\"status\":\"completed\"},"
                                + "{\"step\":\"fix bug\",\"status\":\"in_progress\"},{\"step\":\"test\",\"status\":\"pending\"}]}");
        UpdatePlanArgs bare = UpdatePlanTool.parseArguments("{\"plan\":[]}");
        assertThat(Json.write(bare)).isEqualTo("{\"explanation\":null,\"plan\":[]}");
        assertThat(UpdatePlanTool.parseArguments("{\"explanation\":null,\"plan\":[]}"))
                .isEqualTo(bare);
    }

    @Test
    void strictParsing() {
        assertRejected("{\"plan\":[],\"extra\":1}", "unknown field `extra`, expected `explanation` or `plan`");
        assertRejected("{}", "missing field `plan`");
        assertRejected("{\"plan\":{}}", "invalid type: map, expected a sequence");
        assertRejected("{\"plan\":[{\"step\":\"a\"}]}", "missing field `status`");
        assertRejected("{\"plan\":[{\"status\":\"pending\"}]}", "missing field `step`");
        assertRejected(
                "{\"plan\":[{\"step\":\"a\",\"status\":\"pending\",\"note\":\"x\"}]}",
                "unknown field `note`, expected `step` or `status`");
        assertRejected(
                "{\"plan\":[{\"step\":\"a\",\"status\":\"done\"}]}",
                "unknown variant `done`, expected one of `pending`, `in_progress`, `completed`");
        assertRejected(
                "{\"plan\":[{\"step\":3,\"status\":\"pending\"}]}", "invalid type: integer `3`, expected a string");
        assertRejected("{\"explanation\":true,\"plan\":[]}", "invalid type: boolean `true`, expected a string");
        assertRejected("[]", "invalid type: sequence, expected struct UpdatePlanArgs");
        assertRejected("", "EOF while parsing a value");
        assertThatThrownBy(() -> UpdatePlanTool.parseArguments("{\"plan\": ["))
                .hasMessageStartingWith("failed to parse function arguments: ");
    }

    @Test
    void atMostOneStepInProgress() {
        assertRejected(
                "{\"plan\":[{\"step\":\"a\",\"status\":\"in_progress\"},{\"step\":\"b\",\"status\":\"in_progress\"}]}",
                "at most one step can be in_progress at a time, found 2");
    }

    @Test
    void definitionMatchesTheSchema() {
        JsonNode tool = UpdatePlanTool.definition();
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("name").asText()).isEqualTo("update_plan");
        assertThat(tool.path("strict").asBoolean(true)).isFalse();
        assertThat(tool.path("description").asText()).contains("in_progress");
        assertThat(tool.path("parameters")).isEqualTo(Json.parse("""
                        {"type":"object","properties":{
                           "explanation":{"type":"string"},
                           "plan":{"type":"array","description":"The list of steps","items":{"type":"object",
                             "properties":{
                               "status":{"type":"string","description":"One of: pending, in_progress, completed"},
                               "step":{"type":"string"}},
                             "required":["step","status"],"additionalProperties":false}}},
                         "required":["plan"],"additionalProperties":false}
                        """));
        assertThat(List.copyOf(
                        iterable(tool.path("parameters").path("properties").fieldNames())))
                .containsExactly("explanation", "plan");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
