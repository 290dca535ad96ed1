package io.codexquarkus.cli;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import io.quarkus.netty.runtime.MachineIdGenerator;
import io.quarkus.runtime.JVMUnsafeWarningsControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import picocli.CommandLine;

/**
 * {@code codex-quarkus exec} without booting Quarkus. Nothing {@code exec} runs needs the CDI container, SmallRye
 * Config or the extensions' start-up (its commands are plain objects, its config is {@code config.toml}), and booting
 * them costs ~200 ms of a run that takes under a second. What the boot did that {@code exec} does need is done here:
 * JBoss LogManager with the console handler on stderr in Quarkus' format and the levels of {@code
 * application.properties}. {@code CODEX_QUARKUS_BOOT=quarkus} boots Quarkus anyway; a native build always does (its
 * logging is set up at build time).
 */
final class PlainBoot {
    /** {@code quarkus} in the environment: boot Quarkus for every command. */
    static final String SWITCH = "CODEX_QUARKUS_BOOT";

    private static final Set<String> COMMANDS = Set.of("exec", "e");
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--config", "-p", "--profile");
    /** Quarkus' console format ({@code quarkus.log.console.format}'s default). */
    private static final String CONSOLE_FORMAT = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n";
    /** {@code quarkus.log.level} and {@code quarkus.log.category.*} of application.properties, for the same output. */
    static final Map<String, Level> LEVELS = Map.of(
            "", Level.WARNING,
            "io.codexquarkus", Level.INFO,
            "io.vertx.core.net.impl.ConnectionBase", Level.OFF,
            "io.modelcontextprotocol", Level.SEVERE);

    /** The configured loggers, held: a logger nobody references may be collected with its level. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private PlainBoot() {}

    /** Whether {@code args} run a command that starts without Quarkus here. */
    static boolean applies(String[] args, Map<String, String> env) {
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null || "quarkus".equals(env.get(SWITCH))) {
            return false;
        }
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            i += OPTIONS_WITH_VALUE.contains(args[i]) ? 2 : 1;
        }
        return i < args.length && COMMANDS.contains(args[i]);
    }

    /** Sets up logging and runs picocli as Quarkus' runner would; returns the exit code. */
    static int run(String[] args) {
        prepareJvm();
        installLogging();
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(new CodexCommand()));
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return code;
    }

    /**
     * What Quarkus' generated {@code ApplicationImpl} does first, before any extension starts: the JDK's warnings about
     * Netty's use of {@code sun.misc.Unsafe} silenced, Netty's allocator and machine id settled, JBoss LogManager as
     * the JDK's log manager.
     */
    private static void prepareJvm() {
        JVMUnsafeWarningsControl.disableUnsafeRelatedWarnings();
        setDefault("io.netty.allocator.disableCacheFinalizersForFastThreadLocalThreads", "true");
        setDefault("io.netty.allocator.maxOrder", "3");
        setDefault("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        setDefault("logging.initial-configurator.min-level", "500");
        setDefault("org.jboss.logging.provider", "jboss");
        if (System.getProperty("io.netty.machineId") == null) {
            // Netty would otherwise look for a MAC address on first use, which can take long
            System.setProperty("io.netty.machineId", new MachineIdGenerator().get());
        }
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static void installLogging() {
        ConsoleHandler console =
                new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter(CONSOLE_FORMAT));
        console.setLevel(Level.ALL);
        LEVELS.forEach((category, level) -> {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(level);
            CONFIGURED.add(logger);
        });
        // Quarkus' initial configurator holds records back until its logging is set up: this is that set-up
        InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {console});
    }
}
