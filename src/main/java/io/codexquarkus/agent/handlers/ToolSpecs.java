package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.tools.applypatch.ApplyPatchTool;
import io.codexquarkus.tools.image.ViewImageTool;
import io.codexquarkus.tools.plan.UpdatePlanTool;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools offered to the model, in Codex's order (it matters for prompt caching): the shell tool, {@code
 * update_plan}, {@code apply_patch} in the form the model family prefers, {@code web_search}, then {@code
 * view_image}. Names and schemas are Codex's;
 * descriptions are ours.
 */
final class ToolSpecs {
    private ToolSpecs() {}

    static List<JsonNode> forTurn(TurnContext turn) {
        ModelFamily family = ModelFamily.find(turn.model());
        List<JsonNode> tools = new ArrayList<>();
        if (family.usesLocalShellTool()) {
            tools.add(Json.MAPPER.createObjectNode().put("type", "local_shell"));
        } else {
            tools.add(shell(turn));
        }
        if (turn.includePlanTool()) {
            tools.add(UpdatePlanTool.definition());
        }
        switch (applyPatchTool(turn, family)) {
            case FREEFORM -> tools.add(ApplyPatchTool.freeformDefinition());
            case FUNCTION -> tools.add(ApplyPatchTool.functionDefinition());
            case NONE -> {
                // the model runs apply_patch through the shell, as the base instructions explain
            }
        }
        if (offersWebSearch(turn)) {
            tools.add(Json.MAPPER.createObjectNode().put("type", "web_search"));
        }
        if (turn.tools().viewImage()) {
            tools.add(ViewImageTool.definition());
        }
        return tools;
    }

    /**
     * The Responses API's own {@code web_search} tool, when {@code tools.web_search = true}; never on Chat Completions,
     * which has no such tool. Sent as {@code {"type":"web_search"}}: live search, which is what upstream's legacy
     * {@code tools.web_search = true} selects (its {@code "external_web_access": false} form is the newer cached mode).
     */
    static boolean offersWebSearch(TurnContext turn) {
        return turn.tools().webSearch() && turn.provider().wireApi() == WireApi.RESPONSES;
    }

    static ModelFamily.ApplyPatchToolType applyPatchTool(TurnContext turn, ModelFamily family) {
        if (family.applyPatchToolType() != ModelFamily.ApplyPatchToolType.NONE) {
            return family.applyPatchToolType();
        }
        return turn.includeApplyPatchTool().orElse(false)
                ? ModelFamily.ApplyPatchToolType.FREEFORM
                : ModelFamily.ApplyPatchToolType.NONE;
    }

    /**
     * The default shell tool, or under {@code on-request} the one that can ask to run a command outside the sandbox
     * ({@code sandbox_permissions} + {@code justification}, upstream's names and values). Other policies do not offer
     * escalation, and a call that asks for it anyway is refused.
     */
    static JsonNode shell(TurnContext turn) {
        boolean onRequest = turn.approvalPolicy() == AskForApproval.ON_REQUEST;
        ObjectNode tool = Json.MAPPER.createObjectNode();
        tool.put("type", "function");
        tool.put("name", "shell");
        tool.put("description", onRequest ? sandboxAwareDescription(turn) : "Run a command and return its output.");
        tool.put("strict", false);
        ObjectNode parameters = tool.putObject("parameters");
        parameters.put("type", "object");
        // properties in upstream's (alphabetical) order, so the request matches upstream's byte for byte
        ObjectNode properties = parameters.putObject("properties");
        ObjectNode command = properties.putObject("command");
        command.put("type", "array");
        command.putObject("items").put("type", "string");
        command.put("description", "The command as an argument vector, e.g. [\"ls\", \"-la\"].");
        if (onRequest) {
            properties
                    .putObject("justification")
                    .put("type", "string")
                    .put(
                            "description",
                            "Only with sandbox_permissions \"require_escalated\": a short question for the user that"
                                    + " says what the command is for, e.g. \"May I install the project's"
                                    + " dependencies?\"");
            ObjectNode permissions = properties.putObject("sandbox_permissions");
            permissions.put("type", "string");
            ArrayNode values = permissions.putArray("enum");
            for (SandboxPermissions value : SandboxPermissions.values()) {
                values.add(value.wire());
            }
            permissions.put(
                    "description",
                    "\"use_default\" (the default) runs the command in the sandbox; \"require_escalated\" asks the"
                            + " user to run it without the sandbox.");
        }
        properties
                .putObject("timeout_ms")
                .put("type", "number")
                .put("description", "Time limit for the command in milliseconds (default 10000).");
        properties
                .putObject("workdir")
                .put("type", "string")
                .put("description", "Directory to run the command in; relative paths start at the session's cwd.");
        parameters.putArray("required").add("command");
        parameters.put("additionalProperties", false);
        return tool;
    }

    private static String sandboxAwareDescription(TurnContext turn) {
        String escalation = " When a command really needs more than that, set sandbox_permissions to"
                + " \"require_escalated\" and give a one-sentence justification; the user is asked first, and if they"
                + " agree the command runs without the sandbox. Do not escalate to get around a failure the sandbox"
                + " did not cause.";
        return switch (turn.sandboxPolicy()) {
            case SandboxPolicy.DangerFullAccess d -> "Run a command and return its output.";
            case SandboxPolicy.ReadOnly r ->
                "Run a command and return its output. Commands run in a read-only sandbox: they may read anything but"
                        + " write nothing, so a command that writes files needs the user's approval (patches ask by"
                        + " themselves)." + escalation;
            case SandboxPolicy.WorkspaceWrite w ->
                "Run a command and return its output. Commands run in a sandbox that may write only inside the"
                        + " working directory, /tmp and the configured writable roots"
                        + (w.networkAccess() ? "" : ", without network access")
                        + ". Going beyond that (for example `git commit`, installing packages, or a build that"
                        + " downloads dependencies) needs the user's approval." + escalation;
        };
    }
}
