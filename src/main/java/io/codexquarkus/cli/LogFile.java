package io.codexquarkus.cli;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.LoadedConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.SizeRotatingFileHandler;

/**
 * The log file of {@code mcp} and {@code exec}: {@code $CODEX_HOME/log/codex-quarkus.log}, because MCP clients rarely
 * show a server's stderr. It receives what the console gets plus the one-line errors users see, rotated at
 * {@value #ROTATE_BYTES} bytes with {@value #BACKUPS} old files kept, owner-only, every line passed through {@link
 * SecretRedactor}. The level is {@code CODEX_LOG_LEVEL}, else {@code log_level} from the configuration ({@code -c
 * log_level=debug} included), else {@code info}. A file that cannot be opened costs one warning, never the command.
 */
public final class LogFile implements AutoCloseable {
    public static final String LEVEL_ENV = "CODEX_LOG_LEVEL";
    public static final String LEVEL_KEY = "log_level";
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    static final int BACKUPS = 3;
    private static final Logger LOG = Logger.getLogger(LogFile.class);
    private static final String APP_CATEGORY = "io.codexquarkus";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** The open file of this process, for the errors {@link CommandLineSetup} prints on stderr only. */
    private static volatile Optional<LogFile> current = Optional.empty();

    private final Handler handler;
    // java.util.logging.Logger and org.jboss.logmanager.Level stay fully qualified: this class also uses JBoss
    // Logging's Logger and java.util.logging's Level under their simple names
    private final java.util.logging.Logger root;
    private final java.util.logging.Logger app;
    private final Level appLevelBefore;

    private LogFile(Handler handler, java.util.logging.Logger root, java.util.logging.Logger app, Level before) {
        this.handler = handler;
        this.root = root;
        this.app = app;
        this.appLevelBefore = before;
    }

    public static Path path(CodexHome home) {
        return home.dir().resolve("log").resolve("codex-quarkus.log");
    }

