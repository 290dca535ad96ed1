package io.codexquarkus.cli;

import io.codexquarkus.agent.AgentRuntime;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLayer;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigOverride;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.LoadedConfig;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.exec.ExecOptions;
import io.codexquarkus.exec.ExecRunner;
import io.codexquarkus.exec.PromptReader;
import io.codexquarkus.tools.process.HelperPrestarter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus exec}: run the agent once, non-interactively, on one prompt. */
@Command(
        name = "exec",
        aliases = "e",
        mixinStandardHelpOptions = true,
        description = {
            "Run Codex non-interactively on one prompt. Progress goes to stderr; the final answer (or, with --json,"
                    + " JSONL events) to stdout."
        },
        subcommands = {ExecResumeCommand.class},
        footer = {
            "",
            "The prompt is read from stdin when it is '-' or absent and stdin is not a terminal.",
            "Exit codes: 0 done, 1 the turn failed, 2 usage or config error, 3 model or auth failure, 130"
                    + " interrupted."
        })
public class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "The instructions ('-' reads stdin).")
    String prompt;

    @Option(
            names = {"-i", "--image"},
            paramLabel = "FILE",
            split = ",",
            description = "Image file(s) to attach to the prompt.")
    List<Path> images = new ArrayList<>();

    @Option(
            names = {"-m", "--model"},
            paramLabel = "MODEL",
            description = "Model to use.")
    String model;

    @Option(names = "--oss", description = "Use the local open-source provider (Ollama, model gpt-oss:20b).")
    boolean oss;

    @Option(
            names = {"-s", "--sandbox"},
            paramLabel = "MODE",
            description = "read-only, workspace-write or danger-full-access.")
    String sandbox;

    @ArgGroup(exclusive = true)
    AutonomyOptions autonomy;

    /** {@code --full-auto} and {@code --dangerously-bypass-approvals-and-sandbox} exclude each other. */
    static final class AutonomyOptions {
        @Option(names = "--full-auto", description = "Sandboxed automatic execution (workspace-write).")
        boolean fullAuto;

        @Option(
                names = {"--dangerously-bypass-approvals-and-sandbox", "--yolo"},
                description = "Run every command without sandbox and without asking. Extremely dangerous.")
        boolean yolo;
    }

    @Option(
            names = {"-C", "--cd"},
            paramLabel = "DIR",
            description = "Working root of the agent.")
    Path cd;

    @Option(names = "--skip-git-repo-check", description = "Allow running outside a Git repository.")
    boolean skipGitRepoCheck;

    @Option(
            names = {"--json", "--experimental-json"},
            description = "Print JSONL events to stdout.")
    boolean json;

    @Option(
            names = {"-o", "--output-last-message"},
            paramLabel = "FILE",
            description = "Write the agent's last message to FILE.")
    Path outputLastMessage;

    @Option(
            names = "--color",
            paramLabel = "WHEN",
            defaultValue = "auto",
            description = "always, never or auto (default; honours NO_COLOR).")
    String color;

    @Override
    public Integer call() throws InterruptedException {
        return run(Optional.empty());
    }

    Integer run(Optional<ExecOptions.ResumeTarget> resume) throws InterruptedException {
        ConfigRequest request = request();
        LoadedConfig loaded = ConfigLoader.load(request);
        Optional<LogFile> logFile = LogFile.open(request, loaded, "exec");
        try {
            PrintWriter err = logFile.map(
                            file -> file.teeErrors(spec.commandLine().getErr()))
                    .orElse(spec.commandLine().getErr());
            return run(loaded.config(), resume, err);
        } finally {
            logFile.ifPresent(LogFile::close);
        }
    }

    private Integer run(CodexConfig config, Optional<ExecOptions.ResumeTarget> resume, PrintWriter err)
            throws InterruptedException {
        ExecOptions options = new ExecOptions(
                Optional.ofNullable(prompt),
                List.copyOf(images),
                json,
                Optional.ofNullable(outputLastMessage),
                colorEnabled(),
                skipGitRepoCheck,
                resume);
        Invocation invocation = Invocation.of(spec);
        try (AgentRuntime runtime = AgentRuntime.create(
                config, "codex_exec", invocation.environment().env(), HelperPrestarter.Start.AT_ONCE)) {
            ExecRunner runner = new ExecRunner(new ConversationManager(runtime.services()));
            return runner.run(
                    config, options, invocation.stdin(), spec.commandLine().getOut(), err);
        }
    }

    /** -c, -p and the typed flags; exec never asks for approval. */
    private ConfigRequest request() {
        Invocation invocation = Invocation.of(spec);
        ConfigRequest request = GlobalOptions.of(spec).request(invocation);
        if (cd != null) {
            Path dir = invocation.environment().cwd().resolve(cd).normalize();
            if (!Files.isDirectory(dir)) {
                throw CodexException.usage("--cd: not a directory: " + cd);
            }
            try {
                dir = dir.toRealPath();
            } catch (IOException e) {
                // keep the absolute path
            }
            request = request.withCwd(dir);
        }
        List<ConfigOverride> flags = new ArrayList<>();
        if (oss) {
            flags.add(ConfigOverride.of("model_provider", "oss"));
            flags.add(ConfigOverride.of("model", model == null ? "gpt-oss:20b" : model));
            flags.add(ConfigOverride.of("show_raw_agent_reasoning", true));
        } else if (model != null) {
            flags.add(ConfigOverride.of("model", model));
        }
        if (sandbox != null) {
            try {
                flags.add(ConfigOverride.of(
                        "sandbox_mode", SandboxMode.fromWire(sandbox).wire()));
            } catch (IllegalArgumentException e) {
                throw CodexException.usage("--sandbox: " + e.getMessage());
            }
        }
        if (autonomy != null && autonomy.fullAuto) {
            flags.add(ConfigOverride.of("sandbox_mode", SandboxMode.WORKSPACE_WRITE.wire()));
        }
        if (autonomy != null && autonomy.yolo) {
            flags.add(ConfigOverride.of("sandbox_mode", SandboxMode.DANGER_FULL_ACCESS.wire()));
        }
        flags.add(ConfigOverride.of("approval_policy", "never"));
        return request.withLayer(new ConfigLayer.Overrides("flag", flags));
    }

    private boolean colorEnabled() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> Invocation.of(spec).environment().get("NO_COLOR") == null && PromptReader.isTerminal(2);
            default -> throw CodexException.usage("--color: expected always, never or auto, got " + color);
        };
    }
}
