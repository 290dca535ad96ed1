package io.codexquarkus.cli;

import io.codexquarkus.common.ExitCode;
import io.codexquarkus.sandbox.SandboxDoctor;
import io.codexquarkus.sandbox.SandboxManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus sandbox doctor}: what this host supports. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Show what this host offers the sandbox (Landlock ABI, seccomp, user namespaces) and which sandbox"
                    + " commands run under.",
            "Exits 0 when commands can be sandboxed, 4 when not."
        })
public class SandboxDoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SandboxDoctor.Report report = SandboxDoctor.report(SandboxManager.forCurrentProcess());
        PrintWriter out = spec.commandLine().getOut();
        report.lines().forEach(out::println);
        out.flush();
        return report.usable() ? ExitCode.OK : ExitCode.SANDBOX_UNAVAILABLE;
    }
}
