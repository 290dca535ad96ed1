package io.codexquarkus.cli;

import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.mcp.server.EarlyAnswers;
import io.codexquarkus.sandbox.linux.LinuxSandboxMain;
import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The application's {@code main} ({@code quarkus.package.main-class}), deciding before Quarkus boots:
 *
 * <ul>
 *   <li>a native binary started under the name {@code codex-linux-sandbox} (a symlink, or the helper link the sandbox
 *       creates) is the Linux sandbox helper and becomes it; on the JVM the launcher script makes that choice by its
 *       own name, so the check is skipped there;
 *   <li>{@code codex-quarkus}, {@code --help} and {@code --version} alone print the text picocli wrote for them at
 *       build time ({@link PreparedHelp}); without it picocli prints them from the command's annotations, still
 *       without booting Quarkus (no configuration, CDI container or Vert.x to start);
 *   <li>{@code codex-quarkus mcp} alone (how MCP clients start it) reads stdin from the first moment and answers the
 *       client's {@code initialize} and {@code tools/list} while Quarkus boots ({@link EarlyAnswers}); with options
 *       the server is left to answer everything, since options may change it;
 *   <li>{@code exec} runs picocli without booting Quarkus ({@link PlainBoot});
 *   <li>everything else is the picocli application, exactly as Quarkus' generated main runs it.
 * </ul>
 */
public final class CodexMain {
    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");
    private static final Set<String> MCP = Set.of("mcp", "mcp-server");

    private CodexMain() {}

    public static void main(String[] args) {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null && LinuxSandboxMain.invokedAsHelper()) {
            LinuxSandboxMain.main(args);
            return;
        }
        if (args.length == 0 || (args.length == 1 && HELP_OR_VERSION.contains(args[0]))) {
            Optional<String> prepared = PreparedHelp.forArgs(args);
            if (prepared.isPresent()) {
                System.out.print(prepared.get());
                System.out.flush();
                // returning ends the JVM with 0 as well; System.exit would first log the exit through the JDK's
                // System.Logger, which here is JBoss LogManager: ~20 ms of logging set-up for nothing
                return;
            }
            int code = CommandLineSetup.configure(new CommandLine(new CodexCommand()))
                    .execute(args);
            System.out.flush();
            System.exit(code);
        }
        if (PlainBoot.applies(args, System.getenv())) {
            System.exit(PlainBoot.run(args));
        }
        if (args.length == 1 && MCP.contains(args[0]) && !"off".equals(System.getenv(EarlyAnswers.SWITCH))) {
            System.setIn(EarlyAnswers.start(
                    System.in,
                    new FileOutputStream(FileDescriptor.out),
                    McpCommand.ORIGINATOR,
                    ConfigDefaults.VERSION));
        }
        Quarkus.run(PicocliRunner.class, args);
    }
}
