package io.codexquarkus.tools.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.tools.ToolArguments;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The update_plan tool: its definition for the model and a strict parser of its arguments. The tool only lets clients
 * render the model's plan; the core emits {@code plan_update} with the parsed arguments and answers {@link
 * #PLAN_UPDATED}.
 */
public final class UpdatePlanTool {
    public static final String NAME = "update_plan";

    /** The reply to the model after a valid call. */
    public static final String PLAN_UPDATED = "Plan updated";

    private static final String DESCRIPTION = """
            Records the plan for the current task so the user can follow it.
            Give an optional explanation and the list of steps, each with a status.
            Keep at most one step in_progress at a time.
            """;

    private UpdatePlanTool() {}

    /** The function tool JSON; properties are in sorted order, as upstream emits them. */
    public static JsonNode definition() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode tool = json.objectNode();
        tool.put("type", "function");
        tool.put("name", NAME);
        tool.put("description", DESCRIPTION);
        tool.put("strict", false);
        ObjectNode parameters = tool.putObject("parameters");
        parameters.put("type", "object");
        ObjectNode properties = parameters.putObject("properties");
        properties.putObject("explanation").put("type", "string");
        ObjectNode plan = properties.putObject("plan");
        plan.put("type", "array");
        plan.put("description", "The list of steps");
        ObjectNode item = plan.putObject("items");
        item.put("type", "object");
        ObjectNode itemProperties = item.putObject("properties");
        itemProperties.putObject("status").put("type", "string").put("description", statusDescription());
        itemProperties.putObject("step").put("type", "string");
        item.putArray("required").add("step").add("status");
        item.put("additionalProperties", false);
        parameters.putArray("required").add("plan");
        parameters.put("additionalProperties", false);
        return tool;
    }

    private static String statusDescription() {
        List<String> names = new ArrayList<>();
        for (StepStatus status : StepStatus.values()) {
            names.add(status.wireName());
        }
        return "One of: " + String.join(", ", names);
    }

    /**
     * Parses the arguments strictly: unknown fields, missing fields, wrong types, unknown statuses and more than one
     * {@code in_progress} step are errors.
     *
     * @throws IllegalArgumentException whose message is the reply for the model: {@code failed to parse function
     *     arguments: <error>}
     */
    public static UpdatePlanArgs parseArguments(String argumentsJson) {
        JsonNode root = ToolArguments.parse(argumentsJson);
        requireObject(root, "struct UpdatePlanArgs", List.of("explanation", "plan"));
        Optional<String> explanation = Optional.empty();
        JsonNode explanationNode = root.get("explanation");
        if (explanationNode != null && !explanationNode.isNull()) {
            explanation = Optional.of(requireString(explanationNode));
        }
        JsonNode planNode = root.get("plan");
        if (planNode == null) {
            throw ToolArguments.error("missing field `plan`");
        }
        if (!planNode.isArray()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(planNode) + ", expected a sequence");
        }
        List<PlanItem> plan = new ArrayList<>();
        int inProgress = 0;
        for (JsonNode itemNode : planNode) {
            requireObject(itemNode, "struct PlanItemArg", List.of("step", "status"));
            JsonNode step = itemNode.get("step");
            if (step == null) {
                throw ToolArguments.error("missing field `step`");
            }
            JsonNode status = itemNode.get("status");
            if (status == null) {
                throw ToolArguments.error("missing field `status`");
            }
            StepStatus parsed = status(requireString(status));
            if (parsed == StepStatus.IN_PROGRESS) {
                inProgress++;
            }
            plan.add(new PlanItem(requireString(step), parsed));
        }
        if (inProgress > 1) {
            throw ToolArguments.error("at most one step can be in_progress at a time, found " + inProgress);
        }
        return new UpdatePlanArgs(explanation, plan);
    }

    private static StepStatus status(String value) {
        for (StepStatus status : StepStatus.values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw ToolArguments.error(
                "unknown variant `" + value + "`, expected one of `pending`, `in_progress`, `completed`");
    }

    private static void requireObject(JsonNode node, String expected, List<String> fields) {
        if (node == null || !node.isObject()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(node) + ", expected " + expected);
        }
        Iterator<Map.Entry<String, JsonNode>> members = node.properties().iterator();
        while (members.hasNext()) {
            String name = members.next().getKey();
            if (!fields.contains(name)) {
                throw ToolArguments.error(
                        "unknown field `" + name + "`, expected `" + fields.get(0) + "` or `" + fields.get(1) + "`");
            }
        }
    }

    private static String requireString(JsonNode node) {
        if (!node.isTextual()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(node) + ", expected a string");
        }
        return node.textValue();
    }
}
