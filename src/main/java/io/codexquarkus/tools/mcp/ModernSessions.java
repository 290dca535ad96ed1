package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexquarkus.config.McpServerConfig;
import io.codexquarkus.config.McpServerConfig.Transport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link ModernSession}s on the SDK's modern transports. Over stdio the transport gets the pipes of the process
 * the pool started (never a {@code ServerParameters} the SDK would start itself), so the pool alone starts, filters
 * the environment of, and stops the process tree.
 */
final class ModernSessions {
    private ModernSessions() {}

    static ModernSession stdio(Process process, McpJsonMapper json, ObjectMapper mapper, Duration sdkTimeout) {
        StdioMcpClientTransport transport = StdioMcpClientTransport.builder(
                        process.getInputStream(), process.getOutputStream())
                .jsonMapper(json)
                .start();
        return new ModernSession(client(transport, json, sdkTimeout), Optional.of(transport), json, mapper);
    }

    /** The modern HTTP transport sends the same configured headers and bearer token as the 2025-era one. */
    static ModernSession http(
            McpServerConfig config,
            Transport.StreamableHttp http,
            Map<String, String> headers,
            OwnedHttpClient httpClient,
            McpJsonMapper json,
            ObjectMapper mapper,
            Duration sdkTimeout) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(McpServers.uri(http))
                .clientBuilder(httpClient)
                .jsonMapper(json)
                .connectTimeout(config.startupTimeout())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync(
                        (request, requestHeaders, context) -> headers.forEach(requestHeaders::set)))
                .build();
        return new ModernSession(client(transport, json, sdkTimeout), Optional.empty(), json, mapper);
    }

    /**
     * The HTTP probe: {@code server/discover} POSTed by the modern transport (with its {@code MCP-Protocol-Version}
     * and method headers). An answer means 2026-07-28; an error or no answer within {@code timeout} is judged by
     * {@link EraProbe#decide(Throwable, ObjectMapper)}.
     */
    static McpEra probe(ModernSession session, Duration timeout, ObjectMapper mapper) {
        try {
            session.client().discover().block(timeout);
            return McpEra.MODERN;
        } catch (RuntimeException e) {
            return EraProbe.decide(e, mapper);
        }
    }

    private static McpAsyncClient client(McpClientTransport transport, McpJsonMapper json, Duration sdkTimeout) {
        // no elicitation handler: the client declares no elicitation capability (nor sampling or roots)
        return McpClient.async(transport)
                .clientInfo(McpSchema.Implementation.builder("codex-quarkus", McpServers.version())
                        .build())
                .jsonMapper(json)
                .roundTimeout(sdkTimeout)
                .callTimeout(sdkTimeout)
                .build();
    }
}
