package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every golden scenario through the helper's entry point: exit code, stdout, stderr and the resulting tree. */
class ApplyPatchScenarioTest {
    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<ScenarioFixtures.Scenario> scenarios = ScenarioFixtures.all();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(24);
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
    }

    private void run(ScenarioFixtures.Scenario scenario) throws IOException {
        Path work = Files.createDirectory(temp.resolve(scenario.name()));
        scenario.copyInputTo(work);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ApplyPatchMain.run(
                List.of(scenario.patch()),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                work);
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).as("stderr").isEqualTo(scenario.stderr());
        assertThat(stdout).as("stdout").isEqualTo(scenario.stdout());
        assertThat(code).as("exit code").isEqualTo(scenario.exitCode());
        assertThat(ScenarioFixtures.snapshot(work)).as("tree").isEqualTo(scenario.expectedTree());
    }
}
