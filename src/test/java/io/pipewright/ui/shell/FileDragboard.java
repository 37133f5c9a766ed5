package io.pipewright.ui.shell;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import java.io.File;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * A dragboard holding files, as one arrives from a file manager. Monocle has no native
 * drag-and-drop, so GUI tests build the events themselves; the app's handlers cannot tell.
 */
final class FileDragboard implements TKClipboard {
    private final Map<DataFormat, Object> content;

    private FileDragboard(List<File> files) {
        this.content = Map.of(DataFormat.FILES, List.copyOf(files));
    }

    static Dragboard of(List<File> files) {
        Dragboard dragboard = DragboardHelper.createDragboard(new FileDragboard(files));
        DragboardHelper.setDataAccessRestriction(dragboard, false);
        return dragboard;
    }

    @Override
    public void setSecurityContext(AccessControlContext context) {
    }

    @Override
    public Set<DataFormat> getContentTypes() {
        return content.keySet();
    }

    @Override
    @SafeVarargs
    public final boolean putContent(Pair<DataFormat, Object>... pairs) {
        return false;
    }

    @Override
    public Object getContent(DataFormat format) {
        return content.get(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
        return content.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
        return EnumSet.of(TransferMode.COPY, TransferMode.MOVE);
    }

    @Override
    public void setDragView(Image image) {
    }

    @Override
    public void setDragViewOffsetX(double offset) {
    }

    @Override
    public void setDragViewOffsetY(double offset) {
    }

    @Override
    public Image getDragView() {
        return null;
    }

    @Override
    public double getDragViewOffsetX() {
        return 0;
    }

    @Override
    public double getDragViewOffsetY() {
        return 0;
    }
}
