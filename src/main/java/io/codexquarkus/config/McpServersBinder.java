package io.codexquarkus.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code [mcp_servers.<name>]} as Codex does: {@code command} (with {@code args}, {@code env}, {@code cwd}) or
 * {@code url} (with {@code bearer_token_env_var}, {@code http_headers}), never both; {@code startup_timeout_sec}
 * (fractional seconds, default 10; the older {@code startup_timeout_ms} when it is absent), {@code tool_timeout_sec}
 * (default 60), {@code enabled}, {@code enabled_tools}, {@code disabled_tools}. Unknown keys are ignored.
 */
final class McpServersBinder {
    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(60);

    private McpServersBinder() {}

    static Map<String, McpServerConfig> bind(ConfigReader r, Path cwd) {
        Map<String, McpServerConfig> out = new TreeMap<>();
        Map<String, Object> table = r.table("mcp_servers").orElse(Map.of());
        for (String name : table.keySet()) {
            out.put(name, server(r, List.of("mcp_servers", name), name, cwd));
        }
        return out;
    }

    private static McpServerConfig server(ConfigReader r, List<String> base, String name, Path cwd) {
        r.table(base);
        Optional<String> command = r.string(at(base, "command"));
        Optional<String> url = r.string(at(base, "url"));
        McpServerConfig.Transport transport;
        if (command.isPresent() && url.isPresent()) {
            throw r.invalid(at(base, "url"), "`url` is not supported with `command` (a server is one or the other)");
        } else if (command.isPresent()) {
            notFor(r, base, "stdio", "bearer_token_env_var", "http_headers");
            transport = new McpServerConfig.Transport.Stdio(
                    command.get(),
                    r.stringList(at(base, "args")).orElse(List.of()),
                    Map.copyOf(r.stringMap(at(base, "env")).orElse(Map.of())),
                    r.string(at(base, "cwd")).map(p -> cwd.resolve(p).normalize()));
        } else if (url.isPresent()) {
            notFor(r, base, "streamable_http", "args", "env", "cwd");
            transport = new McpServerConfig.Transport.StreamableHttp(
                    url.get(),
                    r.string(at(base, "bearer_token_env_var")),
                    Map.copyOf(r.stringMap(at(base, "http_headers")).orElse(Map.of())));
        } else {
            throw r.invalid(base, "invalid transport: expected `command` (stdio) or `url` (streamable HTTP)");
        }
        Duration startup = seconds(r, at(base, "startup_timeout_sec"))
                .or(() -> r.count(at(base, "startup_timeout_ms")).map(Duration::ofMillis))
                .orElse(DEFAULT_STARTUP_TIMEOUT);
        Duration tool = seconds(r, at(base, "tool_timeout_sec")).orElse(DEFAULT_TOOL_TIMEOUT);
        return new McpServerConfig(
                name,
                transport,
                startup,
                tool,
                r.bool(at(base, "enabled")).orElse(true),
                r.stringList(at(base, "enabled_tools")),
                r.stringList(at(base, "disabled_tools")).orElse(List.of()));
    }

    /** A key of the other transport is an error, as upstream's "`{field}` is not supported for {transport}". */
    private static void notFor(ConfigReader r, List<String> base, String transport, String... keys) {
        for (String key : keys) {
            if (r.get(at(base, key)).isPresent()) {
                throw r.invalid(at(base, key), "`" + key + "` is not supported for " + transport);
            }
        }
    }

    /** Seconds as an integer or a float, non-negative and finite. */
    private static Optional<Duration> seconds(ConfigReader r, List<String> path) {
        return r.get(path).map(value -> {
            double secs;
            if (value instanceof Long l) {
                secs = l;
            } else if (value instanceof Double d) {
                secs = d;
            } else {
                throw r.invalid(path, "expected a number of seconds, found " + TomlValues.typeName(value));
            }
            if (!(secs >= 0) || Double.isInfinite(secs) || secs > 1e9) {
                throw r.invalid(path, "expected a non-negative number of seconds, found " + value);
            }
            return Duration.ofNanos(Math.round(secs * 1e9));
        });
    }

    private static List<String> at(List<String> base, String key) {
        return ConfigReader.append(base, key);
    }
}
