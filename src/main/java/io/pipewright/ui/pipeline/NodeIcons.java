package io.pipewright.ui.pipeline;

import io.pipewright.ui.common.Icons;
import javafx.scene.shape.SVGPath;

/** The icon of a node type's stage (Data, Quality, Transform, Train, Evaluate, Deploy), in the palette and on the canvas. */
final class NodeIcons {
    private NodeIcons() {
    }

    static SVGPath icon(String stage, double size) {
        var icon = Icons.icon(switch (stage) {
            case "Data" -> Icons.DATABASE;
            case "Quality" -> Icons.SHIELD;
            case "Train" -> Icons.SPARK;
            case "Evaluate" -> Icons.CHART;
            case "Deploy" -> Icons.CUBE;
            default -> Icons.SHUFFLE;
        }, size);
        icon.getStyleClass().add("stage-" + stage.toLowerCase(java.util.Locale.ROOT));
        return icon;
    }
}
