package io.pipewright.ui.pipeline;

import io.pipewright.pipeline.NodeType;
import io.pipewright.pipeline.ParamSpec;
import io.pipewright.pipeline.PipelineDocument;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * The pipeline's own settings (its target) when no node is selected; the selected node's parameters,
 * as a form made from its type's parameter records: a choice box for choices, a check box for booleans,
 * a searchable column picker for a column and a checkable list for a list of columns (both filled with
 * the columns that reach the node; a text field while none is known), a text field with a Browse…
 * button for files, a text field for the rest, read as YAML ({@code [a, b]}, {@code {depth: 3}}).
 * Each field is checked as you type by the view model and set when you press Enter or leave it (a
 * pick or a check at once); a refused value is decorated with the reason as its tooltip and spelled out
 * under the field; the default and the documentation are shown with it.
 */
final class ParamForm extends ScrollPane {
    private final PipelineEditorViewModel model;
    private final FileParamChooser files;
    /** The style class of a file parameter's field and its Browse… button, side by side. */
    private static final String FILE_ROW = "param-file";
    /** What the form shows: the pipeline's settings, or a node's id (null: nothing to edit). */
    private static final String PIPELINE = "\u0000pipeline";
    private final VBox rows = new VBox(10);
    private String shown;
    /** The decorations of the form shown now (a new form, new decorations). */
    private io.pipewright.ui.common.FieldValidation validation = new io.pipewright.ui.common.FieldValidation();
    /** True while a pick or a check of this form is set: the form stays as it is (a rebuild would close the list under the pointer). */
    private boolean settingHere;

    ParamForm(PipelineEditorViewModel model, io.pipewright.ui.common.DialogService dialogs) {
        this.model = model;
        this.files = new FileParamChooser(model, dialogs);
        setId("param-form");
        getStyleClass().addAll("param-form", "edge-to-edge");
        setFitToWidth(true);
        setPrefWidth(300);
        rows.setPadding(new Insets(12));
        setContent(rows);
        model.revisionProperty().addListener((o, old, revision) -> refresh());
        model.selection().addListener((javafx.collections.SetChangeListener<String>) change -> refresh());
        refresh();
    }

    private void refresh() {
        var selected = model.selection();
        String id = selected.size() == 1 ? selected.iterator().next() : null;
        PipelineDocument.Node node = id == null ? null : model.document().node(id).orElse(null);
        if (node == null && selected.isEmpty()) {
            if (!PIPELINE.equals(shown) || !(settingHere || typingHere())) {
                shown = PIPELINE;
                pipeline();
            }
            return;
        }
        if (node == null) {
            shown = null;
            rows.getChildren().setAll(title("Parameters"), muted(selected.size() + " nodes selected."));
            return;
        }
        // do not rebuild under the cursor of a field being typed in, for an edit of the same node
        if (id.equals(shown) && (settingHere || typingHere())) {
            return;
        }
        shown = id;
        validation = new io.pipewright.ui.common.FieldValidation();
        NodeType type = model.catalog().find(node.type()).orElse(null);
        rows.getChildren().setAll(title(node.id()));
        if (type == null) {
            rows.getChildren().add(muted("Unknown node type " + node.type() + "."));
            return;
        }
        var idField = new TextField(node.id());
        idField.setId("param-id");
        idField.setOnAction(event -> model.rename(node.id(), idField.getText().trim()));
        rows.getChildren().addAll(field("id", "the node's name; other nodes read its outputs as id.port", idField, null));
        var about = muted(type.description());
        about.setWrapText(true);
        rows.getChildren().add(about);
        for (ParamSpec spec : type.params()) {
            rows.getChildren().add(editor(node, spec));
        }
    }

    /** Whether the person is typing in one of the form's fields, a column list's filter or a picker's search included (a rebuild would take the field away). */
    private boolean typingHere() {
        javafx.scene.Node focused = getScene() == null ? null : getScene().getFocusOwner();
        for (javafx.scene.Node at = focused; at != null; at = at.getParent()) {
            if (at == rows) {
                return focused instanceof TextField;
            }
        }
        return false;
    }

