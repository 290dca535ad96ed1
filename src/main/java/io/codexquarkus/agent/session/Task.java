package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.protocol.TokenUsageInfo;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The work for one user submission: model round-trips and tool calls until the model answers without tools. Runs on
 * its own virtual thread; an abort stops the model stream, kills processes, denies pending approvals, and silences
 * the task so no event follows {@code turn_aborted}.
 */
final class Task implements TaskScope {
    private static final Logger LOG = Logger.getLogger(Task.class);
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABORTED = 2;

    private final Session session;
    private final String subId;
    private final TurnContext turn;
    private final List<InputItem> input;
    private final Cancellation cancellation = new Cancellation();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Map<Class<?>, Object> taskState = new ConcurrentHashMap<>();
    private final Queue<ResponseItem> queuedInput = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;

    Task(Session session, String subId, TurnContext turn, List<InputItem> input) {
        this.session = session;
        this.subId = subId;
        this.turn = turn;
        this.input = List.copyOf(input);
    }

    void start() {
        thread = Thread.ofVirtual()
                .name("codex-task-" + session.conversationId() + "-" + subId)
                .start(this::run);
    }

    /** Waits at most {@code timeout} for the task's thread to end; true when it has (or never started). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        Thread running = thread;
        return running == null || running.join(timeout);
    }

    boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** Stops the task; true if it was still running (the caller then emits {@code turn_aborted}). */
    boolean abort() {
        boolean wasRunning = state.compareAndSet(RUNNING, ABORTED);
        cancellation.cancel();
        return wasRunning;
    }

    @Override
    public String subId() {
        return subId;
    }

    @Override
    public String conversationId() {
        return session.conversationId();
    }

    @Override
    public TurnContext turn() {
        return turn;
    }

    @Override
    public void emit(EventMsg msg) {
        if (state.get() == RUNNING) {
            session.emit(subId, msg);
        }
    }

    @Override
    public ApprovalOutcome requestApproval(EventMsg request) {
        CompletableFuture<ApprovalOutcome> waiter = session.awaitApproval(subId);
        Runnable unregister =
                cancellation.onCancel(() -> waiter.complete(ApprovalOutcome.denied("the turn was interrupted")));
        try {
            emit(request);
            return waiter.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApprovalOutcome.denied("the turn was interrupted");
        } catch (ExecutionException e) {
            return ApprovalOutcome.of(ReviewDecision.DENIED);
        } finally {
            unregister.run();
            session.forgetApproval(subId, waiter);
        }
    }

    @Override
    public Set<List<String>> approvedCommands() {
        return session.approvedCommands();
    }

