package io.codexquarkus.agent;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLayer;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigOverride;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The real agent wired as {@code exec} wires it ({@link AgentRuntime}: real model client against {@link
 * MockModelServer}, real tool router, sandbox manager and process runner), plus helpers to run one turn and answer its
 * approval requests. One runtime serves many conversations, each with its own approval and sandbox settings.
 */
public final class AgentHarness {
    /** The longest silence a turn may have: a sandboxed command starts a helper JVM, which is slow on a busy host. */
    public static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    private static final Map<Codex, StreamCursor<Event>> READERS = new WeakHashMap<>();

    private final Path home;
    private final Map<String, String> env;
    private final AgentRuntime runtime;
    private final ConversationManager manager;
    private final List<Codex> started = new ArrayList<>();

    /** Writes the mock provider's config.toml into {@code home} and wires a runtime for it. */
    public AgentHarness(MockModelServer model, Path home, Path cwd) {
        this.home = home;
        model.writeConfig(home, "");
        Map<String, String> processEnv = new HashMap<>(System.getenv());
        processEnv.put(CodexHome.ENV, home.toString());
        this.env = Map.copyOf(processEnv);
        this.runtime = AgentRuntime.create(config(cwd, "never", "read-only"), "codex_exec", env);
        this.manager = new ConversationManager(runtime.services());
    }

    /** The configuration of one conversation: config.toml plus the given approval policy and sandbox mode. */
    public CodexConfig config(Path cwd, String approvalPolicy, String sandboxMode) {
        ConfigLayer.Overrides flags = new ConfigLayer.Overrides(
                "test",
                List.of(
                        ConfigOverride.of("approval_policy", approvalPolicy),
                        ConfigOverride.of("sandbox_mode", sandboxMode)));
        return ConfigLoader.load(new ConfigRequest(new CodexHome(home), cwd, Optional.empty(), List.of(flags), env))
                .config();
    }

    /** The runtime's session services (for tests that wire their own, e.g. with MCP servers). */
    public io.codexquarkus.agent.session.SessionServices services() {
        return runtime.services();
    }

    public ConversationManager manager() {
        return manager;
    }

    public Codex start(CodexConfig config) throws InterruptedException {
        return remember(manager.newConversation(config).codex());
    }

    public Codex resume(CodexConfig config, Path rollout) throws InterruptedException {
        return remember(manager.resume(config, rollout).codex());
    }

    private Codex remember(Codex codex) throws InterruptedException {
        started.add(codex);
        Event first = events(codex).next(EVENT_TIMEOUT).orElseThrow(() -> new AssertionError("no session_configured"));
        if (!(first.msg() instanceof EventMsg.SessionConfigured)) {
            throw new AssertionError("first event is not session_configured: " + first);
        }
        return codex;
    }

    /** Whether commands can be sandboxed on this host (Landlock + seccomp, or Seatbelt). */
    public static boolean platformSandboxAvailable() {
        return SandboxManager.forCurrentProcess().platformSandbox() != SandboxType.NONE;
    }

    /** What a turn produced: its submission id and every event up to {@code task_complete} or {@code turn_aborted}. */
    public record Turn(String subId, List<Event> events) {
        public List<EventMsg> messages() {
            return events.stream().map(Event::msg).toList();
        }

        public <T extends EventMsg> List<T> all(Class<T> type) {
            return messages().stream().filter(type::isInstance).map(type::cast).toList();
        }

        public List<String> types() {
            return messages().stream().map(EventMsg::type).toList();
        }

        public boolean completed() {
            return events.getLast().msg() instanceof EventMsg.TaskComplete;
        }

        public boolean aborted() {
            return events.getLast().msg() instanceof EventMsg.TurnAborted;
        }

        /** Index of the first event of {@code type}, or -1. */
        public int indexOf(Class<? extends EventMsg> type) {
            List<EventMsg> messages = messages();
            for (int i = 0; i < messages.size(); i++) {
                if (type.isInstance(messages.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** For turns that must not ask: an approval request fails the test. */
    public static final Function<EventMsg.ExecApprovalRequest, ReviewDecision> NO_APPROVAL = request -> {
        throw new AssertionError("unexpected approval request: " + request);
    };

    /**
     * Submits {@code prompt} and reads events until the turn ends, answering every {@code exec_approval_request} with
     * {@code approvals} (an {@link Op.ExecApproval} under the id of the event that asked).
     */
    public static Turn runTurn(
            Codex codex, String prompt, Function<EventMsg.ExecApprovalRequest, ReviewDecision> approvals)
            throws InterruptedException {
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text(prompt))));
        return readTurn(codex, subId, approvals);
    }

    /** Reads the events of the running turn {@code subId} until it completes or is aborted. */
    public static Turn readTurn(
            Codex codex, String subId, Function<EventMsg.ExecApprovalRequest, ReviewDecision> approvals)
            throws InterruptedException {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = nextEvent(codex, events);
            events.add(event);
            switch (event.msg()) {
                case EventMsg.ExecApprovalRequest request ->
                    codex.submit(new Op.ExecApproval(event.id(), approvals.apply(request)));
                case EventMsg.TaskComplete complete -> {
                    return new Turn(subId, events);
                }
                case EventMsg.TurnAborted aborted -> {
                    return new Turn(subId, events);
                }
                default -> {
                    // keep reading
                }
            }
        }
    }

    /** The next event, or a failure listing what came so far. */
    public static Event nextEvent(Codex codex, List<Event> sofar) throws InterruptedException {
        return events(codex)
                .next(EVENT_TIMEOUT)
                .orElseThrow(() -> new AssertionError("no event within " + EVENT_TIMEOUT + "; so far: "
                        + sofar.stream().map(e -> e.msg().type()).toList()));
    }

    /**
     * The test's reader of {@code codex}'s events: one per conversation for the whole test, so a read that timed out
     * keeps its place and nothing is skipped between helpers.
     */
    public static StreamCursor<Event> events(Codex codex) {
        synchronized (READERS) {
            return READERS.computeIfAbsent(codex, c -> StreamCursor.open(c.events()));
        }
    }

    /** Reads events until one matches {@code type}; returns it. */
    public static <T extends EventMsg> T awaitEvent(Codex codex, Class<T> type, List<Event> sink)
            throws InterruptedException {
        while (true) {
            Event event = nextEvent(codex, sink);
            sink.add(event);
            if (type.isInstance(event.msg())) {
                return type.cast(event.msg());
            }
        }
    }

    /** Shuts down every conversation it started, then the runtime. */
    public void close() throws InterruptedException {
        for (Codex codex : started) {
            if (!codex.isShutdown()) {
                codex.shutdown(Duration.ofSeconds(5));
            }
        }
        runtime.close();
    }
}
