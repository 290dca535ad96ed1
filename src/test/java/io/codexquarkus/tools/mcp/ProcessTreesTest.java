package io.codexquarkus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreesTest {
    private static List<ProcessHandle> treeOf(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (process.toHandle().descendants().count() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        assertThat(tree).as("the shell and its sleep").hasSizeGreaterThanOrEqualTo(2);
        return tree;
    }

    @Test
    void aTreeThatHonoursTermStopsWithoutWaitingForTheGrace() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "sleep 600 & wait").start();
        List<ProcessHandle> tree = treeOf(process);
        long t0 = System.nanoTime();
        ProcessTrees.stop(process, Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void aTreeThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        // an ignored signal stays ignored across exec: the shell and its sleep both ignore TERM
        Process process = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 600 & wait").start();
        List<ProcessHandle> tree = treeOf(process);
        long t0 = System.nanoTime();
        ProcessTrees.stop(process, Duration.ofMillis(700));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(8));
        for (ProcessHandle member : tree) {
            member.onExit().get(5, TimeUnit.SECONDS);
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aCommandIsLookedUpOnTheServersPathNotTheJvms(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path server = bin.resolve("my-server");
        Files.writeString(server, "#!/bin/sh\n");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(StdioLaunch.resolve("my-server", "/nowhere:" + bin, dir)).isEqualTo(server.toString());
        assertThat(StdioLaunch.resolve("bin/my-server", null, dir)).isEqualTo(server.toString());
        assertThatThrownBy(() -> StdioLaunch.resolve("my-server", "/nowhere", dir))
                .hasMessage("command `my-server` not found on PATH");
        assertThatThrownBy(() -> StdioLaunch.resolve("./nope", "/bin", dir))
                .hasMessage("command `./nope` not found or not executable");
    }
}
