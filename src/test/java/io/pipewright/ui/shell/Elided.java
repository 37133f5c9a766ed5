package io.pipewright.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** What a person cannot read whole: the labels, headers and cells under a node whose text is drawn cut ("R…"). */
final class Elided {
    private Elided() {
    }

    /** Each cut text as "shown ← whole", read on the FX thread after layout. */
    static List<String> under(Parent root) {
        var cut = new ArrayList<String>();
        for (Node node : root.lookupAll(".label, .table-cell, .button, .check-box")) {
            if (!(node instanceof Labeled labeled) || !node.isVisible() || labeled.getText() == null || labeled.getText().isBlank()
                    || node.getScene() == null) {
                continue;
            }
            // the skin draws the text it could fit in a Text child: a cut text differs from the label's
            for (Node child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof Text shown && !shown.getText().equals(labeled.getText()) && !labeled.isWrapText()) {
                    cut.add(shown.getText() + " ← " + labeled.getText());
                }
            }
        }
        return cut;
    }
}