    /** The pipeline's settings: its target, a column of the files it reads (picked from them once they are known). */
    private void pipeline() {
        var columns = model.columnsRead();
        if (!columns.isEmpty()) {
            var picker = ColumnPicker.searchable(columns, model.document().target(), "none");
            picker.setId("pipeline-target");
            picker.setOnPick(picked -> setHere(() -> model.setTarget(ColumnPicker.text(picked))));
            rows.getChildren().setAll(title("Pipeline"), field("target", TARGET_HELP, picker, null), muted("Select a node to see its parameters."));
            return;
        }
        var target = new ComboBox<String>();
        target.setId("pipeline-target");
        target.setEditable(true);
        target.getItems().addAll(model.columnsRead());
        target.setValue(model.document().target());
        target.setPromptText("none (each node names its own)");
        target.setMaxWidth(Double.MAX_VALUE);
        target.setOnAction(event -> model.setTarget(target.getEditor().getText()));
        target.getEditor().focusedProperty().addListener((o, was, focused) -> {
            String typed = target.getEditor().getText();
            if (!focused && !java.util.Objects.equals(typed == null || typed.isBlank() ? null : typed.strip(), model.document().target())) {
                model.setTarget(typed);
            }
        });
        rows.getChildren().setAll(title("Pipeline"), field("target", TARGET_HELP, target, null), muted("Select a node to see its parameters."));
    }

    private static final String TARGET_HELP = "the column the pipeline predicts: split, train, tune, drift and the "
            + "transforms take it unless they name their own, and transforms leave it alone unless told to change it";

    /** Sets a value picked or checked in this form without rebuilding the form under the pointer. */
    private void setHere(Runnable set) {
        settingHere = true;
        try {
            set.run();
        } finally {
            settingHere = false;
        }
    }

    /** Sets a parameter picked or checked in this form; the problem (or null) as {@link PipelineEditorViewModel#setParam} says it. */
    private String setHere(PipelineDocument.Node node, ParamSpec spec, String text) {
        String[] problem = new String[1];
        setHere(() -> problem[0] = model.setParam(node.id(), spec, text));
        return problem[0];
    }

    private VBox editor(PipelineDocument.Node node, ParamSpec spec) {
        Object value = node.params().get(spec.name());
        var error = new Label();
        error.getStyleClass().addAll(atlantafx.base.theme.Styles.DANGER, "param-error");
        error.setWrapText(true);
        error.setVisible(false);
        error.managedProperty().bind(error.visibleProperty());
        String help = spec.description() + (spec.defaultValue() != null ? " (default " + PipelineEditorViewModel.text(spec.defaultValue()) + ")" : "")
                + (spec.min() != null || spec.max() != null ? " · " + bounds(spec) : "");
        javafx.scene.Node control;
        switch (spec.kind()) {
            case BOOLEAN -> {
                var box = new CheckBox();
                box.setSelected(value instanceof Boolean b ? b : Boolean.TRUE.equals(spec.defaultValue()));
                box.setOnAction(event -> model.setParam(node.id(), spec, String.valueOf(box.isSelected())));
                control = box;
            }
            case CHOICE -> {
                var box = new ComboBox<String>();
                box.getItems().addAll(spec.choices());
                box.setValue(value != null ? String.valueOf(value) : (String) spec.defaultValue());
                box.setMaxWidth(Double.MAX_VALUE);
                box.setOnAction(event -> show(error, model.setParam(node.id(), spec, box.getValue())));
                validation.check(box, (String chosen) -> model.checkParam(node.id(), spec, chosen));
                control = box;
            }
            case COLUMN -> control = column(node, spec, value, error);
            case COLUMNS -> control = columns(node, spec, value, error);
            default -> control = text(node, spec, value, error);
        }
        if (control.getId() == null) {
            control.setId("param-" + spec.name());
        }
        if (spec.kind() == ParamSpec.Kind.PATH && control instanceof TextField field) {
            control = withBrowse(node, spec, field, error);
        }
        return field(spec.name() + (spec.required() ? " *" : ""), help, control, error);
    }

    /** A column: picked from the columns that reach the node, or typed while none is known. */
    private javafx.scene.Node column(PipelineDocument.Node node, ParamSpec spec, Object value, Label error) {
        var columns = model.columnsInto(node.id());
        String inherited = spec.name().equals("target") ? model.document().target() : null;
        if (!columns.isEmpty()) {
            var picker = ColumnPicker.searchable(columns, value == null ? null : String.valueOf(value),
                    inherited != null ? "the pipeline's target: " + inherited : spec.required() ? "choose a column" : "none");
            picker.setOnPick(picked -> show(error, setHere(node, spec, ColumnPicker.text(picked))));
            // the value set, not the one shown while the search narrows the list (it passes through "none" as letters are typed)
            validation.check(picker, () -> model.checkParam(node.id(), spec, PipelineEditorViewModel.text(
                    model.document().node(node.id()).map(set -> set.params().get(spec.name())).orElse(null))));
            return picker;
        }
        var box = new ComboBox<String>();
        box.setEditable(true);
        box.setValue(value == null ? null : String.valueOf(value));
        box.setPromptText(inherited != null ? "the pipeline's target: " + inherited : "a column (run up to here to list them)");
        box.setMaxWidth(Double.MAX_VALUE);
        box.setOnAction(event -> show(error, model.setParam(node.id(), spec, box.getEditor().getText())));
        box.getEditor().textProperty().addListener((o, old, text) -> {
            show(error, model.checkParam(node.id(), spec, text));
            validation.revalidate(box);
        });
        validation.check(box, () -> model.checkParam(node.id(), spec, box.getEditor().getText()));
        return box;
    }

