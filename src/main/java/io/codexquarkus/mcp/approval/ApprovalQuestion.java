package io.codexquarkus.mcp.approval;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import java.util.function.Consumer;

/**
 * What a session asks before it goes on: one approval request event, and the op that carries the answer back. Front
 * doors word the question for their client; only this type knows how a {@link Verdict} reaches the session.
 */
public sealed interface ApprovalQuestion {
    /** The thread (conversation) that asks. */
    String threadId();

    /** Where the answer goes: the session's submission queue ({@code codex::submit}). */
    Consumer<Op> session();

    /** The approval request event; its id is the one the answer op refers to. */
    Event event();

    /** The tool call the approval is about. */
    String callId();

    /** The op that answers this question with {@code verdict}. */
    Op answer(Verdict verdict);

    /** {@code exec_approval_request}: may a command run? */
    record Exec(String threadId, Consumer<Op> session, Event event, EventMsg.ExecApprovalRequest request)
            implements ApprovalQuestion {
        @Override
        public String callId() {
            return request.callId();
        }

        @Override
        public Op answer(Verdict verdict) {
            return new Op.ExecApproval(event.id(), verdict.decision(), verdict.reason());
        }
    }

    /** {@code apply_patch_approval_request}: may a patch be applied? */
    record Patch(String threadId, Consumer<Op> session, Event event, EventMsg.ApplyPatchApprovalRequest request)
            implements ApprovalQuestion {
        @Override
        public String callId() {
            return request.callId();
        }

        @Override
        public Op answer(Verdict verdict) {
            return new Op.PatchApproval(event.id(), verdict.decision(), verdict.reason());
        }
    }
}
