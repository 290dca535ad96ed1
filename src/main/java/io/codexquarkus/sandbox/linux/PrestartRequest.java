package io.codexquarkus.sandbox.linux;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a helper started ahead of its command ({@code codex-linux-sandbox --await-request}) is told on its stdin once
 * the command is known: the working directory, the helper's arguments ({@code --sandbox-policy …  -- CMD ARGS…}) and
 * the command's whole environment. The frame is a magic number, then three lists, each a count and
 * length-prefixed entries; the sender closes the pipe after it, so the helper never waits for more.
 */
public record PrestartRequest(String cwd, List<byte[]> args, List<byte[]> env) {
    /** The helper's only argument when it is started ahead: wait for a request on stdin. */
    public static final String AWAIT = "--await-request";

    private static final int MAGIC = 0x43515052; // "CQPR"
    /** Bounds a request can never reach (the kernel's own limit on argv + envp is lower), against a corrupt frame. */
    private static final int MAX_ENTRIES = 1 << 20;

    private static final int MAX_TOTAL_BYTES = 1 << 28;

    public PrestartRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    /** The request for {@code args} in {@code cwd} with exactly {@code env}. */
    public static PrestartRequest of(String cwd, List<String> args, Map<String, String> env) {
        List<byte[]> rawArgs = new ArrayList<>(args.size());
        args.forEach(arg -> rawArgs.add(arg.getBytes(StandardCharsets.UTF_8)));
        List<byte[]> rawEnv = new ArrayList<>(env.size());
        env.forEach((name, value) -> rawEnv.add((name + "=" + value).getBytes(StandardCharsets.UTF_8)));
        return new PrestartRequest(cwd, rawArgs, rawEnv);
    }

    /** Writes the frame and flushes; the caller closes the stream. */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        writeList(data, List.of(cwd.getBytes(StandardCharsets.UTF_8)));
        writeList(data, args);
        writeList(data, env);
        data.flush();
    }

    /**
     * Reads one frame.
     *
     * @return {@code null} when the stream ends before the frame begins (the helper was never needed)
     * @throws IOException when the frame is cut short or malformed
     */
    static PrestartRequest readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        int magic = (first << 24) | (data.readUnsignedByte() << 16) | data.readUnsignedShort();
        if (magic != MAGIC) {
            throw new IOException("not a prestart request");
        }
        int[] budget = {MAX_TOTAL_BYTES};
        List<byte[]> cwd = readList(data, budget);
        if (cwd.size() != 1) {
            throw new IOException("a prestart request names one working directory");
        }
        return new PrestartRequest(
                new String(cwd.getFirst(), StandardCharsets.UTF_8), readList(data, budget), readList(data, budget));
    }

    private static void writeList(DataOutputStream data, List<byte[]> entries) throws IOException {
        data.writeInt(entries.size());
        for (byte[] entry : entries) {
            data.writeInt(entry.length);
            data.write(entry);
        }
    }

    private static List<byte[]> readList(DataInputStream data, int[] budget) throws IOException {
        int count = data.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("bad entry count " + count);
        }
        List<byte[]> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = data.readInt();
            if (length < 0 || length > budget[0]) {
                throw new EOFException("bad entry length " + length);
            }
            budget[0] -= length;
            byte[] entry = new byte[length];
            data.readFully(entry);
            entries.add(entry);
        }
        return entries;
    }
}
