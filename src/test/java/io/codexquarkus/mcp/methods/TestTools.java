package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.session.ApprovalOutcome;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.tools.applypatch.FileChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tool router double with the approval behaviour of Codex's tools and nothing else: {@code shell} asks for approval
 * unless the policy is {@code never} and records the decision; {@code patch} asks for a patch approval; {@code wait}
 * blocks until the turn is interrupted (at most 30 s).
 */
final class TestTools implements ToolRouter {
    /** {@code <call id>=<decision>} for every approval the tools got an answer to. */
    final List<String> decisions = Collections.synchronizedList(new ArrayList<>());

    final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    public List<JsonNode> toolSpecs(TurnContext turn) {
        return List.of();
    }

    @Override
    public Optional<ResponseItem> handle(ResponseItem item, TaskScope scope) {
        if (!(item instanceof ResponseItem.FunctionCall call)) {
            return Optional.empty();
        }
        String output = switch (call.name()) {
            case "shell" -> shell(call, scope);
            case "patch" -> patch(call, scope);
            case "wait" -> waitForInterrupt(scope);
            default -> "unknown tool " + call.name();
        };
        return Optional.of(ResponseItem.FunctionCallOutput.of(call.callId(), output, true));
    }

    private String shell(ResponseItem.FunctionCall call, TaskScope scope) {
        List<String> argv = new ArrayList<>();
        Json.parse(call.arguments()).path("command").forEach(a -> argv.add(a.asText()));
        if (scope.turn().approvalPolicy() == AskForApproval.NEVER) {
            decisions.add(call.callId() + "=not-asked");
            return "ran without asking";
        }
        ApprovalOutcome outcome = scope.requestApproval(new EventMsg.ExecApprovalRequest(
                call.callId(), argv, scope.turn().cwd().toString(), "the test wants to run it"));
        decisions.add(call.callId() + "=" + outcome.decision().wire());
        return outcome.decision().approves() ? "ran" : "denied";
    }

    private String patch(ResponseItem.FunctionCall call, TaskScope scope) {
        String file = scope.turn().cwd().resolve("file.txt").toString();
        ApprovalOutcome outcome = scope.requestApproval(new EventMsg.ApplyPatchApprovalRequest(
                call.callId(),
                Map.of(file, new FileChange.Update("@@ -1 +1 @@\n-old\n+new\n", Optional.empty())),
                null,
                "/granted/root"));
        decisions.add(call.callId() + "=" + outcome.decision().wire());
        return outcome.decision().approves() ? "patched" : "not patched";
    }

    private String waitForInterrupt(TaskScope scope) {
        CountDownLatch interrupted = new CountDownLatch(1);
        Runnable unregister = scope.cancellation().onCancel(interrupted::countDown);
        waiting.countDown();
        try {
            interrupted.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unregister.run();
        }
        return "stopped waiting";
    }

    /** A model turn that calls {@code tool} with {@code arguments}. */
    static List<ResponseEvent> call(String tool, String callId, String arguments) {
        return List.of(
                new ResponseEvent.Created(),
                new ResponseEvent.OutputItemDone(new ResponseItem.FunctionCall(null, tool, arguments, callId)),
                new ResponseEvent.Completed("resp-" + callId, Optional.of(new TokenUsage(1, 0, 1, 0, 2))));
    }

    /** A model turn that answers {@code text}. */
    static List<ResponseEvent> answer(String text) {
        return List.of(
                new ResponseEvent.Created(),
                new ResponseEvent.OutputItemDone(ResponseItem.Message.assistant(text)),
                new ResponseEvent.Completed("resp", Optional.of(new TokenUsage(1, 0, 1, 0, 2))));
    }
}
