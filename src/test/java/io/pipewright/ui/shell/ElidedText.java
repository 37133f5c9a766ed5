package io.pipewright.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Cell;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * Finds text the window cuts short: a label, button or column header whose skin shows fewer
 * characters than it holds (JavaFX elides with an ellipsis when a control is narrower than its
 * text). Table and list cells may be cut when a tooltip shows their whole value.
 */
final class ElidedText {
    private ElidedText() {
    }

    /** One cut text: where it is, what it holds and what the window shows. */
    record Cut(String where, String text, String shown) {
        @Override
        public String toString() {
            return where + ": \"" + text + "\" shown as \"" + shown + "\"";
        }
    }

    /** Every showing control under {@code root} whose text is cut (cells without a tooltip only). Call on the FX thread. */
    static List<Cut> under(Node root) {
        var cuts = new ArrayList<Cut>();
        collect(root, cuts);
        return cuts;
    }

    private static void collect(Node node, List<Cut> cuts) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank()
                && labeled.getWidth() > 0 && !(labeled instanceof Cell<?> cell && (cell.isEmpty() || cell.getTooltip() != null))) {
            String shown = shownText(labeled);
            if (shown != null && isCut(labeled, shown)) {
                cuts.add(new Cut(describe(labeled), labeled.getText(), shown));
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, cuts);
            }
        }
    }

    private static boolean isCut(Labeled labeled, String shown) {
        String full = labeled.isMnemonicParsing() ? labeled.getText().replace("_", "") : labeled.getText();
        String ellipsis = labeled.getEllipsisString();
        return !shown.equals(full) && !ellipsis.isEmpty() && shown.contains(ellipsis) && !full.contains(ellipsis);
    }

    /** The text the skin draws: its Text child (LabeledText), or null before the skin is made. */
    private static String shownText(Labeled labeled) {
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text) {
                return text.getText();
            }
        }
        return null;
    }

    private static String describe(Node node) {
        var path = new StringBuilder(node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId()));
        for (Node parent = node.getParent(); parent != null; parent = parent.getParent()) {
            if (parent.getId() != null) {
                path.insert(0, "#" + parent.getId() + " … ");
                break;
            }
        }
        return path.toString();
    }
}
