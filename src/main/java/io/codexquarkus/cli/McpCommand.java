package io.codexquarkus.cli;

import io.codexquarkus.agent.AgentRuntime;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.LoadedConfig;
import io.codexquarkus.mcp.McpServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code codex-quarkus mcp}: the Codex MCP server on stdio. stdout carries JSON-RPC only: {@code System.out} is pointed
 * at stderr for the life of the server, so a stray print can never corrupt the protocol.
 */
@Command(
        name = "mcp",
        aliases = "mcp-server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Codex MCP server on stdio: tools codex and codex-reply, plus Codex's JSON-RPC methods"
                    + " (newConversation, sendUserMessage, getAuthStatus, loginChatGpt, …). -c overrides and -p apply"
                    + " to every session it starts."
        })
public class McpCommand implements Callable<Integer> {
    static final String ORIGINATOR = "codex_cli_rs";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        ConfigRequest startup = GlobalOptions.of(spec).request(invocation);
        LoadedConfig loaded = ConfigLoader.load(startup);
        Optional<LogFile> logFile = LogFile.open(startup, loaded, "mcp");
        try {
            return serve(invocation, startup, loaded.config());
        } finally {
            logFile.ifPresent(LogFile::close);
        }
    }

    private Integer serve(Invocation invocation, ConfigRequest startup, CodexConfig config) {
        Map<String, String> env = invocation.environment().env();
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream originalOut = System.out;
        System.setOut(System.err);
        // the runtime (credentials, model client, sandbox) starts while the client's initialize is answered
        CompletableFuture<AgentRuntime> runtime = new CompletableFuture<>();
        Thread.ofVirtual().name("mcp-runtime").start(() -> {
            try {
                runtime.complete(AgentRuntime.create(config, ORIGINATOR, env));
            } catch (RuntimeException e) {
                runtime.completeExceptionally(e);
            }
        });
        try {
            new McpServer(startup, ORIGINATOR, ConfigDefaults.VERSION, env, () -> services(runtime))
                    .serve(invocation.stdin(), protocol, McpCommand::fatal);
        } finally {
            System.setOut(originalOut);
            if (runtime.isDone() && !runtime.isCompletedExceptionally()) {
                runtime.join().close();
            }
            killLeftoverProcesses();
        }
        return ExitCode.OK;
    }

    /**
     * An Error on the stdin or stdout thread (an OutOfMemoryError, say): one line on stderr and the process ends at
     * once. halt, not exit: shutdown hooks could wait on the very threads that failed, and a client restarts a server
     * that exited, whereas one that stopped reading would leave it waiting forever.
     */
    private static void fatal(Error error) {
        // looked up here, not in a static field: picocli loads every command class before logging is set up
        Logger.getLogger(McpCommand.class)
                .errorf(
                        "codex-quarkus mcp: %s on %s; exiting",
                        error, Thread.currentThread().getName());
        Runtime.getRuntime().halt(ExitCode.FAILURE);
    }

    private static SessionServices services(CompletableFuture<AgentRuntime> runtime) {
        try {
            return runtime.join().services();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Interrupted sessions kill their commands on their own threads, which may not get to run before the JVM exits:
     * whatever this process still has running when the server ends is killed here, so no command
     * outlives {@code codex-quarkus mcp}.
     */
    private static void killLeftoverProcesses() {
        List<ProcessHandle> leftovers = ProcessHandle.current().descendants().toList();
        for (ProcessHandle process : leftovers.reversed()) {
            process.destroyForcibly();
        }
    }
}
