// One long `codex` call through the TypeScript SDK client (@modelcontextprotocol/sdk, pinned in package-lock.json),
// configured the way a client that wants long calls must be: a short request timeout that every progress
// notification resets (resetTimeoutOnProgress). The server is the command after "--"; the prompt asks the mock model
// to stay silent for a while. Prints one JSON line: {ok, elapsedMs, callMs, progress: [{progress, message, atMs}],
// text, threadId, isError} or {ok: false, code, error, elapsedMs, callMs, progress}; elapsedMs counts from the spawn,
// callMs and atMs from the tools/call. Exit code 0 when the call came back, 1 when it
// failed (a timeout included), 2 on a usage error.
//
//   node long_call.mjs --timeout 3000 --cwd DIR --prompt TEXT -- SERVER_COMMAND [ARGS...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
if (split < 1 || split === argv.length - 1) {
    console.error("usage: node long_call.mjs --timeout MS --cwd DIR --prompt TEXT -- SERVER_COMMAND [ARGS...]");
    process.exit(2);
}
const options = {};
for (let i = 0; i < split; i += 2) {
    options[argv[i].replace(/^--/, "")] = argv[i + 1];
}
const [command, ...args] = argv.slice(split + 1);
const timeout = Number(options.timeout ?? 3000);

const transport = new StdioClientTransport({ command, args, env: { ...process.env }, stderr: "inherit" });
const client = new Client({ name: "codex-quarkus-long-call", version: "0.0.0" });
const started = Date.now();
let callStarted = started;
const progress = [];
let outcome;
try {
    await client.connect(transport);
    await client.listTools(); // so the client validates structuredContent against the tool's outputSchema
    callStarted = Date.now();
    const result = await client.callTool(
        { name: "codex", arguments: { prompt: options.prompt, cwd: options.cwd } },
        undefined,
        {
            timeout,
            resetTimeoutOnProgress: true,
            onprogress: (p) => progress.push({ progress: p.progress, message: p.message, atMs: Date.now() - callStarted }),
        },
    );
    outcome = {
        ok: true,
        elapsedMs: Date.now() - started,
        callMs: Date.now() - callStarted,
        progress,
        isError: result.isError ?? false,
        text: result.content?.[0]?.text,
        threadId: result.structuredContent?.threadId,
    };
} catch (error) {
    outcome = { ok: false, code: error.code, error: String(error.message ?? error), elapsedMs: Date.now() - started,
        callMs: Date.now() - callStarted, progress };
} finally {
    await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(outcome) + "\n");
process.exit(outcome.ok ? 0 : 1);
