package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox helper started ahead takes a command's place: same sandbox, working directory, environment and stdin as a
 * helper started for the command, and no helper is left behind, used or not. Real helper JVMs on this host.
 */
class HelperPrestarterTest {
    private static final Map<String, String> PROCESS_ENV =
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "VISIBLE", "from-the-session");

    @TempDir
    Path work;

    @TempDir
    Path outside;

    private final SandboxManager sandbox = SandboxManager.forEnvironment(System.getenv());
    private final HelperPrestarter helpers = new HelperPrestarter(sandbox::helperLaunch);

    @AfterEach
    void close() {
        helpers.close();
    }

    private ExecOutput run(SandboxedExec exec, String script) throws ExecSpawnException {
        SandboxPolicy onlyTheWorkspace = new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true);
        return exec.run(new SandboxedExec.Request(
                SandboxType.LINUX_SECCOMP,
                onlyTheWorkspace,
                work,
                work,
                List.of("sh", "-c", script),
                ShellEnvironmentPolicy.defaults(),
                Optional.of(Duration.ofSeconds(30)),
                new Cancellation(),
                new SandboxedExec.Output.Captured(OutputListener.NONE)));
    }

    @Test
    void theHelperStartedAheadRunsTheCommandUnderTheSamePolicy() throws Exception {
        helpers.prestart();
        long helperPid = helpers.readyPid().orElseThrow();
        SandboxedExec exec = new SandboxedExec(sandbox, new ProcessRunner(helpers), PROCESS_ENV);
        Path escaped = outside.resolve("escaped");

        ExecOutput output = run(
                exec,
                "echo $$ $PPID; pwd; readlink /proc/self/fd/0; echo \"$VISIBLE\"; touch inside; touch " + escaped
                        + " 2>/dev/null || echo denied");

        assertThat(output.exitCode()).as(output.stderr()).isZero();
        List<String> lines = output.stdout().lines().toList();
        assertThat(List.of(lines.get(0).split(" ")))
                .as("the command is the helper started ahead, or its child in a user namespace")
                .contains(Long.toString(helperPid));
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(work.toRealPath().toString(), "/dev/null", "from-the-session", "denied");
        assertThat(work.resolve("inside")).exists();
        assertThat(escaped).as("written outside the writable roots").doesNotExist();
        assertThat(helpers.readyPid())
                .as("the next one is already started")
                .isPresent()
                .get()
                .isNotEqualTo(helperPid);
    }

    @Test
    void aHelperAskedForWhileTheModelThinksTakesTheFirstCommand() throws Exception {
        SandboxedExec exec = new SandboxedExec(sandbox, new ProcessRunner(helpers), PROCESS_ENV);
        assertThat(helpers.readyPid())
                .as("nothing starts before it is asked for")
                .isEmpty();
        exec.prestartHelperAfter(Duration.ofHours(1)).run();
        assertThat(helpers.readyPid())
                .as("nothing starts when the model answered first")
                .isEmpty();

        exec.prestartHelperAfter(Duration.ZERO);
        long helperPid = helpers.readyPid().orElseThrow();
        exec.prestartHelperAfter(Duration.ZERO);
        assertThat(helpers.readyPid()).as("asking again starts no second one").contains(helperPid);
        ExecOutput output = run(exec, "echo $$ $PPID");

        assertThat(output.exitCode()).as(output.stderr()).isZero();
        assertThat(List.of(output.stdout().strip().split(" ")))
                .as("the first command is the helper started ahead, or its child in a user namespace")
                .contains(Long.toString(helperPid));
    }

    @Test
    void aHelperNobodyTookIsKilledOnClose() throws Exception {
        helpers.prestart();
        ProcessHandle helper =
                ProcessHandle.of(helpers.readyPid().orElseThrow()).orElseThrow();
        assertThat(helper.isAlive()).isTrue();

        helpers.close();

        assertThat(helper.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(ProcessHandle.current().children().filter(p -> p.pid() == helper.pid()))
                .isEmpty();
    }

    @Test
    void aHelperStartedForAnotherLaunchIsNotUsed() throws Exception {
        helpers.prestart();
        ProcessHandle stale = ProcessHandle.of(helpers.readyPid().orElseThrow()).orElseThrow();

        assertThat(helpers.take(List.of("/no/such/java", "-cp", "x", "Main"))).isEmpty();

        assertThat(stale.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aHelperWhoseRequestPipeEndsExitsHavingRunNothing() throws Exception {
        PrestartedHelper helper = PrestartedHelper.start(sandbox.helperLaunch().orElseThrow(), true);
        try {
            // what happens when this process dies: its end of the request pipe closes
            helper.process().getOutputStream().close();
            assertThat(helper.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(helper.process().exitValue()).isZero();
            try (var files = Files.list(work)) {
                assertThat(files).isEmpty();
            }
        } finally {
            helper.close();
        }
    }
}
