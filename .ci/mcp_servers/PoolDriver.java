import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.tools.mcp.McpServerPool;
import io.codexquarkus.tools.mcp.McpServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives the session's MCP server pool (the built jar on the class path) against the servers of a config.toml:
 * {@code java -cp <runner.jar> PoolDriver.java CODEX_HOME CWD SERVER TOOL ARGUMENTS_JSON EXPECTED [FILTERED_TOOL]}. Loads the config
 * as a session does, starts the pool, requires SERVER to have started with TOOL listed, calls it and requires its
 * result to contain EXPECTED, closes the pool and requires that no process it started is left. Prints one line per
 * check; exits 1 on the first failure.
 */
public class PoolDriver {
    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL: " + what);
            System.exit(1);
        }
        System.out.println("ok: " + what);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path cwd = Path.of(args[1]);
        String server = args[2];
        String tool = args[3];
        ObjectMapper json = new ObjectMapper();
        CodexConfig config = ConfigLoader.load(new ConfigRequest(
                        new CodexHome(home), cwd, Optional.empty(), List.of(), System.getenv()))
                .config();
        check(config.mcpServers().containsKey(server), "[mcp_servers." + server + "] read from " + home);
        long t0 = System.nanoTime();
        McpServerPool pool = McpServers.start(config.mcpServers(), System.getenv(), cwd);
        long startedMs = (System.nanoTime() - t0) / 1_000_000;
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            check(pool.failures().isEmpty(), "no server failed to start " + pool.failures());
            List<String> tools = pool.tools().stream()
                    .filter(t -> t.server().equals(server))
                    .map(McpServerPool.McpTool::name)
                    .toList();
            check(tools.contains(tool), server + " started in " + startedMs + " ms and lists " + tools);
            if (args.length > 6) {
                check(!tools.contains(args[6]), args[6] + " is filtered out by enabled_tools / disabled_tools");
            }
            McpServerPool.McpCallResult result =
                    pool.call(server, tool, json.readTree(args[4]), new Cancellation());
            check(result instanceof McpServerPool.McpCallResult.Ok ok && ok.callToolResult().toString().contains(args[5]),
                    tool + " answered " + result);
            ProcessHandle.current().descendants().forEach(tree::add);
        } finally {
            pool.close();
        }
        List<String> left = tree.stream()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
        check(left.isEmpty(), "after close none of the " + tree.size() + " processes of the pool is left " + left);
        check(ProcessHandle.current().children().findAny().isEmpty(), "the driver has no child process left");
        System.exit(0);
    }
}
