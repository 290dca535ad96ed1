// Drives codex-quarkus mcp as an MCP 2026-07-28 client would: the TypeScript SDK's client
// (@modelcontextprotocol/client, pinned in package-lock.json) pinned to the modern revision, so it probes with
// server/discover and sends the per-request _meta; approvals come back as input_required results, which the SDK
// fulfils through the elicitation/create handler below and retries (MRTR). The mock model
// (deployment/aot/io/codexquarkus/testing/MockModel.java) runs the shell command named in the prompt; each case has
// its own directory under --dir, so whether `git init` ran shows as a .git there.
// Prints one JSON line: {ok, era, discover, tools, cases: [{name, decision, asked, message, decisionSchema, isError,
// text, progress, ran}]} or {ok: false, error, ...}. Exit code 0 when every call came back, 1 otherwise, 2 on a usage
// error.
//
//   node approval_round.mjs --dir DIR -- SERVER_COMMAND [ARGS...]
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
if (split !== 2 || argv[0] !== "--dir" || split === argv.length - 1) {
    console.error("usage: node approval_round.mjs --dir DIR -- SERVER_COMMAND [ARGS...]");
    process.exit(2);
}
const dir = argv[1];
const [command, ...args] = argv.slice(split + 1);

// name, the decision the "user" picks in the form
const cases = [
    { name: "approved", decision: "approved" },
    { name: "denied", decision: "denied" },
];

const client = new Client(
    { name: "codex-quarkus-modern-check", version: "0.0.0" },
    {
        capabilities: { elicitation: { form: {} } },
        versionNegotiation: { mode: { pin: "2026-07-28" } },
        inputRequired: { maxRounds: 5 },
    },
);
let current;
client.setRequestHandler("elicitation/create", async (request) => {
    current.asked.push({ message: request.params.message, schema: request.params.requestedSchema });
    return { action: "accept", content: { decision: current.decision } };
});

const out = { ok: false, cases: [] };
try {
    await client.connect(new StdioClientTransport({ command, args, env: { ...process.env }, stderr: "inherit" }));
    out.era = client.getProtocolEra();
    out.discover = client.getDiscoverResult();
    out.tools = (await client.listTools()).tools.map((t) => t.name);
    for (const c of cases) {
        const cwd = join(dir, c.name);
        mkdirSync(cwd, { recursive: true });
        current = { ...c, asked: [], progress: [] };
        const result = await client.callTool(
            { name: "codex", arguments: { prompt: "Make a repository. [mock: shell 1 git init]", cwd } },
            {
                onprogress: (p) => current.progress.push(p.message ?? p.progress),
                timeout: 120000,
                resetTimeoutOnProgress: true,
            },
        );
        out.cases.push({
            name: c.name,
            decision: c.decision,
            asked: current.asked.length,
            message: current.asked[0]?.message,
            decisionSchema: current.asked[0]?.schema?.properties?.decision,
            isError: result.isError ?? false,
            text: result.content?.[0]?.text,
            progress: current.progress,
            ran: existsSync(join(cwd, ".git")),
        });
    }
    out.ok = true;
} catch (error) {
    out.error = String(error?.message ?? error);
    out.code = error?.code;
} finally {
    await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(out.ok ? 0 : 1);
