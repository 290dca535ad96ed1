package io.codexquarkus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake MCP server's Streamable HTTP endpoint at {@code /mcp} on loopback, recording every request's headers and
 * method before the server's own handler answers it.
 */
public record LoopbackMcpEndpoint(HttpServer server, List<Map<String, List<String>>> headers, List<String> methods)
        implements AutoCloseable {
    /** Answers one exchange; the endpoint closes it afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(HttpExchange exchange) throws IOException, InterruptedException;
    }

    public static LoopbackMcpEndpoint start(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        List<String> methods = new CopyOnWriteArrayList<>();
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                headers.add(Map.copyOf(exchange.getRequestHeaders()));
                methods.add(exchange.getRequestMethod());
                handler.serve(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return new LoopbackMcpEndpoint(server, headers, methods);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