    @Override
    public McpServerPool mcpServers() {
        return session.mcpServers();
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void queueInput(ResponseItem item) {
        queuedInput.add(item);
    }

    @Override
    public <T> T taskState(Class<T> type, Supplier<T> create) {
        return type.cast(taskState.computeIfAbsent(type, k -> create.get()));
    }

    @Override
    public <T> T sessionState(Class<T> type, Supplier<T> create) {
        return session.sessionState(type, create);
    }

    private void run() {
        String lastAgentMessage = null;
        try {
            emit(new EventMsg.TaskStarted(turn.modelContextWindow().orElse(null)));
            ResponseItem userMessage = UserMessages.fromInput(input, turn.cwd());
            record(userMessage);
            emit(EventMsg.UserMessage.plain(UserMessages.text(input)));
            boolean compactedForLimit = false;
            boolean compactedForError = false;
            while (isRunning()) {
                for (ResponseItem queued; (queued = queuedInput.poll()) != null; ) {
                    record(queued);
                }
                session.drainPendingInput().forEach(this::record);
                if (Compactor.due(session, turn)) {
                    // a second compaction in a row would not shrink anything: the history is already minimal
                    Optional<ModelError> failed = compactedForLimit
                            ? Optional.of(ModelError.of(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED, stillAboveLimit()))
                            : Compactor.compact(session, this);
                    compactedForLimit = true;
                    if (!isRunning()) {
                        return;
                    }
                    if (failed.isPresent()) {
                        emit(new EventMsg.ErrorEvent(
                                failed.get().message(),
                                ErrorInfo.of(failed.get().kind())));
                        break;
                    }
                } else {
                    compactedForLimit = false;
                }
                TurnResult result = runTurn();
                if (!isRunning()) {
                    return;
                }
                if (result.error().isPresent()) {
                    ModelError error = result.error().get();
                    if (error.kind() == ModelError.Kind.CONTEXT_WINDOW_EXCEEDED && !compactedForError) {
                        // the request did not fit: compact, then send it once more; a second refusal ends the turn
                        compactedForError = true;
                        Optional<ModelError> failed = Compactor.compact(session, this);
                        if (!isRunning()) {
                            return;
                        }
                        if (failed.isEmpty()) {
                            continue;
                        }
                        error = failed.get();
                    }
                    emit(new EventMsg.ErrorEvent(error.message(), ErrorInfo.of(error.kind())));
                    break;
                }
                compactedForError = false;
                for (ResponseItem item : result.items()) {
                    record(item);
                }
                if (!result.calledTools()) {
                    lastAgentMessage = result.lastAssistantText().orElse(null);
                    Notifier.turnComplete(session.config(), subId, UserMessages.text(input), lastAgentMessage);
                    break;
                }
            }
            if (state.compareAndSet(RUNNING, DONE)) {
                session.emit(subId, new EventMsg.TaskComplete(lastAgentMessage));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "task %s of session %s failed", subId, session.conversationId());
            if (state.compareAndSet(RUNNING, DONE)) {
                session.emit(subId, new EventMsg.ErrorEvent(Session.oneLine(e), null));
                session.emit(subId, new EventMsg.TaskComplete(lastAgentMessage));
            }
        } finally {
            cancellation.cancel();
            session.taskFinished(this);
        }
    }

    private String stillAboveLimit() {
        return "The conversation is still above the token limit after automatic compaction (limit "
                + Compactor.limit(session, turn).orElse(0L) + ", used " + session.contextTokens()
                + "). Start a new conversation or raise model_auto_compact_token_limit.";
    }

    private void record(ResponseItem item) {
        session.history().add(item);
        session.rollout().recordItem(item);
    }

    /**
     * What one round-trip produced: the items in stream order (each call followed by its output), or the error that
     * ended it.
     */
    record TurnResult(
            List<ResponseItem> items,
            boolean calledTools,
            Optional<String> lastAssistantText,
            Optional<ModelError> error) {}

    private TurnResult runTurn() throws InterruptedException {
        ToolRouter tools = session.services().tools();
        Prompt prompt = new Prompt(
                Instructions.base(turn),
                session.history().promptInput(),
                tools.toolSpecs(turn, session.mcpServers()),
                ModelFamily.find(turn.model()).parallelToolCalls(),
                turn.outputSchema());
        ModelRequest request = modelRequest(session, turn, prompt);
        List<ResponseItem> items = new ArrayList<>();
        boolean calledTools = false;
        Optional<String> lastText = Optional.empty();
        try (ModelStream stream = new ModelStream(session.services().modelClient().stream(request))) {
            Runnable answered = tools.awaitingModel(turn);
            Runnable unregister = cancellation.onCancel(stream::close);
            try {
                ResponseEvent event;
                while ((event = stream.next()) != null) {
                    switch (event) {
                        case ResponseEvent.Created created -> {
                            // nothing to tell the user yet
                        }
                        case ResponseEvent.OutputItemDone done -> {
                            ResponseItem item = done.item();
                            items.add(item);
                            announce(item);
                            Optional<ResponseItem> output = tools.handle(item, this);
                            if (output.isPresent()) {
                                calledTools = true;
                                items.add(output.get());
                            }
                            if (item instanceof ResponseItem.Message message && "assistant".equals(message.role())) {
                                lastText = lastOutputText(message);
                            }
                        }
                        case ResponseEvent.OutputTextDelta delta -> emit(new EventMsg.AgentMessageDelta(delta.delta()));
                        case ResponseEvent.ReasoningSummaryDelta delta ->
                            emit(new EventMsg.AgentReasoningDelta(delta.delta()));
                        case ResponseEvent.ReasoningContentDelta delta -> {
                            if (turn.showRawAgentReasoning()) {
                                emit(new EventMsg.AgentReasoningRawContentDelta(delta.delta()));
                            }
                        }
                        case ResponseEvent.ReasoningSummaryPartAdded added ->
                            emit(new EventMsg.AgentReasoningSectionBreak());
                        case ResponseEvent.WebSearchCallBegin begin ->
                            emit(new EventMsg.WebSearchBegin(begin.callId()));
                        case ResponseEvent.StreamRetry retry -> {
                            emit(new EventMsg.StreamError(retry.message()));
                            items.clear();
                            calledTools = false;
                            lastText = Optional.empty();
                        }
                        case ResponseEvent.Completed completed -> {
                            completed.usage().ifPresent(usage -> {
                                TokenUsageInfo info = session.addTokenUsage(
                                        usage, turn.modelContextWindow().orElse(null));
                                emit(new EventMsg.TokenCount(info));
                            });
                            tools.turnDiff(this).ifPresent(diff -> emit(new EventMsg.TurnDiff(diff)));
                            return new TurnResult(items, calledTools, lastText, Optional.empty());
                        }
                        case ResponseEvent.Failed failed -> {
                            return new TurnResult(items, calledTools, lastText, Optional.of(failed.error()));
                        }
                    }
                }
            } finally {
                answered.run();
                unregister.run();
            }
        }
        return new TurnResult(
                items,
                calledTools,
                lastText,
                Optional.of(ModelError.of(
                        ModelError.Kind.STREAM, "stream disconnected before completion: stream closed early")));
    }

    static ModelRequest modelRequest(Session session, TurnContext turn, Prompt prompt) {
        return new ModelRequest(
                turn.provider(),
                turn.model(),
                session.conversationId(),
                turn.effort(),
                turn.summary(),
                turn.verbosity(),
                session.services().identity(),
                prompt,
                turn.modelSupportsReasoningSummaries());
    }

    /** The user-visible events for a finished output item (tool calls announce themselves when they run). */
    private void announce(ResponseItem item) {
        switch (item) {
            case ResponseItem.Message message
            when "assistant".equals(message.role()) -> {
                for (ContentItem part : message.content()) {
                    if (part instanceof ContentItem.OutputText text) {
                        emit(new EventMsg.AgentMessage(text.text()));
                    }
                }
            }
            case ResponseItem.Reasoning reasoning -> {
                if (reasoning.summary() != null) {
                    reasoning.summary().forEach(part -> emit(new EventMsg.AgentReasoning(part.text())));
                }
                if (turn.showRawAgentReasoning() && reasoning.content() != null) {
                    reasoning.content().forEach(part -> emit(new EventMsg.AgentReasoningRawContent(part.text())));
                }
            }
            case ResponseItem.WebSearchCall search -> {
                String query = search.action() == null
                        ? ""
                        : search.action().path("query").asText("");
                emit(new EventMsg.WebSearchEnd(search.id(), query));
            }
            default -> {
                // calls are announced by their handlers
            }
        }
    }

    private static Optional<String> lastOutputText(ResponseItem.Message message) {
        String last = null;
        for (ContentItem part : message.content()) {
            if (part instanceof ContentItem.OutputText text) {
                last = text.text();
            }
        }
        return Optional.ofNullable(last);
    }
}
