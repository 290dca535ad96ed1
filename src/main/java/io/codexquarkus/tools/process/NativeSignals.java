package io.codexquarkus.tools.process;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code kill(2)} through the FFM API, for what {@link ProcessHandle} cannot do: signal a whole process group
 * ({@code kill(-pgid, sig)}), which also reaches members that were re-parented or forked after the last look at the
 * tree. Linux and macOS; unavailable when native access fails (callers then signal the processes they know).
 */
final class NativeSignals {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final Logger LOG = Logger.getLogger(NativeSignals.class);
    private static final Optional<MethodHandle> KILL = load();

    private NativeSignals() {}

    @SuppressWarnings("restricted") // one plain libc call with a fixed signature
    private static Optional<MethodHandle> load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") && !os.startsWith("mac")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return Optional.of(linker.downcallHandle(
                    linker.defaultLookup().find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf(e, "kill(2) unavailable; process groups are not signalled");
            return Optional.empty();
        }
    }

    /** Sends {@code signal} to every process of group {@code pgid}; false if there was none or it failed. */
    static boolean signalGroup(long pgid, int signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE || KILL.isEmpty()) {
            return false; // never kill(-1) or kill(0): those reach far more than one group
        }
        try {
            return (int) KILL.get().invokeExact((int) -pgid, signal) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("kill failed", e);
        }
    }
}
