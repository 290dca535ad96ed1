package io.codexquarkus.cli;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.exec.ExecOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code codex-quarkus exec resume <id>|--last [PROMPT]}: continue a saved session with a new prompt. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Resume a previous session by id (or the newest with --last) and send it a new prompt.")
public class ExecResumeCommand implements Callable<Integer> {
    @ParentCommand
    ExecCommand exec;

    @Option(names = "--last", description = "Resume the most recent session.")
    boolean last;

    @Parameters(arity = "0..2", paramLabel = "SESSION_ID_OR_PROMPT", description = "[SESSION_ID] [PROMPT]")
    List<String> positionals = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ExecOptions.ResumeTarget target;
        String prompt;
        if (last) {
            if (positionals.size() > 1) {
                throw CodexException.usage("with --last, give only the prompt");
            }
            target = new ExecOptions.ResumeTarget.Last();
            prompt = positionals.isEmpty() ? null : positionals.getFirst();
        } else {
            if (positionals.isEmpty()) {
                throw CodexException.usage("give a session id or --last");
            }
            target = new ExecOptions.ResumeTarget.ById(positionals.getFirst());
            prompt = positionals.size() > 1 ? positionals.get(1) : null;
        }
        exec.prompt = prompt;
        return exec.run(Optional.of(target));
    }
}
