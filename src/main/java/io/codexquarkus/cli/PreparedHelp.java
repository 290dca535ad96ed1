package io.codexquarkus.cli;

import io.codexquarkus.common.PreparedResources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code codex-quarkus}, {@code --help} and {@code --version} alone, printed from text written at build time. Building
 * picocli's model of the top command reflects over all eight commands (annotation proxies included) and takes longer
 * than the JVM's own start; the text it prints never changes for a given build, so the build runs the real picocli
 * once ({@link PreparedTexts}, in {@code process-classes}) and the launcher prints what it wrote. Both renderings are
 * kept: plain, and with ANSI styles for a terminal, chosen by picocli's own rule ({@link Ansi#AUTO}). A width set with
 * {@code picocli.usage.width} or a missing resource falls back to picocli itself.
 */
public final class PreparedHelp {
    static final String RESOURCE_DIR = "io/codexquarkus/cli/help/";
    private static final String WIDTH_PROPERTY = "picocli.usage.width";

    private PreparedHelp() {}

    /** What the top command prints on stdout for {@code args} (none, or one help or version option), if prepared. */
    public static Optional<String> forArgs(String[] args) {
        if (System.getProperty(WIDTH_PROPERTY) != null) {
            return Optional.empty();
        }
        return resourceName(args, Ansi.AUTO.enabled()).flatMap(PreparedResources::read);
    }

    static Optional<String> resourceName(String[] args, boolean ansi) {
        String kind;
        if (args.length == 0) {
            kind = "help"; // the top command's run() prints its usage
        } else if (args.length == 1) {
            kind = switch (args[0]) {
                case "-h", "--help" -> "help";
                case "-V", "--version" -> "version";
                default -> null;
            };
        } else {
            kind = null;
        }
        return Optional.ofNullable(kind).map(k -> RESOURCE_DIR + k + (ansi ? ".ansi" : "") + ".txt");
    }

    /** What picocli itself prints on stdout for {@code args}, rendered plain or with ANSI styles. */
    static String render(String[] args, boolean ansi) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(new CodexCommand()));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(ansi ? Ansi.ON : Ansi.OFF));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        int code = commandLine.execute(args);
        if (code != 0) {
            throw new IllegalStateException("codex-quarkus " + String.join(" ", args) + " exited " + code);
        }
        return out.toString();
    }

    /** Build step: writes every prepared text under {@code classesDir}. */
    static void writeTo(Path classesDir) {
        for (String[] variant : new String[][] {{"--help"}, {"--version"}}) {
            for (boolean ansi : new boolean[] {false, true}) {
                PreparedResources.write(classesDir, resourceName(variant, ansi).orElseThrow(), render(variant, ansi));
            }
        }
    }
}
