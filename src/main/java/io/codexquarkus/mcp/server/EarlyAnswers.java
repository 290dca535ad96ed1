package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.codextool.PreparedToolsList;
import io.codexquarkus.mcp.codextool.ToolDefinitions;
import io.codexquarkus.mcp.jsonrpc.JsonRpcCodec;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.transport.EarlyInput;
import io.codexquarkus.mcp.transport.EarlyInput.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a 2025-era client asks first, answered while the runtime still boots: {@code initialize}, then {@code
 * notifications/initialized}, {@code tools/list} and {@code ping}. Each answer is the one the server gives (the same
 * {@link LifecycleMethods#initializeResult}, {@link ToolDefinitions#toolsList} as the build prepared it, {@link
 * JsonRpcCodec}), so a client cannot tell which of the two answered; the server replays the answered requests for
 * their state. Anything else (another method, a 2026-07-28 request, a line that does not parse, a second {@code
 * initialize}) ends the early phase and is the server's, as is everything after it. Only for {@code codex-quarkus mcp} started without options:
 * options can change what the server is (see {@code CodexMain}).
 */
public final class EarlyAnswers implements EarlyInput.Answerer {
    /** Set to {@code off} to leave every answer to the booted server (to compare, or to rule this out). */
    public static final String SWITCH = "CODEX_QUARKUS_MCP_EARLY_ANSWERS";

    private final OutputStream out;
    private final String userAgent;
    private boolean initialized;
    private JsonNode toolsList;

    private EarlyAnswers(OutputStream out, String userAgent) {
        this.out = out;
        this.userAgent = userAgent;
    }

    /**
     * Starts reading {@code stdin} now; the stream returned is what the server reads instead. {@code stdout} takes the
     * early answers until the server's first read of the stream returned.
     */
    public static InputStream start(InputStream stdin, OutputStream stdout, String originator, String version) {
        return EarlyInput.start(stdin, new EarlyAnswers(stdout, LifecycleMethods.userAgent(originator, version)));
    }

    @Override
    public Outcome answer(byte[] line, int length) {
        if (McpConnection.isBlank(line, length)) {
            return Outcome.PASSED;
        }
        JsonRpcMessage message;
        try {
            message = JsonRpcCodec.decode(line, length);
        } catch (JsonRpcCodec.DecodeException | RuntimeException e) {
            return Outcome.DECLINED; // the server answers it, with its error
        }
        return switch (message) {
            case JsonRpcMessage.Notification notification ->
                initialized && "notifications/initialized".equals(notification.method())
                        ? Outcome.PASSED
                        : Outcome.DECLINED;
            case JsonRpcMessage.Request request -> answer(request);
            case JsonRpcMessage.Response response -> Outcome.DECLINED;
            case JsonRpcMessage.ErrorResponse error -> Outcome.DECLINED;
        };
    }

    private Outcome answer(JsonRpcMessage.Request request) {
        if (ModernMeta.claimed(request.params())) {
            return Outcome.DECLINED; // 2026-07-28: the server decides the era
        }
        JsonNode result;
        switch (request.method()) {
            case "initialize" -> {
                if (initialized) {
                    return Outcome.DECLINED;
                }
                try {
                    result = Json.tree(LifecycleMethods.initializeResult(request.params(), userAgent));
                } catch (McpException e) {
                    return Outcome.DECLINED;
                }
            }
            case "tools/list" -> {
                if (!initialized) {
                    return Outcome.DECLINED;
                }
                if (toolsList == null) {
                    toolsList = PreparedToolsList.load();
                }
                result = toolsList;
            }
            case "ping" -> {
                if (!initialized) {
                    return Outcome.DECLINED;
                }
                result = Json.tree(EmptyResult.INSTANCE);
            }
            default -> {
                return Outcome.DECLINED;
            }
        }
        try {
            out.write((JsonRpcCodec.encode(JsonRpcMessage.Response.of(request.id(), result)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            return Outcome.DECLINED; // stdout is gone: the server finds out on its own
        }
        initialized = true;
        return Outcome.ANSWERED;
    }
}
