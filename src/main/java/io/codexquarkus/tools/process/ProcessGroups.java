package io.codexquarkus.tools.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's group from {@code /proc/PID/stat} (Linux). */
final class ProcessGroups {
    private ProcessGroups() {}

    /** The process group of {@code pid}, or −1 when it cannot be read (gone, or not Linux). */
    static long groupOf(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return parseGroup(stat);
    }

    /** {@code pid (comm) state ppid pgrp ...}: the comm may hold spaces and parentheses, so fields count from its end. */
    static long parseGroup(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        // after the comm: " state ppid pgrp ..."
        String[] fields = stat.substring(close + 1).trim().split(" ", 4);
        if (fields.length < 4) {
            return -1;
        }
        try {
            return Long.parseLong(fields[2]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
