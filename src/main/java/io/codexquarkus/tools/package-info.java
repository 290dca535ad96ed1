/**
 * What the model's tools do, without the session around them: running a command under a sandbox policy ({@code
 * process}), {@code apply_patch}, {@code update_plan}, reading images for {@code view_image} ({@code image}),
 * classifying and summarising commands ({@code command}) and reading git ({@code git}).
 *
 * <p>Depends on: {@code sandbox}, {@code config}, {@code common}.
 */
package io.codexquarkus.tools;
