// Answers approval forms the way a person using a generic MCP client would: the TypeScript SDK client
// (@modelcontextprotocol/sdk, pinned in package-lock.json) declares form elicitation with applyDefaults, validates
// every elicitation/create against the spec's schema before this script sees it, and each case picks one answer.
// The server is the command after "--"; the mock model (deployment/aot/io/codexquarkus/testing/MockModel.java) runs the shell command named in the prompt.
// Every case gets its own directory under --dir, so a file there shows whether the command ran.
// Prints one JSON line: {ok, cases: [{name, answer, asked, message, schema, isError, text, events,
// ran}]} or {ok: false, error, cases}. Exit code 0 when every call came back, 1 otherwise, 2 on a usage error.
//
//   node approval_form.mjs --dir DIR -- SERVER_COMMAND [ARGS...]
import { mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
if (split !== 2 || argv[0] !== "--dir" || split === argv.length - 1) {
    console.error("usage: node approval_form.mjs --dir DIR -- SERVER_COMMAND [ARGS...]");
    process.exit(2);
}
const dir = argv[1];
const [command, ...args] = argv.slice(split + 1);

// name, the ElicitResult the "user" sends, how many identical commands the model runs, the file `touch` creates
const cases = [
    { name: "approved", answer: { action: "accept", content: { decision: "approved" } }, runs: 1 },
    { name: "approved_for_session", answer: { action: "accept", content: { decision: "approved_for_session" } }, runs: 2 },
    { name: "denied", answer: { action: "accept", content: { decision: "denied" } }, runs: 1 },
    { name: "abort", answer: { action: "accept", content: { decision: "abort" } }, runs: 1 },
    // Submit with the form untouched: the client fills in the defaults (decision "approved")
    { name: "defaults", answer: { action: "accept", content: {} }, runs: 1 },
    // an accept without content, as every client that worked before the form sends it
    { name: "bare_accept", answer: { action: "accept" }, runs: 1 },
    // MCP's own refusal wins over a decision in the same reply
    { name: "decline_wins", answer: { action: "decline", content: { decision: "approved" } }, runs: 1 },
];

const transport = new StdioClientTransport({ command, args, env: { ...process.env }, stderr: "inherit" });
const client = new Client(
    { name: "codex-quarkus-approval-form", version: "0.0.0" },
    { capabilities: { elicitation: { form: { applyDefaults: true } } } },
);
let current;
client.setRequestHandler(ElicitRequestSchema, async (request) => {
    current.asked.push({ message: request.params.message, schema: request.params.requestedSchema });
    return current.answer;
});
client.fallbackNotificationHandler = async (notification) => {
    if (notification.method === "codex/event" && current) {
        current.events.push(notification.params?.msg?.type);
    }
};

const results = [];
let outcome;
try {
    await client.connect(transport);
    for (const c of cases) {
        const cwd = join(dir, c.name);
        mkdirSync(cwd, { recursive: true });
        current = { ...c, asked: [], events: [] };
        const result = await client.callTool(
            {
                name: "codex",
                arguments: {
                    prompt: `Touch the file. [mock: shell ${c.runs} touch made.txt]`,
                    cwd,
                    "approval-policy": "untrusted",
                    sandbox: "workspace-write",
                },
            },
            undefined,
            { timeout: 60000 },
        );
        results.push({
            name: c.name,
            answer: c.answer,
            asked: current.asked.length,
            message: current.asked[0]?.message,
            schema: current.asked[0]?.schema,
            isError: result.isError ?? false,
            text: result.content?.[0]?.text,
            events: current.events,
            ran: existsSync(join(cwd, "made.txt")),
        });
    }
    outcome = { ok: true, cases: results };
} catch (error) {
    outcome = { ok: false, error: String(error.message ?? error), cases: results };
} finally {
    await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(outcome) + "\n");
process.exit(outcome.ok ? 0 : 1);
