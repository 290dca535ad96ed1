package io.codexquarkus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AOT cache training runs ({@code deployment/codex-quarkus --aot-train}): the real command on its real workload
 * against a {@link MockModel}, with {@code CODEX_HOME=WORK/home} and {@code WORK/project} as its working directory.
 */
final class AotTraining {
    private AotTraining() {}

    static int train(String profile, Path work, List<String> command) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            // a training run must never hang on a stuck command
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("training: giving up after 5 minutes");
            Runtime.getRuntime().halt(124);
        });
        Path home = Files.createDirectories(work.resolve("home"));
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("README.txt"), "AOT training workspace\n");
        try (MockModel server = MockModel.start()) {
            Files.writeString(home.resolve("config.toml"), config(server.port()));
            List<String> full = new ArrayList<>(command);
            switch (profile) {
                case "help" -> full.add("--help");
                case "cli" -> full.addAll(List.of("config", "show"));
                case "exec" -> full.addAll(List.of("exec", "--skip-git-repo-check", "Run a command, then summarise. [[shell]]"));
                case "mcp" -> full.add("mcp");
                default -> throw new IllegalArgumentException("unknown training profile: " + profile);
            }
            ProcessBuilder builder = new ProcessBuilder(full).directory(project.toFile());
            builder.environment().put("CODEX_HOME", home.toString());
            builder.environment().put("MOCK_API_KEY", "aot-training");
            builder.environment().put("OPENAI_API_KEY", "aot-training");
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            try {
                if (profile.equals("mcp")) {
                    driveMcp(process, project);
                } else {
                    process.getOutputStream().close();
                    process.getInputStream().transferTo(System.out);
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    System.err.println("training: the command did not exit within 120 s");
                    return 1;
                }
                // the cache is written when the JVM exits; report the workload's status
                return process.exitValue();
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static String config(int port) {
        return "model = \"mock-model\"\n"
                + "model_provider = \"mock\"\n"
                + "approval_policy = \"never\"\n"
                + "[model_providers.mock]\n"
                + "name = \"mock\"\n"
                + "base_url = \"http://127.0.0.1:" + port + "/v1\"\n"
                + "wire_api = \"responses\"\n"
                + "env_key = \"MOCK_API_KEY\"\n"
                + "request_max_retries = 0\n"
                + "stream_max_retries = 0\n";
    }

    /**
     * An MCP session: initialize, tools/list, a codex call with a shell call, a codex-reply on its thread, a plain
     * codex call, then EOF. Server requests (approvals) are approved.
     */
    static void driveMcp(Process process, Path cwd) throws Exception {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"aot-training\",\"version\":\"1\"}}}");
        await(out, in, "0", deadline);
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        await(out, in, "1", deadline);
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"codex\",\"arguments\":"
                + "{\"prompt\":\"Run a command, then summarise. [[shell]]\",\"cwd\":" + MockModel.quote(cwd.toString()) + "}}}");
        String result = await(out, in, "2", deadline);
        Matcher thread = Pattern.compile("\"threadId\"\\s*:\\s*\"([^\"]+)\"").matcher(result == null ? "" : result);
        if (thread.find()) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"codex-reply\","
                    + "\"arguments\":{\"threadId\":" + MockModel.quote(thread.group(1)) + ",\"prompt\":\"Thanks.\"}}}");
            await(out, in, "3", deadline);
        }
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"codex\",\"arguments\":"
                + "{\"prompt\":\"Say hello.\"}}}");
        await(out, in, "4", deadline);
        in.close();
        out.transferTo(Writer.nullWriter());
    }

    private static void send(Writer in, String line) throws IOException {
        in.write(line);
        in.write('\n');
        in.flush();
    }

    /** Reads until the response with {@code id}, approving server requests on the way; null on EOF or timeout. */
    private static String await(BufferedReader out, Writer in, String id, long deadline) throws IOException {
        Pattern response = Pattern.compile("^\\{.*\"id\"\\s*:\\s*" + id + "\\s*[,}].*\"(result|error)\"\\s*:.*");
        Pattern request = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\".*");
        Pattern requestId = Pattern.compile("\"id\"\\s*:\\s*(\\d+|\"[^\"]*\")");
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.contains("\"method\"")) {
                Matcher method = request.matcher(line);
                Matcher rid = requestId.matcher(line);
                if (method.find() && !method.group(1).startsWith("notifications/") && !method.group(1).equals("codex/event")
                        && rid.find()) {
                    send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + rid.group(1) + ",\"result\":{\"decision\":\"approved\","
                            + "\"action\":\"accept\",\"content\":{}}}");
                }
                continue;
            }
            if (response.matcher(line).matches()) {
                return line;
            }
        }
        return null;
    }
}
