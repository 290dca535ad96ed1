package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.ExitCode;
import java.io.PrintStream;

/**
 * What the helper tells the user on stderr, one line per event, and the exit code a failure leaves with: warnings
 * about layers that could not be had (the command still runs), and the step that stopped the command from running.
 */
final class HelperReport implements ChildSupervisor.Listener {
    private final FileSystemView view;
    private final byte[] commandFile;
    private final boolean quiet;
    private final PrintStream err = System.err;
    private int exitCode = ExitCode.SANDBOX_UNAVAILABLE;

    /**
     * @param view the mounts, to name a failed one; {@code null} when there are none
     * @param quiet say nothing (the AOT training run)
     */
    HelperReport(FileSystemView view, byte[] commandFile, boolean quiet) {
        this.view = view;
        this.commandFile = commandFile;
        this.quiet = quiet;
    }

    @Override
    public void mountFailed(int index, int errno) {
        say("warning: could not " + describe(index) + " (" + Errno.describe(errno) + "); it stays read-only");
    }

    @Override
    public void namespacesUnavailable(int errno) {
        say("warning: no mount namespace for the sandbox (" + Errno.describe(errno)
                + "): Landlock alone guards the file system, so changes of permissions, owners, times and extended"
                + " attributes outside the writable roots are not stopped, and .git and .codex under them stay"
                + " writable; run `codex-quarkus sandbox doctor` for details");
    }

    @Override
    public void fatal(int step, int index, int errno) {
        if (step == Confinement.STEP_EXEC) {
            execFailed(errno);
            return;
        }
        exitCode = ExitCode.SANDBOX_UNAVAILABLE;
        say("cannot set up the sandbox: " + stepName(step, index) + " failed: " + Errno.describe(errno));
    }

    @Override
    public void unresponsive() {
        exitCode = ExitCode.SANDBOX_UNAVAILABLE;
        say("cannot set up the sandbox: the sandboxed process did not start within 10 s and was killed");
    }

    /** The parent died before the command could be tied to it: nobody waits for its output. */
    int parentGone() {
        say("the process that started the sandbox is gone; not running the command");
        return ExitCode.SANDBOX_UNAVAILABLE;
    }

    int exitCode() {
        return exitCode;
    }

    private void execFailed(int errno) {
        String name = RawProcess.utf8(commandFile);
        boolean isPath = CommandExec.indexOf(commandFile, (byte) '/', 0) >= 0;
        if (errno == Errno.ENOENT) {
            exitCode = ExitCode.COMMAND_NOT_FOUND;
            say(isPath ? name + ": No such file or directory" : "command not found: " + name);
        } else if (errno == Errno.EACCES) {
            exitCode = 126;
            say(name + ": Permission denied");
        } else {
            exitCode = 126;
            say("cannot execute " + name + ": " + Errno.describe(errno));
        }
    }

    private String stepName(int step, int index) {
        return switch (step) {
            case Confinement.STEP_PARENT -> "tying the command to its parent (PR_SET_PDEATHSIG)";
            case Confinement.STEP_USER_NAMESPACE -> "starting the sandboxed process";
            case Confinement.STEP_ID_MAP -> "mapping the user into its namespace (" + idMapFile(index) + ")";
            case Confinement.STEP_MOUNT -> "the read-only view: " + describe(index);
            case Confinement.STEP_CAPABILITIES -> "dropping capabilities";
            case Confinement.STEP_NO_NEW_PRIVS -> "prctl(PR_SET_NO_NEW_PRIVS)";
            case Confinement.STEP_LANDLOCK -> "landlock_restrict_self";
            case Confinement.STEP_SECCOMP -> "installing the seccomp filter";
            default -> "step " + step;
        };
    }

    private static String idMapFile(int index) {
        return switch (index) {
            case 0 -> "/proc/self/setgroups";
            case 1 -> "/proc/self/uid_map";
            default -> "/proc/self/gid_map";
        };
    }

    private String describe(int index) {
        return view == null ? "mount call " + index : view.describe(index);
    }

    private void say(String line) {
        if (!quiet) {
            err.println(LinuxSandboxMain.PREFIX + line);
            err.flush();
        }
    }
}
