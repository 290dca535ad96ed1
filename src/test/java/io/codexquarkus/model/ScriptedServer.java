package io.codexquarkus.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server on 127.0.0.1 that answers the n-th request with the n-th script (the last one repeats), each on its
 * own thread, so a script can stall or answer late without holding up the next request.
 */
public final class ScriptedServer implements AutoCloseable {
    /** What the server does with one request. */
    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();

    public ScriptedServer(String path, List<Script> scripts) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(path, exchange -> {
            int index = requests.getAndIncrement();
            exchange.getRequestBody().readAllBytes();
            try {
                scripts.get(Math.min(index, scripts.size() - 1)).answer(exchange);
            } catch (IOException e) {
                // the client went away, as some tests intend
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int requests() {
        return requests.get();
    }

    /** Sends SSE headers, then each part with a flush, sleeping {@code pauseMillis} between parts. */
    public static void stream(HttpExchange exchange, long pauseMillis, String... parts)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                Thread.sleep(pauseMillis);
            }
            out.write(parts[i].getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
