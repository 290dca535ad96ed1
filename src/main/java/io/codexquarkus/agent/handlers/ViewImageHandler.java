package io.codexquarkus.agent.handlers;

import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.image.ImageFile;
import io.codexquarkus.tools.image.ViewImageTool;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code view_image}: resolves the path against the turn's cwd, checks it lies within what the sandbox policy may
 * read, loads the image ({@link ImageFile}: a PNG, JPEG, GIF or WebP file of at most 20 MiB) and queues it as a
 * {@code user} message with one {@code input_image} part, which joins the history (and the rollout) right after the
 * call's output and so reaches the next request. The call itself is answered with a short confirmation, or with why
 * nothing was attached.
 */
final class ViewImageHandler {
    /** What a call came to: the message to queue and the reply, or the refusal the model reads. */
    sealed interface Outcome {
        record Attached(ResponseItem.Message image, String reply) implements Outcome {}

        record Refused(String reply) implements Outcome {}
    }

    ShellHandler.Reply handle(String arguments, TaskScope scope) {
        if (!scope.turn().tools().viewImage()) {
            // not offered (tools.view_image = false): answered like any tool the model was not given
            return new ShellHandler.Reply("unsupported call: " + ViewImageTool.NAME, false);
        }
        Outcome outcome = view(
                arguments, scope.turn().cwd(), ReadableRoots.of(scope.turn().sandboxPolicy()));
        return switch (outcome) {
            case Outcome.Attached attached -> {
                scope.queueInput(attached.image());
                yield new ShellHandler.Reply(attached.reply(), true);
            }
            case Outcome.Refused refused -> new ShellHandler.Reply(refused.reply(), false);
        };
    }

    static Outcome view(String arguments, Path cwd, ReadableRoots readable) {
        String argument;
        Path path;
        try {
            argument = ViewImageTool.parsePath(arguments);
            path = cwd.resolve(argument).normalize();
        } catch (IllegalArgumentException e) { // bad arguments, or an InvalidPathException
            return new Outcome.Refused(e.getMessage());
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            return new Outcome.Refused("unable to locate image at `" + path + "`: no such file");
        } catch (IOException e) {
            return new Outcome.Refused("unable to locate image at `" + path + "`: " + e.getMessage());
        }
        if (!readable.allows(real)) {
            return new Outcome.Refused("image path `" + path + "` is outside the sandbox's readable roots (" + readable
                    + "); view_image reads only files inside them");
        }
        return switch (ImageFile.load(real)) {
            case ImageFile.Result.Loaded image ->
                new Outcome.Attached(
                        new ResponseItem.Message(null, "user", List.of(new ContentItem.InputImage(image.dataUrl()))),
                        ViewImageTool.ATTACHED);
            case ImageFile.Result.Refused refused -> new Outcome.Refused(refused.message());
        };
    }
}
