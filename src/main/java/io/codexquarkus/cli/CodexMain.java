package io.codexquarkus.cli;

import io.codexquarkus.sandbox.linux.LinuxSandboxMain;
import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;

/**
 * The application's {@code main} ({@code quarkus.package.main-class}): a native binary started under the name {@code
 * codex-linux-sandbox} (a symlink, or the helper link the sandbox creates) is the Linux sandbox helper and must become
 * it before Quarkus boots; everything else is the picocli application, exactly as Quarkus' generated main runs it.
 * On the JVM the launcher script makes the same choice by its own name, so the check is skipped there.
 */
public final class CodexMain {
    private CodexMain() {}

    public static void main(String[] args) {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null && LinuxSandboxMain.invokedAsHelper()) {
            LinuxSandboxMain.main(args);
            return;
        }
        Quarkus.run(PicocliRunner.class, args);
    }
}
