package io.codexquarkus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The project's one stand-in for an OpenAI-compatible model: a JDK-only HTTP server on 127.0.0.1 answering {@code POST
 * .../responses} (Responses API SSE) and {@code POST .../chat/completions} (Chat Completions SSE), and {@code GET
 * .../models} with an empty list. The tests compile it (the build adds {@code deployment/aot} as a test source root
 * and wraps it in the JUnit extension {@code MockModelServer}); the launcher's AOT training, the benchmarks and
 * {@code .ci} run it with the JDK's source launcher: {@code java deployment/aot/io/codexquarkus/testing/MockModel.java
 * MODE ...} (see {@link #main}).
 *
 * <p>Each model request takes the next {@link Reply} of the script; once the script is used up it gets the fallback:
 * the {@link Markers} behaviour on a fresh server (what the program serves), an HTTP 400 naming the surplus request
 * after {@link #script} (so an unexpected extra round-trip fails the turn at once instead of hanging it). Every model
 * request is recorded, and {@link #awaitRequests} waits for a count without polling.
 */
public final class MockModel implements AutoCloseable {
    /** What the server does with one model request. */
    public sealed interface Reply permits Sse, Dribbled, Status, Delayed, Fault, Chosen, Custom, Markers {}

    /** A 200 with an SSE body written in parts, each flushed, with {@code pause} between parts (a mid-stream stall). */
    public record Sse(List<String> parts, Duration pause) implements Reply {
        public Sse(String body) {
            this(List.of(body), Duration.ZERO);
        }
    }

    /**
     * A 200 with the SSE {@code body} cut into {@code chunks} byte slices of near-equal size (a slice may split a UTF-8
     * character or an event), each flushed as its own HTTP chunk, spread evenly over {@code over}.
     */
    public record Dribbled(String body, int chunks, Duration over) implements Reply {}

    /** A non-SSE answer such as an error: status, JSON body, extra headers (say, {@code Retry-After}). */
    public record Status(int status, String body, Map<String, String> headers) implements Reply {
        /** {@code status} with the API's error shape {@code {"error":{"message":...}}}. */
        public static Status error(int status, String message) {
            return new Status(status, "{\"error\":{\"message\":" + quote(message) + "}}", Map.of());
        }
    }

    /** {@code then}, after {@code delay} of silence: no status line, no headers, like a model thinking a long time. */
    public record Delayed(Duration delay, Reply then) implements Reply {}

    /** A broken answer, for the client's transport error handling. */
    public record Fault(Kind kind) implements Reply {
        public enum Kind {
            /** The connection closes before any byte of a response: no status line. */
            DROP,
            /** A 200 whose {@code Content-Length} promises more than is sent before the connection closes. */
            CLOSE_MID_BODY,
            /**
             * A 200 declaring both {@code Content-Length} and {@code Transfer-Encoding: chunked} over a body that is not
             * chunked (no chunk size): a response an HTTP/1.1 client must refuse. The JDK server cannot send a raw
             * malformed chunk inside a well-formed chunked response.
             */
            CONFLICTING_LENGTHS
        }
    }

    /** The reply {@code choice} picks for the request, say by its headers (a login's token). */
    public record Chosen(Function<Request, Reply> choice) implements Reply {}

    /** Full control of the exchange, for tests of the HTTP layer (many requests in flight, a late answer). */
    public record Custom(Handler handler) implements Reply {}

    /**
     * The behaviour the program serves, chosen by markers in the request body (the prompt travels in it):
     * {@code [mock: hold N ms]} first waits N ms in silence; {@code [mock: shell N WORD...]} calls the {@code shell}
     * tool with the words as argv until the request carries N tool outputs, then answers {@code tool outputs: [..]};
     * {@code [mock: call NAMESPACE NAME KEY=VALUE...]} calls function NAME of the namespace tool NAMESPACE (an MCP
     * server's tool; the flat {@code NAMESPACE__NAME} on Chat) with those arguments (integers as numbers), then answers
     * {@code tool outputs: [..]}; {@code [[shell]]} asks for one {@code echo mock-shell} call with whichever shell tool the request offers, then
     * answers; {@code [[long:N]]} streams N text deltas (10,000 for {@code [[long]]}); anything else gets {@code
     * answer}, its {@code {wire}} replaced by {@code responses} or {@code chat} (a three-part greeting when null).
     */
    public record Markers(String answer) implements Reply {}

    /** Writes the whole answer to one exchange. */
    @FunctionalInterface
    public interface Handler {
        void answer(HttpExchange exchange, Request request) throws IOException, InterruptedException;
    }

    /** A recorded model request; {@code path} keeps its query string, header names are as the JDK server spells them. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        /** The header's value, its name matched ignoring case as HTTP does; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Reply fallback;
    private Path log;

    private MockModel(Reply fallback) throws IOException {
        this.fallback = fallback;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on an ephemeral loopback port serving the {@link Markers} behaviour until scripted. */
    public static MockModel start() {
        return start(new Markers(null));
    }

    /** A server on an ephemeral loopback port answering every request with {@code fallback} until scripted. */
    public static MockModel start(Reply fallback) {
        try {
            return new MockModel(fallback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The provider's {@code base_url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Forgets the script and the recorded requests; request <i>n</i> (from 0) then gets {@code replies[n]}. */
    public synchronized void script(Reply... replies) {
        script.clear();
        script.addAll(List.of(replies));
        requests.clear();
        fallback = Status.error(400, "unexpected request beyond the test script");
    }

    /**
     * Forgets the script and the recorded requests; request <i>n</i> (from 0) then gets {@code replies[n]}, and every
     * request after the last reply gets the last reply again (a server that keeps failing).
     */
    public synchronized void sequence(Reply... replies) {
        if (replies.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one reply");
        }
        script(replies);
        script.removeLast();
        fallback = replies[replies.length - 1];
    }

    /** {@link #script(Reply...)} with whole SSE bodies. */
    public void script(String... sseBodies) {
        script(List.of(sseBodies).stream().map(Sse::new).toArray(Reply[]::new));
    }

    /** Forgets the script and the recorded requests; every request then gets {@code reply}. */
    public synchronized void always(Reply reply) {
        script.clear();
        requests.clear();
        fallback = reply;
    }

    /** Forgets the script and the recorded requests; every request then fails until the next script. */
    public void reset() {
        script(new Reply[0]);
    }

    /** Appends each model request to {@code file} as one JSON line: path, headers, body. */
    public synchronized void logTo(Path file) {
        log = file;
    }

    /** The model requests received so far, oldest first. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits until at least {@code count} model requests arrived and returns them; fails after {@code timeout}. */
    public synchronized List<Request> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "expected " + count + " model requests within " + timeout + ", got " + requests.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        // a stalled reply sleeps on its own thread: interrupt it rather than let it outlive the test
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.endsWith("/models")) {
                byte[] json = "{\"object\":\"list\",\"data\":[],\"models\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            if (!method.equals("POST") || !(path.endsWith("/responses") || path.endsWith("/chat/completions"))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Request request = new Request(method, exchange.getRequestURI().toString(), headers(exchange), body);
            reply(exchange, request, record(request));
        } catch (IOException e) {
            // the client went away, as cancellation tests intend
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("mock-model: " + e);
        }
    }

    private synchronized Reply record(Request request) throws IOException {
        requests.add(request);
        if (log != null) {
            Files.writeString(
                    log, logLine(request) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        notifyAll();
        Reply next = script.poll();
        return next == null ? fallback : next;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return headers;
    }

    /** Python's {@code json.dumps} layout (", " and ": "), so shell checks read it as they read the old log. */
    private static String logLine(Request request) {
        StringBuilder line = new StringBuilder("{\"path\": ").append(quote(request.path())).append(", \"headers\": {");
        String separator = "";
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            line.append(separator).append(quote(header.getKey())).append(": ").append(quote(header.getValue()));
            separator = ", ";
        }
        String body = request.body().isBlank() ? "{}" : request.body();
        return line.append("}, \"body\": ").append(body).append('}').toString();
    }

    /** Writes {@code reply} to {@code exchange}; {@link Custom} handlers use it to answer after their own steps. */
    public static void reply(HttpExchange exchange, Request request, Reply reply) throws IOException, InterruptedException {
        switch (reply) {
            case Sse sse -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < sse.parts().size(); i++) {
                    if (i > 0) {
                        Thread.sleep(sse.pause());
                    }
                    out.write(sse.parts().get(i).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.close();
            }
            case Status status -> {
                byte[] bytes = status.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                status.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(status.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
            case Dribbled dribbled -> {
                byte[] bytes = dribbled.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                int chunks = Math.max(1, Math.min(dribbled.chunks(), bytes.length));
                Duration pause = chunks > 1 ? dribbled.over().dividedBy(chunks - 1) : Duration.ZERO;
                for (int i = 0; i < chunks; i++) {
                    if (i > 0) {
                        Thread.sleep(pause);
                    }
                    int from = (int) ((long) bytes.length * i / chunks);
                    int to = (int) ((long) bytes.length * (i + 1) / chunks);
                    out.write(bytes, from, to - from);
                    out.flush();
                }
                out.close();
            }
            case Fault fault -> fault(exchange, fault.kind());
            case Chosen chosen -> reply(exchange, request, chosen.choice().apply(request));
            case Delayed delayed -> {
                Thread.sleep(delayed.delay());
                reply(exchange, request, delayed.then());
            }
            case Custom custom -> custom.handler().answer(exchange, request);
            case Markers markers -> MockModelMarkers.answer(exchange, request, markers.answer());
        }
    }

    private static void fault(HttpExchange exchange, Fault.Kind kind) throws IOException {
        switch (kind) {
            // closing the exchange before sendResponseHeaders closes the connection without a byte
            case DROP -> exchange.close();
            case CLOSE_MID_BODY -> {
                byte[] start = "event: response.created\ndata: {\"type\":\"response.cr".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, start.length * 4L);
                OutputStream out = exchange.getResponseBody();
                out.write(start);
                out.flush();
                // closing short of the promised length makes the JDK server drop the connection
                exchange.close();
            }
            case CONFLICTING_LENGTHS -> {
                byte[] garbage = "zz; not a chunk size\r\nlost\r\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.getResponseHeaders().add("Transfer-Encoding", "chunked");
                exchange.sendResponseHeaders(200, garbage.length);
                exchange.getResponseBody().write(garbage);
                exchange.close();
            }
        }
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * {@code serve [--port-file F] [--log F] [--answer TEXT] [--until-killed]}: serves the {@link Markers} behaviour,
     * prints the port, writes it to F (atomically, so a caller never reads half of it), logs requests to the log file,
     * and stops when stdin closes (or only when killed). {@code serve F} is {@code serve --port-file F}. {@code train
     * help|cli|exec|mcp WORK -- CMD...} runs CMD on its real workload against this model ({@link AotTraining}).
     */
    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("serve")) {
            serve(List.of(args).subList(1, args.length));
            return;
        }
        if (args.length >= 5 && args[0].equals("train") && args[3].equals("--")) {
            System.exit(AotTraining.train(args[1], Path.of(args[2]), List.of(args).subList(4, args.length)));
        }
        System.err.println("usage: java MockModel.java serve [PORT_FILE] [--port-file F] [--log F] [--answer TEXT]"
                + " [--until-killed] | train help|cli|exec|mcp WORK -- CMD...");
        System.exit(2);
    }

    private static void serve(List<String> args) throws IOException, InterruptedException {
        String portFile = null;
        String logFile = null;
        String answer = null;
        boolean untilKilled = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--port-file" -> portFile = args.get(++i);
                case "--log" -> logFile = args.get(++i);
                case "--answer" -> answer = args.get(++i);
                case "--until-killed" -> untilKilled = true;
                default -> portFile = args.get(i);
            }
        }
        try (MockModel model = start(new Markers(answer))) {
            if (logFile != null) {
                model.logTo(Path.of(logFile));
            }
            if (portFile != null) {
                Path file = Path.of(portFile);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, model.port() + "\n");
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            System.out.println(model.port());
            System.out.flush();
            if (untilKilled) {
                new CountDownLatch(1).await();
            }
            System.in.transferTo(OutputStream.nullOutputStream());
        }
        System.exit(0);
    }
}
