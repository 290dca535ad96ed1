package io.codexquarkus.exec;

import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.exec.output.EventProcessor;
import io.codexquarkus.exec.output.HumanEventPrinter;
import io.codexquarkus.exec.output.JsonlEventPrinter;
import io.codexquarkus.exec.output.LastMessageWriter;
import io.codexquarkus.exec.output.Style;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One headless run: resolve the prompt, start (or resume) a conversation, submit the prompt, render every event, shut
 * down, and turn what happened into an exit code.
 */
public final class ExecRunner {
    private static final Duration STDIN_FIRST_BYTE_TIMEOUT = Duration.ofSeconds(5);

    private final ConversationManager conversations;

    public ExecRunner(ConversationManager conversations) {
        this.conversations = conversations;
    }

    public int run(CodexConfig config, ExecOptions options, InputStream stdin, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        String prompt = PromptReader.resolve(options.prompt(), stdin, err, STDIN_FIRST_BYTE_TIMEOUT);
        LastMessageWriter lastMessage = new LastMessageWriter(options.outputLastMessage());
        EventProcessor processor = options.json()
                ? new JsonlEventPrinter(out, err, lastMessage)
                : new HumanEventPrinter(
                        out,
                        err,
                        new Style(options.color()),
                        !config.hideAgentReasoning(),
                        config.showRawAgentReasoning(),
                        lastMessage);
        processor.printConfigSummary(config, prompt);
        if (!options.skipGitRepoCheck() && !insideGitRepository(config.cwd())) {
            throw CodexException.usage("Not inside a trusted directory and --skip-git-repo-check was not specified.");
        }
        ConversationManager.NewConversation conversation = start(config, options);
        Codex codex = conversation.codex();

        List<InputItem> items = new ArrayList<>();
        options.images().forEach(image -> items.add(new InputItem.LocalImage(image.toString())));
        items.add(new InputItem.Text(prompt));
        CountDownLatch finished = new CountDownLatch(1);
        Thread interruptHook = Thread.ofPlatform().unstarted(() -> interruptOnSignal(codex, finished));
        Runtime.getRuntime().addShutdownHook(interruptHook);
        try {
            codex.submit(new Op.UserInput(items));
            return pump(codex, processor, err);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interruptHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook is running
            }
            conversations.remove(codex.conversationId());
        }
    }

    private ConversationManager.NewConversation start(CodexConfig config, ExecOptions options) {
        if (options.resumeTarget().isEmpty()) {
            return conversations.newConversation(config);
        }
        Path rollout = switch (options.resumeTarget().get()) {
            case ExecOptions.ResumeTarget.ById byId ->
                RolloutReader.findById(config.codexHome(), byId.id())
                        .orElseThrow(() -> CodexException.usage("no saved session with id " + byId.id()));
            case ExecOptions.ResumeTarget.Last last ->
                RolloutReader.newest(config.codexHome())
                        .orElseThrow(() -> CodexException.usage("no saved session to resume"));
        };
        return conversations.resume(config, rollout);
    }

    /** Reads events until the session shut down; the exit code follows from what was seen. */
    private static int pump(Codex codex, EventProcessor processor, PrintWriter err) throws InterruptedException {
        Outcome outcome = new Outcome();
        // the stream completes after shutdown_complete: the loop has an end even if the printer never asks to stop
        try (StreamCursor<Event> events = StreamCursor.open(codex.events())) {
            for (Optional<Event> next = events.next(); next.isPresent(); next = events.next()) {
                if (handle(codex, next.get(), processor, err, outcome)) {
                    break;
                }
            }
        }
        if (outcome.aborted) {
            return ExitCode.INTERRUPTED;
        }
        if (outcome.modelError) {
            return ExitCode.MODEL;
        }
        return outcome.error ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** What the events said about the run's exit code. */
    private static final class Outcome {
        boolean error;
        boolean modelError;
        boolean aborted;
    }

    /** Answers, renders and records one event; true when the run is over. */
    private static boolean handle(
            Codex codex, Event event, EventProcessor processor, PrintWriter err, Outcome outcome) {
        switch (event.msg()) {
            case EventMsg.ErrorEvent e -> {
                outcome.error = true;
                outcome.modelError |= e.codexErrorInfo() != null;
            }
            case EventMsg.TurnAborted a -> outcome.aborted = true;
            case EventMsg.ExecApprovalRequest request -> {
                err.println("exec cannot ask for approval; denied: " + String.join(" ", request.command()));
                codex.submit(new Op.ExecApproval(event.id(), ReviewDecision.DENIED));
            }
            case EventMsg.ApplyPatchApprovalRequest request -> {
                err.println("exec cannot ask for approval; patch denied");
                codex.submit(new Op.PatchApproval(event.id(), ReviewDecision.DENIED));
            }
            default -> {
                // rendered below
            }
        }
        EventProcessor.Status status = processor.process(event);
        if (status == EventProcessor.Status.INITIATE_SHUTDOWN || event.msg() instanceof EventMsg.TurnAborted) {
            if (!codex.isShutdown()) {
                codex.submit(new Op.Shutdown());
            }
        } else if (status == EventProcessor.Status.SHUTDOWN) {
            return true;
        }
        return false;
    }

    /** Ctrl-C / SIGTERM: interrupt the turn (which kills its processes) and give it a moment to say so. */
    private static void interruptOnSignal(Codex codex, CountDownLatch finished) {
        if (finished.getCount() == 0 || codex.isShutdown()) {
            return;
        }
        try {
            codex.submit(new Op.Interrupt());
            finished.await(1500, TimeUnit.MILLISECONDS);
        } catch (RuntimeException | InterruptedException e) {
            // the process is exiting anyway
        }
    }

    static boolean insideGitRepository(Path cwd) {
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }
}
