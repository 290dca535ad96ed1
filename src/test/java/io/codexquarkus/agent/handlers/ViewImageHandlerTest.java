package io.codexquarkus.agent.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.testing.TestImages;
import io.codexquarkus.tools.image.ImageFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code view_image} on real files: what is attached, and what the model is told when nothing is. */
class ViewImageHandlerTest {
    private static final byte[] PNG = TestImages.PNG;

    @TempDir
    Path work;

    @TempDir
    Path elsewhere;

    private static String args(String path) {
        return Json.write(Map.of("path", path));
    }

    private static String attachedUrl(ViewImageHandler.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ViewImageHandler.Outcome.Attached.class);
        ViewImageHandler.Outcome.Attached attached = (ViewImageHandler.Outcome.Attached) outcome;
        assertThat(attached.reply()).isEqualTo("attached local image path");
        ResponseItem.Message message = attached.image();
        assertThat(message.role()).isEqualTo("user");
        assertThat(message.content()).hasSize(1).first().isInstanceOf(ContentItem.InputImage.class);
        return ((ContentItem.InputImage) message.content().getFirst()).imageUrl();
    }

    private static String refusal(ViewImageHandler.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ViewImageHandler.Outcome.Refused.class);
        return ((ViewImageHandler.Outcome.Refused) outcome).reply();
    }

    @Test
    void aPngRelativeToTheCwdIsAttachedAsADataUrlOfItsBytes() throws IOException {
        Files.createDirectories(work.resolve("shots"));
        Files.write(work.resolve("shots/pixel.png"), PNG);

        String url = attachedUrl(ViewImageHandler.view(args("shots/pixel.png"), work, ReadableRoots.everything()));

        assertThat(url).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))
                .isEqualTo(PNG);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ffd8ffe000104a464946, image/jpeg",
        "474946383961010001, image/gif",
        "474946383761010001, image/gif",
        "524946462400000057454250565038, image/webp"
    })
    void theTypeComesFromTheFirstBytesNotTheName(String hex, String mime) throws IOException {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        Files.write(work.resolve("picture.png"), bytes);

        String url = attachedUrl(ViewImageHandler.view(args("picture.png"), work, ReadableRoots.everything()));

        assertThat(url).startsWith("data:" + mime + ";base64,");
    }

    @Test
    void aMissingFileIsReportedWithItsResolvedPath() {
        String reply = refusal(ViewImageHandler.view(args("nope.png"), work, ReadableRoots.everything()));

        assertThat(reply).isEqualTo("unable to locate image at `" + work.resolve("nope.png") + "`: no such file");
    }

    @Test
    void aDirectoryIsNotAnImage() throws IOException {
        Files.createDirectories(work.resolve("shots"));

        String reply = refusal(ViewImageHandler.view(args("shots"), work, ReadableRoots.everything()));

        assertThat(reply).contains("is a directory, not a file").contains("shots");
    }

    @Test
    void aTextFileNamedPngIsRefused() throws IOException {
        Files.writeString(work.resolve("notes.png"), "not an image at all\n");

        String reply = refusal(ViewImageHandler.view(args("notes.png"), work, ReadableRoots.everything()));

        assertThat(reply).endsWith("notes.png` is not a PNG, JPEG, GIF or WebP image");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Files.write(work.resolve("empty.png"), new byte[0]);

        assertThat(refusal(ViewImageHandler.view(args("empty.png"), work, ReadableRoots.everything())))
                .contains("is not a PNG, JPEG, GIF or WebP image");
    }

    @Test
    void aFileAbove20MiBIsRefusedBeforeItIsRead() throws IOException {
        Path big = work.resolve("big.png");
        Files.write(big, PNG);
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(ImageFile.MAX_BYTES + 1); // sparse: nothing is written
        }

        assertThat(refusal(ViewImageHandler.view(args("big.png"), work, ReadableRoots.everything())))
                .contains("is too large: 20971521 bytes, the limit is 20971520 bytes (20 MiB)");

        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(ImageFile.MAX_BYTES);
        }
        assertThat(ViewImageHandler.view(args("big.png"), work, ReadableRoots.everything()))
                .isInstanceOf(ViewImageHandler.Outcome.Attached.class);
    }

    @Test
    void aFileOutsideTheReadableRootsIsRefused() throws IOException {
        Path outside = Files.write(elsewhere.resolve("secret.png"), PNG);
        ReadableRoots onlyWork = ReadableRoots.only(List.of(work.toRealPath()));

        String reply = refusal(ViewImageHandler.view(args(outside.toString()), work, onlyWork));

        assertThat(reply)
                .contains("secret.png` is outside the sandbox's readable roots")
                .contains(work.toString());
    }

    @Test
    void aSymlinkInsideTheRootsToAFileOutsideIsRefused() throws IOException {
        Path outside = Files.write(elsewhere.resolve("secret.png"), PNG);
        Files.createSymbolicLink(work.resolve("link.png"), outside);
        ReadableRoots onlyWork = ReadableRoots.only(List.of(work.toRealPath()));

        assertThat(refusal(ViewImageHandler.view(args("link.png"), work, onlyWork)))
                .contains("is outside the sandbox's readable roots");
        assertThat(ViewImageHandler.view(args("link.png"), work, ReadableRoots.everything()))
                .isInstanceOf(ViewImageHandler.Outcome.Attached.class);
    }

    @Test
    void everySandboxPolicyReadsTheWholeDisk() throws IOException {
        Path outside = Files.write(elsewhere.resolve("elsewhere.png"), PNG);
        for (SandboxPolicy policy : List.of(
                new SandboxPolicy.ReadOnly(),
                new SandboxPolicy.WorkspaceWrite(List.of(), false, false, false),
                new SandboxPolicy.DangerFullAccess())) {
            assertThat(ViewImageHandler.view(args(outside.toString()), work, ReadableRoots.of(policy)))
                    .as("%s", policy)
                    .isInstanceOf(ViewImageHandler.Outcome.Attached.class);
        }
    }

    @Test
    void badArgumentsAreReportedAsUpstreamWordsThem() {
        assertThat(refusal(ViewImageHandler.view("{}", work, ReadableRoots.everything())))
                .isEqualTo("failed to parse function arguments: missing field `path`");
        assertThat(refusal(ViewImageHandler.view("{\"path\":5}", work, ReadableRoots.everything())))
                .isEqualTo("failed to parse function arguments: invalid type: integer `5`, expected a string");
        assertThat(refusal(ViewImageHandler.view("not json", work, ReadableRoots.everything())))
                .startsWith("failed to parse function arguments: ");
    }
}