    /** Opens the file and attaches it to the root logger; empty when it cannot be opened (after one warning). */
    public static Optional<LogFile> open(ConfigRequest request, LoadedConfig loaded, String command) {
        Map<String, String> env = request.env();
        Level level = level(env, loaded.tree());
        CodexHome home = request.codexHome();
        Path file = path(home);
        SizeRotatingFileHandler handler;
        try {
            home.ensureExists();
            Files.createDirectories(
                    file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            handler = new SizeRotatingFileHandler(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("no log file: cannot open %s: %s", file, e.getMessage());
            return Optional.empty();
        }
        handler.setRotateSize(ROTATE_BYTES);
        handler.setMaxBackupIndex(BACKUPS);
        handler.setLevel(level);
        handler.setFormatter(new SecretRedactor(
                new PatternFormatter("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%i] [%c{3.}] (%t) %s%e%n"), env));
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Logger app = java.util.logging.Logger.getLogger(APP_CATEGORY);
        Level before = app.getLevel();
        int effective = before == null ? Level.INFO.intValue() : before.intValue();
        if (level.intValue() < effective) {
            // a lower level for the file only: the console keeps printing what it printed before
            for (Handler console : root.getHandlers()) {
                if (console.getLevel().intValue() < effective) {
                    console.setLevel(before == null ? Level.INFO : before);
                }
            }
            app.setLevel(level);
        }
        root.addHandler(handler);
        LogFile logFile = new LogFile(handler, root, app, before);
        current = Optional.of(logFile);
        // into the file only: exec's stderr is for the user's progress lines
        logFile.publish(
                org.jboss.logmanager.Level.INFO,
                String.format(
                        Locale.ROOT,
                        "codex-quarkus %s %s started (pid %d), CODEX_HOME %s, log level %s",
                        command,
                        ConfigDefaults.VERSION,
                        ProcessHandle.current().pid(),
                        home.dir(),
                        level.getName().toLowerCase(Locale.ROOT)),
                null);
        return Optional.of(logFile);
    }

    /** Writes a line users saw on stderr into the file as well (the console already printed it). */
    static void recordError(String line, Throwable error) {
        current.ifPresent(file -> file.publish(org.jboss.logmanager.Level.ERROR, line, error));
    }

    private void publish(Level level, String message, Throwable error) {
        ExtLogRecord record =
                new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT, LogFile.class.getName());
        record.setLoggerName(APP_CATEGORY + ".cli");
        record.setThrown(error);
        handler.publish(record);
        handler.flush();
    }

    /**
     * {@code err} that also copies the error lines exec prints for the user ({@code ERROR: …}) into the file: they
     * are events, not log records, and someone reading the file should still find why a run failed.
     */
    PrintWriter teeErrors(PrintWriter err) {
        return new PrintWriter(
                new Writer() {
                    private final StringBuilder line = new StringBuilder();

                    @Override
                    public void write(char[] chars, int offset, int length) {
                        err.write(chars, offset, length);
                        for (int i = offset; i < offset + length; i++) {
                            if (chars[i] == '\n') {
                                String text = ANSI.matcher(line).replaceAll("");
                                if (text.startsWith("ERROR:")) {
                                    publish(org.jboss.logmanager.Level.ERROR, text, null);
                                }
                                line.setLength(0);
                            } else {
                                line.append(chars[i]);
                            }
                        }
                    }

                    @Override
                    public void flush() {
                        err.flush();
                    }

                    @Override
                    public void close() {
                        err.flush();
                    }
                },
                true);
    }

    static Level level(Map<String, String> env, Map<String, Object> tree) {
        String fromEnv = env.get(LEVEL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parseLevel(fromEnv, LEVEL_ENV);
        }
        if (tree.get(LEVEL_KEY) instanceof String fromConfig) {
            return parseLevel(fromConfig, LEVEL_KEY);
        }
        return Level.INFO;
    }

    private static Level parseLevel(String text, String source) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> org.jboss.logmanager.Level.TRACE;
            case "debug" -> org.jboss.logmanager.Level.DEBUG;
            case "info" -> org.jboss.logmanager.Level.INFO;
            case "warn", "warning" -> org.jboss.logmanager.Level.WARN;
            case "error" -> org.jboss.logmanager.Level.ERROR;
            case "off" -> Level.OFF;
            default ->
                throw CodexException.usage(
                        source + ": unknown log level '" + text + "' (trace, debug, info, warn, error, off)");
        };
    }

    @Override
    public void close() {
        current = Optional.empty();
        root.removeHandler(handler);
        app.setLevel(appLevelBefore);
        handler.close();
    }

    /** The pattern formatter's output with API keys, bearer tokens, JWTs and secret-looking values replaced. */
    static final class SecretRedactor extends ExtFormatter {
        private final ExtFormatter delegate;
        private final List<String> secretValues;

        SecretRedactor(ExtFormatter delegate, Map<String, String> env) {
            this.delegate = delegate;
            // the values of secret-named variables (OPENAI_API_KEY, a provider's env_key, …) wherever they appear
            this.secretValues = env.entrySet().stream()
                    .filter(e -> e.getKey().matches("(?i).*(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL).*"))
                    .map(Map.Entry::getValue)
                    .filter(v -> v != null && v.length() >= 8)
                    .toList();
        }

        @Override
        public String format(ExtLogRecord record) {
            return redact(delegate.format(record), secretValues);
        }

        static String redact(String text, List<String> secretValues) {
            String out = text;
            for (String value : secretValues) {
                out = out.replace(value, "[REDACTED]");
            }
            return out.replaceAll("\\bsk-[A-Za-z0-9_\\-]{8,}", "sk-[REDACTED]")
                    .replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=\\-]{8,}", "$1[REDACTED]")
                    .replaceAll("\\beyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*", "[REDACTED-JWT]")
                    .replaceAll(
                            "(?i)(\"?[a-z_]*(?:api_key|apikey|token|secret|password)\"?\\s*[:=]\\s*\"?)[^\"\\s,}]{4,}",
                            "$1[REDACTED]");
        }
    }
}
