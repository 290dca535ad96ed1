package io.codexquarkus.agent.safety;

/** The verdict on one command or patch before it runs. */
public sealed interface SafetyCheck {
    /** Run without asking; {@code sandboxed} says whether inside the platform sandbox. */
    record AutoApprove(boolean sandboxed) implements SafetyCheck {}

    /** Ask the user first; if approved it runs without the sandbox. */
    record AskUser() implements SafetyCheck {}

    /** Refuse without asking; the reason goes back to the model. */
    record Reject(String reason) implements SafetyCheck {}
}
