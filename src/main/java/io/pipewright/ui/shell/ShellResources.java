package io.pipewright.ui.shell;

import java.net.URL;
import java.util.Objects;
import javafx.scene.image.Image;

/** Stylesheets and images from {@code assets/}, which the build puts on the classpath. */
final class ShellResources {
    private static final String ASSETS = "/io/pipewright/assets/";

    private ShellResources() {
    }

    static String stylesheet() {
        return resource("css/pipewright.css").toExternalForm();
    }

    static Image appIcon(int size) {
        return new Image(resource("icons/pipewright-" + size + ".png").toExternalForm());
    }

    private static URL resource(String path) {
        return Objects.requireNonNull(ShellResources.class.getResource(ASSETS + path), () -> "missing resource " + ASSETS + path);
    }
}