    /**
     * A list of columns: a checkable list of the columns that reach the node, written as the YAML list
     * typed before ({@code [a, b]}), one undoable edit per check; while none is known, or for a node that
     * reads no table (read's missing-value markers), the YAML typed in a text field.
     */
    private javafx.scene.Node columns(PipelineDocument.Node node, ParamSpec spec, Object value, Label error) {
        var known = node.inputs().isEmpty() ? List.<String>of() : model.columnsInto(node.id());
        if (known.isEmpty()) {
            return text(node, spec, value, error);
        }
        List<String> named = value instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : value instanceof String single ? List.of(single) : List.of();
        var checklist = new ColumnChecklist("param-" + spec.name(), known, named);
        checklist.setOnChange(checked -> {
            show(error, setHere(node, spec, yaml(checked)));
            validation.revalidate(checklist.list());
        });
        validation.check(checklist.list(), () -> model.checkParam(node.id(), spec, yaml(checklist.chosen())));
        return checklist;
    }

    /** The YAML list a parameter is set to for checked columns; blank (the default) for none. */
    static String yaml(List<String> columns) {
        return columns.isEmpty() ? "" : PipelineEditorViewModel.text(columns);
    }

    /** Any other parameter: its YAML typed in a text field, checked as typed, set on Enter or when the field is left. */
    private TextField text(PipelineDocument.Node node, ParamSpec spec, Object value, Label error) {
        var field = new TextField(PipelineEditorViewModel.text(value));
        field.setPromptText(spec.defaultValue() != null ? PipelineEditorViewModel.text(spec.defaultValue()) : spec.kind().id());
        field.textProperty().addListener((o, old, text) -> show(error, model.checkParam(node.id(), spec, text)));
        field.setOnAction(event -> show(error, model.setParam(node.id(), spec, field.getText())));
        field.focusedProperty().addListener((o, was, focused) -> {
            if (!focused && !field.getText().equals(PipelineEditorViewModel.text(model.document().node(node.id())
                    .map(n -> n.params().get(spec.name())).orElse(null)))) {
                show(error, model.setParam(node.id(), spec, field.getText()));
            }
        });
        validation.check(field, (String typed) -> model.checkParam(node.id(), spec, typed));
        return field;
    }

    /** A file parameter's field with a Browse… button beside it: the chosen file is set as if typed. */
    private javafx.scene.Node withBrowse(PipelineDocument.Node node, ParamSpec spec, TextField field, Label error) {
        var browse = new javafx.scene.control.Button("Browse…");
        browse.setId("param-" + spec.name() + "-browse");
        browse.setTooltip(new javafx.scene.control.Tooltip("Choose the file: under the pipeline's folder it is written relative to it"));
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        browse.setOnAction(event -> files.browse(node.id(), spec).ifPresent(chosen -> {
            field.setText(chosen.text());
            show(error, chosen.problem());
        }));
        javafx.scene.layout.HBox.setHgrow(field, javafx.scene.layout.Priority.ALWAYS);
        var row = new javafx.scene.layout.HBox(6, field, browse);
        row.getStyleClass().add(FILE_ROW);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private static String bounds(ParamSpec spec) {
        return spec.min() != null && spec.max() != null ? "from " + number(spec.min()) + " to " + number(spec.max())
                : spec.min() != null ? "at least " + number(spec.min()) : "at most " + number(spec.max());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static void show(Label error, String problem) {
        error.setText(problem == null ? "" : problem);
        error.setVisible(problem != null);
    }

    private static VBox field(String name, String help, javafx.scene.Node control, Label error) {
        var label = new Label(name);
        label.getStyleClass().add("param-name");
        var doc = muted(help);
        doc.setWrapText(true);
        var box = new VBox(3, label, control);
        if (error != null) {
            box.getChildren().add(error);
        }
        box.getChildren().add(doc);
        return box;
    }

    private static Label title(String text) {
        var label = new Label(text);
        label.getStyleClass().addAll(atlantafx.base.theme.Styles.TITLE_4, io.pipewright.ui.common.Styles.SECTION_TITLE);
        return label;
    }

    private static Label muted(String text) {
        var label = new Label(text);
        label.getStyleClass().add(io.pipewright.ui.common.Styles.MUTED);
        label.setWrapText(true);
        return label;
    }
}
