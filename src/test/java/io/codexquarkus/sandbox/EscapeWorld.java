package io.codexquarkus.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.OutsideDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything outside the sandbox that one run of the escape probe aims at: a directory outside every writable root
 * with files the probe's user could change without a sandbox, listeners on loopback (TCP, UDP, IPv4 and IPv6) and on
 * AF_UNIX datagram sockets (a path and an abstract name), and a victim {@code sleep} of the same user. {@link
 * #snapshot} and {@link #received} are the outside evidence; closing it kills what it started and removes the files.
 */
final class EscapeWorld implements AutoCloseable {
    static final String VICTIM = "victim.txt";
    static final String META = "meta.txt";
    static final String RENAME_VICTIM = "rename-victim.txt";
    static final String UNLINK_VICTIM = "unlink-victim.txt";
    static final List<String> FILES = List.of(VICTIM, META, RENAME_VICTIM, UNLINK_VICTIM);
    private static final String SOCKET = "listen.sock";

    final EscapeUser user;
    final Path outside;
    final String abstractName;
    private final Process listener;
    private final BufferedReader listenerOutput;
    private final JsonNode ports;
    final Process victim;

    private EscapeWorld(
            EscapeUser user,
            Path outside,
            String abstractName,
            Process listener,
            BufferedReader listenerOutput,
            JsonNode ports,
            Process victim) {
        this.user = user;
        this.outside = outside;
        this.abstractName = abstractName;
        this.listener = listener;
        this.listenerOutput = listenerOutput;
        this.ports = ports;
        this.victim = victim;
    }

    static EscapeWorld create(EscapeUser user, EscapeScripts scripts) throws IOException {
        Path outside = outsideReachableBy(user);
        for (String name : FILES) {
            Path file = Files.writeString(outside.resolve(name), "original " + name + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            user.own(file);
        }
        Path meta = outside.resolve(META);
        FileEvidence.setXattr(meta, "user.keep", "1");
        Files.setLastModifiedTime(meta, FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        String abstractName = "codex-escape-" + UUID.randomUUID();
        Process listener = null;
        Process victim = null;
        try {
            listener = new ProcessBuilder(
                            scripts.python(),
                            scripts.listener().toString(),
                            outside.resolve(SOCKET).toString(),
                            abstractName)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
            JsonNode ports = Json.parse(readLine(output, listener));
            victim = new ProcessBuilder(user.wrap(List.of("sleep", "300")))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new EscapeWorld(user, outside, abstractName, listener, output, ports, victim);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.destroyForcibly();
            }
            if (victim != null) {
                victim.destroyForcibly();
            }
            throw e;
        }
    }

    /**
     * A directory outside every writable root that {@code user} can write to without a sandbox (else the evidence
     * would prove nothing): {@link OutsideDirectory}'s choice, or one under /var/tmp when another user cannot reach
     * that (a build directory under a private home).
     */
    static Path outsideReachableBy(EscapeUser user) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Path outside = attempt == 0
                    ? OutsideDirectory.create("escape-" + user.uid() + "-")
                    : Files.createDirectories(
                            Path.of("/var/tmp", "codex-escape-" + user.uid() + "-" + UUID.randomUUID()));
            // anyone may create, rename and remove here: only the sandbox stands between the probe and these files
            Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path control = outside.resolve("control");
            if (user.can(List.of("touch", control.toString())) && Files.exists(control)) {
                Files.delete(control);
                return outside;
            }
            Files.delete(outside);
        }
        throw new AssertionError(user.label() + " cannot write to a directory outside the writable roots even without"
                + " a sandbox (tried the build directory and /var/tmp), so no evidence could show an escape");
    }

    private static String readLine(BufferedReader reader, Process process) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String text = line.get(15, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("the escape listener exited early: " + process.waitFor(5, TimeUnit.SECONDS));
            }
            return text;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("the escape listener did not start", e);
        }
    }

    /** The probe's configuration: where the workspace and the outside things are. */
    ObjectNode probeConfig(Path workspace) {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("workspace", workspace.toString());
        config.put("outside", outside.toString());
        config.put("victim", outside.resolve(VICTIM).toString());
        config.put("meta", outside.resolve(META).toString());
        config.put("rename_victim", outside.resolve(RENAME_VICTIM).toString());
        config.put("unlink_victim", outside.resolve(UNLINK_VICTIM).toString());
        config.put("dotdot", workspace.relativize(outside).toString());
        // root tries to give the file away; another user can only "change" it to itself, which still moves ctime
        config.put("chown_uid", user.uid() == 0 ? EscapeUser.NOBODY : user.uid());
        config.put("chown_gid", user.uid() == 0 ? EscapeUser.NOBODY : user.gid());
        for (String name : List.of("tcp4", "tcp6", "udp4", "udp6")) {
            config.put(name, ports.path(name).asInt());
        }
        config.put("unix_path", outside.resolve(SOCKET).toString());
        config.put("unix_abstract", abstractName);
        config.put("victim_pid", victim.pid());
        return config;
    }

    /** The outside files as seen from here, plus the directory's listing (a planted file shows up there). */
    Map<String, Object> snapshot() throws IOException {
        Map<String, Object> evidence = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(outside)) {
            evidence.put(
                    "listing",
                    new TreeSet<>(list.map(p -> p.getFileName().toString()).toList()));
        }
        for (String name : FILES) {
            evidence.put(name, FileEvidence.of(outside.resolve(name)));
        }
        return evidence;
    }

    /** Stops the listener and returns what reached each of its sockets. */
    Map<String, List<String>> received() {
        try {
            listener.getOutputStream().close();
            String line = readLine(listenerOutput, listener);
            Map<String, List<String>> received = new LinkedHashMap<>();
            Json.parse(line).properties().forEach(entry -> {
                List<String> items = new ArrayList<>();
                entry.getValue().forEach(item -> items.add(item.asText()));
                received.put(entry.getKey(), items);
            });
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The victim's state letter from {@code /proc/<pid>/stat} and its tracer, or "gone". */
    String victimState() {
        Path stat = Path.of("/proc/" + victim.pid() + "/stat");
        try {
            String text = Files.readString(stat);
            String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
            String tracer = Files.readAllLines(Path.of("/proc/" + victim.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("TracerPid:"))
                    .map(l -> l.substring("TracerPid:".length()).strip())
                    .findFirst()
                    .orElse("?");
            return state + " tracer " + tracer;
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return "gone";
        }
    }

    @Override
    public void close() throws IOException {
        victim.destroyForcibly();
        listener.destroyForcibly();
        try {
            victim.waitFor(5, TimeUnit.SECONDS);
            listener.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The launcher's environment for {@code user}: the JDK, the jar, and a home of its own. */
    static void environment(Map<String, String> env, Path home, Path jar) {
        Launcher.baseEnvironment(env);
        env.put("CODEX_QUARKUS_JAR", jar.toString());
        env.put("CODEX_HOME", home.toString());
        env.put("HOME", home.toString());
    }
}
