package io.codexquarkus.model.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One part of a {@code message} item (Responses API content, tag {@code type}). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContentItem.InputText.class, name = "input_text"),
    @JsonSubTypes.Type(value = ContentItem.InputImage.class, name = "input_image"),
    @JsonSubTypes.Type(value = ContentItem.OutputText.class, name = "output_text")
})
public sealed interface ContentItem {
    record InputText(@JsonProperty("text") String text) implements ContentItem {}

    record InputImage(@JsonProperty("image_url") String imageUrl) implements ContentItem {}

    record OutputText(@JsonProperty("text") String text) implements ContentItem {}
}
