package io.codexquarkus.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.context.EnvironmentContext;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.protocol.TokenUsageInfo;
import io.codexquarkus.agent.protocol.TurnAbortReason;
import io.codexquarkus.agent.rollout.CompactedItem;
import io.codexquarkus.agent.rollout.RolloutRecorder;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One conversation: a queue of submissions in, a stream of events out ({@link #events()}). Submissions are handled one at a time on the
 * session's own virtual thread; a task (the work for one user message, many model round-trips) runs on another, so
 * an interrupt or an approval answer is handled while the task waits.
 */
public final class Session {
    private static final Logger LOG = Logger.getLogger(Session.class);
    private static final int SUBMISSION_CAPACITY = 64;
    /** How long an abort waits for the task to stop its commands before {@code turn_aborted} is emitted. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(5);

    private final String conversationId;
    private final CodexConfig config;
    private final SessionServices services;
    private final RolloutRecorder rollout;
    private final McpServerPool mcpServers;
    private final History history = new History();
    private final EventLog events = new EventLog();
    private final LinkedBlockingQueue<Submission> submissions = new LinkedBlockingQueue<>(SUBMISSION_CAPACITY);
    private final Set<List<String>> approvedCommands = ConcurrentHashMap.newKeySet();
    private final Map<Class<?>, Object> sessionState = new ConcurrentHashMap<>();
    private final ApprovalWaiters approvals = new ApprovalWaiters();
    private final ConcurrentLinkedQueue<ResponseItem> pendingInput = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Task> current = new AtomicReference<>();
    private volatile TurnContext turn;
    private volatile TokenUsageInfo tokenInfo;
    /** Tokens the last model request held (input + output): how full the context is; -1 when not known. */
    private volatile long contextTokens = -1;

    private volatile boolean shutdown;
    private final Thread loop;

    record Submission(String id, Op op) {}

    Session(
            String conversationId,
            CodexConfig config,
            SessionServices services,
            TurnContext turn,
            RolloutRecorder rollout,
            List<ResponseItem> initialHistory,
            McpServerPool mcpServers) {
        this.conversationId = conversationId;
        this.config = config;
        this.services = services;
        this.turn = turn;
        this.rollout = rollout;
        this.mcpServers = mcpServers;
        history.addAll(initialHistory);
        this.loop = Thread.ofVirtual().name("codex-session-" + conversationId).start(() -> {
            try {
                submissionLoop();
            } finally {
                McpStartup.close(mcpServers); // however the loop ended, the session's MCP servers stop with it
                events.end(); // however the loop ended, readers must not wait for events that will never come
            }
        });
    }

    public String conversationId() {
        return conversationId;
    }

    public Path rolloutPath() {
        return rollout.path();
    }

    public TurnContext turnContext() {
        return turn;
    }

    CodexConfig config() {
        return config;
    }

    SessionServices services() {
        return services;
    }

    History history() {
        return history;
    }

    RolloutRecorder rollout() {
        return rollout;
    }

    McpServerPool mcpServers() {
        return mcpServers;
    }

    Set<List<String>> approvedCommands() {
        return approvedCommands;
    }

    <T> T sessionState(Class<T> type, Supplier<T> create) {
        return type.cast(sessionState.computeIfAbsent(type, k -> create.get()));
    }

    /** Queues an op; blocks (bounded) when 64 submissions are already waiting. */
    public void submit(String id, Op op) {
        if (shutdown) {
            throw new IllegalStateException("session " + conversationId + " is shut down");
        }
        try {
            if (!submissions.offer(new Submission(id, op), 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("session " + conversationId + " is not accepting submissions");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        }
    }

    /**
     * Every event of the session, in order, each to one reader: events wait for a reader, readers take turns (see
     * {@link EventLog}), and the stream completes after {@code shutdown_complete}.
     */
    public Flow.Publisher<Event> events() {
        return events;
    }

    /** Emits an event; persisted kinds also go to the rollout. */
    void emit(String id, EventMsg msg) {
        rollout.recordEvent(msg);
        events.push(new Event(id, msg));
        if (msg instanceof EventMsg.ShutdownComplete) {
            events.end();
        }
    }

    public boolean isShutdown() {
        return shutdown;
    }

    private void submissionLoop() {
        while (true) {
            Submission submission;
            try {
                submission = submissions.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!handle(submission)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "session %s failed to handle %s",
                        conversationId,
                        submission.op().getClass());
                emit(submission.id(), new EventMsg.ErrorEvent(oneLine(e)));
                if (submission.op() instanceof Op.UserInput || submission.op() instanceof Op.UserTurn) {
                    // the task never started: close it, so whoever waits for the end of this submission stops
                    emit(submission.id(), new EventMsg.TaskComplete(null));
                }
            }
        }
    }

    /** Handles one submission; false ends the loop. */
    private boolean handle(Submission submission) {
        String id = submission.id();
        switch (submission.op()) {
            case Op.Interrupt interrupt -> abortCurrent(TurnAbortReason.INTERRUPTED);
            case Op.UserInput input -> startOrInject(id, input.items());
            case Op.UserTurn userTurn -> {
                TurnContext updated = applyOverrides(
                        userTurn.cwd(),
                        userTurn.approvalPolicy(),
                        userTurn.sandboxPolicy(),
                        userTurn.model(),
                        Optional.ofNullable(userTurn.effort()),
                        userTurn.summary());
                Optional<JsonNode> schema = Optional.ofNullable(userTurn.finalOutputJsonSchema());
                turn = updated.with(b -> b.outputSchema = schema);
                startOrInject(id, userTurn.items());
            }
            case Op.OverrideTurnContext o ->
                turn = applyOverrides(
                        o.cwd(),
                        o.approvalPolicy(),
                        o.sandboxPolicy(),
                        o.model(),
                        Optional.ofNullable(o.effort()),
                        o.summary());
            case Op.ExecApproval approval -> answerApproval(approval.id(), approval.decision(), approval.reason());
            case Op.PatchApproval approval -> answerApproval(approval.id(), approval.decision(), approval.reason());
            case Op.AddToHistory add -> MessageHistory.append(config, conversationId, add.text());
            case Op.GetPath getPath ->
                emit(
                        id,
                        new EventMsg.ConversationPath(
                                conversationId, rollout.path().toString()));
            case Op.Shutdown shut -> {
                shutdown = true;
                abortCurrent(TurnAbortReason.INTERRUPTED);
                try {
                    rollout.close();
                } catch (RuntimeException e) {
                    emit(id, new EventMsg.ErrorEvent("Failed to shutdown rollout recorder"));
                }
                McpStartup.close(mcpServers); // before shutdown_complete: a front door may exit right after it
                emit(id, new EventMsg.ShutdownComplete());
                return false;
            }
        }
        return true;
    }

    private TurnContext applyOverrides(
            String cwd,
            AskForApproval approval,
            SandboxPolicy sandbox,
            String model,
            Optional<ReasoningEffort> effort,
            ReasoningSummary summary) {
        TurnContext before = turn;
        TurnContext after = before;
        if (cwd != null) {
            Path resolved = before.cwd().resolve(cwd).normalize();
            after = after.with(b -> b.cwd = resolved);
        }
        if (approval != null) {
            after = after.with(b -> b.approvalPolicy = approval);
        }
        if (sandbox != null) {
            after = after.with(b -> b.sandboxPolicy = sandbox);
        }
        if (model != null) {
            after = after.with(b -> b.model = model);
        }
        if (effort.isPresent()) {
            after = after.with(b -> b.effort = effort);
        }
        if (summary != null) {
            after = after.with(b -> b.summary = summary);
        }
        EnvironmentContext changed = new EnvironmentContext(
                after.cwd().equals(before.cwd()) ? Optional.empty() : Optional.of(after.cwd()),
                after.approvalPolicy() == before.approvalPolicy()
                        ? Optional.empty()
                        : Optional.of(after.approvalPolicy()),
                after.sandboxPolicy().equals(before.sandboxPolicy())
                        ? Optional.empty()
                        : Optional.of(after.sandboxPolicy()),
                Optional.empty());
        if (changed.cwd().isPresent()
                || changed.approvalPolicy().isPresent()
                || changed.sandboxPolicy().isPresent()) {
            ResponseItem message = ResponseItem.Message.user(changed.render());
            history.add(message);
            rollout.recordItem(message);
        }
        return after;
    }

    private void startOrInject(String id, List<InputItem> items) {
        if (items.isEmpty()) {
            return;
        }
        Task running = current.get();
        if (running != null && running.isRunning()) {
            pendingInput.add(UserMessages.fromInput(items, turn.cwd()));
            return;
        }
        Task task = new Task(this, id, turn, items);
        current.set(task);
        rollout.recordTurnContext(turn.rolloutLine());
        task.start();
    }

    /** Input the user sent while the task was running, joined at its next round-trip. */
    List<ResponseItem> drainPendingInput() {
        List<ResponseItem> drained = new ArrayList<>();
        ResponseItem item;
        while ((item = pendingInput.poll()) != null) {
            drained.add(item);
        }
        return drained;
    }

    private void answerApproval(String id, ReviewDecision decision, String reason) {
        if (decision == ReviewDecision.ABORT) {
            abortCurrent(TurnAbortReason.INTERRUPTED);
            return;
        }
        approvals.answer(id, decision, reason);
    }

    /** Registers the waiter for an approval of task {@code subId}. */
    CompletableFuture<ApprovalOutcome> awaitApproval(String subId) {
        return approvals.await(subId);
    }

    void forgetApproval(String subId, CompletableFuture<ApprovalOutcome> waiter) {
        approvals.forget(subId, waiter);
    }

    private void abortCurrent(TurnAbortReason reason) {
        // stop the task before waking its approval waiter, so the woken thread sees it is aborted and never samples
        // the model again
        Task task = current.getAndSet(null);
        boolean wasRunning = task != null && task.abort();
        approvals.denyAll("the turn was interrupted");
        pendingInput.clear();
        if (wasRunning) {
            // a process killed by the abort is gone once turn_aborted is out: a front-end may exit right after it
            awaitEnd(task);
            emit(task.subId(), new EventMsg.TurnAborted(reason));
        }
    }

    private void awaitEnd(Task task) {
        try {
            if (!task.awaitEnd(ABORT_GRACE)) {
                LOG.warnf(
                        "task %s of session %s still running %s after the abort",
                        task.subId(), conversationId, ABORT_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void taskFinished(Task task) {
        current.compareAndSet(task, null);
    }

    TokenUsageInfo addTokenUsage(TokenUsage usage, Long contextWindow) {
        TokenUsageInfo info = tokenInfo == null ? TokenUsageInfo.first(usage, contextWindow) : tokenInfo.append(usage);
        tokenInfo = info;
        contextTokens = usage.totalTokens();
        return info;
    }

    long contextTokens() {
        return contextTokens;
    }

    /**
     * Makes {@code replacement} the history, in memory and (as a {@code compacted} line) in the rollout. The context
     * size is unknown again until the next request reports it.
     */
    void replaceHistory(List<ResponseItem> replacement, String summary) {
        history.replace(replacement);
        rollout.recordCompacted(new CompactedItem(summary, replacement));
        contextTokens = -1;
    }

    /** Waits for the submission loop to end (after {@code shutdown}); for tests and orderly exits. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return loop.join(timeout);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replace('\n', ' ');
    }
}
