/**
 * What the model's tools do, without the session around them: running a command under a sandbox policy ({@code
 * process}), {@code apply_patch}, {@code update_plan}, reading images for {@code view_image} ({@code image}),
 * classifying and summarising commands ({@code command}), reading git ({@code git}) and the session's MCP servers
 * ({@code mcp}, over the MCP Java SDK).
 *
 * <p>Depends on: {@code sandbox}, {@code config}, {@code common}.
 */
package io.codexquarkus.tools;
