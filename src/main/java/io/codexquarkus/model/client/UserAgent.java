package io.codexquarkus.model.client;

import io.codexquarkus.model.protocol.ClientIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code User-Agent} header: {@code <originator>/<version> (<os> <os version>; <arch>) <terminal>}, plus {@code
 * (<suffix>)} when an MCP client identified itself. Characters a header value cannot carry become {@code _}.
 */
public final class UserAgent {
    private UserAgent() {}

    static String header(ClientIdentity identity, String platform) {
        StringBuilder out = new StringBuilder()
                .append(identity.originator())
                .append('/')
                .append(identity.version())
                .append(' ')
                .append(platform);
        identity.userAgentSuffix()
                .filter(s -> !s.isBlank())
                .ifPresent(s -> out.append(" (").append(s).append(')'));
        return sanitize(out.toString());
    }

    static String sanitize(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '_');
        }
        return out.toString();
    }

    /** {@code (<os> <os version>; <arch>) <terminal>} for this host, e.g. {@code (Debian 12.0.0; x86_64) xterm}. */
    public static String hostPlatform(UnaryOperator<String> env) {
        String osName = System.getProperty("os.name", "unknown");
        String type;
        String version;
        if (osName.startsWith("Linux")) {
            Map<String, String> release = osRelease();
            type = linuxType(release);
            version = semantic(release.getOrDefault("VERSION_ID", System.getProperty("os.version", "")));
        } else if (osName.startsWith("Mac")) {
            type = "Mac OS";
            version = semantic(System.getProperty("os.version", ""));
        } else {
            type = osName.startsWith("Windows") ? "Windows" : osName;
            version = System.getProperty("os.version", "");
        }
        return "(" + type + " " + version + "; " + arch() + ") " + terminal(env);
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "unknown");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** The terminal emulator, as far as its environment variables tell. */
    static String terminal(UnaryOperator<String> env) {
        String program = nonBlank(env.apply("TERM_PROGRAM"));
        if (program != null) {
            String version = nonBlank(env.apply("TERM_PROGRAM_VERSION"));
            return version == null ? program : program + "/" + version;
        }
        String wezterm = nonBlank(env.apply("WEZTERM_VERSION"));
        if (wezterm != null) {
            return "WezTerm/" + wezterm;
        }
        String term = nonBlank(env.apply("TERM"));
        if (nonBlank(env.apply("KITTY_WINDOW_ID")) != null || (term != null && term.contains("kitty"))) {
            return "kitty";
        }
        if (nonBlank(env.apply("ALACRITTY_SOCKET")) != null || "alacritty".equals(term)) {
            return "Alacritty";
        }
        String konsole = nonBlank(env.apply("KONSOLE_VERSION"));
        if (konsole != null) {
            return "Konsole/" + konsole;
        }
        if (nonBlank(env.apply("GNOME_TERMINAL_SCREEN")) != null) {
            return "gnome-terminal";
        }
        String vte = nonBlank(env.apply("VTE_VERSION"));
        if (vte != null) {
            return "VTE/" + vte;
        }
        if (nonBlank(env.apply("WT_SESSION")) != null) {
            return "WindowsTerminal";
        }
        return term != null ? term : "unknown";
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, String> osRelease() {
        Map<String, String> out = new HashMap<>();
        for (String file : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        out.putIfAbsent(
                                line.substring(0, eq).trim(),
                                unquote(line.substring(eq + 1).trim()));
                    }
                }
                return out;
            } catch (IOException | RuntimeException e) {
                // try the next location; a host without os-release reports plain "Linux"
            }
        }
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\""))
                        || (value.startsWith("'") && value.endsWith("'")))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String linuxType(Map<String, String> release) {
        String id = release.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        return switch (id) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "fedora" -> "Fedora";
            case "arch" -> "Arch Linux";
            case "alpine" -> "Alpine Linux";
            case "centos" -> "CentOS";
            case "rhel" -> "Red Hat Enterprise Linux";
            case "opensuse", "opensuse-leap", "opensuse-tumbleweed" -> "openSUSE";
            case "" -> "Linux";
            default -> release.getOrDefault("NAME", "Linux");
        };
    }

    /** {@code 12} becomes {@code 12.0.0}, {@code 14.5} becomes {@code 14.5.0}; anything else stays as it is. */
    static String semantic(String version) {
        if (!version.matches("\\d+(\\.\\d+){0,2}")) {
            return version;
        }
        long dots = version.chars().filter(c -> c == '.').count();
        return dots == 0 ? version + ".0.0" : dots == 1 ? version + ".0" : version;
    }
}
