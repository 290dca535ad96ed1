package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Turns user input into the {@code user} message the model sees. */
final class UserMessages {
    private static final Logger LOG = Logger.getLogger(UserMessages.class);
    private static final Map<String, String> IMAGE_TYPES = Map.of(
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "gif", "image/gif",
            "webp", "image/webp",
            "bmp", "image/bmp");

    private UserMessages() {}

    static ResponseItem fromInput(List<InputItem> items, Path cwd) {
        List<ContentItem> content = new ArrayList<>();
        for (InputItem item : items) {
            switch (item) {
                case InputItem.Text text -> content.add(new ContentItem.InputText(text.text()));
                case InputItem.Image image -> content.add(new ContentItem.InputImage(image.imageUrl()));
                case InputItem.LocalImage local -> {
                    Path path = cwd.resolve(local.path());
                    try {
                        byte[] bytes = Files.readAllBytes(path);
                        String name = path.getFileName().toString();
                        String ext = name.contains(".")
                                ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                                : "";
                        String mime = IMAGE_TYPES.getOrDefault(ext, "image");
                        content.add(new ContentItem.InputImage("data:" + mime + ";base64,"
                                + Base64.getEncoder().encodeToString(bytes)));
                    } catch (IOException e) {
                        LOG.warnf("skipping image %s: %s", path, e.getMessage());
                    }
                }
            }
        }
        return new ResponseItem.Message(null, "user", content);
    }

    /** The text parts of the input, as shown in {@code user_message} and the notify payload. */
    static String text(List<InputItem> items) {
        return items.stream()
                .filter(InputItem.Text.class::isInstance)
                .map(i -> ((InputItem.Text) i).text())
                .collect(Collectors.joining("\n"));
    }
}
