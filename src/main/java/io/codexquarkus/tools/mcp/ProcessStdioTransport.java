package io.codexquarkus.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The SDK's client transport over the stdin/stdout of a process the pool started itself: one JSON-RPC message per
 * line each way. The SDK's own {@code StdioClientTransport} starts the process inside {@code connect} and never hands
 * it out, so it cannot stop a server's own children; owning the {@link Process} lets {@link ProcessTrees} kill and reap
 * the whole tree. Lines on stderr go to the log at debug ({@link #drainStderr}).
 */
final class ProcessStdioTransport implements McpClientTransport {
    private static final Logger LOG = Logger.getLogger(ProcessStdioTransport.class);

    private final String server;
    private final Process process;
    private final McpJsonMapper mapper;
    private final OutputStream stdin;
    private final Object writeLock = new Object();
    private volatile Consumer<Throwable> exceptionHandler = t -> {};

    ProcessStdioTransport(String server, Process process, McpJsonMapper mapper) {
        this.server = server;
        this.process = process;
        this.mapper = mapper;
        this.stdin = process.getOutputStream();
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            Thread.ofVirtual().name("mcp-" + server + "-stdout").start(() -> readMessages(handler));
        });
    }

    private void readMessages(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.debugf("MCP server %s wrote a line that is not JSON-RPC: %s", server, line);
                    continue;
                }
                handler.apply(Mono.just(message)).subscribe(reply -> {}, exceptionHandler);
            }
        } catch (IOException e) {
            LOG.debugf("MCP server %s: stdout closed: %s", server, e.getMessage());
        }
    }

    /**
     * Logs a server's stderr at debug until it ends. Started as soon as the process is, whatever the era, so that a
     * chatty server never blocks on a full pipe (during the era probe either).
     */
    static void drainStderr(String server, Process process) {
        Thread.ofVirtual().name("mcp-" + server + "-stderr").start(() -> readStderr(server, process));
    }

    private static void readStderr(String server, Process process) {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                LOG.debugf("MCP server %s (stderr): %s", server, line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            try {
                byte[] line = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (writeLock) {
                    stdin.write(line);
                    stdin.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(
                        "MCP server " + server + " is not reading its stdin: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        this.exceptionHandler = handler;
    }

    /** Closes the server's stdin (the stdio way of asking it to exit); {@link ProcessTrees} does the rest. */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            synchronized (writeLock) {
                try {
                    stdin.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}
