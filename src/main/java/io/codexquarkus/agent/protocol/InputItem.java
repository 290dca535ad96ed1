package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** User input of one submission (tag {@code type}). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InputItem.Text.class, name = "text"),
    @JsonSubTypes.Type(value = InputItem.Image.class, name = "image"),
    @JsonSubTypes.Type(value = InputItem.LocalImage.class, name = "local_image")
})
public sealed interface InputItem {
    record Text(@JsonProperty("text") String text) implements InputItem {}

    /** An image as a {@code data:} URL. */
    record Image(@JsonProperty("image_url") String imageUrl) implements InputItem {}

    /** An image file, read and base64-encoded when the message is built. */
    record LocalImage(@JsonProperty("path") String path) implements InputItem {}
}
