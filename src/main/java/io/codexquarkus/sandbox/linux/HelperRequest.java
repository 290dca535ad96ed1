package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxPolicyJson;
import java.util.List;

/**
 * The helper's command line: {@code --sandbox-policy-cwd <dir> --sandbox-policy '<json>' [--process-group] [--quiet-fallback] --
 * <command…>}. Options also take the {@code --name=value} form; the {@code --} is optional before a command that does
 * not start with a dash.
 *
 * @param policyCwd the directory the policy's writable roots are derived from ({@code .} when not given)
 * @param processGroup whether the command leads a process group of its own ({@code setpgid(0, 0)}), so that whoever
 *     started it can signal everything it starts at once
 * @param quietFallback whether to leave the Landlock-only fallback unreported (the caller already said so once)
 * @param command the program and its arguments, byte-exact
 */
record HelperRequest(
        String policyCwd, SandboxPolicy policy, boolean processGroup, boolean quietFallback, List<byte[]> command) {
    static final String POLICY_CWD = "--sandbox-policy-cwd";
    static final String POLICY = "--sandbox-policy";
    static final String PROCESS_GROUP = "--process-group";
    static final String QUIET_FALLBACK = "--quiet-fallback";

    /**
     * Parses the arguments.
     *
     * @return {@code null} when help was asked for
     * @throws CodexException a usage error (exit 2) with a one-line message
     */
    static HelperRequest parse(List<byte[]> args) {
        String cwd = null;
        String json = null;
        boolean processGroup = false;
        boolean quietFallback = false;
        int i = 0;
        while (i < args.size()) {
            String arg = RawProcess.utf8(args.get(i));
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            if (arg.equals(POLICY_CWD) || arg.equals(POLICY)) {
                if (i + 1 >= args.size()) {
                    throw CodexException.usage(arg + " needs a value");
                }
                String value = RawProcess.utf8(args.get(i + 1));
                if (arg.equals(POLICY)) {
                    json = value;
                } else {
                    cwd = value;
                }
                i += 2;
                continue;
            }
            if (arg.equals(PROCESS_GROUP)) {
                processGroup = true;
            } else if (arg.equals(QUIET_FALLBACK)) {
                quietFallback = true;
            } else if (arg.startsWith(POLICY_CWD + "=")) {
                cwd = arg.substring(POLICY_CWD.length() + 1);
            } else if (arg.startsWith(POLICY + "=")) {
                json = arg.substring(POLICY.length() + 1);
            } else if (arg.startsWith("-")) {
                throw CodexException.usage("unknown option " + arg);
            } else {
                break;
            }
            i++;
        }
        if (json == null) {
            throw CodexException.usage("missing " + POLICY + " '<JSON>'");
        }
        SandboxPolicy policy;
        try {
            policy = SandboxPolicyJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw CodexException.usage(e.getMessage());
        }
        List<byte[]> command = args.subList(i, args.size());
        if (command.isEmpty()) {
            throw CodexException.usage("No command specified to execute.");
        }
        if (cwd == null || cwd.isEmpty()) {
            cwd = ".";
        }
        return new HelperRequest(cwd, policy, processGroup, quietFallback, List.copyOf(command));
    }
}
