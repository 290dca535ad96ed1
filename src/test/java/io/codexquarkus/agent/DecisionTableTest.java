package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.escalatedShellCall;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell decision table ({@code SafetyPolicy}) through real turns: approval policy × sandbox mode × the kind of command
 * (known-safe, unknown, unknown with {@code sandbox_permissions: require_escalated}, dangerous) → runs sandboxed, runs
 * unsandboxed, asks, or is rejected (escalation outside {@code on-request}: refused with upstream's message). Observed
 * as a client sees it: {@code exec_approval_request} (answered {@code approved}, after which the command must run
 * without the sandbox), {@code exec_command_begin}, and the output the next model request carries, where the command
 * reports its own seccomp state ({@link SandboxProbe}).
 */
class DecisionTableTest {
    /** What the policy makes of a command. */
    enum Outcome {
        RUNS_UNSANDBOXED,
        RUNS_SANDBOXED,
        ASKS,
        REJECTED,
        /** Escalation asked for under a policy that does not offer it: refused before anything runs. */
        ESCALATION_REFUSED
    }

    enum Kind {
        KNOWN_SAFE,
        UNKNOWN,
        ESCALATED,
        DANGEROUS
    }

    private static final String CALL = "call_probe";
    private static final String JUSTIFICATION = "the probe needs to run outside the sandbox";

    /**
     * The table on a host with a platform sandbox; columns: known-safe, unknown, escalated, dangerous. Without a platform
     * sandbox every "sandboxed" cell becomes "asks" ({@code never}: "rejected").
     */
    private static final String TABLE = """
            untrusted   read-only           free  ask   refuse ask
            untrusted   workspace-write     free  ask   refuse ask
            untrusted   danger-full-access  free  ask   refuse ask
            on-failure  read-only           free  box   refuse box
            on-failure  workspace-write     free  box   refuse box
            on-failure  danger-full-access  free  free  refuse free
            on-request  read-only           free  box   ask   ask
            on-request  workspace-write     free  box   ask   ask
            on-request  danger-full-access  free  free  free  ask
            never       read-only           free  box   refuse box
            never       workspace-write     free  box   refuse box
            never       danger-full-access  free  free  refuse free
            """;

    @TempDir
    static Path home;

    @TempDir
    static Path work;

    private static MockModelServer model;
    private static AgentHarness harness;
    private static boolean platformSandbox;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(
                Path.of(SandboxProbe.STATUS_FILE).toFile().exists(), "the probe reads /proc/self/status (Linux only)");
        model = MockModelServer.start();
        harness = new AgentHarness(model, home, work);
        platformSandbox = AgentHarness.platformSandboxAvailable();
        if (!platformSandbox) {
            System.err.println("DecisionTableTest: no platform sandbox here; checking the no-sandbox column");
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (harness != null) {
            harness.close();
        }
        if (model != null) {
            model.close();
        }
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (String line : TABLE.strip().lines().toList()) {
            String[] cells = line.strip().split("\\s+", -1);
            for (int column = 0; column < kinds.length; column++) {
                Kind kind = kinds[column];
                Outcome outcome = switch (cells[2 + column]) {
                    case "free" -> Outcome.RUNS_UNSANDBOXED;
                    case "box" -> Outcome.RUNS_SANDBOXED;
                    case "ask" -> Outcome.ASKS;
                    case "reject" -> Outcome.REJECTED;
                    case "refuse" -> Outcome.ESCALATION_REFUSED;
                    default -> throw new IllegalArgumentException(line);
                };
                rows.add(Arguments.of(cells[0], cells[1], kind, outcome));
            }
        }
        return rows.stream();
    }

    private static String call(Kind kind) {
        return switch (kind) {
            case KNOWN_SAFE -> shellCall(CALL, SandboxProbe.KNOWN_SAFE);
            case UNKNOWN -> shellCall(CALL, SandboxProbe.UNKNOWN);
            case ESCALATED -> escalatedShellCall(CALL, SandboxProbe.UNKNOWN, JUSTIFICATION);
            case DANGEROUS -> shellCall(CALL, SandboxProbe.DANGEROUS);
        };
    }

    private static List<String> argv(Kind kind) {
        return switch (kind) {
            case KNOWN_SAFE -> SandboxProbe.KNOWN_SAFE;
            case UNKNOWN, ESCALATED -> SandboxProbe.UNKNOWN;
            case DANGEROUS -> SandboxProbe.DANGEROUS;
        };
    }

    @ParameterizedTest(name = "{0} × {1} × {2} → {3}")
    @MethodSource("table")
    void decision(String approval, String sandbox, Kind kind, Outcome withPlatformSandbox) throws Exception {
        Outcome expected = withPlatformSandbox != Outcome.RUNS_SANDBOXED || platformSandbox
                ? withPlatformSandbox
                : approval.equals("never") ? Outcome.REJECTED : Outcome.ASKS;
        model.script(items("resp_1", call(kind)), answer("resp_2", "done"));
        Codex codex = harness.start(harness.config(work, approval, sandbox));
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();
        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "run the probe", request -> {
            asked.add(request);
            return ReviewDecision.APPROVED;
        });
        codex.shutdown(Duration.ofSeconds(5));

        assertThat(turn.completed()).as("turn completed: %s", turn.types()).isTrue();
        assertThat(model.requests()).hasSize(2);
        String output = functionCallOutput(model.requests().get(1), CALL);
        List<EventMsg.ExecCommandBegin> begins = turn.all(EventMsg.ExecCommandBegin.class);
        String description = String.format(Locale.ROOT, "events %s, model saw: %s", turn.types(), output);
        switch (expected) {
            case ASKS -> {
                assertThat(asked).as(description).hasSize(1);
                EventMsg.ExecApprovalRequest request = asked.getFirst();
                assertThat(request.callId()).isEqualTo(CALL);
                assertThat(request.command()).isEqualTo(argv(kind));
                assertThat(request.cwd()).isEqualTo(work.toString());
                assertThat(request.reason()).isEqualTo(kind == Kind.ESCALATED ? JUSTIFICATION : null);
                assertThat(turn.indexOf(EventMsg.ExecApprovalRequest.class))
                        .as(description)
                        .isLessThan(turn.indexOf(EventMsg.ExecCommandBegin.class));
                assertThat(begins).as(description).hasSize(1);
                assertThat(SandboxProbe.confined(SandboxProbe.outputText(output)))
                        .as("an approved command runs without the sandbox; %s", description)
                        .isFalse();
            }
            case ESCALATION_REFUSED -> {
                assertThat(asked).as(description).isEmpty();
                assertThat(begins).as(description).isEmpty();
                String policy = switch (approval) {
                    case "untrusted" -> "UnlessTrusted";
                    case "on-failure" -> "OnFailure";
                    default -> "Never";
                };
                assertThat(output)
                        .isEqualTo(
                                "approval policy is " + policy + "; reject command — you should not ask for escalated"
                                        + " permissions if the approval policy is " + policy);
            }
            case REJECTED -> {
                assertThat(asked).as(description).isEmpty();
                assertThat(begins).as(description).isEmpty();
                assertThat(output)
                        .isEqualTo("exec command rejected: auto-rejected because command is not on trusted list");
            }
            case RUNS_SANDBOXED, RUNS_UNSANDBOXED -> {
                assertThat(asked).as(description).isEmpty();
                assertThat(begins).as(description).hasSize(1);
                assertThat(begins.getFirst().command()).isEqualTo(argv(kind));
                assertThat(SandboxProbe.confined(SandboxProbe.outputText(output)))
                        .as(description)
                        .isEqualTo(expected == Outcome.RUNS_SANDBOXED);
            }
        }
    }
}
