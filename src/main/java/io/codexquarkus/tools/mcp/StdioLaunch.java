package io.codexquarkus.tools.mcp;

import io.codexquarkus.config.McpServerConfig.Transport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a stdio server's process: its environment is what it inherits ({@link McpServers#INHERITED_ENV}) plus its
 * own {@code env}; a bare command name is looked up on that environment's {@code PATH} (not the JVM's), a relative
 * path against the server's working directory.
 */
final class StdioLaunch {
    private StdioLaunch() {}

    static Process start(Transport.Stdio stdio, Map<String, String> env, Path sessionCwd) throws IOException {
        Path cwd = stdio.cwd().orElse(sessionCwd);
        ProcessBuilder builder = new ProcessBuilder();
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        for (String name : McpServers.INHERITED_ENV) {
            String value = env.get(name);
            if (value != null) {
                childEnv.put(name, value);
            }
        }
        childEnv.putAll(stdio.env());
        List<String> argv = new ArrayList<>();
        argv.add(resolve(stdio.command(), childEnv.get("PATH"), cwd));
        argv.addAll(stdio.args());
        builder.command(argv).directory(cwd.toFile());
        if (!Files.isDirectory(cwd)) {
            throw new IOException("working directory " + cwd + " does not exist");
        }
        return builder.start();
    }

    static String resolve(String command, String path, Path cwd) throws IOException {
        if (command.contains("/")) {
            Path resolved = cwd.resolve(command);
            if (!Files.isExecutable(resolved)) {
                throw new IOException("command `" + command + "` not found or not executable");
            }
            return resolved.toString();
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator, -1)) {
                Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IOException("command `" + command + "` not found on PATH");
    }
}
