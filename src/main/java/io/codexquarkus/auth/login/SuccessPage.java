package io.codexquarkus.auth.login;

/** The page the browser lands on after the credentials were saved. */
final class SuccessPage {
    static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>codex-quarkus: signed in</title>
            <style>
              body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f6f7f9; color: #1d2330;
                     display: flex; min-height: 100vh; margin: 0; align-items: center; justify-content: center; }
              main { background: #fff; border: 1px solid #dde1e7; border-radius: 12px; padding: 2.5rem 3rem;
                     max-width: 32rem; text-align: center; box-shadow: 0 4px 18px rgba(20, 30, 50, .06); }
              h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
              p { margin: .4rem 0; line-height: 1.5; }
              .check { font-size: 2.4rem; color: #1a7f4b; }
              code { background: #eef0f4; padding: .1rem .35rem; border-radius: 4px; }
            </style>
            </head>
            <body>
            <main>
              <div class="check" aria-hidden="true">&#10003;</div>
              <h1>You are signed in to codex-quarkus</h1>
              <p>Your ChatGPT credentials were saved to <code>auth.json</code> in your Codex home.</p>
              <p>You can close this tab and return to the terminal.</p>
            </main>
            </body>
            </html>
            """;

    private SuccessPage() {}
}
