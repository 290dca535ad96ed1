package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.config.McpServerConfig.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class McpServersConfigTest {
    private static CodexConfig load(Path home, String toml, String... overrides) throws IOException {
        Files.writeString(home.resolve("config.toml"), toml);
        return ConfigLoader.load(new ConfigRequest(
                        new CodexHome(home),
                        home.resolve("work"),
                        Optional.empty(),
                        List.of(ConfigRequest.cliOverrides(List.of(overrides))),
                        Map.of()))
                .config();
    }

    @Test
    void stdioAndHttpServersWithEveryKeySortedByName(@TempDir Path home) throws IOException {
        CodexConfig config = load(home, """
                [mcp_servers.zeta]
                url = "https://mcp.example.com/mcp"
                bearer_token_env_var = "ZETA_TOKEN"
                http_headers = { X-Team = "core" }
                tool_timeout_sec = 2.5
                enabled_tools = ["search"]
                future_key = "ignored"

                [mcp_servers.alpha]
                command = "npx"
                args = ["-y", "@modelcontextprotocol/server-everything"]
                env = { DEBUG = "1" }
                cwd = "tools"
                startup_timeout_sec = 20
                disabled_tools = ["longRunningOperation"]
                enabled = false
                """);
        assertThat(config.mcpServers().keySet()).containsExactly("alpha", "zeta");
        McpServerConfig alpha = config.mcpServers().get("alpha");
        assertThat(alpha.transport())
                .isEqualTo(new Transport.Stdio(
                        "npx",
                        List.of("-y", "@modelcontextprotocol/server-everything"),
                        Map.of("DEBUG", "1"),
                        Optional.of(home.resolve("work/tools"))));
        assertThat(alpha.startupTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(alpha.toolTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(alpha.enabled()).isFalse();
        assertThat(alpha.enabledTools()).isEmpty();
        assertThat(alpha.disabledTools()).containsExactly("longRunningOperation");

        McpServerConfig zeta = config.mcpServers().get("zeta");
        assertThat(zeta.name()).isEqualTo("zeta");
        assertThat(zeta.transport())
                .isEqualTo(new Transport.StreamableHttp(
                        "https://mcp.example.com/mcp", Optional.of("ZETA_TOKEN"), Map.of("X-Team", "core")));
        assertThat(zeta.startupTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(zeta.toolTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(zeta.enabled()).isTrue();
        assertThat(zeta.enabledTools()).contains(List.of("search"));
        assertThat(zeta.disabledTools()).isEmpty();
    }

    @Test
    void noServersIsAnEmptyMapAndTheLegacyMillisecondKeyStillCounts(@TempDir Path home) throws IOException {
        assertThat(load(home, "model = \"o3\"\n").mcpServers()).isEmpty();
        CodexConfig config = load(home, "[mcp_servers.s]\ncommand = \"srv\"\nstartup_timeout_ms = 1500\n");
        assertThat(config.mcpServers().get("s").startupTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.mcpServers().get("s").transport())
                .isEqualTo(new Transport.Stdio("srv", List.of(), Map.of(), Optional.empty()));
    }

    @Test
    void anOverrideAddsAServer(@TempDir Path home) throws IOException {
        CodexConfig config = load(home, "", "mcp_servers.o.command=\"srv\"", "mcp_servers.o.tool_timeout_sec=1");
        assertThat(config.mcpServers().get("o").toolTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "command = 'a'\\nurl = 'http://x' | `mcp_servers.s.url`: `url` is not supported with `command`",
                "args = ['x'] | `mcp_servers.s`: invalid transport: expected `command` (stdio) or `url`",
                "url = 'http://x'\\ncwd = '/tmp' | `mcp_servers.s.cwd`: `cwd` is not supported for streamable_http",
                "command = 'a'\\nhttp_headers = { A = 'b' } | `mcp_servers.s.http_headers`: `http_headers` is not"
                        + " supported for stdio",
                "command = 'a'\\nbearer_token_env_var = 'T' | `mcp_servers.s.bearer_token_env_var`: `bearer_token_env_var`",
                "command = 3 | `mcp_servers.s.command`: expected a string, found integer 3",
                "command = 'a'\\nstartup_timeout_sec = 'soon' | `mcp_servers.s.startup_timeout_sec`: expected a number of"
                        + " seconds, found string",
                "command = 'a'\\ntool_timeout_sec = -1 | `mcp_servers.s.tool_timeout_sec`: expected a non-negative",
                "command = 'a'\\nenabled = 'yes' | `mcp_servers.s.enabled`: expected a boolean",
                "command = 'a'\\nenabled_tools = 'x' | `mcp_servers.s.enabled_tools`: expected an array",
                "command = 'a'\\nenv = { A = 1 } | `mcp_servers.s.env.A`: expected a string, found integer 1",
            })
    void aBadValueIsOneLineNamingTheKey(String body, String expected, @TempDir Path home) throws IOException {
        String toml = "[mcp_servers.s]\n" + body.replace("\\n", "\n").replace('\'', '"') + "\n";
        assertThatThrownBy(() -> load(home, toml))
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .startsWith(home.resolve("config.toml").toString() + ":")
                        .contains("invalid value for " + expected));
    }

    @Test
    void aServerThatIsNotATableIsNamed(@TempDir Path home) {
        assertThatThrownBy(() -> load(home, "[mcp_servers]\ns = 1\n"))
                .hasMessageContaining("invalid value for `mcp_servers.s`: expected a table, found integer 1");
    }
}
