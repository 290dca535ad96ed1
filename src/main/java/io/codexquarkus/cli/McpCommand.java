package io.codexquarkus.cli;

import io.codexquarkus.agent.AgentRuntime;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.McpServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
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
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConfigRequest startup = GlobalOptions.of(spec).request();
        CodexConfig config = ConfigLoader.load(startup).config();
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream originalOut = System.out;
        System.setOut(System.err);
        try (AgentRuntime runtime = AgentRuntime.create(config, "codex_cli_rs", System.getenv())) {
            new McpServer(startup, runtime.services()).serve(System.in, protocol);
        } finally {
            System.setOut(originalOut);
            killLeftoverProcesses();
        }
        return ExitCode.OK;
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
